// nlohmann's DOM parser, compiled once, here, for every reader of JSON text (records, parts,
// manifests, expectations, exports, the tests): its parser and lexer are templates that each
// file calling json::parse instantiated and optimised again, 3-5 s of CPU a file at -O3 (GCC 12),
// in ~40 files of the cold build that CI's 20 minutes must hold.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>

namespace mfsim {

// nlohmann::json::parse(text): throws what it throws (parse_error, out_of_range 406).
[[nodiscard]] nlohmann::json parse_json(std::string_view text);

// nlohmann::json::parse(text, nullptr, false): a discarded value where `text` is not JSON.
[[nodiscard]] nlohmann::json parse_json_or_discarded(std::string_view text);

// nlohmann::ordered_json::parse(text): the members in the order the text gives them.
[[nodiscard]] nlohmann::ordered_json parse_ordered_json(std::string_view text);

}  // namespace mfsim
