#include "engine/rules/powershell_regex.h"

#include <fmt/format.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <cstdint>
#include <optional>

#include "engine/ascii.h"
#include "engine/rules/class_ranges_any_case.h"
#include "engine/utf8.h"

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

// Whether .NET's IgnorePatternWhitespace (x) ignores `c` outside a class (RegexOptions,
// "Ignore White Space").
bool is_pattern_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// An inline option construct at `at`: `(?imnsx-imnsx)` (`scoped` false) or `(?imnsx-imnsx:`.
struct option_construct {
  std::size_t length;  // through the `)` or `:`
  std::string on, off;
  bool scoped;
};

std::optional<option_construct> option_construct_at(std::string_view pattern, std::size_t at) {
  if (pattern.substr(at, 2) != "(?") return {};
  option_construct found{0, {}, {}, false};
  bool negated = false;
  for (std::size_t k = at + 2; k < pattern.size(); ++k) {
    const char c = pattern[k];
    if (c == '-' && !negated) {
      negated = true;
    } else if (std::string_view("imnsxIMNSX").find(c) != std::string_view::npos) {
      (negated ? found.off : found.on) += c;
    } else if ((c == ')' || c == ':') && !(found.on.empty() && found.off.empty())) {
      found.length = k + 1 - at;
      found.scoped = c == ':';
      return found;
    } else {
      return {};
    }
  }
  return {};
}

bool has_option(std::string_view letters, char option) {
  return letters.find(option) != std::string_view::npos ||
         letters.find(ascii_upper(option)) != std::string_view::npos;
}

// How .NET's inline options x, n, m and s read a pattern: the characters x ignores (white
// space and `#` comments outside a class), and the pattern written for Boost, which lacks n
// (each unnamed group under n made `(?:`, the n dropped from the option constructs) and reads
// `$` without m as the text's very end, where .NET also takes the place before a final line
// feed (`$` written `(?=\n?\z)`, decision 769). Boost also ends a line, a `#` comment and
// what `.` and `\Z` pass over at `\r` and `\f`, .NET at `\n` only: the anchors are written
// out (`^` under m `(?<![^\n])`, `$` under m `(?=\n|\z)`, `\Z` as `$`), `.` without s is
// `[^\n]`, and a comment is left out (decision 802).
struct option_reading {
  std::vector<bool> ignored;  // by position in `pattern`
  // By position in `pattern`, at each class's `[`: whether case is ignored there (i).
  std::vector<bool> case_ignored;
  std::string for_boost;  // empty when the pattern needs no change
};

// The longest pattern handed to Boost, after the rewrites above: a script's patterns are
// lines, or lists of names joined with |, far shorter.
constexpr std::size_t kMaxBoostPattern = std::size_t{1} << 20;

// .NET's `$` without m, and its `\Z`: the text's end, or before a line feed that ends it.
constexpr std::string_view kDollar = "(?=\\n?\\z)";

