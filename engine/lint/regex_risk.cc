// A single pass over a pattern's groups, tracking which hold an unbounded repetition.
#include "engine/lint/regex_risk.h"

#include <algorithm>
#include <vector>

namespace mfsim::lint {
namespace {

struct open_group {
  std::size_t start = 0;
  bool atomic = false;  // (?>...)
  bool holds_unbounded = false;
};

// Offset just past the character class that opens at `at` ('[').
std::size_t skip_class(std::string_view p, std::size_t at) noexcept {
  std::size_t k = at + 1;
  if (k < p.size() && p[k] == '^') ++k;
  if (k < p.size() && p[k] == ']') ++k;  // a leading ']' is a member
  while (k < p.size() && p[k] != ']') {
    if (p[k] == '\\')
      ++k;
    else if (p[k] == '[' && k + 1 < p.size() && p[k + 1] == ':') {  // [:alpha:]
      const std::size_t end = p.find(":]", k + 2);
      if (end != std::string_view::npos) k = end + 1;
    }
    ++k;
  }
  return k < p.size() ? k + 1 : p.size();
}

// At `at`, the quantifier after an atom: whether it is unbounded, and the offset past it
// (a possessive `+` included, which makes it not backtrack).
struct quantifier {
  bool unbounded = false;
  bool possessive = false;
  std::size_t end = 0;
};

quantifier read_quantifier(std::string_view p, std::size_t at) noexcept {
  quantifier q{false, false, at};
  if (at >= p.size()) return q;
  if (p[at] == '*' || p[at] == '+') {
    q.unbounded = true;
    q.end = at + 1;
  } else if (p[at] == '?') {
    q.end = at + 1;
  } else if (p[at] == '{') {
    const std::size_t close = p.find('}', at);
    if (close == std::string_view::npos) return q;
    const std::string_view body = p.substr(at + 1, close - at - 1);
    if (body.empty() || body.find_first_not_of("0123456789,") != std::string_view::npos) return q;
    q.unbounded = body.back() == ',';
    q.end = close + 1;
  } else {
    return q;
  }
  if (q.end < p.size() && p[q.end] == '+') {
    q.possessive = true;
    ++q.end;
  } else if (q.end < p.size() && p[q.end] == '?') {
    ++q.end;  // lazy: still backtracks
  }
  return q;
}

}  // namespace

std::optional<std::size_t> nested_quantifier(std::string_view p) noexcept {
  std::vector<open_group> groups(1);  // groups[0]: the whole pattern
  std::size_t k = 0;
  while (k < p.size()) {
    const char c = p[k];
    std::size_t atom_end = k + 1;
    bool closed_group = false;
    open_group closed;
    if (c == '\\') {
      if (k + 1 < p.size() && p[k + 1] == 'Q') {  // \Q...\E: literal text
        const std::size_t end = p.find("\\E", k + 2);
        atom_end = end == std::string_view::npos ? p.size() : end + 2;
      } else {
        atom_end = std::min(p.size(), k + 2);
      }
    } else if (c == '[') {
      atom_end = skip_class(p, k);
    } else if (c == '(') {
      try {
        groups.push_back({k, p.substr(k, 3) == "(?>", false});
      } catch (...) {
        return std::nullopt;
      }
      ++k;
      continue;
    } else if (c == ')') {
      if (groups.size() == 1) {  // unbalanced: Boost rejects it at compile time anyway
        ++k;
        continue;
      }
      closed = groups.back();
      groups.pop_back();
      closed_group = true;
    }
    const quantifier q = read_quantifier(p, atom_end);
    const bool backtracking_repeat = q.unbounded && !q.possessive;
    if (closed_group) {
      if (backtracking_repeat && closed.holds_unbounded && !closed.atomic) return closed.start;
      if (closed.holds_unbounded && !closed.atomic) groups.back().holds_unbounded = true;
    }
    if (backtracking_repeat) groups.back().holds_unbounded = true;
    k = q.end;
  }
  return std::nullopt;
}

}  // namespace mfsim::lint
