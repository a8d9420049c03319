// PowerShell's comparison operators on values the script knows, as about_Comparison_Operators
// defines them: without case unless the operator starts with 'c'; the right operand converted
// to the left one's type; a list on the left filtered rather than compared (decision 418).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "engine/ascii.h"
#include "engine/case_fold.h"
#include "engine/rules/dotnet_replacement.h"
#include "engine/rules/dotnet_string_methods.h"
#include "engine/rules/powershell_numeric_literals.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_regex.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {
namespace {

constexpr std::array<std::string_view, 14> kBaseOperators = {
    "eq",      "ne",    "gt",       "ge",       "lt",          "le", "like",
    "notlike", "match", "notmatch", "contains", "notcontains", "in", "notin"};

bool is_base(std::string_view word) {
  return std::find(kBaseOperators.begin(), kBaseOperators.end(), word) != kBaseOperators.end();
}

std::string folded(std::string_view text, bool case_sensitive) {
  return case_sensitive ? std::string(text) : case_folded_copy(text);
}

std::optional<double> as_number(const param_value& v) {
  if (v.type == value_type::boolean) return v.flag ? 1.0 : 0.0;
  if (v.type != value_type::number && v.type != value_type::text) return std::nullopt;
  std::string_view t = ascii_trim_blanks(v.text);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  double out = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (t.empty() || ec != std::errc{} || end != t.data() + t.size()) return std::nullopt;
  return out;
}

// The right operand as the number a left number compares it with (decision 1024): a number or
// $true as it is; a text as PowerShell's binder scans it (Parser.ScanNumber, then the number
// compared as numbers): a numeric literal of its own type, so '1.5' stays 1.5 and 2 -eq '1.5'
// is False, '0x0A' 10, '1kb' 1024, white space around it dropped, '' 0; nullopt for no number.
// A text the scan refuses is converted to the left's type (decision 1066): '1,000' is 1000, and
// to a whole number on the left '1,000.5' is 1000, as [int] rounds it.
std::optional<double> as_right_number(const param_value& left, const param_value& right) {
  if (right.type != value_type::text) return as_number(right);
  std::string_view t = ascii_trim_blanks(right.text);
  if (t.empty()) return 0.0;
  const bool negative = t.front() == '-';
  if (t.front() == '-' || t.front() == '+') t.remove_prefix(1);
  if (const std::optional<numeric_literal> literal = numeric_literal_of(t);
      literal && literal->refused.empty()) {
    const std::optional<double> d = as_number({value_type::text, literal->value, false, {}, {}});
    if (d) return negative ? -*d : *d;
  }
  const std::optional<double> d = as_number(right);  // '.5', and past what a literal reads
  if (d && std::isfinite(*d)) return d;
  // The scan refused it: LanguagePrimitives converts it to the left's type, a Double by
  // Double.Parse, a whole number as [int] does ('-0x10', '1,000.5' rounded).
  if (left.is_double) return invariant_number_in(right.text);
  // The left's whole type: an Int32 where its value fits one, else an Int64.
  const bool int32 = !is_int64_number(left);
  const std::optional<long long> whole = int_cast_of(right, int32 ? 32 : 64);
  if (!whole || (int32 && (*whole < INT32_MIN || *whole > INT32_MAX))) return std::nullopt;
  return static_cast<double>(*whole);
}

// Text order as PowerShell's culture comparison gives it for ASCII: letters without case first;
// with case, of two texts equal but for case the lower-case letter sorts first ("a" -clt "A").
int text_order(std::string_view a, std::string_view b, bool case_sensitive) {
  const std::string fa = case_folded_copy(a), fb = case_folded_copy(b);
  if (const int c = fa.compare(fb); c != 0) return c < 0 ? -1 : 1;
  if (!case_sensitive) return 0;
  for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
    if (a[k] != b[k]) return a[k] > b[k] ? -1 : 1;  // 'a' (97) before 'A' (65)
  }
  return 0;
}

