// The check digits of the sensitive information types (sensitive_checksums.h).
#include "engine/mail/sensitive_checksums.h"

#include <algorithm>
#include <array>
#include <span>

#include "engine/ascii.h"

namespace mfsim::mail {
namespace {

constexpr int digit(char c) noexcept { return c - '0'; }

bool all_digits(std::string_view d) noexcept {
  return !d.empty() && std::all_of(d.begin(), d.end(), ascii_is_digit);
}

// The sum of each digit times its weight; `d` and `weights` have the same length.
int weighted_sum(std::string_view d, std::span<const int> weights) noexcept {
  int sum = 0;
  for (std::size_t k = 0; k < d.size(); ++k) sum += digit(d[k]) * weights[k];
  return sum;
}

}  // namespace

bool luhn_valid(std::string_view digits) noexcept {
  if (digits.empty()) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (!ascii_is_digit(*it)) return false;
    int d = digit(*it);
    if (twice && (d *= 2) > 9) d -= 9;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

bool aba_valid(std::string_view d) noexcept {
  static constexpr std::array kWeights{3, 7, 1, 3, 7, 1, 3, 7, 1};
  return d.size() == 9 && all_digits(d) && weighted_sum(d, kWeights) % 10 == 0;
}

bool iban_valid(std::string_view iban) noexcept {
  if (iban.size() < 5 || iban.size() > 34) return false;
  // The first four characters move to the end; letters count as 10-35.
  int remainder = 0;
  for (std::size_t k = 0; k < iban.size(); ++k) {
    const char c = ascii_lower(iban[(k + 4) % iban.size()]);
    if (ascii_is_digit(c)) {
      remainder = (remainder * 10 + digit(c)) % 97;
    } else if (c >= 'a' && c <= 'z') {
      remainder = (remainder * 100 + (c - 'a' + 10)) % 97;
    } else {
      return false;
    }
  }
  return remainder == 1;
}

bool uk_nhs_valid(std::string_view d) noexcept {
  static constexpr std::array kWeights{10, 9, 8, 7, 6, 5, 4, 3, 2};
  if (d.size() != 10 || !all_digits(d)) return false;
  int check = 11 - weighted_sum(d.substr(0, 9), kWeights) % 11;
  if (check == 11) check = 0;
  return check != 10 && check == digit(d[9]);
}

bool australia_tfn_valid(std::string_view d) noexcept {
  static constexpr std::array kNine{1, 4, 3, 7, 5, 8, 6, 9, 10};
  static constexpr std::array kEight{10, 7, 8, 4, 6, 3, 5, 1};
  if (!all_digits(d)) return false;
  if (d.size() == 9) return weighted_sum(d, kNine) % 11 == 0;
  if (d.size() == 8) return weighted_sum(d, kEight) % 11 == 0;
  return false;
}

bool netherlands_bsn_valid(std::string_view d) noexcept {
  static constexpr std::array kWeights{9, 8, 7, 6, 5, 4, 3, 2, -1};
  if ((d.size() != 8 && d.size() != 9) || !all_digits(d)) return false;
  const std::span<const int> weights(kWeights.data() + (9 - d.size()), d.size());
  const int sum = weighted_sum(d, weights);
  return sum != 0 && sum % 11 == 0;
}

bool dea_valid(std::string_view d) noexcept {
  if (d.size() != 7 || !all_digits(d)) return false;
  const int sum =
      digit(d[0]) + digit(d[2]) + digit(d[4]) + 2 * (digit(d[1]) + digit(d[3]) + digit(d[5]));
  return sum % 10 == digit(d[6]);
}

}  // namespace mfsim::mail
