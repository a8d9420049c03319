# Compiler warnings for every mfsim target; MFSIM_WERROR turns them into errors.
function(mfsim_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wno-sign-conversion)
  if(MFSIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
