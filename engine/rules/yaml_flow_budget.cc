// The flow-entry scan (yaml_flow_budget.h): a conservative reading of YAML's flow indicators.
#include "engine/rules/yaml_flow_budget.h"

#include <utility>

namespace mfsim::rules::yaml {
namespace {

bool blank(char c) noexcept { return c == ' ' || c == '\t'; }
bool line_break(char c) noexcept { return c == '\n' || c == '\r'; }
bool flow_indicator(char c) noexcept {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

// The offset of the quote that closes the quoted scalar opened at `at`, or the text's end.
std::size_t closing_quote(std::string_view yaml, std::size_t at) noexcept {
  const char quote = yaml[at];
  for (std::size_t i = at + 1; i < yaml.size(); ++i) {
    if (quote == '"' && yaml[i] == '\\') {
      ++i;
    } else if (yaml[i] == quote) {
      if (quote == '\'' && i + 1 < yaml.size() && yaml[i + 1] == '\'') {
        ++i;
        continue;
      }
      return i;
    }
  }
  return yaml.size();
}

}  // namespace

std::optional<std::size_t> flow_entries_past(std::string_view yaml,
                                             std::size_t max_entries) noexcept {
  std::size_t depth = 0;
  std::size_t entries = 0;
  // Inside text that is no indicator: a plain scalar (which may go on over lines) or a block
  // scalar's lines. A quote there is a character of that text (`rock 'n roll`), so that it
  // cannot hide the bytes up to a later quote from this count, and so is a bracket after text
  // on its line; a bracket that starts a line is counted, as it may start a key (decision 630).
  // Where unsure, the scan counts: it may count more than yaml-cpp reads, never less.
  bool in_text = false;
  bool first_on_line = true;
  const auto ends_here = [&](std::size_t i) {
    return i + 1 >= yaml.size() || blank(yaml[i + 1]) || line_break(yaml[i + 1]) ||
           (depth > 0 && flow_indicator(yaml[i + 1]));
  };
  for (std::size_t i = 0; i < yaml.size(); ++i) {
    const char c = yaml[i];
    if (line_break(c)) first_on_line = true;
    if (blank(c) || line_break(c)) continue;  // text goes on over lines: a quote there is text
    const bool after_blank = i == 0 || blank(yaml[i - 1]) || line_break(yaml[i - 1]);
    if (std::exchange(first_on_line, false) && (c == '[' || c == '{')) in_text = false;
    if (after_blank && (i == 0 || line_break(yaml[i - 1])) &&
        (yaml.substr(i, 3) == "---" || yaml.substr(i, 3) == "...") && ends_here(i + 2)) {
      i += 2;  // a document's start or end: a value can follow on its line
      in_text = false;
      continue;
    }
    if (c == '#' && after_blank) {
      while (i < yaml.size() && !line_break(yaml[i])) ++i;
      in_text = false;
      first_on_line = true;  // the loop steps past the comment's line break
      continue;
    }
    if (depth > 0 && flow_indicator(c)) {
      if (c == '[' || c == '{') ++depth;
      if (c == ']' || c == '}') --depth;
      if (c != ']' && c != '}') ++entries;
      in_text = false;
    } else if (!in_text && (c == '[' || c == '{')) {
      ++depth;
      ++entries;
    } else if (c == ':' && ends_here(i)) {
      in_text = false;  // a key ends: a value can start
    } else if (!in_text && (c == '-' || c == '?') && ends_here(i)) {
      // An entry of a block sequence or an explicit key: a value can start.
    } else if (!in_text && (c == '"' || c == '\'')) {
      i = closing_quote(yaml, i);
    } else if (!in_text && (c == '&' || c == '!' || c == '*')) {
      // An anchor, tag or alias: a value can start after it.
      while (i + 1 < yaml.size() && !blank(yaml[i + 1]) && !line_break(yaml[i + 1]) &&
             !(depth > 0 && flow_indicator(yaml[i + 1]))) {
        ++i;
      }
    } else {
      in_text = true;  // a plain scalar, or `|` or `>` with the block scalar's lines after it
    }
    if (entries > max_entries) return i;
  }
  return std::nullopt;
}

}  // namespace mfsim::rules::yaml
