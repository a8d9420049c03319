#include "engine/mail/mimetic_input.h"

#include <algorithm>
#include <vector>

#include "engine/ascii.h"

namespace mfsim::mail {
namespace {

// The line starting at `at`: its text without the line end, and where the next line starts.
struct line_span {
  std::string_view text;
  std::size_t next = 0;
};

line_span line_at(std::string_view message, std::size_t at) {
  const std::size_t end = message.find_first_of("\r\n", at);
  if (end == std::string_view::npos) return {message.substr(at), message.size()};
  const std::size_t next =
      message[end] == '\r' && end + 1 < message.size() && message[end + 1] == '\n' ? end + 2
                                                                                   : end + 1;
  return {message.substr(at, end - at), next};
}

// The boundary parameter a header line declares, or "" (boundary=X, boundary="X").
std::string_view declared_boundary(std::string_view line) {
  constexpr std::string_view kKey = "boundary=";
  const std::string lower =
      ascii_lower_copy(line.substr(0, std::min<std::size_t>(line.size(), 4096)));
  const std::size_t at = lower.find(kKey);
  if (at == std::string::npos) return {};
  std::string_view value = line.substr(at + kKey.size());
  if (!value.empty() && value.front() == '"') {
    value.remove_prefix(1);
    return value.substr(0, value.find('"'));
  }
  return value.substr(0, value.find_first_of("; \t"));
}

// Whether `line` is the delimiter of a part (not the close delimiter) of a declared boundary.
bool opens_part(std::string_view line, const std::vector<std::string_view>& boundaries) {
  if (line.size() < 3 || line[0] != '-' || line[1] != '-') return false;
  const std::string_view rest = line.substr(2);
  return std::any_of(boundaries.begin(), boundaries.end(), [&](std::string_view b) {
    return rest.substr(0, b.size()) == b && rest.substr(b.size(), 2) != "--";
  });
}

// Calls keep(from, to) for each byte range of `message` mimetic may read, in order; returns
// whether anything was left out.
template <typename Keep>
bool walk_fields(std::string_view message, Keep&& keep) {
  std::vector<std::string_view> boundaries;
  bool in_header = true;
  bool cut = false;
  std::size_t field_bytes = 0;
  std::size_t kept_from = 0;
  for (std::size_t at = 0; at < message.size();) {
    const line_span line = line_at(message, at);
    if (in_header) {
      if (line.text.empty()) {
        in_header = false;
      } else {
        const bool continuation = line.text.front() == ' ' || line.text.front() == '\t';
        field_bytes = continuation ? field_bytes + line.text.size() : line.text.size();
        if (const std::string_view b = declared_boundary(line.text); !b.empty()) {
          boundaries.push_back(b);
        }
        if (field_bytes > kMaxMimeticFieldBytes) {
          // Keep the part of this line within the budget and its line end, drop the rest.
          const std::size_t over = field_bytes - kMaxMimeticFieldBytes;
          const std::size_t keep_bytes = line.text.size() > over ? line.text.size() - over : 0;
          keep(kept_from, at + keep_bytes);
          kept_from = at + line.text.size();
          if (keep_bytes == 0) kept_from = line.next;  // the whole line goes
          field_bytes = kMaxMimeticFieldBytes;
          cut = true;
        }
      }
    } else if (opens_part(line.text, boundaries)) {
      in_header = true;
      field_bytes = 0;
    }
    at = line.next;
  }
  keep(kept_from, message.size());
  return cut;
}

}  // namespace

std::string_view bounded_for_mimetic(std::string_view message, std::string& storage) {
  if (!walk_fields(message, [](std::size_t, std::size_t) {})) return message;
  storage.clear();
  walk_fields(message, [&](std::size_t from, std::size_t to) {
    storage.append(message.substr(from, to - from));
  });
  return storage;
}

}  // namespace mfsim::mail
