// Where a byte of a rule file stands: line and column, for loaders whose parser keeps only
// offsets (PowerShell, the exported XML's command blocks, JSON exports).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "engine/status.h"

namespace mfsim::rules {

// Maps a byte offset of a script's text to where it stands in the file it came from (the
// exported XML loader maps command blocks back to the XML file this way).
using position_map = std::function<source_span(std::size_t offset)>;

// Line and column (1-based, columns in characters) of each byte of a UTF-8 text; a leading
// byte order mark takes no column. The map keeps its own copy of the line starts.
[[nodiscard]] position_map text_positions(std::string_view text, const std::string& file_name);

}  // namespace mfsim::rules