// One element of a -like pattern: a literal character, '?', '*' or a [set].
struct wildcard_token {
  char kind = 'c';       // 'c' literal, '?' one character, '*' any run, '[' a set
  std::u32string chars;  // 'c': the character; '[': the set's characters and ranges as written
};

// The two UTF-16 units .NET holds a character past U+FFFF as.
char32_t high_surrogate(char32_t c) { return 0xD800 + ((c - 0x10000) >> 10); }
char32_t low_surrogate(char32_t c) { return 0xDC00 + ((c - 0x10000) & 0x3FF); }

// Steps of -like's matching, at most: ('a' * 300000) -like ('*' + 'a' * 150000 + 'b') took 45
// billion (31.7 s).
constexpr std::size_t kMaxWildcardSteps = 100000000;

}  // namespace

std::optional<comparison_operator> parse_comparison_operator(std::string_view word) {
  const std::string lower = ascii_lower_copy(word);
  if (is_base(lower)) return comparison_operator{lower, false};
  if (lower.size() > 1 && (lower[0] == 'c' || lower[0] == 'i') && is_base(lower.substr(1))) {
    return comparison_operator{lower.substr(1), lower[0] == 'c'};
  }
  return std::nullopt;
}

bool parser::wildcard_match(std::string_view text, std::string_view pattern, bool case_sensitive,
                            std::size_t offset) {
  // WildcardPattern: * ? [abc] [a-z], and ` escaping the next character; `?` and a set match one
  // .NET character, a UTF-16 unit: 'é' -like '?', but a character past U+FFFF is two, so
  // '😀x' -like '?x' is false (decision 733).
  std::u32string p;
  for (const char32_t c : code_points(folded(pattern, case_sensitive))) {
    if (c < 0x10000) {
      p += c;
    } else {
      p += high_surrogate(c);
      p += low_surrogate(c);
    }
  }
  std::vector<wildcard_token> tokens;
  for (std::size_t k = 0; k < p.size(); ++k) {
    const char32_t c = p[k];
    if (c == U'`' && k + 1 < p.size()) {
      tokens.push_back({'c', std::u32string(1, p[++k])});
    } else if (c == U'*' || c == U'?') {
      tokens.push_back({static_cast<char>(c), {}});
    } else if (c == U'[') {
      const std::size_t close = p.find(U']', k + 1);
      if (close == std::u32string::npos) {
        fail(offset, fmt::format("-like: the wildcard pattern '{}' opens '[' without ']'",
                                 shortened_at(pattern, kQuotedPatternBytes)));
      }
      tokens.push_back({'[', p.substr(k + 1, close - k - 1)});
      k = close;
    } else {
      tokens.push_back({'c', std::u32string(1, c)});
    }
  }
  // The text read in place, a character at a time: as 32-bit characters a 100 MB text took
  // 400 MB more (decision 694). Folding keeps byte lengths.
  std::string folded_text;
  if (!case_sensitive) folded_text = case_folded_copy(text);
  const std::string_view t = case_sensitive ? text : std::string_view(folded_text);
  const auto one = [&](const wildcard_token& token, char32_t ch) {
    if (token.kind == '?') return true;
    if (token.kind == 'c') return token.chars[0] == ch;
    const std::u32string& set = token.chars;
    for (std::size_t k = 0; k < set.size(); ++k) {
      if (k + 2 < set.size() && set[k + 1] == U'-') {
        if (ch >= set[k] && ch <= set[k + 2]) return true;
        k += 2;
      } else if (set[k] == ch) {
        return true;
      }
    }
    return false;
  };
  // Greedy with one backtracking point, the last '*': text times pattern at worst, so the steps
  // are counted and bounded (docs/reliability.md, "Limits").
  // A place in the text: its byte, and for a character past U+FFFF whether its high surrogate
  // is behind.
  struct place {
    std::size_t at = 0;
    bool low = false;
  };
  // The UTF-16 unit at `from`; `to` the place after it.
  const auto unit_at = [&](place from, place& to) -> char32_t {
    std::size_t length = 0;
    const char32_t ch = character_at(t, from.at, length);
    if (ch < 0x10000 || from.low) {
      to = {from.at + length, false};
      return ch < 0x10000 ? ch : low_surrogate(ch);
    }
    to = {from.at, true};
    return high_surrogate(ch);
  };
  place ti, mark;
  std::size_t pi = 0, star = std::string::npos, steps = 0;
  while (ti.at < t.size()) {
    if (++steps > kMaxWildcardSteps) {
      const std::string shown =
          pattern.size() > 40 ? std::string(pattern.substr(0, 37)) + "..." : std::string(pattern);
      fail(offset, fmt::format("-like: the wildcard pattern '{}' is too complex for this text "
                               "(more than {} steps)",
                               shown, kMaxWildcardSteps));
    }
    place next;
    if (pi < tokens.size() && tokens[pi].kind != '*' && one(tokens[pi], unit_at(ti, next))) {
      ti = next, ++pi;
    } else if (pi < tokens.size() && tokens[pi].kind == '*') {
      star = pi++, mark = ti;
    } else if (star != std::string::npos) {
      (void)unit_at(mark, next);
      pi = star + 1, ti = mark = next;
    } else {
      return false;
    }
  }
  while (pi < tokens.size() && tokens[pi].kind == '*') ++pi;
  return pi == tokens.size();
}

