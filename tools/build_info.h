// What `mfsim --version` prints: the version, the git commit the binary was built from and the
// build type. The values come from a file written at build time (cmake/build_info.cmake).
#pragma once

namespace mfsim::tools {

extern const char* const kVersion;    // the project's version, "0.1.0"
extern const char* const kGitCommit;  // full hash, "... with uncommitted changes" when dirty
extern const char* const kBuildType;  // CMAKE_BUILD_TYPE: Release, RelWithDebInfo, Debug, ...

}  // namespace mfsim::tools
