// Why and where nlohmann's parser refused a text, for the readers of files users give
// (expectations, manifests, Exchange JSON exports). Its parse errors carry their position; a
// number too large for a double (out_of_range 406) carries none and is not a parse_error, so a
// reader catching only parse_error let it escape as a crash.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace mfsim {

struct json_failure {
  std::size_t byte = 0;  // 1-based offset in the text of the byte the problem is at (0: none)
  std::string message;   // nlohmann's text without its "[json.exception...]" tag and position
};

// nlohmann's text of `e` without its "[json.exception...]" tag.
[[nodiscard]] std::string json_exception_text(const nlohmann::json::exception& e);

// `e` was thrown parsing `text`. A long message (nlohmann quotes the token it stopped on) is
// cut in its middle, so one long value cannot flood a diagnostic.
[[nodiscard]] json_failure describe_json_failure(std::string_view text,
                                                 const nlohmann::json::exception& e);

}  // namespace mfsim
