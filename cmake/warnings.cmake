# Compiler warnings for every mfsim target; MFSIM_WERROR turns them into errors.
function(mfsim_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wno-sign-conversion)
  if(MFSIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
    # GCC 12 at -O3 reports -Wrestrict on std::string copies inlined from libstdc++ (GCC bug
    # 105329, a false positive): keep it a warning so Release builds with MFSIM_WERROR pass.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      target_compile_options(${target} PRIVATE -Wno-error=restrict)
    endif()
  endif()
endfunction()
