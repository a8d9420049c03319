// A byte scan run before yaml-cpp: how many entries the document's flow collections hold.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace mfsim::rules::yaml {

// Where a flow collection ([...] or {...}) takes its entry past `max_entries`, counting the
// commas between entries and the brackets that open them; nullopt when none does. yaml-cpp's
// scanner reads a flow list inside a flow mapping to its end before the parser hands out any
// node (about 270 bytes a value: 4 GB for 15 million one-letter values in 30 MB), so the node
// budget cannot stop it and this scan comes first (decision 618). Quoted scalars and comments
// are skipped; a quote, '[' or '{' counts only where a value can start (after a space, a line
// break or one of `[{,:`), so `O'Brien` and `a[1` in plain text open nothing.
[[nodiscard]] std::optional<std::size_t> flow_entries_past(std::string_view yaml,
                                                           std::size_t max_entries) noexcept;

}  // namespace mfsim::rules::yaml
