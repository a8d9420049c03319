// The lines of a header block as the MIME walk reads them: header_lines.h.
#include "engine/mail/header_lines.h"

#include <algorithm>

#include "engine/ascii.h"
#include "engine/mail/byte_search.h"

namespace mfsim::mail {

header_line line_at(std::string_view message, std::size_t at) {
  // Not find_first_of("\r\n"): libstdc++ looks each byte up in the set with a call to memchr,
  // which made this walk a fifth of a body-reading run (decision 360).
  const char* const stop = message.data() + message.size();
  const char* const found = find_line_break(message.data() + at, stop);
  if (found == stop) return {message.substr(at), message.size()};
  const auto end = static_cast<std::size_t>(found - message.data());
  const bool pair =
      end + 1 < message.size() && ((message[end] == '\r' && message[end + 1] == '\n') ||
                                   (message[end] == '\n' && message[end + 1] == '\r'));
  const std::size_t next = pair ? end + 2 : end + 1;
  return {message.substr(at, end - at), next};
}

bool folded_at(std::string_view message, std::size_t next) {
  return next < message.size() && (message[next] == ' ' || message[next] == '\t');
}

bool mimetic_reads_field(std::string_view message, std::size_t at) {
  const char* const stop = message.data() + message.size();
  const char* p = message.data() + at;
  while (p != stop && *p > 32 && *p < 127 && *p != ':') ++p;
  if (p == message.data() + at) return false;
  while (p != stop && (*p == ' ' || *p == '\t')) ++p;
  return p != stop && *p == ':';
}

bool joins_at_bare_cr(std::string_view message, std::size_t next) {
  if (next < 2 || next >= message.size() || message[next - 1] != '\r' || message[next - 2] == '\n')
    return false;
  const std::string_view rest = message.substr(next, 2);
  if (rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r' || rest[0] == '\n' || rest == "--")
    return false;
  return !mimetic_reads_field(message, next);
}

bool ends_header_for_mimetic(std::string_view message, std::size_t at, std::string_view line) {
  return !line.empty() && line.front() != ' ' && line.front() != '\t' && line.front() != ':' &&
         !mimetic_reads_field(message, at);
}

bool continues_field(std::string_view message, std::size_t next) {
  return folded_at(message, next) || joins_at_bare_cr(message, next);
}

std::string_view declared_boundary(std::string_view line) {
  constexpr std::string_view kKey = "boundary";
  const std::string_view head = line.substr(0, 4096);
  std::string_view value;
  for (std::size_t at = ascii_ifind(head, kKey); at != std::string_view::npos;
       at = ascii_ifind(head, kKey, at + 1)) {
    const std::size_t equals = line.find_first_not_of(" \t", at + kKey.size());
    if (equals == std::string_view::npos || line[equals] != '=') continue;
    const std::size_t start = line.find_first_not_of(" \t", equals + 1);
    value = start == std::string_view::npos ? std::string_view() : line.substr(start);
    break;
  }
  if (value.empty()) return {};
  if (value.front() == '"') {
    value.remove_prefix(1);
    return value.substr(0, value.find('"'));
  }
  return value.substr(0, value.find_first_of("; \t"));
}

bool unsure_boundary(std::string_view line, std::string_view declared) {
  const std::size_t first = ascii_ifind(line, "boundary");
  if (first == std::string_view::npos) return false;
  return declared.empty() || first >= 4096 ||
         ascii_ifind(line, "boundary", first + 1) != std::string_view::npos;
}

namespace {

// Whether `line` is "--", a declared boundary, then "--" (`closing`) or anything else.
bool is_boundary_line(std::string_view line, std::span<const std::string_view> boundaries,
                      bool closing) {
  if (line.size() < 3 || line[0] != '-' || line[1] != '-') return false;
  const std::string_view rest = line.substr(2);
  return std::any_of(boundaries.begin(), boundaries.end(), [&](std::string_view b) {
    return rest.substr(0, b.size()) == b && (rest.substr(b.size(), 2) == "--") == closing;
  });
}

}  // namespace

bool opens_part(std::string_view line, const std::vector<std::string_view>& boundaries) {
  return is_boundary_line(line, boundaries, false);
}

bool closes_part(std::string_view line, std::span<const std::string_view> boundaries) {
  return is_boundary_line(line, boundaries, true);
}

bool is_field_line(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || !ascii_iequals(line.substr(0, name.size()), name)) return false;
  const std::size_t colon = line.find_first_not_of(" \t", name.size());
  return colon != std::string_view::npos && line[colon] == ':';
}

bool is_content_type_line(std::string_view line) { return is_field_line(line, "content-type"); }

}  // namespace mfsim::mail
