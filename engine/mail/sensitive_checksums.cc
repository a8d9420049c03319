// The check digits of the sensitive information types (sensitive_checksums.h).
#include "engine/mail/sensitive_checksums.h"

#include <algorithm>
#include <array>
#include <cstdint>
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

bool brazil_cpf_valid(std::string_view d) noexcept {
  if (d.size() != 11 || !all_digits(d)) return false;
  // Each check digit: the digits before it weighted from (count + 1) down to 2, times 10, mod 11
  // (10 reads 0).
  for (std::size_t n = 9; n <= 10; ++n) {
    int sum = 0;
    for (std::size_t k = 0; k < n; ++k) sum += digit(d[k]) * static_cast<int>(n + 1 - k);
    if (sum * 10 % 11 % 10 != digit(d[n])) return false;
  }
  return true;
}

bool brazil_cnpj_valid(std::string_view d) noexcept {
  static constexpr std::array kWeights{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
  if (d.size() != 14 || !all_digits(d)) return false;
  // The first check digit uses the weights from 5, the second from 6; a remainder below 2 is 0.
  for (std::size_t n = 12; n <= 13; ++n) {
    const std::span<const int> weights(kWeights.data() + (13 - n), n);
    const int remainder = weighted_sum(d.substr(0, n), weights) % 11;
    if ((remainder < 2 ? 0 : 11 - remainder) != digit(d[n])) return false;
  }
  return true;
}

bool verhoeff_valid(std::string_view d) noexcept {
  static constexpr std::uint8_t kMultiply[10][10] = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
      {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
      {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
      {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
      {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  static constexpr std::uint8_t kPermute[8][10] = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
      {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
      {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
      {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  if (!all_digits(d)) return false;
  int check = 0;
  for (std::size_t k = 0; k < d.size(); ++k) {
    check = kMultiply[check][kPermute[k % 8][digit(d[d.size() - 1 - k])]];
  }
  return check == 0;
}

bool poland_pesel_valid(std::string_view d) noexcept {
  static constexpr std::array kWeights{1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
  if (d.size() != 11 || !all_digits(d)) return false;
  return (10 - weighted_sum(d.substr(0, 10), kWeights) % 10) % 10 == digit(d[10]);
}

bool norway_id_valid(std::string_view d) noexcept {
  static constexpr std::array kFirst{3, 7, 6, 1, 8, 9, 4, 5, 2};
  static constexpr std::array kSecond{5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  if (d.size() != 11 || !all_digits(d)) return false;
  const auto check = [&](std::span<const int> weights) {
    const int value = 11 - weighted_sum(d.substr(0, weights.size()), weights) % 11;
    return value == 11 ? 0 : value;  // 10 matches no digit
  };
  return check(kFirst) == digit(d[9]) && check(kSecond) == digit(d[10]);
}

char finland_check_character(std::string_view d) noexcept {
  static constexpr std::string_view kCharacters = "0123456789ABCDEFHJKLMNPRSTUVWXY";
  if (d.size() != 9 || !all_digits(d)) return '\0';
  std::uint32_t value = 0;
  for (const char c : d) value = value * 10 + static_cast<std::uint32_t>(digit(c));
  return kCharacters[value % 31];
}

namespace {
std::uint64_t number_of(std::string_view d) noexcept {
  std::uint64_t value = 0;
  for (const char c : d) value = value * 10 + static_cast<std::uint64_t>(digit(c));
  return value;
}
}  // namespace

bool belgium_national_number_valid(std::string_view d) noexcept {
  if (d.size() != 11 || !all_digits(d)) return false;
  const std::uint64_t body = number_of(d.substr(0, 9));
  const auto check = static_cast<std::uint64_t>(number_of(d.substr(9)));
  return 97 - body % 97 == check || 97 - (2'000'000'000 + body) % 97 == check;
}

bool france_insee_valid(std::string_view d) noexcept {
  if (d.size() != 15 || !all_digits(d)) return false;
  return 97 - number_of(d.substr(0, 13)) % 97 == number_of(d.substr(13));
}

bool singapore_nric_valid(char prefix, std::string_view d, char check) noexcept {
  static constexpr std::array kWeights{2, 7, 6, 5, 4, 3, 2};
  prefix = ascii_upper(prefix);
  if (d.size() != 7 || !all_digits(d)) return false;
  const bool citizen = prefix == 'S' || prefix == 'T';
  if (!citizen && prefix != 'F' && prefix != 'G') return false;
  const int offset = prefix == 'T' || prefix == 'G' ? 4 : 0;
  const std::string_view letters = citizen ? "JZIHGFEDCBA" : "XWUTRQPNMLK";
  return letters[static_cast<std::size_t>((weighted_sum(d, kWeights) + offset) % 11)] ==
         ascii_upper(check);
}

bool hong_kong_id_valid(std::string_view letters, std::string_view d, char check) noexcept {
  if (letters.empty() || letters.size() > 2 || d.size() != 6 || !all_digits(d)) return false;
  // Eight weighted places, 9 down to 2: a single letter follows a space, worth 36.
  int sum = letters.size() == 1 ? 9 * 36 : 0;
  int weight = letters.size() == 1 ? 8 : 9;
  for (const char c : letters) {
    if (!ascii_is_alpha(c)) return false;
    sum += weight-- * (ascii_upper(c) - 'A' + 10);
  }
  for (const char c : d) sum += weight-- * digit(c);
  const int value = ascii_is_digit(check) ? digit(check) : ascii_upper(check) == 'A' ? 10 : -1;
  return value >= 0 && (sum + value) % 11 == 0;
}

bool taiwan_id_valid(char letter, std::string_view d) noexcept {
  // Each letter's two-digit area code, A to Z.
  static constexpr std::array kCodes{10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21,
                                     22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33};
  static constexpr std::array kWeights{8, 7, 6, 5, 4, 3, 2, 1, 1};
  if (!ascii_is_alpha(letter) || d.size() != 9 || !all_digits(d)) return false;
  const int code = kCodes[static_cast<std::size_t>(ascii_upper(letter) - 'A')];
  return (code / 10 + code % 10 * 9 + weighted_sum(d, kWeights)) % 10 == 0;
}

bool chile_rut_valid(std::string_view d, char check) noexcept {
  if (!all_digits(d)) return false;
  int sum = 0, weight = 2;
  for (auto it = d.rbegin(); it != d.rend(); ++it) {
    sum += digit(*it) * weight;
    weight = weight == 7 ? 2 : weight + 1;
  }
  const int value = 11 - sum % 11;
  const char expected = value == 11 ? '0' : value == 10 ? 'K' : static_cast<char>('0' + value);
  return ascii_upper(check) == expected;
}

bool ireland_pps_valid(std::string_view d, char check, char second) noexcept {
  static constexpr std::array kWeights{8, 7, 6, 5, 4, 3, 2};
  if (d.size() != 7 || !all_digits(d)) return false;
  int sum = weighted_sum(d, kWeights);
  // The second letter of the newer numbers counts with weight 9 (A = 1); W (old) counts 0.
  second = ascii_upper(second);
  if (second >= 'A' && second <= 'Z' && second != 'W') sum += 9 * (second - 'A' + 1);
  return "WABCDEFGHIJKLMNOPQRSTUV"[sum % 23] == ascii_upper(check);
}

bool new_zealand_nhi_valid(std::string_view letters, std::string_view d) noexcept {
  static constexpr std::array kWeights{7, 6, 5, 4, 3, 2};
  if (letters.size() != 3 || d.size() != 4 || !all_digits(d)) return false;
  int sum = 0;
  for (std::size_t k = 0; k < 3; ++k) {
    const char c = ascii_upper(letters[k]);
    if (c < 'A' || c > 'Z' || c == 'I' || c == 'O') return false;
    // A = 1 ... Z = 24, I and O left out.
    const int value = c - 'A' + 1 - (c > 'I' ? 1 : 0) - (c > 'O' ? 1 : 0);
    sum += value * kWeights[k];
  }
  for (std::size_t k = 0; k < 3; ++k) sum += digit(d[k]) * kWeights[k + 3];
  const int remainder = sum % 11;
  if (remainder == 0) return false;
  return (11 - remainder) % 10 == digit(d[3]);
}

bool china_resident_id_valid(std::string_view d, char check) noexcept {
  static constexpr std::array kWeights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  if (d.size() != 17 || !all_digits(d)) return false;
  return "10X98765432"[weighted_sum(d, kWeights) % 11] == ascii_upper(check);
}

bool czech_birth_number_valid(std::string_view d) noexcept {
  if (d.size() != 10 || !all_digits(d)) return false;
  return number_of(d) % 11 == 0 || (number_of(d.substr(0, 9)) % 11 == 10 && d[9] == '0');
}

bool south_korea_rrn_valid(std::string_view d) noexcept {
  static constexpr std::array kWeights{2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
  if (d.size() != 13 || !all_digits(d)) return false;
  return (11 - weighted_sum(d.substr(0, 12), kWeights) % 11) % 10 == digit(d[12]);
}

bool australia_medicare_valid(std::string_view d) noexcept {
  static constexpr std::array kWeights{1, 3, 7, 9, 1, 3, 7, 9};
  if ((d.size() != 10 && d.size() != 11) || !all_digits(d) || d[0] < '2' || d[0] > '6') {
    return false;
  }
  return weighted_sum(d.substr(0, 8), kWeights) % 10 == digit(d[8]);
}

namespace {
// A character's value in ICAO 9303: digits as themselves, letters A = 10 to Z = 35, else -1.
int icao_value(char c) noexcept {
  if (ascii_is_digit(c)) return digit(c);
  if (ascii_is_alpha(c)) return ascii_upper(c) - 'A' + 10;
  return -1;
}
}  // namespace

int icao_check_digit(std::string_view characters) noexcept {
  static constexpr std::array kWeights{7, 3, 1};
  int sum = 0;
  for (std::size_t k = 0; k < characters.size(); ++k) {
    const int value = icao_value(characters[k]);
    if (value < 0) return -1;
    sum += value * kWeights[k % 3];
  }
  return sum % 10;
}

bool poland_id_card_valid(std::string_view letters, std::string_view d) noexcept {
  static constexpr std::array kWeights{7, 3, 1, 9, 7, 3, 1, 7, 3};
  if (letters.size() != 3 || d.size() != 6 || !all_digits(d)) return false;
  int sum = 0;
  for (std::size_t k = 0; k < 9; ++k) {
    const int value = icao_value(k < 3 ? letters[k] : d[k - 3]);
    if (value < 0 || (k < 3 && value < 10)) return false;
    sum += value * kWeights[k];
  }
  return sum % 10 == 0;
}

}  // namespace mfsim::mail
