// Internal to the JSON-export importer: where each key and value of a JSON text starts
// (nlohmann keeps no positions), and the nesting check that runs before anything recurses.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/rules/validate.h"
#include "engine/utf8.h"
#include "engine/utf8_bom.h"

namespace mfsim::rules::json_export {

// Exports nest four levels deep. The locator, nlohmann's copies and the readers below recurse
// once per level, so deeper text is refused before it is parsed (docs/reliability.md).
inline constexpr int kMaxNesting = 64;

// Properties in one object: an Exchange object has a few hundred. nlohmann's ordered objects
// find a key by walking the ones before it, so an object of k keys costs k * k: 60,000 keys
// took 7 s, and the 2 million that 32 MiB holds would take hours (decision 686).
inline constexpr std::size_t kMaxObjectKeys = 1000;

// Values in one JSON text (array items and object properties, the containers included). nlohmann
// and the locator take 70 to 90 bytes a value: `[0,0,...]` in 32 MiB is 16 million values, 1.3
// GB and 30 s. An export writes a property name or a quoted text of more than 8 bytes for nearly
// every value, so 32 MiB of one holds fewer than 4 million (decision 742).
inline constexpr std::size_t kMaxJsonValues = std::size_t{1} << 22;

// The offset of the first '[' or '{' nested deeper than `limit` outside strings, if any.
[[nodiscard]] std::optional<std::size_t> too_deep(std::string_view text, int limit);
// Where the key starts (its quote, or a bare word's first byte) of the first ':' outside strings
// that gives an object more than kMaxObjectKeys properties, if any (decisions 773, 892).
[[nodiscard]] std::optional<std::size_t> too_many_keys(std::string_view text);
// The offset of the first ',' or opening bracket outside strings past which the text may hold
// more than kMaxJsonValues values, if any: each value but a container's first follows a comma,
// and each first follows its bracket, so the count is never below nlohmann's.
[[nodiscard]] std::optional<std::size_t> too_many_values(std::string_view text);

// Blanks in a row outside strings (decision 1009): nlohmann keeps every blank before a token in
// the token's text and, when the token is missing, writes them into its message escaped, 8 bytes
// each: `[` and 128 MiB of line feeds took 69 s and 2.3 GB. An export's indentation is its depth
// times four, plus a line break.
inline constexpr std::size_t kMaxBlankRun = std::size_t{1} << 20;
// Where the first run of more than kMaxBlankRun blanks outside strings starts, if any.
[[nodiscard]] std::optional<std::size_t> too_long_blank_run(std::string_view text);

// Why an export's text is not JSON: the offset of the problem and "invalid JSON: ...".
struct parse_failure {
  std::size_t offset = 0;
  std::string message;
  bool too_many_values = false;  // past kMaxJsonValues: a reader of exports says what to do
};

// Parses an export's text into `root`, refusing nesting past kMaxNesting before nlohmann
// recurses. False, with `why`, for text that is not JSON.
[[nodiscard]] bool parse(std::string_view text, nlohmann::ordered_json& root, parse_failure& why);
// What parse() checks, with the same failures at the same places, but no tree is built: a reader
// of a long list then parses it an item at a time.
[[nodiscard]] bool check(std::string_view text, parse_failure& why);

// Where a value, and for an object each key, starts in the text.
struct located {
  std::size_t offset = 0;
  std::vector<std::pair<std::string, std::size_t>> keys;  // object keys in file order
  std::vector<located> children;                          // member values, or array items
};

// The index in `at.keys` of the first key given a second time in its object (without case:
// PowerShell's property names have none), if any. nlohmann keeps one member for a key given
// twice, so the positions located would no longer match its members: every reader refuses such
// an object, the wrapper of an array ({"value": [...]}) included.
[[nodiscard]] std::optional<std::size_t> repeated_key(const located& at);

// Walks text that nlohmann accepted already, so it needs no error handling of its own.
class locator {
 public:
  // `depth`: how many levels of arrays and objects have their values located (1: the root's
  // values only); deeper ones are passed over, so that a reader that needs the positions of the
  // objects and their properties spends nothing on a list of a million entries inside one.
  explicit locator(std::string_view text, int depth = kMaxNesting + 1) : s_(text), depth_(depth) {
    i_ = utf8_bom_length(s_);
  }
  // From the value at or after `start` (white space before it is passed over) instead: one item
  // of a list.
  locator(std::string_view text, int depth, std::size_t start)
      : s_(text), i_(start), depth_(depth) {}

  // The offset past what value() read last.
  [[nodiscard]] std::size_t end() const noexcept { return i_; }

  located value() {
    skip_space();
    located node;
    node.offset = i_;
    if (i_ >= s_.size()) return node;
    if ((s_[i_] == '{' || s_[i_] == '[') && depth_ == 0) {
      skip_nested();
      return node;
    }
    --depth_;
    if (s_[i_] == '{') {
      ++i_;
      while (true) {
        skip_space();
        if (s_[i_] == '}') break;
        if (s_[i_] == ',') {
          ++i_;
          continue;
        }
        const std::size_t key_offset = i_;
        std::string key = string();
        skip_space();
        ++i_;  // ':'
        node.keys.emplace_back(std::move(key), key_offset);
        node.children.push_back(value());
      }
      ++i_;
    } else if (s_[i_] == '[') {
      ++i_;
      while (true) {
        skip_space();
        if (s_[i_] == ']') break;
        if (s_[i_] == ',') {
          ++i_;
          continue;
        }
        node.children.push_back(value());
      }
      ++i_;
    } else if (s_[i_] == '"') {
      (void)string();
    } else {
      while (i_ < s_.size() &&
             std::string_view(",]} \t\r\n").find(s_[i_]) == std::string_view::npos) {
        ++i_;
      }
    }
    ++depth_;
    return node;
  }

 private:
  void skip_space() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n')) {
      ++i_;
    }
  }

  // A string token, decoded enough to compare keys (\uXXXX pairs included).
  std::string string() {
    std::string out;
    ++i_;  // '"'
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] != '\\') {
        out += s_[i_++];
        continue;
      }
      const char e = s_[i_ + 1];
      i_ += 2;
      switch (e) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t code = hex4();
          if (code >= 0xD800 && code <= 0xDBFF && s_.substr(i_, 2) == "\\u") {
            i_ += 2;
            code = 0x10000 + ((code - 0xD800) << 10) + (hex4() - 0xDC00);
          }
          append_utf8_code_point(code, out);
          break;
        }
        default: out += e; break;
      }
    }
    ++i_;
    return out;
  }

  // Past the array or object at i_, its strings' brackets and escapes included.
  void skip_nested() {
    std::size_t open = 0;
    bool quoted = false;
    for (; i_ < s_.size(); ++i_) {
      const char c = s_[i_];
      if (quoted) {
        if (c == '\\')
          ++i_;
        else if (c == '"')
          quoted = false;
      } else if (c == '"') {
        quoted = true;
      } else if (c == '[' || c == '{') {
        ++open;
      } else if ((c == ']' || c == '}') && --open == 0) {
        ++i_;
        return;
      }
    }
  }

  std::uint32_t hex4() {
    std::uint32_t code = 0;
    for (int k = 0; k < 4; ++k, ++i_) {
      const char c = s_[i_];
      code = code * 16 + static_cast<std::uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return code;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int depth_;  // how many levels below the current one are still located
};

}  // namespace mfsim::rules::json_export