bool parser::regex_match(std::string_view text, std::string_view pattern, bool case_sensitive,
                         std::size_t offset, bool record_matches) {
  // .NET's Regex as Boost's Perl syntax reads it, bounded by Boost's complexity limit, which
  // throws rather than running on (docs/reliability.md, "Limits").
  std::optional<dotnet_regex> re;
  try {
    re.emplace(pattern, case_sensitive);
  } catch (const boost::regex_error& e) {
    fail(offset, fmt::format("-match: the pattern '{}' is not a regular expression (at offset "
                             "{}: {})",
                             shortened_at(pattern, kQuotedPatternBytes), e.position(), e.what()));
  }
  try {
    bool found = false;
    re->for_each_match(text, regex_reads_, [&](const dotnet_match& match) {
      found = true;
      if (record_matches) set_matches(captured_groups(*re, match, text), offset);
      return false;  // the first match is the answer
    });
    return found;
  } catch (const regex_budget_exhausted&) {
    regex_budget_failed("-match", offset);
  } catch (const std::runtime_error&) {
    fail(offset, fmt::format("-match: the pattern '{}' is too complex for this text (Boost.Regex "
                             "gave up)",
                             shortened_at(pattern, kQuotedPatternBytes)));
  }
}

// $Matches after a match on one text (about_Automatic_Variables): a table of what each group
// captured.
void parser::set_matches(std::vector<std::pair<std::string, std::string>> groups,
                         std::size_t offset) {
  ps_value table;
  table.kind = ps_kind::table;
  table.value.where = at(offset);
  for (auto& [key, text] : groups) {
    // A numbered group's key is the number (an Int32), a named group's its name (decision 977).
    const bool numbered = whole_number_in(key).has_value();
    table.entries.push_back({std::move(key), at(offset),
                             plain({value_type::text, std::move(text), false, {}, at(offset)}),
                             offset, numbered});
  }
  charge_table(table, offset);
  will_assign("matches");
  variables_["matches"] = std::move(table);
}

std::string_view parser::operand_text(const param_value& v, std::string& storage) const {
  if (v.type == value_type::text) return v.text;
  storage = to_text(plain(v));
  return storage;
}

bool parser::values_equal(const param_value& left, const param_value& right, bool case_sensitive) {
  if (left.type == value_type::null || right.type == value_type::null) {
    return left.type == right.type;
  }
  if (left.type == value_type::boolean) return left.flag == truthy(plain(right));
  if (left.type == value_type::number) {
    const auto l = as_number(left), r = as_right_number(left, right);
    if (l && r) return *l == *r;
    if (l) return false;  // 5 -eq 'five': the right cannot become a number
  }
  std::string left_written, right_written;
  const std::string_view l = operand_text(left, left_written);
  const std::string_view r = operand_text(right, right_written);
  // Folding keeps byte lengths: texts of other lengths differ, and are not folded to tell.
  return l.size() == r.size() && text_order(l, r, case_sensitive) == 0;
}

