#include "engine/rules/powershell_regex.h"

#include "engine/ascii.h"
#include "engine/compile/exchange_pattern.h"

namespace mfsim::rules::ps {
namespace {

bool is_name_start(char c) { return ascii_is_alpha(c) || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || ascii_is_digit(c); }

// Every `(?<name>`, `(?'name'` and `(?P<name>` in the pattern. A match inside a character
// class or after a backslash is no group, but group_index asks Boost, which knows, so a name
// found there by mistake is never used.
std::vector<std::string> declared_names(std::string_view pattern) {
  std::vector<std::string> names;
  for (std::size_t at = pattern.find("(?"); at != std::string_view::npos;
       at = pattern.find("(?", at + 2)) {
    std::size_t from = at + 2;
    if (from < pattern.size() && pattern[from] == 'P') ++from;
    if (from >= pattern.size() || (pattern[from] != '<' && pattern[from] != '\'')) continue;
    const char close = pattern[from] == '<' ? '>' : '\'';
    std::size_t end = ++from;
    if (end >= pattern.size() || !is_name_start(pattern[end])) continue;  // (?<= and (?<!
    while (end < pattern.size() && is_name_char(pattern[end])) ++end;
    if (end < pattern.size() && pattern[end] == close) {
      names.emplace_back(pattern.substr(from, end - from));
    }
  }
  return names;
}

}  // namespace

dotnet_regex::dotnet_regex(std::string_view pattern, bool case_sensitive)
    : re_(case_sensitive ? boost::regex(pattern.begin(), pattern.end(),
                                        boost::regex::perl | boost::regex::no_mod_s)
                         : compile_detail::compile_exchange_pattern(pattern)),
      fold_text_(!case_sensitive && compile_detail::folds_text(pattern)),
      names_(declared_names(pattern)) {}

std::string captured(const boost::smatch& match, int group, std::string_view text) {
  if (group < 0 || group >= static_cast<int>(match.size()) || !match[group].matched) return {};
  return std::string(text.substr(static_cast<std::size_t>(match.position(group)),
                                 static_cast<std::size_t>(match.length(group))));
}

std::vector<std::pair<std::string, std::string>> captured_groups(const dotnet_regex& re,
                                                                 const boost::smatch& match,
                                                                 std::string_view text) {
  std::vector<std::string> keys(match.size());
  for (std::size_t group = 0; group < keys.size(); ++group) keys[group] = std::to_string(group);
  for (const auto& name : re.group_names()) {
    const int group = group_index(match, name);
    if (group > 0) keys[static_cast<std::size_t>(group)] = name;
  }
  std::vector<std::pair<std::string, std::string>> groups;
  for (std::size_t group = 0; group < keys.size(); ++group) {
    if (!match[static_cast<int>(group)].matched) continue;
    groups.emplace_back(std::move(keys[group]), captured(match, static_cast<int>(group), text));
  }
  return groups;
}

int group_index(const boost::smatch& match, std::string_view name) {
  if (name.empty()) return -1;
  if (ascii_is_digit(name.front())) {
    std::size_t number = 0;
    for (const char c : name) {
      if (!ascii_is_digit(c)) return -1;
      number = number * 10 + static_cast<std::size_t>(c - '0');
      if (number >= match.size()) return -1;
    }
    return static_cast<int>(number);
  }
  const int index = match.named_subexpression_index(name.data(), name.data() + name.size());
  return index >= 0 ? index : -1;
}

void append_replacement(std::string_view replacement, const boost::smatch& match,
                        std::string_view text, std::string& out) {
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
        names_no_group = number >= match.size();
      }
      if (names_no_group) {
        out += c;
        continue;
      }
      out += captured(match, static_cast<int>(number), text);
      i = used - 1;
      continue;
    }
    if (next == '{') {
      const std::size_t close = replacement.find('}', i + 2);
      const int group = close == std::string_view::npos
                            ? -1
                            : group_index(match, replacement.substr(i + 2, close - i - 2));
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
      case '+': out += captured(match, static_cast<int>(match.size()) - 1, text); break;
      case '_': out += text; break;
      default: out += c; continue;  // a lone '$' is itself, and so is what follows
    }
    ++i;
  }
}

}  // namespace mfsim::rules::ps
