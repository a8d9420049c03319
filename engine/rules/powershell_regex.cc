#include "engine/rules/powershell_regex.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/regex.hpp>
#include <optional>
#include <string>
#include <utility>

#include "engine/ascii.h"
#include "engine/rules/boost_only_constructs.h"
#include "engine/rules/class_ranges_any_case.h"
#include "engine/rules/condition_branch_options.h"
#include "engine/rules/dotnet_escapes.h"
#include "engine/rules/dotnet_group_numbers.h"
#include "engine/rules/dotnet_pattern_options.h"
#include "engine/rules/dotnet_pattern_scan.h"
#include "engine/rules/loop_capture_order.h"

namespace mfsim::rules::ps {
namespace {

// The longest pattern handed to Boost, after the rewrites of .NET's syntax: a script's
// patterns are lines, or lists of names joined with |, far shorter.
constexpr std::size_t kMaxBoostPattern = std::size_t{1} << 20;
// The most tests of a name's writings the references to names written twice make together
// (decision 1195): Boost took 11 s to compile 200 references to a name written 200 times, and
// mfsim 9 s to write 2,000 of 2,000 before it refused the pattern's length.
constexpr std::size_t kMostWritingTests = 1024;
// How deep Boost's parser nests groups, the pattern itself one of them ("Exceeded nested brace
// limit" past it; basic_regex_parser::parse_all).
constexpr std::size_t kBoostMostNested = 400;

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
// 1059). Written out for the search by byte too, as Boost's own \B or one of the ends: a
// look-ahead at every place searched took six times as long as Boost's \B (decision 1096).
constexpr std::string_view kNoBoundary = "(?:\\B|\\A(?!\\w)|\\z(?<!\\w))";
constexpr std::string_view kNoBoundaryWithJoiners =
    "(?=(?<=[\\w\\x{200C}\\x{200D}])(?=[\\w\\x{200C}\\x{200D}])|"
    "(?<![\\w\\x{200C}\\x{200D}])(?![\\w\\x{200C}\\x{200D}]))";

// The escapes of zero width Boost refuses to quantify: \A (and `^`, written \A without m),
// \z, \G and \b.
bool is_zero_width_escape(char c) { return c == 'A' || c == 'z' || c == 'G' || c == 'b'; }

// Whether `digits` are all zeros: group 0, the whole match, which .NET fills only once the
// pattern has matched, so that a test of it or a back-reference to it inside the pattern never
// finds it (decision 1173).
bool names_group_zero(std::string_view digits) {
  return !digits.empty() && digits.find_first_not_of('0') == std::string_view::npos;
}

// The condition written as a group at `at` (its `(?(?`), as Boost tests it: `(?:` and `(?>`
// as a look-ahead, which holds its match as an atomic group does, the look-arounds as written,
// an empty one a look-ahead for nothing, which Boost refuses written `(?=)` (decision 1175).
// Appends to `out` what replaces pattern[at, returned) (nothing and 0 where Boost's reading
// is .NET's). Throws where .NET refuses the condition (RegexParser.ScanGroupOpen): a comment,
// a named group, or options; and for a condition as the condition, which .NET reads and Boost
// cannot write.
std::size_t group_condition(std::string_view pattern, std::size_t at, std::string& out) {
  const std::string_view rest = pattern.substr(at);
  const auto refuse = [&](std::string_view what) {
    throw boost::regex_error(
        fmt::format("{} as the condition at offset {}, which .NET refuses", what, at),
        boost::regex_constants::error_bad_pattern, static_cast<std::ptrdiff_t>(at));
  };
  constexpr std::size_t kind = 4;         // rest[kind] says which group the condition is
  if (rest.size() <= kind + 1) return 0;  // unterminated: refused by Boost as by .NET
  const bool look_behind = rest[kind] == '<' && (rest[kind + 1] == '=' || rest[kind + 1] == '!');
  if (look_behind || rest[kind] == '!') return 0;
  if (rest[kind] == '#') refuse("a comment (?#...)");
  if (rest[kind] == '<' || rest[kind] == '\'') refuse("a named group");
  if (rest[kind] == '(') {  // a condition as the condition: .NET reads it, Boost cannot
    throw boost::regex_error(
        fmt::format("a condition (?(...)...) as the condition at offset {}, which .NET reads "
                    "but Boost, which mfsim uses, cannot test",
                    at),
        boost::regex_constants::error_bad_pattern, static_cast<std::ptrdiff_t>(at));
  }
  if (rest[kind] != ':' && rest[kind] != '>' && rest[kind] != '=')
    refuse("options or a group other than (?:, (?> or a look-around");
  out += "(?(?=";
  if (rest[kind + 1] == ')') out += "(?:)";
  return kind + 1;
}

// The name of the back-reference at `at` (\\k<name>, \\k'name', or .NET's older \\<name>,
// \\'name') and the end of the reference; an empty name where none is written there.
std::pair<std::string_view, std::size_t> named_reference(std::string_view pattern, std::size_t at) {
  std::size_t open = at + 1;
  if (open < pattern.size() && pattern[open] == 'k') ++open;
  if (open >= pattern.size() || (pattern[open] != '<' && pattern[open] != '\'')) return {};
  const std::size_t end = name_end(pattern, open + 1);
  if (end == open + 1 || end >= pattern.size() ||
      pattern[end] != (pattern[open] == '<' ? '>' : '\''))
    return {};
  return {pattern.substr(open + 1, end - open - 1), end + 1};
}

}  // namespace

const dotnet_regex::dotnet_group* dotnet_regex::numbered(std::size_t number) const noexcept {
  const auto found =
      std::lower_bound(groups_.begin(), groups_.end(), number,
                       [](const dotnet_group& group, std::size_t n) { return group.number < n; });
  return found != groups_.end() && found->number == number ? &*found : nullptr;
}

const dotnet_regex::dotnet_group* dotnet_regex::named(std::string_view name) const noexcept {
  if (name.empty()) return nullptr;
  const auto found = std::find_if(groups_.begin(), groups_.end(),
                                  [&](const dotnet_group& group) { return group.name == name; });
  return found != groups_.end() ? &*found : nullptr;
}

std::string dotnet_regex::boost_name(const dotnet_group& group) {
  return group.name.empty() ? std::to_string(group.number) : group.name;
}

std::string dotnet_regex::boost_reference(const dotnet_group& group, bool in_condition,
                                          const std::vector<int>& capture_order) const {
  if (group.writings.size() > 1) {
    if (in_condition) {
      // Built in place: GCC 12 warns (-Wrestrict, a false positive) on "<" + temporary + ">".
      std::string reference(1, '<');
      reference += boost_name(group);
      reference += '>';
      return reference;
    }
    std::string chain;
    for (const int writing : capture_order) {
      const std::string index = std::to_string(writing);
      chain = chain.empty() ? "\\g{" + index + "}"
                            : "(?(" + index + ")\\g{" + index + "}|" + chain + ")";
    }
    return "(?:" + chain + ")";
  }
  if (!group.name.empty()) return in_condition ? "<" + group.name + ">" : "\\k<" + group.name + ">";
  const std::string index = std::to_string(group.writings.front());
  return in_condition ? index : "\\g{" + index + "}";
}

std::size_t dotnet_regex::writing_opened_at(std::size_t at) const noexcept {
  const auto found = std::lower_bound(openings_.begin(), openings_.end(), at);
  return found != openings_.end() && *found == at
             ? static_cast<std::size_t>(found - openings_.begin()) + 1
             : 0;
}

std::string dotnet_regex::boost_opening(std::size_t writing) const {
  if (writing == 0) return "(";
  const dotnet_group& group = groups_[group_of_[writing - 1]];
  return group.writings.size() > 1 ? "(?<" + boost_name(group) + ">" : "(";
}

std::string dotnet_regex::with_boost_references(std::string_view pattern,
                                                const std::vector<bool>& ignored,
                                                const std::vector<bool>& case_ignored,
                                                const std::vector<std::size_t>& uncaptured_by_n,
                                                bool joiners_in_boundaries) const {
  std::string out;
  std::size_t copied = 0;                // pattern[0, copied) is in out
  std::size_t writing_tests = 0;         // made by the references to groups written twice
  std::optional<group_nesting> nesting;  // read once a reference needs it
  // The reference written from `from` to `to` to .NET group `number`, as Boost reads it; left
  // as written where Boost's group is .NET's already and written so (`as_boost`). False where
  // no group has that number.
  const auto refer = [&](std::size_t from, std::size_t to, std::size_t number, bool condition,
                         bool as_boost) {
    const dotnet_group* group = numbered(number);
    if (group == nullptr) return false;
    if (!condition) {
      if (!nesting) nesting.emplace(pattern, ignored, openings_);
      for (const int writing : group->writings) {
        if (nesting->closed_before(writing, from)) continue;
        // .NET reads what the group captured so far (in an earlier turn of a loop, else
        // nothing); Boost refuses it as a group that does not exist (decision 1228).
        throw boost::regex_error(
            fmt::format("the reference at offset {} is to a group that closes after it, which "
                        ".NET reads (what the group captured so far) but Boost, which mfsim "
                        "uses, cannot",
                        from),
            boost::regex_constants::error_backref, static_cast<std::ptrdiff_t>(from));
      }
    }
    if (as_boost && group->writings.size() == 1 &&
        group->writings.front() == static_cast<int>(number) &&
        (group->name.empty() || !condition)) {
      return true;
    }
    // Of several writings, the one closed last is the capture made last (decision 1262).
    const std::vector<int> capture_order =
        condition ? group->writings : nesting->in_capture_order(group->writings);
    if (!condition && group->writings.size() > 1) {
      if (nesting->may_capture_out_of_order(capture_order)) {
        // .NET reads the capture made last, which a loop may make with an earlier writing;
        // Boost's tests of the writings read the later one (decision 1227).
        throw boost::regex_error(
            fmt::format("the reference at offset {} is to a group written {} times, of which a "
                        "loop may capture an earlier-written one after a later one: .NET reads "
                        "the capture made last, which Boost, which mfsim uses, cannot tell",
                        from, group->writings.size()),
            boost::regex_constants::error_bad_pattern, static_cast<std::ptrdiff_t>(from));
      }
      // The tests nest one in another, a level each, inside the groups open at the reference
      // (decision 1264).
      if (const std::size_t depth = nesting->depth_at(from);
          1 + depth + group->writings.size() > kBoostMostNested) {
        throw boost::regex_error(
            fmt::format("the reference at offset {} is to a group written {} times, inside {} "
                        "groups: mfsim would nest the tests of its writings {} groups deep, past "
                        "the {} Boost, which mfsim uses, reads",
                        from, group->writings.size(), depth, 1 + depth + group->writings.size(),
                        kBoostMostNested),
            boost::regex_constants::error_complexity, static_cast<std::ptrdiff_t>(from));
      }
      // Each writing is a test (decision 1174): bounded (decision 1195).
      writing_tests += group->writings.size();
      if (writing_tests > kMostWritingTests) {
        throw boost::regex_error(
            fmt::format("the reference at offset {} to a group written {} times takes the "
                        "references' tests of their writings past the {} mfsim makes",
                        from, group->writings.size(), kMostWritingTests),
            boost::regex_constants::error_complexity, static_cast<std::ptrdiff_t>(from));
      }
    }
    out.append(pattern.substr(copied, from - copied));
    out += boost_reference(*group, condition, capture_order);
    copied = to;
    return true;
  };
  // .NET leaves uncaptured the first plain group after a condition written as a group, whose
  // number it still counts (decision 1175).
  bool uncapture_next = false;
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
      // Boost, which reads \11 as \1 and "1". One digit naming no group .NET refuses; more
      // digits naming no group are an octal escape (decision 692).
      const std::size_t end = digits_from(at + 1);
      const std::string_view digits = pattern.substr(at + 1, end - at - 1);
      if (refer(at, end, parse_group_number(digits), false, digits.size() == 1)) {
        // written as Boost reads it
      } else if (digits.size() > 1) {
        out.append(pattern.substr(copied, at - copied));
        const std::size_t octal = octal_escape(digits, at, out);
        copied = at + 1 + octal;
      } else {
        throw_undefined_reference(pattern.substr(at, 2), at);
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
      const std::string_view digits = pattern.substr(at + open + 1, end - at - open - 1);
      if (names_group_zero(digits)) {
        out.append(pattern.substr(copied, at - copied));
        out += "(?:(?!))";  // group 0 is never found inside the pattern
        copied = end + 1;
      }
      if (!names_group_zero(digits) &&
          !refer(at, end + 1, parse_group_number(digits), false, false))
        throw_undefined_reference(pattern.substr(at, end + 1 - at), at);
      at = end;
    } else if (const auto [reference_name, reference_end] = named_reference(pattern, at);
               rest[0] == '\\' && named(reference_name) != nullptr) {
      // \k<name>, or .NET's older \<name>, as Boost reads it: of a name written more than
      // once .NET's group holds the capture made last, where Boost's \k<name> reads the first
      // writing that took part (decision 1174).
      refer(at, reference_end, named(reference_name)->number, false, false);
      at = reference_end - 1;
    } else if (rest.size() > 3 && rest[0] == '\\' && rest[1] == 'k') {
      ++at;  // \k<name> is Boost's own
    } else if (rest.size() > 1 && rest[0] == '\\' && (rest[1] == 'p' || rest[1] == 'P')) {
      throw_unicode_category(pattern, at);
    } else if (rest.size() > 1 && rest[0] == '\\' && boost_only_escape(rest[1])) {
      // An escape Boost reads otherwise than .NET (decision 730).
      out.append(pattern.substr(copied, at - copied));
      copied = at + dotnet_escape(pattern, at, out);
      at = copied - 1;
    } else if (const bool quantified = rest.size() > 1 && rest[0] == '\\' &&
                                       is_zero_width_escape(rest[1]) &&
                                       quantifier_after(pattern, at + 2, ignored).has_value();
               quantified || (rest.size() > 1 && rest[0] == '\\' &&
                              ((joiners_in_boundaries && rest[1] == 'b') || rest[1] == 'B'))) {
      out.append(pattern.substr(copied, at - copied));
      // .NET quantifies an anchor as any other unit; Boost refuses \A, \z, \G and \b
      // quantified and repeats a group (decision 1111).
      if (quantified) out += "(?:";
      out += rest[1] == 'b'          ? (joiners_in_boundaries ? kBoundaryWithJoiners : "\\b")
             : rest[1] != 'B'        ? rest.substr(0, 2)
             : joiners_in_boundaries ? kNoBoundaryWithJoiners
                                     : kNoBoundary;
      if (quantified) out += ')';
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
    } else if (rest.starts_with("(?=)") || rest.starts_with("(?>)")) {
      // An empty look-ahead or atomic group, which .NET reads as an empty group and Boost
      // refuses ("Invalid or empty zero width assertion"), written as the empty group.
      out.append(pattern.substr(copied, at - copied));
      out += "(?:)";
      copied = at + 4;
      at += 3;
    } else if (rest.starts_with("(?(?")) {
      std::string written;
      const std::size_t length = group_condition(pattern, at, written);
      if (length != 0) {
        out.append(pattern.substr(copied, at - copied));
        out += written;
        copied = at + length;
      }
      uncapture_next = true;
      at += 3;
    } else if (rest.starts_with("(?(") && rest.size() > 3) {
      const std::size_t end = condition_reference_end(pattern, at);
      const std::string_view name =
          end == std::string_view::npos ? std::string_view() : pattern.substr(at + 3, end - at - 3);
      const dotnet_group* by_name = named(name);
      if (ascii_is_digit(rest[3])) {
        // (?(N)yes|no): whether .NET group N took part; unclosed, refused by Boost as by .NET.
        // One naming no group .NET refuses ("reference to undefined group"); Boost read it as
        // a group that never took part (decision 1112).
        if (pattern[end] == ')') {
          if (names_group_zero(name)) {
            out.append(pattern.substr(copied, at + 3 - copied));
            out += "?!";  // (?(?!)yes|no): group 0 is never found inside the pattern
            copied = end;
          } else if (!refer(at + 3, end, parse_group_number(name), true, true)) {
            throw_undefined_reference(pattern.substr(at, end + 1 - at), at);
          }
        }
        at = end;
      } else if (by_name != nullptr) {
        // (?(name)yes|no): whether the group took part, written (?(<name>) for Boost.
        refer(at + 3, end, by_name->number, true, false);
        at = end;
      } else {
        // (?(expression)yes|no), a name no group has too: .NET tests the expression as a
        // zero-width look-ahead ("Alternation constructs"), which Boost reads as (?(?=...)
        // (decision 1112). The expression's contents are read on as any; an empty one holds
        // always, written (?=(?:)) for Boost, which refuses (?=) (decision 1173). Its `(` is
        // a plain group's to .NET, which leaves it uncaptured (decision 1175).
        out.append(pattern.substr(copied, at + 3 - copied));
        out += rest[3] == ')' ? "?=(?:)" : "?=";
        copied = at + 3;
        uncapture_next = false;
        at += 2;
      }
    } else if (rest.front() == '(' &&
               std::binary_search(uncaptured_by_n.begin(), uncaptured_by_n.end(), at)) {
      uncapture_next = false;  // a plain group to .NET, left uncaptured by n (decision 1175)
    } else if (rest.front() == '(' && !rest.starts_with("(?") && !rest.starts_with("(*")) {
      const std::string opening = boost_opening(writing_opened_at(at));
      if (uncapture_next || opening != "(") {
        out.append(pattern.substr(copied, at - copied));
        // After a condition written as a group: Boost's group of that number, which never
        // takes part, and the group uncaptured (decision 1175).
        out += uncapture_next ? "(?:(?!)" + opening + "))?(?:" : opening;
        copied = at + 1;
      }
      uncapture_next = false;
    } else if (rest.size() > 3 && (rest.starts_with("(?<") || rest.starts_with("(?'")) &&
               ascii_is_digit(rest[3])) {
      // A group named by a number, which Boost would read as a name (decision 1225).
      const std::size_t close = digits_from(at + 3);
      out.append(pattern.substr(copied, at - copied));
      out += boost_opening(writing_opened_at(at));
      copied = close + 1;
      at = close;
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
  refuse_options_in_expression_conditions(written, options.ignored);
  const std::string for_boost = std::move(options.for_boost);
  const std::vector<std::size_t> uncaptured_by_n = std::move(options.uncaptured_by_n);
  const std::string_view pattern = for_boost.empty() ? written : std::string_view(for_boost);
  if (!for_boost.empty()) options = read_options(pattern, case_sensitive, anchors);
  const std::vector<written_group> declared = capturing_groups(pattern, options.ignored);
  // .NET's groups by number, each with every Boost group written for it: a name written twice
  // is one group (decision 561), and so is a number a group is named by that another has.
  const std::vector<std::size_t> numbers = dotnet_group_numbers(declared);
  for (std::size_t at = 0; at < declared.size(); ++at) {
    openings_.push_back(declared[at].at);
    auto place =
        std::lower_bound(groups_.begin(), groups_.end(), numbers[at],
                         [](const dotnet_group& group, std::size_t n) { return group.number < n; });
    if (place == groups_.end() || place->number != numbers[at]) {
      place = groups_.insert(place, {numbers[at], {}, {}});
    }
    place->writings.push_back(static_cast<int>(at + 1));
    if (!declared[at].name.empty() && !ascii_is_digit(declared[at].name.front())) {
      place->name = declared[at].name;
    }
  }
  for (std::size_t at = 0; at < declared.size(); ++at) {
    group_of_.push_back(static_cast<std::size_t>(numbered(numbers[at]) - groups_.data()));
  }
  // A back-reference in the pattern names .NET's group too (decision 600), and \NN naming no
  // group is an octal escape (decision 692): written in Boost's terms before Boost reads the
  // pattern, which would refuse \351 as a group it lacks.
  const std::string rewritten =
      with_boost_references(pattern, options.ignored, options.case_ignored, uncaptured_by_n, false);
  const std::string_view used = rewritten.empty() ? pattern : std::string_view(rewritten);
  // Only a text past ASCII can hold a joiner: the search by byte keeps Boost's own \b.
  const std::string by_character =
      pattern.find("\\b") == std::string_view::npos && pattern.find("\\B") == std::string_view::npos
          ? std::string()
          : with_boost_references(pattern, options.ignored, options.case_ignored, uncaptured_by_n,
                                  true);
  if (const std::size_t longest = std::max(used.size(), by_character.size());
      longest > kMaxBoostPattern) {
    // Boost's compiled states take some hundred bytes a character: '$' * 2mb, each $ written
    // (?=\n?\z), took a gigabyte and half a minute (decision 804); so did '\b' * 400kb, each
    // \b written out for the joiners, searched by character (decision 1097).
    throw boost::regex_error(
        fmt::format("the pattern is {} bytes as Boost reads it, past the {} mfsim reads", longest,
                    kMaxBoostPattern),
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
}

int dotnet_regex::boost_group(const dotnet_match& match, std::size_t number) const {
  if (number == 0) return 0;
  const dotnet_group* group = numbered(number);
  return group == nullptr ? -1 : last_capture(match, *group);
}

int dotnet_regex::named_group(const dotnet_match& match, std::string_view name) const {
  const dotnet_group* group = named(name);
  return group == nullptr ? -1 : last_capture(match, *group);
}

int dotnet_regex::last_capture(const dotnet_match& match, const dotnet_group& group) {
  int last = -1;  // the writing that took part and was captured last
  for (const int index : group.writings) {
    if (!match.matched(index)) continue;
    // A capture is made when its group closes: of two, the one ending later, or enclosing the
    // other, or written later was made last (decision 1174).
    const auto end = match.position(index) + match.length(index);
    if (last < 0 || end > match.position(last) + match.length(last) ||
        (end == match.position(last) + match.length(last) &&
         match.position(index) <= match.position(last))) {
      last = index;
    }
  }
  return last > 0 ? last : group.writings.front();
}

}  // namespace mfsim::rules::ps
