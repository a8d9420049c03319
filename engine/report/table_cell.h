// Fitting text into a fixed-width table cell: counted in characters (UTF-8 code points), made
// safe for a terminal, and elided in the middle when too long.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::report {

// How a cell that is too long loses characters.
enum class elide {
  middle,     // keep both ends: "2405:8100:c…00::1"
  directory,  // a path: keep the file name (and any "#N" mbox suffix), cut the folders first
};

// `text` in exactly `width` characters: padded with spaces, or shortened with "…" in place of
// what was cut. Control characters and invalid UTF-8 become '?', so nothing read from a message
// or a file name reaches the terminal as a control sequence.
[[nodiscard]] std::string fit_cell(std::string_view text, std::size_t width,
                                   elide how = elide::middle);

// `text` with control characters and invalid UTF-8 replaced by '?', nothing cut.
[[nodiscard]] std::string terminal_safe(std::string_view text);

}  // namespace mfsim::report