option_reading read_options(std::string_view pattern, bool case_sensitive, line_anchors anchors) {
  struct scope {
    bool i = false;
    bool x = false;
    bool n = false;
    bool m = false;
    bool s = false;
  };
  std::vector<scope> scopes(1);
  scopes.back().m = anchors == line_anchors::every_line;
  scopes.back().i = !case_sensitive;
  option_reading reading{
      std::vector<bool>(pattern.size(), false), std::vector<bool>(pattern.size(), false), {}};
  std::size_t copied = 0;  // pattern[0, copied) is in for_boost
  const auto edit = [&](std::size_t from, std::size_t to, std::string_view with) {
    reading.for_boost.append(pattern.substr(copied, from - copied));
    reading.for_boost += with;
    copied = to;
  };
  for (std::size_t at = 0; at < pattern.size(); ++at) {
    const char c = pattern[at];
    if (scopes.back().x && is_pattern_space(c)) {
      reading.ignored[at] = true;
    } else if (scopes.back().x && c == '#') {
      const std::size_t comment = at;
      for (; at < pattern.size() && pattern[at] != '\n'; ++at) reading.ignored[at] = true;
      edit(comment, at, "");
      if (at < pattern.size()) reading.ignored[at] = true;
    } else if (c == '\\') {
      if (pattern.substr(at, 2) == "\\Z") edit(at, at + 2, kDollar);
      ++at;
    } else if (c == '[') {
      reading.case_ignored[at] = scopes.back().i;
      at = class_end(pattern, at);
    } else if (pattern.substr(at, 3) == "(?#") {
      const std::size_t end = pattern.find(')', at);
      at = end == std::string_view::npos ? pattern.size() : end;
    } else if (pattern.substr(at, 3) == "(?(" && at + 3 < pattern.size() &&
               pattern[at + 3] != '?') {
      // A condition's group or name, (?(1)...), is no group: passed over, never made (?:.
      scopes.push_back(scopes.back());
      const std::size_t end = pattern.find(')', at + 3);
      at = end == std::string_view::npos ? pattern.size() : end;
    } else if (const auto options = option_construct_at(pattern, at)) {
      scope set = scopes.back();
      if (has_option(options->on, 'i')) set.i = true;
      if (has_option(options->off, 'i')) set.i = false;
      if (has_option(options->on, 'x')) set.x = true;
      if (has_option(options->off, 'x')) set.x = false;
      if (has_option(options->on, 'n')) set.n = true;
      if (has_option(options->off, 'n')) set.n = false;
      if (has_option(options->on, 'm')) set.m = true;
      if (has_option(options->off, 'm')) set.m = false;
      if (has_option(options->on, 's')) set.s = true;
      if (has_option(options->off, 's')) set.s = false;
      if (options->scoped) {
        scopes.push_back(set);
      } else {
        scopes.back() = set;
      }
      if (has_option(options->on, 'n') || has_option(options->off, 'n')) {
        const auto without = [](std::string letters) {
          std::erase_if(letters, [](char l) { return l == 'n' || l == 'N'; });
          return letters;
        };
        const std::string on = without(options->on);
        const std::string off = without(options->off);
        // `(?:)` for an option construct left empty: nothing, and no two tokens run together.
        std::string with = "(?" + on + (off.empty() ? "" : "-" + off);
        with += options->scoped ? ":" : (on.empty() && off.empty() ? ":)" : ")");
        edit(at, at + options->length, with);
      }
      at += options->length - 1;
    } else if (c == '(') {
      if (scopes.back().n && pattern.substr(at, 2) != "(?" && pattern.substr(at, 2) != "(*") {
        edit(at, at + 1, "(?:");
      }
      scopes.push_back(scopes.back());
    } else if (c == ')' && scopes.size() > 1) {
      scopes.pop_back();
    } else if (c == '$') {
      // A transport rule's `$` also ends a line before CRLF: Exchange may match a body line by
      // line, and mfsim finds what it finds under either reading (decisions 432, 812).
      const std::string_view line_end =
          anchors == line_anchors::every_line ? "(?=\\r?\\n|\\z)" : "(?=\\n|\\z)";
      edit(at, at + 1, scopes.back().m ? line_end : kDollar);
    } else if (c == '^') {
      edit(at, at + 1, scopes.back().m ? "(?<![^\\n])" : "\\A");
    } else if (c == '.' && !scopes.back().s) {
      edit(at, at + 1, "[^\\n]");
    }
  }
  if (copied != 0) reading.for_boost.append(pattern.substr(copied));
  return reading;
}

