# Run at build time (cmake -P): writes build_info.cc with the version, the git commit of the
# source tree and the build type, for `mfsim --version`. The file is rewritten only when its text
# changes, so a build after a new commit recompiles one small file.
# In: SOURCE_DIR, OUTPUT, VERSION, BUILD_TYPE.
set(commit "unknown (not built from a git checkout)")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" rev-parse HEAD
                  OUTPUT_VARIABLE head RESULT_VARIABLE head_result OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(head_result EQUAL 0)
    set(commit "${head}")
    execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" diff --quiet HEAD --
                    RESULT_VARIABLE dirty ERROR_QUIET)
    if(NOT dirty EQUAL 0)
      string(APPEND commit " with uncommitted changes")
    endif()
  endif()
endif()
if(BUILD_TYPE STREQUAL "")
  set(BUILD_TYPE "none")
endif()
file(WRITE "${OUTPUT}.new" "// Written by cmake/build_info.cmake at build time; do not edit.
#include \"tools/build_info.h\"

namespace mfsim::tools {

const char* const kVersion = \"${VERSION}\";
const char* const kGitCommit = \"${commit}\";
const char* const kBuildType = \"${BUILD_TYPE}\";

}  // namespace mfsim::tools
")
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
