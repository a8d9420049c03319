// `mfsim explain`'s two renderings of the engine's explanation (engine/explain/): text for a
// terminal and one JSON object (fields in docs/check-diff-explain.md). Neither decides
// anything: they only lay out what the explanation holds.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "engine/explain/explanation.h"

namespace mfsim::tools {

// The explanation as text (plain ASCII markup, no colour; control characters escaped).
[[nodiscard]] std::string render_text(const explain::explanation& e);

// The explanation as one JSON object; `p` is the plan it was built with (for the record).
[[nodiscard]] nlohmann::ordered_json render_json(const explain::explanation& e, const plan& p);

}  // namespace mfsim::tools
