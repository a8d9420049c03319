// The values of transport-rule parameters that have a grammar of their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::rules {

// A ByteQuantifiedSize: "1048576", "10 KB", "1.5 MB", "2 GB", or Exchange's own
// "10 MB (10,485,760 bytes)"; units are binary (1 KB = 1024 bytes). nullopt when malformed.
[[nodiscard]] std::optional<std::int64_t> parse_size(std::string_view text);

// ActivationDate / ExpiryDate: seconds since the epoch (UTC), or nullopt when malformed.
[[nodiscard]] std::optional<std::int64_t> parse_date_time(std::string_view text);

// RejectMessageEnhancedStatusCode: 5.7.1, or 5.7.900 to 5.7.999 (what Exchange accepts).
[[nodiscard]] bool is_reject_status_code(std::string_view code);

// "Name:word1,word2", the value of the AD attribute and document property conditions: the name
// before the first colon and the comma-separated words after it, trimmed, empty ones left out.
// The name is the whole text when there is no colon.
struct named_words {
  std::string_view name;
  std::vector<std::string> words;
};
[[nodiscard]] named_words split_named_words(std::string_view text);

}  // namespace mfsim::rules
