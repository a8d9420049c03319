// Finding the keywords and dates near a candidate (sensitive_evidence.h).
#include "engine/mail/sensitive_evidence.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "engine/ascii.h"
#include "engine/mail/sensitive_candidate.h"

namespace mfsim::mail::sensitive {
namespace {

constexpr std::size_t kProximity = 300;  // every entity's patternsProximity

constexpr int digit(char c) noexcept { return c - '0'; }

// Reads 1-2 digits at `i` as a number; 0 digits read gives -1.
int small_number(std::string_view text, std::size_t& i) {
  int value = -1;
  for (int n = 0; n < 2 && i < text.size() && ascii_is_digit(text[i]); ++n, ++i) {
    value = (value < 0 ? 0 : value * 10) + digit(text[i]);
  }
  return value;
}

// The digits at `i`, at most five read; returns where they end.
std::size_t digits_end(std::string_view text, std::size_t i) {
  const std::size_t from = i;
  while (i < text.size() && i - from < 5 && ascii_is_digit(text[i])) ++i;
  return i;
}

// Month first: M/YY and M/YYYY (a card's expiry, Func_expiration_date) and M/D/YY and M/D/YYYY
// (Func_us_date), with '/' or '-'.
void month_first_dates(std::string_view text, evidence_kind kind, std::vector<std::size_t>& at) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!ascii_is_digit(text[i]) || !starts_word(text, i)) continue;
    std::size_t j = i;
    const int month = small_number(text, j);
    if (month < 1 || month > 12 || j >= text.size() || (text[j] != '/' && text[j] != '-')) {
      i = j;
      continue;
    }
    const char sep = text[j++];
    const std::size_t k = digits_end(text, j);
    const std::size_t width = k - j;
    if ((width == 2 || width == 4) && ends_word(text, k) && (k >= text.size() || text[k] != sep)) {
      if (kind == evidence_kind::expiration_date) at.push_back(i);
    } else if ((width == 1 || width == 2) && k < text.size() && text[k] == sep) {
      const int day = width == 1 ? digit(text[j]) : digit(text[j]) * 10 + digit(text[j + 1]);
      const std::size_t y = digits_end(text, k + 1);
      const std::size_t year_width = y - k - 1;
      if (day >= 1 && day <= 31 && (year_width == 2 || year_width == 4) && ends_word(text, y) &&
          kind == evidence_kind::us_date) {
        at.push_back(i);
      }
    }
    i = j;
  }
}

// Day first (Func_eu_date): D/M/YY and D/M/YYYY with '/', '-' or '.', one kind throughout.
void day_first_dates(std::string_view text, std::vector<std::size_t>& at) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!ascii_is_digit(text[i]) || !starts_word(text, i)) continue;
    std::size_t j = i;
    const int day = small_number(text, j);
    const char sep = j < text.size() ? text[j] : '\0';
    if (day < 1 || day > 31 || (sep != '/' && sep != '-' && sep != '.')) {
      i = j;
      continue;
    }
    std::size_t k = j + 1;
    const int month = small_number(text, k);
    if (month >= 1 && month <= 12 && k < text.size() && text[k] == sep) {
      const std::size_t y = digits_end(text, k + 1);
      const std::size_t year_width = y - k - 1;
      if ((year_width == 2 || year_width == 4) && ends_word(text, y)) at.push_back(i);
    }
    i = j;
  }
}

}  // namespace

std::vector<std::size_t> keyword_positions(std::string_view text,
                                           std::span<const std::string_view> keywords) {
  // The keywords grouped by their first byte, so that a position is compared only with the
  // keywords that can start there (the card lists hold 191).
  std::vector<std::string_view> sorted(keywords.begin(), keywords.end());
  const auto first_byte = [](std::string_view k) { return static_cast<unsigned char>(k.front()); };
  std::stable_sort(sorted.begin(), sorted.end(), [&](std::string_view a, std::string_view b) {
    return first_byte(a) < first_byte(b);
  });
  std::array<std::uint16_t, 257> from{};  // keywords starting with byte b: [from[b], from[b + 1])
  for (const auto k : sorted) ++from[first_byte(k) + 1];
  for (std::size_t b = 1; b < from.size(); ++b)
    from[b] = static_cast<std::uint16_t>(from[b] + from[b - 1]);

  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!starts_word(text, i)) continue;
    const auto first = static_cast<unsigned char>(ascii_lower(text[i]));
    for (std::size_t k = from[first]; k < from[first + 1u]; ++k) {
      const std::string_view keyword = sorted[k];
      if (!ascii_iequals(text.substr(i, keyword.size()), keyword)) continue;
      const std::size_t end = i + keyword.size();
      if (ascii_is_alnum(keyword.back()) && !ends_word(text, end)) continue;
      at.push_back(i);
      break;
    }
  }
  return at;
}

std::vector<std::size_t> date_positions(std::string_view text, evidence_kind kind) {
  std::vector<std::size_t> at;
  if (kind == evidence_kind::eu_date) {
    day_first_dates(text, at);
  } else if (kind == evidence_kind::us_date || kind == evidence_kind::expiration_date) {
    month_first_dates(text, kind, at);
  }
  return at;
}

std::vector<std::size_t> pattern_positions(std::string_view text, id_function id) {
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!ascii_is_alnum(text[i]) || !starts_word(text, i)) continue;
    candidate c(text, i);
    if (id(c) != 0) at.push_back(i);
    i = std::max(c.resume(), i + 1) - 1;
  }
  return at;
}

const std::vector<std::size_t>& evidence::positions(const evidence_ref& what) {
  for (const auto& f : found_) {
    if (f.kind == what.kind && f.keywords == what.keywords.data() && f.pattern == what.pattern) {
      return f.at;
    }
  }
  found_.push_back({what.kind, what.keywords.data(), what.pattern,
                    what.kind == evidence_kind::keywords  ? keyword_positions(text_, what.keywords)
                    : what.kind == evidence_kind::pattern ? pattern_positions(text_, what.pattern)
                                                          : date_positions(text_, what.kind)});
  return found_.back().at;
}

bool evidence::near(const evidence_ref& what, std::size_t start, std::size_t end) {
  const auto& at = positions(what);
  const std::size_t from = start > kProximity ? start - kProximity : 0;
  const auto it = std::lower_bound(at.begin(), at.end(), from);
  return it != at.end() && *it <= end + kProximity;
}

bool evidence::holds(const pattern& p, std::size_t start, std::size_t end) {
  for (const auto& what : p.all) {
    if (!near(what, start, end)) return false;
  }
  for (const auto& group : p.any) {
    int hits = 0;
    for (const auto& what : group.items) hits += near(what, start, end) ? 1 : 0;
    if (hits < group.min_matches) return false;
    if (group.max_matches >= 0 && hits > group.max_matches) return false;
  }
  return true;
}

}  // namespace mfsim::mail::sensitive
