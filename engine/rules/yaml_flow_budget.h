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
// are skipped. A quote opens a quoted scalar only where a value starts (not inside a plain or
// block scalar's text, so `rock 'n roll` cannot hide what follows up to the next quote: decision
// 630), and a '[' or '{' inside such text on its line opens nothing (`a[1`, `see [1`); where
// unsure, the scan counts more than yaml-cpp reads, never less. Linear in the text.
[[nodiscard]] std::optional<std::size_t> flow_entries_past(std::string_view yaml,
                                                           std::size_t max_entries) noexcept;

}  // namespace mfsim::rules::yaml
