// Whether a text holds another, in time linear in both (Knuth-Morris-Pratt): what the body walk
// compares a TNEF stream's words with the body text by (decision 1008).
#pragma once

#include <string_view>

namespace mfsim::mail {

// Whether `text` holds `part` (an empty `part` is in every text). std::string::find compares
// `part` again at every place `text` holds its first byte, which two runs of one letter a few
// megabytes long make minutes; this reads each byte of `text` once, after a table the size of
// `part`.
[[nodiscard]] bool contains_text(std::string_view text, std::string_view part);

}  // namespace mfsim::mail
