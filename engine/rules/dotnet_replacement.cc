#include "engine/rules/dotnet_replacement.h"

#include "engine/ascii.h"
#include "engine/rules/dotnet_group_numbers.h"

namespace mfsim::rules::ps {

std::string captured(const dotnet_match& match, int group, std::string_view text) {
  if (!match.matched(group)) return {};
  return std::string(text.substr(static_cast<std::size_t>(match.position(group)),
                                 static_cast<std::size_t>(match.length(group))));
}

std::vector<std::pair<std::string, std::string>> captured_groups(const dotnet_regex& re,
                                                                 const dotnet_match& match,
                                                                 std::string_view text) {
  std::vector<std::pair<std::string, std::string>> groups;
  if (match.matched(0)) groups.emplace_back("0", captured(match, 0, text));
  for (std::size_t index = 1; index <= re.group_count(); ++index) {
    const std::size_t number = re.group_number(index);
    const int group = re.boost_group(match, number);
    if (!match.matched(group)) continue;
    std::string key = re.group_name(index).empty() ? std::to_string(number) : re.group_name(index);
    groups.emplace_back(std::move(key), captured(match, group, text));
  }
  return groups;
}

int group_index(const dotnet_regex& re, const dotnet_match& match, std::string_view name) {
  if (name.empty()) return -1;
  if (!ascii_is_digit(name.front())) return re.named_group(match, name);
  const std::size_t number = parse_group_number(name);
  return re.has_group(number) ? re.boost_group(match, number) : -1;
}

void append_replacement(const dotnet_regex& re, std::string_view replacement,
                        const dotnet_match& match, std::string_view text, std::string& out) {
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
      while (used < replacement.size() && ascii_is_digit(replacement[used])) ++used;
      const std::size_t number = parse_group_number(replacement.substr(i + 1, used - i - 1));
      if (!re.has_group(number)) {
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
      case '+': {
        // The group numbered last (Match.LastGroupToStringImpl), the match where there is none.
        const std::size_t count = re.group_count();
        out +=
            captured(match, re.boost_group(match, count == 0 ? 0 : re.group_number(count)), text);
        break;
      }
      case '_': out += text; break;
      default: out += c; continue;  // a lone '$' is itself, and so is what follows
    }
    ++i;
  }
}

}  // namespace mfsim::rules::ps
