// The nesting check and parse of JSON exports; the locator itself is in the header.
#include "engine/rules/json_locator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include "engine/case_fold.h"
#include "engine/json_failure.h"
#include "engine/json_text.h"

namespace mfsim::rules::json_export {

namespace {

// Calls visit(c, i) for each byte outside strings, and the quote opening each string, until it
// returns true: that byte's offset.
template <typename Visit>
std::optional<std::size_t> first_outside_strings(std::string_view text, Visit&& visit) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (visit(c, i)) {
      return i;
    } else if (c == '"') {
      in_string = true;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> too_deep(std::string_view text, int limit) {
  int depth = 0;
  return first_outside_strings(text, [&](char c, std::size_t) {
    if (c == '[' || c == '{') return ++depth > limit;
    if (c == ']' || c == '}') --depth;
    return false;
  });
}

std::optional<std::size_t> too_many_keys(std::string_view text) {
  // Per open container, its keys so far; an array holds kArray, which a ':' in it (not JSON,
  // refused by the parser) does not count against: `[:,:,...]` has no object (decision 982).
  constexpr std::size_t kArray = SIZE_MAX;
  std::vector<std::size_t> keys;
  // Where the token read last starts: a string's opening quote, or the first byte of a word
  // (an unquoted key, `{a: 1}`, is not JSON but is still placed at its key: decision 892).
  std::optional<std::size_t> token;
  bool between_tokens = true;
  const auto colon = first_outside_strings(text, [&](char c, std::size_t i) {
    const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    const bool punctuation = std::string_view("{}[],:").find(c) != std::string_view::npos;
    if (c == '"' || (between_tokens && !space && !punctuation)) {
      token = i;
      between_tokens = false;
    } else if (space || punctuation) {
      between_tokens = true;
      if (punctuation && c != ':') token.reset();  // a key starts after these
    }
    if (c == '[' || c == '{') keys.push_back(c == '[' ? kArray : 0);
    if ((c == ']' || c == '}') && !keys.empty()) keys.pop_back();
    return c == ':' && !keys.empty() && keys.back() != kArray && ++keys.back() > kMaxObjectKeys;
  });
  // The property is placed at its key, where an editor shows it (decision 773); a ':' with no
  // key before it at the ':'.
  if (colon && token) return token;
  return colon;
}

std::optional<std::size_t> too_many_values(std::string_view text) {
  std::size_t values = 1;  // the root
  return first_outside_strings(text, [&](char c, std::size_t) {
    return (c == ',' || c == '[' || c == '{') && ++values > kMaxJsonValues;
  });
}

std::optional<std::size_t> too_long_blank_run(std::string_view text) {
  std::size_t run = 0;
  const auto past = first_outside_strings(text, [&](char c, std::size_t) {
    run = (c == ' ' || c == '\t' || c == '\r' || c == '\n') ? run + 1 : 0;
    return run > kMaxBlankRun;
  });
  if (past) return *past - kMaxBlankRun;
  return std::nullopt;
}

std::optional<std::size_t> repeated_key(const located& at) {
  // A set, not every pair: an object of 30,000 keys took 6 s.
  std::set<std::string> seen;
  for (std::size_t k = 0; k < at.keys.size(); ++k)
    if (!seen.insert(case_folded_copy(at.keys[k].first)).second) return k;
  return std::nullopt;
}

namespace {

// nlohmann's DOM parser, keeping nothing: its parse_error throws what the DOM parser throws, with
// its type (parse_error, or out_of_range for a number too large for a double).
struct sax_checker {
  using json = nlohmann::ordered_json;
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const json::string_t&) { return true; }
  bool string(json::string_t&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool start_object(std::size_t) { return true; }
  bool key(json::string_t&) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t) { return true; }
  bool end_array() { return true; }
  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& e) {
    throw e;
  }
};

// The budgets parse() and check() hold a text to before nlohmann reads it.
bool within_budgets(std::string_view text, parse_failure& why) {
  if (const auto deep = too_deep(text, kMaxNesting)) {
    why = {*deep,
           fmt::format("invalid JSON: nested more than {} levels deep (the JSON nesting limit)",
                       kMaxNesting)};
    return false;
  }
  if (const auto wide = too_many_keys(text)) {
    why = {*wide, fmt::format("invalid JSON: an object with more than {} properties (the limit "
                              "kMaxObjectKeys); an export's objects have a few hundred",
                              kMaxObjectKeys)};
    return false;
  }
  if (const auto many = too_many_values(text)) {
    why = {*many,
           fmt::format("invalid JSON: more than {} values in the file (the limit "
                       "kMaxJsonValues)",
                       kMaxJsonValues),
           true};
    return false;
  }
  if (const auto blanks = too_long_blank_run(text)) {
    why = {*blanks, fmt::format("invalid JSON: more than {} blank characters in a row (the limit "
                                "kMaxBlankRun); an export's indentation is a few dozen",
                                kMaxBlankRun)};
    return false;
  }
  return true;
}

void describe(std::string_view text, const nlohmann::ordered_json::exception& e,
              parse_failure& why) {
  const json_failure failure = describe_json_failure(text, e);
  why = {failure.byte == 0 ? 0 : std::min(failure.byte - 1, text.size()),
         "invalid JSON: " + failure.message};
}

}  // namespace

bool parse(std::string_view text, nlohmann::ordered_json& root, parse_failure& why) {
  if (!within_budgets(text, why)) return false;
  try {
    root = mfsim::parse_ordered_json(text);
  } catch (const nlohmann::ordered_json::exception& e) {
    describe(text, e, why);
    return false;
  }
  return true;
}

bool check(std::string_view text, parse_failure& why) {
  if (!within_budgets(text, why)) return false;
  try {
    sax_checker checker;
    (void)nlohmann::ordered_json::sax_parse(text.begin(), text.end(), &checker);
  } catch (const nlohmann::ordered_json::exception& e) {
    describe(text, e, why);
    return false;
  }
  return true;
}

}  // namespace mfsim::rules::json_export
