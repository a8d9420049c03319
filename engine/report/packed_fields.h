// Length-prefixed fields ("5:hello"): how tools pass several strings through one output buffer
// of the ordered pipeline, whatever bytes the strings hold.
#pragma once

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::report {

inline void append_packed(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out.append(field);
}

// Reads the next field from the front of `in` into `field` (a view into `in`'s bytes) and
// drops it from `in`. False, with `in` unchanged, when `in` does not start with a whole field.
[[nodiscard]] inline bool read_packed(std::string_view& in, std::string_view& field) {
  const std::size_t colon = in.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::size_t length = 0;
  const auto [end, error] = std::from_chars(in.data(), in.data() + colon, length);
  if (error != std::errc() || end != in.data() + colon || length > in.size() - colon - 1)
    return false;
  field = in.substr(colon + 1, length);
  in.remove_prefix(colon + 1 + length);
  return true;
}

}  // namespace mfsim::report
