#include "engine/rules/powershell_regex.h"

#include <algorithm>
#include <optional>

#include "engine/ascii.h"
#include "engine/compile/exchange_pattern.h"

namespace mfsim::rules::ps {
namespace {

bool is_name_start(char c) { return ascii_is_alpha(c) || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || ascii_is_digit(c); }

// The name of a group whose `(?` ends just before `from`: `<name>`, `'name'` or `P<name>`;
// nullopt for the other `(?` constructs, `(?<=` and `(?<!` among them.
std::optional<std::string> name_after(std::string_view pattern, std::size_t from) {
  if (from < pattern.size() && pattern[from] == 'P') ++from;
  if (from >= pattern.size() || (pattern[from] != '<' && pattern[from] != '\'')) return {};
  const char close = pattern[from] == '<' ? '>' : '\'';
  std::size_t end = ++from;
  if (end >= pattern.size() || !is_name_start(pattern[end])) return {};
  while (end < pattern.size() && is_name_char(pattern[end])) ++end;
  if (end >= pattern.size() || pattern[end] != close) return {};
  return std::string(pattern.substr(from, end - from));
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

// The capturing groups in the order their `(` is written, each with its name (empty when it
// has none). Escapes, \Q...\E, classes, comments and verbs hold none.
std::vector<std::string> capturing_groups(std::string_view pattern) {
  std::vector<std::string> groups;
  const auto skip_to = [&](std::string_view what, std::size_t from) {
    const std::size_t found = pattern.find(what, from);
    return found == std::string_view::npos ? pattern.size() : found + what.size() - 1;
  };
  for (std::size_t at = 0; at < pattern.size(); ++at) {
    const std::string_view rest = pattern.substr(at);
    if (rest.starts_with("\\Q")) {
      at = skip_to("\\E", at + 2);
    } else if (rest.front() == '\\') {
      ++at;
    } else if (rest.front() == '[') {
      at = class_end(pattern, at);
    } else if (rest.starts_with("(?#")) {
      at = skip_to(")", at + 3);
    } else if (rest.front() == '(' && !rest.starts_with("(*")) {
      if (!rest.starts_with("(?")) {
        groups.emplace_back();
      } else if (auto name = name_after(pattern, at + 2)) {
        groups.push_back(std::move(*name));
      }
    }
  }
  return groups;
}

}  // namespace

dotnet_regex::dotnet_regex(std::string_view pattern, bool case_sensitive)
    : re_(case_sensitive ? boost::regex(pattern.begin(), pattern.end(),
                                        boost::regex::perl | boost::regex::no_mod_s)
                         : compile_detail::compile_exchange_pattern(pattern)),
      fold_text_(!case_sensitive && compile_detail::folds_text(pattern)) {
  const std::vector<std::string> declared = capturing_groups(pattern);
  if (declared.size() != re_.mark_count()) {
    // A construct the scan does not know (a branch reset, say): Boost's numbers, as written.
    for (std::size_t group = 1; group <= re_.mark_count(); ++group) {
      groups_.push_back({static_cast<int>(group), {}});
    }
    return;
  }
  for (std::size_t at = 0; at < declared.size(); ++at) {
    if (declared[at].empty()) groups_.push_back({static_cast<int>(at + 1), {}});
  }
  for (std::size_t at = 0; at < declared.size(); ++at) {
    const std::string& name = declared[at];
    if (name.empty() || std::any_of(groups_.begin(), groups_.end(),
                                    [&](const dotnet_group& g) { return g.name == name; })) {
      continue;  // a name written twice is one group in .NET
    }
    groups_.push_back({static_cast<int>(at + 1), name});
  }
}

int dotnet_regex::boost_group(const boost::smatch& match, std::size_t number) const {
  if (number == 0 || number > groups_.size()) return 0;
  const dotnet_group& group = groups_[number - 1];
  if (!group.name.empty()) {
    // Boost gives each writing of a name its own group: the one that took part is .NET's.
    const int index =
        match.named_subexpression_index(group.name.data(), group.name.data() + group.name.size());
    if (index > 0) return index;
  }
  return group.boost_index;
}

std::string captured(const boost::smatch& match, int group, std::string_view text) {
  if (group < 0 || group >= static_cast<int>(match.size()) || !match[group].matched) return {};
  return std::string(text.substr(static_cast<std::size_t>(match.position(group)),
                                 static_cast<std::size_t>(match.length(group))));
}

std::vector<std::pair<std::string, std::string>> captured_groups(const dotnet_regex& re,
                                                                 const boost::smatch& match,
                                                                 std::string_view text) {
  std::vector<std::pair<std::string, std::string>> groups;
  for (std::size_t number = 0; number <= re.group_count(); ++number) {
    const int group = re.boost_group(match, number);
    if (!match[group].matched) continue;
    std::string key = number == 0 || re.group_name(number).empty() ? std::to_string(number)
                                                                   : re.group_name(number);
    groups.emplace_back(std::move(key), captured(match, group, text));
  }
  return groups;
}

int group_index(const dotnet_regex& re, const boost::smatch& match, std::string_view name) {
  if (name.empty()) return -1;
  if (ascii_is_digit(name.front())) {
    std::size_t number = 0;
    for (const char c : name) {
      if (!ascii_is_digit(c)) return -1;
      number = number * 10 + static_cast<std::size_t>(c - '0');
      if (number > re.group_count()) return -1;
    }
    return re.boost_group(match, number);
  }
  for (std::size_t number = 1; number <= re.group_count(); ++number) {
    if (re.group_name(number) == name) return re.boost_group(match, number);
  }
  const int index = match.named_subexpression_index(name.data(), name.data() + name.size());
  return index > 0 ? index : -1;
}

void append_replacement(const dotnet_regex& re, std::string_view replacement,
                        const boost::smatch& match, std::string_view text, std::string& out) {
  const auto whole_text_part = [&](std::size_t from, std::size_t to) {
    out.append(text.substr(from, to - from));
  };
  const auto start = static_cast<std::size_t>(match.position());
  const std::size_t end = start + static_cast<std::size_t>(match.length());
  for (std::size_t i = 0; i < replacement.size(); ++i) {
    const char c = replacement[i];
    if (c != '$' || i + 1 == replacement.size()) {
      out += c;
      continue;
    }
    const char next = replacement[i + 1];
    if (ascii_is_digit(next)) {
      // Every digit that follows is the number, as .NET reads `$11` (write `${1}1` for group 1
      // then "1"); a number that names no group is `$` and the digits as written.
      std::size_t used = i + 1;
      std::size_t number = 0;
      bool names_no_group = false;
      for (; used < replacement.size() && ascii_is_digit(replacement[used]); ++used) {
        if (names_no_group) continue;  // only grows: stop counting before it can overflow
        number = number * 10 + static_cast<std::size_t>(replacement[used] - '0');
        names_no_group = number > re.group_count();
      }
      if (names_no_group) {
        out += c;
        continue;
      }
      out += captured(match, re.boost_group(match, number), text);
      i = used - 1;
      continue;
    }
    if (next == '{') {
      const std::size_t close = replacement.find('}', i + 2);
      const int group = close == std::string_view::npos
                            ? -1
                            : group_index(re, match, replacement.substr(i + 2, close - i - 2));
      if (group < 0) {
        out += c;
        continue;
      }
      out += captured(match, group, text);
      i = close;
      continue;
    }
    switch (next) {
      case '$': out += '$'; break;
      case '&': out += captured(match, 0, text); break;
      case '`': whole_text_part(0, start); break;
      case '\'': whole_text_part(end, text.size()); break;
      case '+': out += captured(match, re.boost_group(match, re.group_count()), text); break;
      case '_': out += text; break;
      default: out += c; continue;  // a lone '$' is itself, and so is what follows
    }
    ++i;
  }
}

}  // namespace mfsim::rules::ps