int parser::values_order(const param_value& left, const param_value& right, bool case_sensitive,
                         std::size_t offset) {
  if (left.type == value_type::null || right.type == value_type::null) {
    if (left.type == right.type) return 0;
    // PowerShell's binder orders a number against $null as against 0, never equal: $null is
    // below 0 and above a negative number (-1 -lt $null is True; decision 1025). Anything else
    // is above $null.
    if (left.type == value_type::number) return as_number(left).value_or(0) < 0 ? -1 : 1;
    if (right.type == value_type::number) return as_number(right).value_or(0) < 0 ? 1 : -1;
    return left.type == value_type::null ? -1 : 1;
  }
  if (left.type == value_type::boolean) {
    return static_cast<int>(left.flag) - static_cast<int>(truthy(plain(right)));
  }
  if (left.type == value_type::number) {
    const auto l = as_number(left), r = as_right_number(left, right);
    if (l && !r) {
      fail(offset, fmt::format("cannot compare {} with '{}': '{}' is not a number", left.text,
                               to_text(plain(right)), to_text(plain(right))));
    }
    if (l && r) return *l < *r ? -1 : *l > *r ? 1 : 0;
  }
  std::string left_written, right_written;
  return text_order(operand_text(left, left_written), operand_text(right, right_written),
                    case_sensitive);
}

bool parser::scalar_comparison(const comparison_operator& op, const param_value& left,
                               const param_value& right, std::size_t offset, bool record_matches) {
  const std::string& o = op.base;
  const bool cs = op.case_sensitive;
  if (o == "eq") return values_equal(left, right, cs);
  if (o == "ne") return !values_equal(left, right, cs);
  std::string left_written, right_written;
  if (o == "like" || o == "notlike") {
    return wildcard_match(operand_text(left, left_written), operand_text(right, right_written), cs,
                          offset) == (o == "like");
  }
  if (o == "match" || o == "notmatch") {
    return regex_match(operand_text(left, left_written), operand_text(right, right_written), cs,
                       offset, record_matches) == (o == "match");
  }
  const int order = values_order(left, right, cs, offset);
  if (o == "gt") return order > 0;
  if (o == "ge") return order >= 0;
  if (o == "lt") return order < 0;
  return order <= 0;  // le
}

ps_value parser::compare(const comparison_operator& op, const ps_value& left_value,
                         const ps_value& right_value, std::size_t offset) {
  // A plain operand is compared where it is, not copied (decision 694).
  param_value left_text, right_text;
  const auto as_param = [&](const ps_value& v, param_value& text) -> const param_value& {
    if (v.kind == ps_kind::plain) return v.value;
    text = param_value{value_type::text, to_text(v), false, {}, at(offset)};
    return text;
  };
  const param_value& left = as_param(left_value, left_text);
  const param_value& right = as_param(right_value, right_text);
  const std::string& o = op.base;
  if (o == "contains" || o == "notcontains" || o == "in" || o == "notin") {
    const bool contains = o == "contains" || o == "notcontains";
    const param_value& collection = contains ? left : right;
    const param_value& item = contains ? right : left;
    bool found = false;
    for (const auto& element : operand_items(collection)) {
      if (values_equal(element, item, op.case_sensitive)) {
        found = true;
        break;
      }
    }
    const bool positive = o == "contains" || o == "in";
    return plain(param_value{value_type::boolean, "", found == positive, {}, at(offset)});
  }
  if (left.type != value_type::list) {
    // On one text, -match and -notmatch set $Matches when the pattern matched.
    const bool result = scalar_comparison(op, left, right, offset, true);
    return plain(param_value{value_type::boolean, "", result, {}, at(offset)});
  }
  // A list on the left: the items for which the comparison holds.
  param_value kept{value_type::list, "", false, {}, at(offset)};
  for (const auto& element : left.items) {
    if (scalar_comparison(op, element, right, offset)) kept.items.push_back(element);
  }
  return plain(std::move(kept));
}

}  // namespace mfsim::rules::ps
