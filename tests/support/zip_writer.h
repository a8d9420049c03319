// Writing ZIP archives for tests, with libzip.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace mfsim::test {

// Writes a ZIP of `entries` (name, bytes; a name ending in '/' is a folder) to `path` and
// returns the path; fails the current test when libzip refuses.
std::string zip_of(const std::vector<std::pair<std::string, std::string>>& entries,
                   const std::string& path);

}  // namespace mfsim::test
