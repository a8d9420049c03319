// Refusing paths that would read the same messages twice: every record's id must be unique
// (docs/decisions.md 56), and `check` refuses an expectations file with a repeated id.
#pragma once

#include <string>
#include <vector>

namespace mfsim::tools {

// Says so and returns true when `paths` name a message source twice: standard input twice
// (`mfsim run - -`: the second would read nothing and give a second record "-"), the same file
// twice, or a file or folder inside a folder also given (`mail/cur mail`). Paths are compared
// by their real paths; a path that does not exist is left to the walk's own error.
bool refuse_inputs_twice(const char* command, const std::vector<std::string>& paths);

}  // namespace mfsim::tools
