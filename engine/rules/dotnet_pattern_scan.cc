#include "engine/rules/dotnet_pattern_scan.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <optional>

#include "engine/utf8.h"

namespace mfsim::rules::ps {
namespace {

// The name of a group whose `(?` ends just before `from`: `<name>`, `'name'` or `P<name>`, or
// the digits of `<2>` (decision 1225); nullopt for the other `(?` constructs, `(?<=` and `(?<!`
// among them.
std::optional<std::string> name_after(std::string_view pattern, std::size_t from) {
  if (from < pattern.size() && pattern[from] == 'P') ++from;
  if (from >= pattern.size() || (pattern[from] != '<' && pattern[from] != '\'')) return {};
  const char close = pattern[from] == '<' ? '>' : '\'';
  std::size_t end = name_end(pattern, ++from);
  if (end == from) {
    while (end < pattern.size() && ascii_is_digit(pattern[end])) ++end;
  }
  if (end == from || end >= pattern.size() || pattern[end] != close) return {};
  return std::string(pattern.substr(from, end - from));
}

}  // namespace

bool is_boundary_word_character(std::uint32_t code) {
  const auto character = static_cast<UChar32>(code);
  return (U_GET_GC_MASK(character) & (U_GC_L_MASK | U_GC_MN_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) !=
             0 ||
         code == 0x200C || code == 0x200D;
}

std::size_t name_end(std::string_view pattern, std::size_t from) {
  if (from >= pattern.size() || ascii_is_digit(pattern[from])) return from;
  std::size_t end = from;
  while (end < pattern.size()) {
    std::uint32_t code = static_cast<unsigned char>(pattern[end]);
    const std::size_t length = code < 0x80 ? 1 : utf8_sequence_length(pattern, end, &code);
    if (length == 0 || !is_boundary_word_character(code)) break;
    end += length;
  }
  return end;
}

// Where the character class opened at `open` ends (its `]`): a `]` first in it, what a
// backslash escapes and a `[:name:]` inside are its own.
std::size_t class_end(std::string_view pattern, std::size_t open) {
  std::size_t at = open + 1;
  if (at < pattern.size() && pattern[at] == '^') ++at;
  if (at < pattern.size() && pattern[at] == ']') ++at;
  for (; at < pattern.size(); ++at) {
    if (pattern[at] == '\\') {
      ++at;
    } else if (pattern.substr(at, 2) == "[:") {
      const std::size_t close = pattern.find(":]", at + 2);
      if (close != std::string_view::npos) at = close + 1;
    } else if (pattern[at] == ']') {
      return at;
    }
  }
  return pattern.size();
}

std::size_t condition_reference_end(std::string_view pattern, std::size_t open) {
  const std::size_t from = open + 3;
  if (from >= pattern.size()) return std::string_view::npos;
  std::size_t end = from;
  if (ascii_is_digit(pattern[from])) {
    while (end < pattern.size() && ascii_is_digit(pattern[end])) ++end;
    return end < pattern.size() && pattern[end] == ')' ? end : end - 1;
  }
  end = name_end(pattern, from);
  if (end == from) return std::string_view::npos;
  return end < pattern.size() && pattern[end] == ')' ? end : std::string_view::npos;
}

std::size_t groupless_construct_end(std::string_view pattern, std::size_t at,
                                    const std::vector<bool>& ignored) {
  if (ignored[at]) return at;
  if (pattern[at] == '\\') return at + 1;
  if (pattern[at] == '[') return class_end(pattern, at);
  if (pattern.substr(at, 3) != "(?#") return std::string_view::npos;
  const std::size_t close = pattern.find(')', at + 3);
  return close == std::string_view::npos ? pattern.size() : close;
}

std::optional<quantifier_repeats> quantifier_after(std::string_view pattern, std::size_t from,
                                                   const std::vector<bool>& ignored) {
  for (;;) {
    while (from < pattern.size() && ignored[from]) ++from;
    if (pattern.substr(from, 3) != "(?#") break;
    const std::size_t close = pattern.find(')', from + 3);
    if (close == std::string_view::npos) return std::nullopt;
    from = close + 1;
  }
  if (from >= pattern.size()) return std::nullopt;
  switch (pattern[from]) {
    case '*': return quantifier_repeats{0, kManyRepeats};
    case '+': return quantifier_repeats{1, kManyRepeats};
    case '?': return quantifier_repeats{0, 1};
    case '{': break;
    default: return std::nullopt;
  }
  std::size_t at = from + 1;
  // A number of repeats, held below kManyRepeats: .NET refuses one past int's range.
  const auto number = [&]() -> std::optional<std::size_t> {
    const std::size_t start = at;
    std::size_t value = 0;
    for (; at < pattern.size() && ascii_is_digit(pattern[at]); ++at) {
      value = std::min<std::size_t>(value * 10 + static_cast<std::size_t>(pattern[at] - '0'),
                                    kManyRepeats / 20);
    }
    if (at == start) return std::nullopt;
    return value;
  };
  const auto least = number();
  if (!least) return std::nullopt;
  std::size_t most = *least;
  if (at < pattern.size() && pattern[at] == ',') {
    ++at;
    most = number().value_or(kManyRepeats);
  }
  if (at >= pattern.size() || pattern[at] != '}') return std::nullopt;
  return quantifier_repeats{*least, most};
}

// The capturing groups in the order their `(` is written, each with its name (empty when it
// has none). Escapes, classes, comments, what x ignores and verbs hold none.
std::vector<written_group> capturing_groups(std::string_view pattern,
                                            const std::vector<bool>& ignored) {
  std::vector<written_group> groups;
  for (std::size_t at = 0; at < pattern.size(); ++at) {
    const std::string_view rest = pattern.substr(at);
    if (const std::size_t end = groupless_construct_end(pattern, at, ignored);
        end != std::string_view::npos) {
      at = end;
    } else if (rest.starts_with("(?(") && rest.size() > 3 && rest[3] != '?') {
      // The condition (?(1)...) or (?(name)...) is no group, nor the `(` of an expression's.
      const std::size_t reference = condition_reference_end(pattern, at);
      at = reference == std::string_view::npos ? at + 2 : reference;
    } else if (rest.front() == '(' && !rest.starts_with("(*")) {
      if (!rest.starts_with("(?")) {
        groups.push_back({at, {}});
      } else if (auto name = name_after(pattern, at + 2)) {
        groups.push_back({at, std::move(*name)});
      }
    }
  }
  return groups;
}
}  // namespace mfsim::rules::ps
