// A small reader of .NET-syntax patterns that keeps only what every match must contain: the
// literal characters of the top-level sequence that no quantifier makes optional.
#include "engine/compile/pattern_literals.h"

#include <cstddef>
#include <optional>

#include "engine/ascii.h"

namespace mfsim::compile_detail {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

// Characters that stand for themselves, unescaped, in a Perl-syntax pattern without the x flag.
// `]`, `}` and `#` are left out on purpose: they end a run, which is always safe.
bool is_plain_literal(unsigned char c) noexcept {
  if (ascii_is_alnum(static_cast<char>(c))) return true;
  for (const char p : std::string_view(" !\"%&',-/:;<=>@_~`")) {
    if (c == static_cast<unsigned char>(p)) return true;
  }
  return false;
}

// Punctuation that `\` turns into itself, as .NET reads it (decision 811): "\`" and `\>` too,
// which Boost would read as boundaries but the patterns are written for Boost as .NET reads them
// (exchange_pattern.h). `\<` and `\'` are read by escaped_quote_literal.
bool is_escaped_literal(unsigned char c) noexcept {
  for (const char p : std::string_view(".-$^*+?()[]{}|\\/@:#&!%,;=~ \"`>")) {
    if (c == static_cast<unsigned char>(p)) return true;
  }
  return false;
}

// Whether the `\<` or `\'` at `j` is the character itself: .NET reads `\<name>`, `\<1>` and
// `\'name'` as a back-reference, like `\k<name>` (decision 730).
bool escaped_quote_literal(std::string_view p, std::size_t j) {
  const char close = p[j + 1] == '<' ? '>' : '\'';
  std::size_t end = j + 2;
  while (end < p.size() && (ascii_is_alnum(p[end]) || p[end] == '_')) ++end;
  return end == j + 2 || end >= p.size() || p[end] != close;
}

// The index just past the escape at `j`; kNone for \Q, whose quoted text may hold anything.
std::size_t skip_escape(std::string_view p, std::size_t j) {
  if (j + 1 < p.size() && p[j + 1] == 'Q') return kNone;
  return j + 2;
}

// The index just past the bracket expression opening at `i`, or kNone when it does not close.
std::size_t skip_class(std::string_view p, std::size_t i) {
  std::size_t j = i + 1;
  if (j < p.size() && p[j] == '^') ++j;
  if (j < p.size() && p[j] == ']') ++j;  // a leading ']' is a member
  while (j < p.size()) {
    const char c = p[j];
    if (c == '\\') {
      j = skip_escape(p, j);
      if (j == kNone) return kNone;
      continue;
    }
    if (c == '[' && j + 1 < p.size() && (p[j + 1] == ':' || p[j + 1] == '.' || p[j + 1] == '=')) {
      const char close[] = {p[j + 1], ']', '\0'};
      const std::size_t end = p.find(close, j + 2);
      if (end == kNone) return kNone;
      j = end + 2;
      continue;
    }
    if (c == ']') return j + 1;
    ++j;
  }
  return kNone;
}

// The index just past the group opening at `i`, or kNone when it does not close.
std::size_t skip_group(std::string_view p, std::size_t i) {
  std::size_t depth = 0;
  std::size_t j = i;
  while (j < p.size()) {
    const char c = p[j];
    if (c == '\\' || c == '[') {
      j = c == '\\' ? skip_escape(p, j) : skip_class(p, j);
      if (j == kNone) return kNone;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) return j + 1;
    ++j;
  }
  return kNone;
}

// A quantifier at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, with a lazy or possessive mark
// after it): its minimum count and the index past it; nullopt when `{` is not a quantifier.
struct quantifier {
  std::size_t min = 0;
  std::size_t end = 0;
};

std::optional<quantifier> read_quantifier(std::string_view p, std::size_t i) {
  quantifier q;
  const char c = p[i];
  if (c != '{') {
    q.min = c == '+' ? 1 : 0;
    q.end = i + 1;
  } else {
    std::size_t j = i + 1;
    const std::size_t digits_from = j;
    while (j < p.size() && p[j] >= '0' && p[j] <= '9') {
      if (j - digits_from < 6) q.min = q.min * 10 + static_cast<std::size_t>(p[j] - '0');
      ++j;
    }
    if (j == digits_from) return std::nullopt;
    if (j < p.size() && p[j] == ',') {
      ++j;
      while (j < p.size() && p[j] >= '0' && p[j] <= '9') ++j;
    }
    if (j >= p.size() || p[j] != '}') return std::nullopt;
    q.end = j + 1;
  }
  if (q.end < p.size() && (p[q.end] == '?' || p[q.end] == '+')) ++q.end;
  return q;
}

}  // namespace

std::vector<std::string> required_literals(std::string_view p) {
  std::vector<std::string> runs;
  std::string run;
  const auto end_run = [&] {
    if (!run.empty()) runs.push_back(run);
    run.clear();
  };
  bool repeatable = false;   // the previous item is an atom a quantifier may follow
  bool run_ends_it = false;  // ... and it is the last character of `run`
  const auto atom = [&](bool literal) {
    repeatable = true;
    run_ends_it = literal;
  };
  std::size_t i = 0;
  while (i < p.size()) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c == '|' || c == ')') return {};  // alternatives at the top, or a stray close
    if (c == '(') {
      // (?i), (?x), (?=...), (*VERB) ... change what follows or are not worth reading.
      if (i + 1 < p.size() && (p[i + 1] == '*' || (p[i + 1] == '?' && p.substr(i + 1, 2) != "?:")))
        return {};
      end_run();
      i = skip_group(p, i);
      if (i == kNone) return {};
      atom(false);
      continue;
    }
    if (c == '[') {
      end_run();
      i = skip_class(p, i);
      if (i == kNone) return {};
      atom(false);
      continue;
    }
    if (c == '*' || c == '+' || c == '?' || c == '{') {
      const auto q = read_quantifier(p, i);
      if (!repeatable || !q) return {};
      if (run_ends_it && q->min == 0) run.pop_back();  // the character is optional
      end_run();  // what follows a repeated atom is not next to the run
      repeatable = run_ends_it = false;
      i = q->end;
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= p.size()) return {};
      const auto e = static_cast<unsigned char>(p[i + 1]);
      i += 2;
      if (is_escaped_literal(e) || ((e == '<' || e == '\'') && escaped_quote_literal(p, i - 2))) {
        run += static_cast<char>(e);
        atom(true);
      } else if (std::string_view("dDsSwWhHvVR").find(static_cast<char>(e)) != kNone) {
        end_run();  // one character of a class
        atom(false);
      } else if (std::string_view("bBAzZG").find(static_cast<char>(e)) != kNone) {
        end_run();  // an assertion: matches no character
        repeatable = run_ends_it = false;
      } else {
        return {};  // \x41, \p{L}, back-references, \<name>, ...: not read
      }
      continue;
    }
    ++i;
    if (c == '^' || c == '$') {
      end_run();
      repeatable = run_ends_it = false;
    } else if (is_plain_literal(c)) {
      run += ascii_lower(static_cast<char>(c));
      atom(true);
    } else {
      end_run();  // '.', control or non-ASCII bytes, ']', '}', '#'
      atom(false);
    }
  }
  end_run();
  return runs;
}

}  // namespace mfsim::compile_detail
