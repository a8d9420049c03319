// Escaping file names into ids and back.
#include "corpus/message_id.h"

#include <charconv>
#include <cstdint>

#include "engine/ascii.h"
#include "engine/mail/byte_search.h"
#include "engine/utf8.h"

namespace mfsim::corpus {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";

bool needs_escape(char c) noexcept {
  return c == '\\' || c == '#' || static_cast<unsigned char>(c) >= 0x80;
}

// How many bytes at the start of `path` need no escape. Searched once a message: a byte at a
// time, it was 2.5% of a one-job run's instructions over small messages.
std::size_t plain_prefix(std::string_view path) noexcept {
  using namespace mail::byte_search_detail;
  const char* plain_end = mail::find_not_plain(
      path.data(), path.data() + path.size(),
      [](std::uint64_t word) {
        return (word & kHighBits) | bytes_equal(word, '\\') | bytes_equal(word, '#');
      },
      [](char c) { return !needs_escape(c); });
  return static_cast<std::size_t>(plain_end - path.data());
}

// The code point of a terminal's `\uHHHH` escape (a C1 control or a bidirectional control),
// given the text after the backslash; nullopt when it is not one.
std::optional<std::uint32_t> terminal_code_point(std::string_view text) {
  if (text.size() < 5 || text[0] != 'u') return std::nullopt;
  std::uint32_t code = 0;
  for (std::size_t k = 1; k <= 4; ++k) {
    const int digit = ascii_hex_value(text[k]);
    if (digit < 0) return std::nullopt;
    code = code * 16 + static_cast<std::uint32_t>(digit);
  }
  if (code < 0x80 || (code >= 0xd800 && code <= 0xdfff)) return std::nullopt;
  return code;
}

}  // namespace

std::string path_id(std::string_view path) {
  // Most paths need no escape: the plain run is copied at once, the rest walked byte by byte.
  const std::size_t plain = plain_prefix(path);
  std::string out(path.substr(0, plain));
  if (plain == path.size()) return out;
  out.reserve(path.size() + 8);
  for (std::size_t i = plain; i < path.size();) {
    const auto byte = static_cast<unsigned char>(path[i]);
    if (byte < 0x80) {
      if (byte == '\\' || byte == '#') out += '\\';
      out += static_cast<char>(byte);
      ++i;
    } else if (const std::size_t length = utf8_sequence_length(path, i); length != 0) {
      out.append(path.substr(i, length));
      i += length;
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
      ++i;
    }
  }
  return out;
}

std::string entry_id(std::string_view file_id, std::size_t entry) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, entry).ptr;
  const auto length = static_cast<std::size_t>(end - digits);
  std::string out;
  out.reserve(file_id.size() + 1 + length);
  out.append(file_id);
  out += '#';
  out.append(digits, length);
  return out;
}

std::string mbox_entry_id(std::string_view path, std::size_t entry) {
  return entry_id(path_id(path), entry);
}

std::optional<parsed_id> parse_id(std::string_view id) {
  parsed_id out;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    if (c == '#') {
      const std::string_view digits = id.substr(i + 1);
      if (digits.empty() || digits.size() > 18 || digits.front() == '0' ||
          digits.find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
      }
      out.entry = std::stoull(std::string(digits));
      return out;
    }
    if (c != '\\') {
      out.path += c;
      continue;
    }
    if (i + 1 >= id.size()) return std::nullopt;
    const char next = id[++i];
    if (next == '\\' || next == '#') {
      out.path += next;
    } else if (next == 'x' && i + 2 < id.size() && ascii_hex_value(id[i + 1]) >= 0 &&
               ascii_hex_value(id[i + 2]) >= 0) {
      out.path += static_cast<char>(ascii_hex_value(id[i + 1]) * 16 + ascii_hex_value(id[i + 2]));
      i += 2;
    } else if (next == 't' || next == 'r' || next == 'n') {
      // An id as a terminal shows it (engine/terminal_text.h): copied from check's or diff's
      // text, it still names its file. path_id never writes these: its `\` is doubled.
      out.path += next == 't' ? '\t' : next == 'r' ? '\r' : '\n';
    } else if (const auto code = terminal_code_point(id.substr(i))) {
      append_utf8_code_point(*code, out.path);
      i += 4;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace mfsim::corpus
