// Where the tests find the source tree and the mfsim binary they run.
//
// The paths are compiled into build_paths.cc alone, not into every test: a definition holding an
// absolute path on each test's command line made ccache miss every test object in a second
// checkout of the project (a git worktree), so each one rebuilt the whole suite.
#pragma once

#include <string>

namespace mfsim::test {

// The project's source directory (holds corpus/samples, tests/testdata, docs).
const std::string& source_dir();

// The build's mfsim executable, as CMake placed it.
const std::string& mfsim_binary();

}  // namespace mfsim::test