// Refuses what Boost reads as a construct of its own where .NET refuses the pattern or reads
// characters (decision 803): the verbs `(*FAIL)`, a branch reset `(?|`, recursion `(?1)`,
// `(?R)`, `(?&name)`, Python's `(?P<name>`, a possessive quantifier `a++`, `\x` without two
// hexadecimal digits (`\x{41}`), and in a class `[:alpha:]`, `[.a.]`, `[=a=]` (which .NET
// reads as characters) and a subtraction `[a-z-[aeiou]]` (which Boost reads as characters).
void refuse_boost_only_constructs(std::string_view pattern, const std::vector<bool>& ignored) {
  const auto refuse = [&](std::size_t at, std::string_view what) {
    throw boost::regex_error(
        fmt::format("{} at offset {} is read apart by .NET and by Boost, which mfsim uses", what,
                    at),
        boost::regex_constants::error_bad_pattern, static_cast<std::ptrdiff_t>(at));
  };
  const auto is_hex = [](char c) { return ascii_hex_value(c) >= 0; };
  const auto check_escape = [&](std::size_t at) {
    if (at + 1 < pattern.size() && pattern[at + 1] == 'x' &&
        !(at + 3 < pattern.size() && is_hex(pattern[at + 2]) && is_hex(pattern[at + 3]))) {
      refuse(at, "\\x without two hexadecimal digits");
    }
  };
  // Whether the `}` at `close` ends a quantifier {n}, {n,} or {n,m}, not a `}` of its own.
  const auto closes_quantifier = [&](std::size_t close) {
    std::size_t open = close;
    while (open > 0 && (ascii_is_digit(pattern[open - 1]) || pattern[open - 1] == ',')) --open;
    return open > 0 && pattern[open - 1] == '{' && open < close && ascii_is_digit(pattern[open]);
  };
  for (std::size_t at = 0; at < pattern.size(); ++at) {
    if (ignored[at]) continue;
    const std::string_view rest = pattern.substr(at);
    if (rest.front() == '\\') {
      check_escape(at);
      ++at;
    } else if (rest.front() == '[') {
      const std::size_t end = class_end(pattern, at);
      bool after_escape = false;  // pattern[k - 1] was escaped: `[a\-[]` holds a plain '-'
      for (std::size_t k = at + 1; k < end; ++k) {
        if (pattern[k] == '\\') {
          check_escape(k);
          ++k;
          after_escape = true;
          continue;
        }
        if (pattern[k] == '[' && k + 1 < end &&
            std::string_view(":.=").find(pattern[k + 1]) != std::string_view::npos) {
          refuse(k, "a POSIX class or collating element [:...:] inside [...]");
        } else if (pattern[k] == '[' && pattern[k - 1] == '-' && !after_escape && k - 1 > at + 1) {
          refuse(k, "a class subtraction -[...]");
        }
        after_escape = false;
      }
      at = end;
    } else if (rest.starts_with("(?#")) {
      const std::size_t end = pattern.find(')', at);
      at = end == std::string_view::npos ? pattern.size() : end;
    } else if (rest.starts_with("(*") || rest.starts_with("(?|") || rest.starts_with("(?R") ||
               rest.starts_with("(?&") || rest.starts_with("(?P") || rest.starts_with("(?+") ||
               (rest.size() > 2 && rest.starts_with("(?") && ascii_is_digit(rest[2])) ||
               (rest.size() > 3 && rest.starts_with("(?-") && ascii_is_digit(rest[3]))) {
      refuse(at, fmt::format("the construct {}", rest.substr(0, 3)));
    } else if (rest.size() > 1 && rest[1] == '+' &&
               (rest[0] == '*' || rest[0] == '+' || rest[0] == '?' ||
                (rest[0] == '}' && closes_quantifier(at)))) {
      refuse(at, "a possessive quantifier");
    }
  }
}

// The capturing groups in the order their `(` is written, each with its name (empty when it
// has none). Escapes, classes, comments, what x ignores and verbs hold none.
std::vector<std::string> capturing_groups(std::string_view pattern,
                                          const std::vector<bool>& ignored) {
  std::vector<std::string> groups;
  const auto skip_to = [&](std::string_view what, std::size_t from) {
    const std::size_t found = pattern.find(what, from);
    return found == std::string_view::npos ? pattern.size() : found + what.size() - 1;
  };
  for (std::size_t at = 0; at < pattern.size(); ++at) {
    const std::string_view rest = pattern.substr(at);
    if (ignored[at]) {
      continue;
    } else if (rest.front() == '\\') {
      ++at;
    } else if (rest.front() == '[') {
      at = class_end(pattern, at);
    } else if (rest.starts_with("(?#")) {
      at = skip_to(")", at + 3);
    } else if (rest.starts_with("(?(") && rest.size() > 3 && rest[3] != '?') {
      at = skip_to(")", at + 3);  // the condition (?(1)...) or (?(<name>)...) is no group
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

// `pattern` as Boost reads it, by character, case ignored unless `case_sensitive`: each
// character of pattern and text by its lower case, as .NET's table of case equivalences
// (dotnet_icu_traits.h, decisions 966, 1018). The pattern is not folded first: Boost lowers
// its characters itself, where the ignored case reaches them, and a folded `µ` or `ς` matched
// no `µ` or `ς`, a folded `(?-i:É)` no `É` (decision 1018). `^` and `$` are at the text's
// ends unless the pattern asks for (?m), as .NET reads them without RegexOptions.Multiline;
// Boost's Perl syntax reads them at every line (decision 769), which the transport rules'
// patterns keep (decision 432).
// `by_character` is the same pattern as searched by character (decision 1057).
character_regex compiled(std::string_view pattern, std::string_view by_character,
                         bool case_sensitive, line_anchors anchors) {
  boost::regex::flag_type flags = boost::regex::perl | boost::regex::no_mod_s;
  if (anchors == line_anchors::text_ends) flags |= boost::regex::no_mod_m;
  if (case_sensitive) return {pattern, by_character, flags};
  return {pattern, by_character, flags | boost::regex::icase};
}

// .NET's \b and \B, whose word characters are \w's and the zero-width non-joiner and joiner
// (RegexCharClass.IsBoundaryWordChar), written as one look-ahead each so that what may follow
// them is what may follow Boost's own \b.
constexpr std::string_view kBoundaryWithJoiners =
    "(?=(?<=[\\w\\x{200C}\\x{200D}])(?![\\w\\x{200C}\\x{200D}])|"
    "(?<![\\w\\x{200C}\\x{200D}])(?=[\\w\\x{200C}\\x{200D}]))";
// .NET's \B holds at the text's ends where the character beside it is no word character
// (RegexRunner.IsBoundary reads no character there as none); Boost's fails there (decision
// 1059). Written out for the search by byte too.
constexpr std::string_view kNoBoundary = "(?=(?<=\\w)(?=\\w)|(?<!\\w)(?!\\w))";
constexpr std::string_view kNoBoundaryWithJoiners =
    "(?=(?<=[\\w\\x{200C}\\x{200D}])(?=[\\w\\x{200C}\\x{200D}])|"
    "(?<![\\w\\x{200C}\\x{200D}])(?![\\w\\x{200C}\\x{200D}]))";

// The decimal number of `digits`, or 0 when it has none or passes `most`.
std::size_t group_number(std::string_view digits, std::size_t most) {
  std::size_t number = 0;
  for (const char c : digits) {
    if (!ascii_is_digit(c)) return 0;
    number = number * 10 + static_cast<std::size_t>(c - '0');
    if (number > most) return 0;
  }
  return number;
}

// .NET's octal escape at the start of `digits` (written after the `\\` at `at`), as Boost reads
// it, appended to `out`: at most three octal digits, their value's low 8 bits a character
// (RegexOptions' "ECMAScript matching behavior" table). Returns how many digits it took; the
// rest are literal digits. A leading 8 or 9 starts no escape: .NET refuses the pattern.
std::size_t octal_escape(std::string_view digits, std::size_t at, std::string& out) {
  std::size_t used = 0;
  unsigned value = 0;
  while (used < digits.size() && used < 3 && digits[used] >= '0' && digits[used] <= '7')
    value = value * 8 + static_cast<unsigned>(digits[used++] - '0');
  if (used == 0) {
    throw boost::regex_error(fmt::format("\\{} names no group and is no escape", digits),
                             boost::regex_constants::error_escape, static_cast<std::ptrdiff_t>(at));
  }
  value &= 0xFF;
  if (value < 0x80) {
    out += fmt::format("\\x{{{:02X}}}", value);
  } else {
    // U+0080 to U+00FF: the character's UTF-8 bytes, grouped so a quantifier takes both.
    out += "(?:";
    append_utf8_code_point(value, out);
    out += ')';
  }
  return used;
}

// Whether digits from `from` end with the closing mark of `open` ('<' or the apostrophe).
bool digits_close(std::string_view pattern, std::size_t from, char open) {
  std::size_t end = from;
  while (end < pattern.size() && ascii_is_digit(pattern[end])) ++end;
  return end > from && end < pattern.size() && pattern[end] == (open == '<' ? '>' : '\'');
}

[[noreturn]] void throw_undefined_reference(std::string_view reference, std::size_t at) {
  throw boost::regex_error(fmt::format("{} names no group", reference),
                           boost::regex_constants::error_backref, static_cast<std::ptrdiff_t>(at));
}

// .NET's \p{Name} and \P{Name} name a Unicode category or block (\p{L}: any letter). Boost
// looks the name up among its own classes, case-insensitively, outside a class only: \p{L} is
// its "l", the lower-case letters, \p{S} its white space, and [\p{L}] the characters p, {, L, }.
// No category is read rather than a wrong one (decision 750).
[[noreturn]] void throw_unicode_category(std::string_view pattern, std::size_t at) {
  const std::size_t close = pattern.find('}', at);
  const std::string_view escape = close == std::string_view::npos || close - at > 40
                                      ? pattern.substr(at, 2)
                                      : pattern.substr(at, close + 1 - at);
  throw boost::regex_error(
      fmt::format("{} (a Unicode category or block) is not read: mfsim has no table of them",
                  escape),
      boost::regex_constants::error_escape, static_cast<std::ptrdiff_t>(at));
}

// .NET refuses a backslash before a word character it knows no escape for, in every script
// ("Unrecognized escape sequence \\é", RegexParser's ScanCharEscape): Boost read `\é` as `é`.
// A word character is one of \w's categories, or the zero-width (non-)joiner (decision 951).
void refuse_escaped_word_character(std::string_view pattern, std::size_t at) {
  if (at + 1 >= pattern.size() || static_cast<unsigned char>(pattern[at + 1]) < 0x80) return;
  std::uint32_t code = 0;
  if (utf8_sequence_length(pattern, at + 1, &code) == 0) return;  // refused as no UTF-8 later
  const auto character = static_cast<UChar32>(code);
  const auto category = static_cast<UCharCategory>(u_charType(character));
  const bool word = (U_GET_GC_MASK(character) & U_GC_L_MASK) != 0 ||
                    category == U_NON_SPACING_MARK || category == U_DECIMAL_DIGIT_NUMBER ||
                    category == U_CONNECTOR_PUNCTUATION || code == 0x200C || code == 0x200D;
  if (!word) return;
  throw boost::regex_error(
      fmt::format("\\{} is no escape .NET knows",
                  pattern.substr(at + 1, utf8_sequence_length(pattern, at + 1))),
      boost::regex_constants::error_escape, static_cast<std::ptrdiff_t>(at));
}

// Escapes outside a class that Boost reads otherwise than .NET: \< \> \` \' are anchors in
// Boost, \v a class of line breaks and \u an upper-case letter; a letter .NET does not know
// (\h, \R, \K, \X, \l, ...) is a construct in Boost and refused by .NET.
bool boost_only_escape(char c) {
  if (std::string_view("<>`'_").find(c) != std::string_view::npos) return true;
  return ascii_is_alpha(c) &&
         std::string_view("bBAGZzwWsSdDpPkxaefnrtc").find(c) == std::string_view::npos;
}

// .NET's reading of the escape at `at` (a boost_only_escape), written for Boost to `out`;
// returns its length. Throws boost::regex_error where .NET refuses the pattern.
std::size_t dotnet_escape(std::string_view pattern, std::size_t at, std::string& out) {
  const char c = pattern[at + 1];
  if (c == '<' || c == '\'') {
    // \<name>, \'name', \<N>: .NET's older spelling of \k<name> (RegexParser's "angle without
    // \k"); otherwise the character itself.
    const char close = c == '<' ? '>' : '\'';
    std::size_t end = at + 2;
    while (end < pattern.size() && is_name_char(pattern[end])) ++end;
    if (end > at + 2 && end < pattern.size() && pattern[end] == close) {
      out += "\\k<";
      out.append(pattern.substr(at + 2, end - at - 2));
      out += '>';
      return end + 1 - at;
    }
  }
  if (!ascii_is_alpha(c) && c != '_') {
    out += fmt::format("\\x{{{:02X}}}", static_cast<unsigned>(c));  // \> \` \' and a lone \<
    return 2;
  }
  if (c == 'v') {
    out += "\\x{0B}";  // .NET's \v is the vertical tab alone
    return 2;
  }
  std::uint32_t code = 0;
  bool hex = c == 'u' && at + 6 <= pattern.size();
  for (std::size_t k = at + 2; hex && k < at + 6; ++k) {
    hex = ascii_hex_value(pattern[k]) >= 0;
    if (hex) code = code * 16 + static_cast<std::uint32_t>(ascii_hex_value(pattern[k]));
  }
  if (hex) {
    if (code < 0xD800 || code > 0xDFFF) {
      // One UTF-16 unit, as UTF-8 bytes grouped so a quantifier takes them all.
      out += "(?:";
      if (code < 0x80) {
        out += fmt::format("\\x{{{:02X}}}", code);
      } else {
        append_utf8_code_point(code, out);
      }
      out += ')';
      return 6;
    }
    throw boost::regex_error(
        fmt::format("\\{} is half of a surrogate pair, which no UTF-8 text holds",
                    pattern.substr(at + 1, 5)),
        boost::regex_constants::error_escape, static_cast<std::ptrdiff_t>(at));
  }
  throw boost::regex_error(fmt::format("\\{} is no escape .NET knows", c),
                           boost::regex_constants::error_escape, static_cast<std::ptrdiff_t>(at));
}

// The class written from `open` to its `]` at `end` as Boost reads it as .NET does; nullopt
// where Boost's reading is .NET's already. In a class \N is no back-reference but .NET's octal
// escape, which Boost refuses, and \uXXXX a UTF-16 unit where Boost reads the upper-case
// letters: an ASCII one is written \x{HH}, one past ASCII as the character itself, which the
// class, read by character (decision 851), holds as one member, negated or in a range too
// (decision 952). A letter or `_` .NET does not know as an escape is refused, as .NET refuses
// it (decision 762).
std::optional<std::string> class_for_boost(std::string_view pattern, std::size_t open,
                                           std::size_t end) {
  if (end >= pattern.size()) return std::nullopt;  // unclosed: Boost refuses it, as .NET does
  std::string members;                             // the class's members as Boost reads them
  bool changed = false;
  std::size_t copied = open;  // pattern[open, copied) is in members
  for (std::size_t k = open + 1; k + 1 < end; ++k) {
    if (pattern[k] != '\\') continue;
    const char c = pattern[k + 1];
    std::string escape;
    std::size_t used = 0;  // from the backslash
    if (ascii_is_digit(c)) {
      std::size_t digits = k + 1;
      while (digits < end && ascii_is_digit(pattern[digits])) ++digits;
      used = 1 + octal_escape(pattern.substr(k + 1, digits - k - 1), k, escape);
    } else if (c == 'p' || c == 'P') {
      throw_unicode_category(pattern, k);
    } else if (c == 'u' || c == '_' ||
               (ascii_is_alpha(c) &&
                std::string_view("dDwWsSxabefnrtc").find(c) == std::string_view::npos)) {
      used = dotnet_escape(pattern, k, escape);  // \v the vertical tab, \uXXXX; others refused
    } else {
      refuse_escaped_word_character(pattern, k);
      ++k;  // the escaped character
      continue;
    }
    if (escape.starts_with("(?:")) escape = escape.substr(3, escape.size() - 4);
    members.append(pattern.substr(copied, k - copied));
    members += escape;
    changed = true;
    copied = k + used;
    k = copied - 1;
  }
  if (!changed) return std::nullopt;
  members.append(pattern.substr(copied, end + 1 - copied));
  return members;
}

}  // namespace

std::string dotnet_regex::boost_reference(std::size_t number, bool in_condition) const {
  const dotnet_group& group = groups_[number - 1];
  if (!group.name.empty()) return in_condition ? "<" + group.name + ">" : "\\k<" + group.name + ">";
  const std::string index = std::to_string(group.boost_index);
  return in_condition ? index : "\\g{" + index + "}";
}

std::string dotnet_regex::with_boost_references(std::string_view pattern,
                                                const std::vector<bool>& ignored,
                                                const std::vector<bool>& case_ignored,
                                                bool joiners_in_boundaries) const {
  std::string out;
  std::size_t copied = 0;  // pattern[0, copied) is in out
  // The reference written from `from` to `to` to .NET group `number` (0: none), as Boost reads
  // it; left as written where Boost's group is .NET's already.
  const auto refer = [&](std::size_t from, std::size_t to, std::size_t number, bool condition,
                         bool numbered) {
    if (number == 0) return;
    const dotnet_group& group = groups_[number - 1];
    if (numbered && group.boost_index == static_cast<int>(number) &&
        (group.name.empty() || !condition)) {
      return;
    }
    out.append(pattern.substr(copied, from - copied));
    out += boost_reference(number, condition);
    copied = to;
  };
  const auto digits_from = [&](std::size_t from) {
    std::size_t end = from;
    while (end < pattern.size() && ascii_is_digit(pattern[end])) ++end;
    return end;
  };
  for (std::size_t at = 0; at < pattern.size(); ++at) {
    const std::string_view rest = pattern.substr(at);
    if (ignored[at]) {
      continue;  // white space or a comment under x
    } else if (rest.size() > 1 && rest[0] == '\\' && rest[1] >= '1' && rest[1] <= '9') {
      // \N: every digit is the number (.NET's "Backreference Constructs"), written \g{N} for
      // Boost, which reads \11 as \1 and "1". One digit naming no group is left to Boost, which
      // refuses it as .NET does; more digits naming no group are an octal escape (decision 692).
      const std::size_t end = digits_from(at + 1);
      const std::string_view digits = pattern.substr(at + 1, end - at - 1);
      const std::size_t number = group_number(digits, groups_.size());
      if (number != 0) {
        refer(at, end, number, false, digits.size() == 1);
      } else if (digits.size() > 1) {
        out.append(pattern.substr(copied, at - copied));
        const std::size_t octal = octal_escape(digits, at, out);
        copied = at + 1 + octal;
      }
      at = end - 1;
    } else if (rest.size() > 2 && rest[0] == '\\' && rest[1] == '0' && ascii_is_digit(rest[2])) {
      // \0 and at most two more octal digits (.NET); Boost would read a third.
      const std::size_t end = digits_from(at + 1);
      out.append(pattern.substr(copied, at - copied));
      copied = at + 1 + octal_escape(pattern.substr(at + 1, end - at - 1), at, out);
      at = copied - 1;
    } else if (const std::size_t open = rest.size() > 1 && rest[1] == 'k' ? 2 : 1;
               rest.size() > open + 1 && rest[0] == '\\' &&
               (open == 2 || ascii_is_digit(rest[2])) &&
               (rest[open] == '<' || rest[open] == '\'') &&
               digits_close(pattern, at + open + 1, rest[open])) {
      // \k<N> and \k'N' (and .NET's older \<N>, \'N') name a group by its .NET number.
      const std::size_t end = digits_from(at + open + 1);
      refer(at, end + 1,
            group_number(pattern.substr(at + open + 1, end - at - open - 1), groups_.size()), false,
            false);
      if (copied != end + 1) throw_undefined_reference(pattern.substr(at, end + 1 - at), at);
      at = end;
    } else if (rest.size() > 3 && rest[0] == '\\' && rest[1] == 'k') {
      ++at;  // \k<name> is Boost's own
    } else if (rest.size() > 1 && rest[0] == '\\' && (rest[1] == 'p' || rest[1] == 'P')) {
      throw_unicode_category(pattern, at);
    } else if (rest.size() > 1 && rest[0] == '\\' && boost_only_escape(rest[1])) {
      // An escape Boost reads otherwise than .NET (decision 730).
      out.append(pattern.substr(copied, at - copied));
      copied = at + dotnet_escape(pattern, at, out);
      at = copied - 1;
    } else if (rest.size() > 1 && rest[0] == '\\' &&
               ((joiners_in_boundaries && rest[1] == 'b') || rest[1] == 'B')) {
      out.append(pattern.substr(copied, at - copied));
      out += rest[1] == 'b'          ? kBoundaryWithJoiners
             : joiners_in_boundaries ? kNoBoundaryWithJoiners
                                     : kNoBoundary;
      copied = at + 2;
      ++at;
    } else if (rest.front() == '\\') {
      refuse_escaped_word_character(pattern, at);
      ++at;
    } else if (rest.front() == '[') {
      const std::size_t end = class_end(pattern, at);
      std::optional<std::string> written = class_for_boost(pattern, at, end);
      if (case_ignored[at] && end < pattern.size()) {
        // .NET's ranges under ignored case (decision 1056), read on the class as Boost gets it.
        auto any_case = class_ranges_any_case(written ? std::string_view(*written)
                                                      : pattern.substr(at, end + 1 - at));
        if (any_case) written = std::move(any_case);
      }
      if (written) {
        out.append(pattern.substr(copied, at - copied));
        out += *written;
        copied = end + 1;
      }
      at = end;
    } else if (rest.starts_with("(?#")) {
      const std::size_t end = pattern.find(')', at + 3);
      at = end == std::string_view::npos ? pattern.size() : end;
    } else if (rest.starts_with("(?(") && rest.size() > 3 && ascii_is_digit(rest[3])) {
      // (?(N)yes|no): whether .NET group N took part.
      const std::size_t end = digits_from(at + 3);
      if (end < pattern.size() && pattern[end] == ')') {
        refer(at + 3, end, group_number(pattern.substr(at + 3, end - at - 3), groups_.size()), true,
              true);
        at = end;
      }
    }
  }
  if (copied == 0) return {};
  out.append(pattern.substr(copied));
  return out;
}

dotnet_regex::dotnet_regex(std::string_view written, bool case_sensitive, line_anchors anchors) {
  // Explicit capture (n), which Boost lacks, and `$` written out first (decisions 760, 769);
  // what x ignores is read on the pattern Boost gets.
  option_reading options = read_options(written, case_sensitive, anchors);
  refuse_boost_only_constructs(written, options.ignored);
  const std::string for_boost = std::move(options.for_boost);
  const std::string_view pattern = for_boost.empty() ? written : std::string_view(for_boost);
  if (!for_boost.empty()) options = read_options(pattern, case_sensitive, anchors);
  const std::vector<std::string> declared = capturing_groups(pattern, options.ignored);
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
  // A back-reference in the pattern names .NET's group too (decision 600), and \NN naming no
  // group is an octal escape (decision 692): written in Boost's terms before Boost reads the
  // pattern, which would refuse \351 as a group it lacks.
  const std::string rewritten =
      with_boost_references(pattern, options.ignored, options.case_ignored, false);
  const std::string_view used = rewritten.empty() ? pattern : std::string_view(rewritten);
  // Only a text past ASCII can hold a joiner: the search by byte keeps Boost's own \b.
  const std::string by_character =
      pattern.find("\\b") == std::string_view::npos && pattern.find("\\B") == std::string_view::npos
          ? std::string()
          : with_boost_references(pattern, options.ignored, options.case_ignored, true);
  if (used.size() > kMaxBoostPattern) {
    // Boost's compiled states take some hundred bytes a character: '$' * 2mb, each $ written
    // (?=\n?\z), took a gigabyte and half a minute (decision 804).
    throw boost::regex_error(
        fmt::format("the pattern is {} bytes as Boost reads it, past the {} mfsim reads",
                    used.size(), kMaxBoostPattern),
        boost::regex_constants::error_space, 0);
  }
  re_ = compiled(used, by_character.empty() ? used : std::string_view(by_character), case_sensitive,
                 anchors);
  if (re_.mark_count() != declared.size()) {
    // A construct the scan does not know (a branch reset, which .NET refuses): Boost's numbers
    // would be other groups than .NET's, and the rewrites above read for the wrong ones
    // (decision 763).
    throw boost::regex_error(
        fmt::format("mfsim counts {} capturing groups where Boost counts {}: a construct mfsim "
                    "does not read as .NET does",
                    declared.size(), re_.mark_count()),
        boost::regex_constants::error_bad_pattern, 0);
  }
  boost_names_ = declared;
}

int dotnet_regex::boost_group(const dotnet_match& match, std::size_t number) const {
  if (number == 0 || number > groups_.size()) return 0;
  const dotnet_group& group = groups_[number - 1];
  if (!group.name.empty()) {
    // Boost gives each writing of a name its own group: the one that took part is .NET's.
    const int index = named_group(match, group.name);
    if (index > 0) return index;
  }
  return group.boost_index;
}

int dotnet_regex::named_group(const dotnet_match& match, std::string_view name) const {
  int first = -1;
  for (std::size_t at = 0; at < boost_names_.size(); ++at) {
    if (boost_names_[at] != name) continue;
    const int index = static_cast<int>(at + 1);
    if (match.matched(index)) return index;
    if (first < 0) first = index;
  }
  return first;
}

std::string captured(const dotnet_match& match, int group, std::string_view text) {
  if (!match.matched(group)) return {};
  return std::string(text.substr(static_cast<std::size_t>(match.position(group)),
                                 static_cast<std::size_t>(match.length(group))));
}

std::vector<std::pair<std::string, std::string>> captured_groups(const dotnet_regex& re,
                                                                 const dotnet_match& match,
                                                                 std::string_view text) {
  std::vector<std::pair<std::string, std::string>> groups;
  for (std::size_t number = 0; number <= re.group_count(); ++number) {
    const int group = re.boost_group(match, number);
    if (!match.matched(group)) continue;
    std::string key = number == 0 || re.group_name(number).empty() ? std::to_string(number)
                                                                   : re.group_name(number);
    groups.emplace_back(std::move(key), captured(match, group, text));
  }
  return groups;
}

int group_index(const dotnet_regex& re, const dotnet_match& match, std::string_view name) {
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
  return re.named_group(match, name);
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

std::optional<std::string> literal_text(std::string_view pattern) {
  std::string text;
  for (std::size_t at = 0; at < pattern.size(); ++at) {
    const char c = pattern[at];
    if (c == '\\') {
      // An escaped punctuation mark is itself; an escaped letter, digit or _ is a construct.
      const char next = at + 1 < pattern.size() ? pattern[at + 1] : '\0';
      if (next < 0x20 || next > 0x7E || ascii_is_alpha(next) || ascii_is_digit(next) || next == '_')
        return std::nullopt;
      text += pattern[++at];
    } else if (c == '(') {
      if (pattern.substr(at, 3) == "(?:") {
        at += 2;
      } else if (at + 1 < pattern.size() && pattern[at + 1] == '?') {
        return std::nullopt;  // a named group, a lookaround, options: not only text
      }
    } else if (c == ')') {
      continue;
    } else if (std::string_view(".^$|?*+[]{}#").find(c) != std::string_view::npos ||
               static_cast<unsigned char>(c) >= 0x80 || static_cast<unsigned char>(c) < 0x20) {
      return std::nullopt;
    } else {
      text += c;
    }
  }
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace mfsim::rules::ps
