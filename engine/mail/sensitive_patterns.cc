// The number patterns of the card, bank, U.S. and U.K. types and IP addresses (decisions 261,
// 381 and 384; sensitive_patterns.h). The national numbers of decisions 382-383 are in
// sensitive_national_patterns.cc.
#include "engine/mail/sensitive_patterns.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <iterator>
#include <string_view>

#include "engine/ascii.h"
#include "engine/mail/sensitive_checksums.h"
#include "engine/mail/sensitive_shapes.h"
#include "engine/net/ip_address.h"

namespace mfsim::mail::sensitive {
namespace {

// The 60 countries the IBAN type covers, lower-cased.
constexpr std::string_view kIbanCountries[] = {
    "ad", "ae", "al", "at", "az", "ba", "be", "bg", "bh", "ch", "cr", "cy", "cz", "de", "dk",
    "do", "ee", "es", "fi", "fo", "fr", "gb", "ge", "gi", "gl", "gr", "hr", "hu", "ie", "il",
    "is", "it", "kw", "kz", "lb", "li", "lt", "lu", "lv", "mc", "md", "me", "mk", "mr", "mt",
    "mu", "nl", "no", "pl", "pt", "ro", "rs", "sa", "se", "si", "sk", "sm", "tn", "tr", "vg"};

// The number's first `n` digits as a number.
int prefix(const digit_token& t, std::size_t n) {
  int value = 0;
  for (std::size_t k = 0; k < n; ++k) value = value * 10 + digit(t.digits[k]);
  return value;
}

// Whether the number starts as a major brand's numbers of its length do (their IIN ranges):
// Visa 4, Mastercard 51-55 and 2221-2720, Discover 6011, 644-649 and 65, JCB 3528-3589 (16
// digits); American Express 34 and 37 (15); Diners Club 300-305, 36 and 38 (14).
bool is_major_brand(const digit_token& t) {
  const int two = prefix(t, 2), three = prefix(t, 3), four = prefix(t, 4);
  switch (t.count) {
    case 16:
      return t.digits[0] == '4' || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) ||
             four == 6011 || (three >= 644 && three <= 649) || two == 65 ||
             (four >= 3528 && four <= 3589);
    case 15: return two == 34 || two == 37;
    case 14: return (three >= 300 && three <= 305) || two == 36 || two == 38;
    default: return false;
  }
}

// The SSN's parts: area (3 digits), group (2), serial (4).
struct ssn_parts {
  int area, group, serial;
};
ssn_parts parts_of(std::string_view d) {
  const auto num = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t k = from; k < from + n; ++k) v = v * 10 + digit(d[k]);
    return v;
  };
  return {num(0, 3), num(3, 2), num(5, 4)};
}
// Before randomisation (June 2011) areas ran up to 772; since, up to 899. Never 000, 666, a 00
// group or a 0000 serial.
bool valid_ssn(const ssn_parts& p, int highest_area) {
  return p.area >= 1 && p.area <= highest_area && p.area != 666 && p.group >= 1 && p.serial >= 1;
}
enum class ssn_form { formatted, unformatted };
enum class ssn_era { strong, randomized };
std::size_t ssn(candidate& c, ssn_form form, ssn_era era) {
  const digit_token* t = c.digits(9, 9);
  if (t == nullptr) return 0;
  const bool shape =
      form == ssn_form::formatted ? t->grouped_as({3, 2, 4}, true, true) : t->unformatted();
  if (!shape) return 0;
  const ssn_parts p = parts_of(t->number());
  const bool strong = valid_ssn(p, 772);
  const bool found = era == ssn_era::strong ? strong : !strong && valid_ssn(p, 899);
  return found ? t->end : 0;
}

// Whether the word at `i` follows a dot or a colon: it is inside a longer dotted or colon run
// ("1.2.3.4.5"), not an address of its own.
bool continues_address_run(std::string_view text, std::size_t i) {
  return i > 0 && (text[i - 1] == '.' || text[i - 1] == ':');
}

}  // namespace

// Func_credit_card: 14-16 digits of a major brand, unformatted or in groups of four (the last
// two to four), or 4-6-5 / 4-6-4 (American Express, Diners Club); the Luhn check.
std::size_t credit_card(candidate& c) {
  const digit_token* t = c.digits(14, 16);
  if (t == nullptr || !is_major_brand(*t)) return 0;
  const bool shape = t->unformatted() || t->grouped_as({4, 4, 4, 4}, true, true) ||
                     t->grouped_as({4, 4, 4, 3}, true, true) ||
                     t->grouped_as({4, 4, 4, 2}, true, true) ||
                     t->grouped_as({4, 6, 5}, true, true) || t->grouped_as({4, 6, 4}, true, true);
  return shape && luhn_valid(t->number()) ? t->end : 0;
}

// Func_aba_routing: nine digits beginning 0-3 or 6-8, unformatted or dddd-dddd-d, whose check
// digit holds.
std::size_t aba_routing(candidate& c) {
  const digit_token* t = c.digits(9, 9);
  if (t == nullptr) return 0;
  const char first = t->digits[0];
  if (!((first >= '0' && first <= '3') || (first >= '6' && first <= '8'))) return 0;
  const bool shape = t->unformatted() || t->grouped_as({4, 4, 1}, false, true);
  return shape && aba_valid(t->number()) ? t->end : 0;
}

// Func_iban: a covered country, two check digits, an optional space, then up to 30 letters or
// digits, spaces allowed after each group of four; the whole passes mod-97.
std::size_t iban(candidate& c) {
  const std::string_view text = c.text();
  const std::size_t i = c.start();
  char country[2];
  if (!two_letters(text, i, country[0], country[1])) return 0;
  if (i + 4 > text.size() || !ascii_is_digit(text[i + 2]) || !ascii_is_digit(text[i + 3])) return 0;
  if (std::find(std::begin(kIbanCountries), std::end(kIbanCountries),
                std::string_view(country, 2)) == std::end(kIbanCountries)) {
    return 0;
  }
  std::array<char, 34> compact{};
  std::size_t n = 0;
  for (std::size_t k = i; k < i + 4; ++k) compact[n++] = text[k];
  std::size_t j = i + 4;
  if (j + 1 < text.size() && text[j] == ' ' && ascii_is_alnum(text[j + 1])) ++j;
  std::size_t bban = 0;
  while (j < text.size() && bban < 30) {
    if (ascii_is_alnum(text[j])) {
      compact[n++] = text[j++];
      ++bban;
    } else if (text[j] == ' ' && bban % 4 == 0 && j + 1 < text.size() &&
               ascii_is_alnum(text[j + 1])) {
      ++j;
    } else {
      break;
    }
  }
  if (bban < 5 || !ends_word(text, j)) return 0;
  return iban_valid(std::string_view(compact.data(), n)) ? j : 0;
}

std::size_t ssn_formatted(candidate& c) { return ssn(c, ssn_form::formatted, ssn_era::strong); }
std::size_t ssn_unformatted(candidate& c) { return ssn(c, ssn_form::unformatted, ssn_era::strong); }
std::size_t ssn_randomized_formatted(candidate& c) {
  return ssn(c, ssn_form::formatted, ssn_era::randomized);
}
std::size_t ssn_randomized_unformatted(candidate& c) {
  return ssn(c, ssn_form::unformatted, ssn_era::randomized);
}

// 4-17 consecutive digits.
std::size_t us_bank_account(candidate& c) { return unbroken_end(c, 4, 17); }

// 9dd-[78]d-dddd with spaces or hyphens (one kind), or 9dd[78]ddddd.
std::size_t itin_formatted(candidate& c) {
  const digit_token* t = c.digits(9, 9);
  if (t == nullptr || t->digits[0] != '9' || (t->digits[3] != '7' && t->digits[3] != '8')) return 0;
  return t->grouped_as({3, 2, 4}, true, true) ? t->end : 0;
}
std::size_t itin_unformatted(candidate& c) {
  const digit_token* t = c.digits(9, 9);
  if (t == nullptr || t->digits[0] != '9' || (t->digits[3] != '7' && t->digits[3] != '8')) return 0;
  return t->unformatted() ? t->end : 0;
}

// Two letters (neither D, F, I, Q, U nor V, the second not O, and not BG, GB, KN, NK, NT, TN or
// ZZ), three pairs of digits, then A, B, C or D or nothing; a space or hyphen (one kind) may
// come before each pair and before the letter.
std::size_t uk_nino(candidate& c) {
  const std::string_view text = c.text();
  const std::size_t i = c.start();
  char a, b;
  if (!two_letters(text, i, a, b)) return 0;
  constexpr std::string_view kNeverEither = "dfiquv";
  constexpr std::string_view kNeverPairs[] = {"bg", "gb", "kn", "nk", "nt", "tn", "zz"};
  if (kNeverEither.find(a) != std::string_view::npos ||
      kNeverEither.find(b) != std::string_view::npos || b == 'o') {
    return 0;
  }
  const char pair[] = {a, b};
  if (std::find(std::begin(kNeverPairs), std::end(kNeverPairs), std::string_view(pair, 2)) !=
      std::end(kNeverPairs)) {
    return 0;
  }
  char sep = '\0';
  // One optional separator at `j`, of the kind already used; true when one was taken.
  const auto separator = [&](std::size_t& j) {
    if (j + 1 >= text.size() || (text[j] != ' ' && text[j] != '-')) return false;
    if (sep != '\0' && text[j] != sep) return false;
    sep = text[j];
    ++j;
    return true;
  };
  std::size_t j = i + 2;
  for (int n = 0; n < 3; ++n) {
    separator(j);
    if (j + 1 >= text.size() || !ascii_is_digit(text[j]) || !ascii_is_digit(text[j + 1])) return 0;
    j += 2;
  }
  const auto suffix_at = [&](std::size_t k) {
    return k < text.size() && ascii_lower(text[k]) >= 'a' && ascii_lower(text[k]) <= 'd' &&
           ends_word(text, k + 1);
  };
  if (suffix_at(j)) return j + 1;
  if (std::size_t k = j; separator(k) && suffix_at(k)) return k + 1;
  return ends_word(text, j) ? j : 0;
}

// 10 digits, unformatted or 3-3-4 with spaces; the NHS check digit.
std::size_t uk_nhs(candidate& c) {
  const digit_token* t = c.digits(10, 10);
  if (t == nullptr || !(t->unformatted() || t->grouped_as({3, 3, 4}, true, false))) return 0;
  return uk_nhs_valid(t->number()) ? t->end : 0;
}

// Four letters (the bank code), an optional space, 4-28 letters or digits, an optional space,
// and 1-3 letters or digits: four letters then 5-31 letters or digits in all.
std::size_t swift(candidate& c) {
  const std::string_view text = c.text();
  const std::size_t i = c.start();
  if (i + 4 >= text.size()) return 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    if (!ascii_is_alpha(text[k])) return 0;
  }
  const std::size_t first = text[i + 4] == ' ' ? i + 5 : i + 4;
  const std::size_t first_end = alnum_end(text, first);
  const std::size_t length = first_end - first;
  if (first_end + 1 < text.size() && text[first_end] == ' ' && length >= 4 && length <= 28) {
    const std::size_t rest_end = alnum_end(text, first_end + 1);
    const std::size_t rest = rest_end - first_end - 1;
    if (rest >= 1 && rest <= 3) return rest_end;
  }
  return length >= 5 && length <= 31 ? first_end : 0;
}

// Nine digits in threes with hyphens or spaces (one kind), or unformatted; the Luhn check.
std::size_t canada_sin_formatted(candidate& c) {
  const digit_token* t = c.digits(9, 9);
  if (t == nullptr || !t->grouped_as({3, 3, 3}, true, true)) return 0;
  return luhn_valid(t->number()) ? t->end : 0;
}
std::size_t nine_digits_luhn(candidate& c) {
  const digit_token* t = unbroken(c, 9, 9);
  return t != nullptr && luhn_valid(t->number()) ? t->end : 0;
}

// 8-9 digits, 3, optional space, 3, optional space, 2-3; the ATO's check.
std::size_t australia_tfn(candidate& c) {
  const digit_token* t = c.digits(8, 9);
  return t != nullptr && three_three_rest(*t) && australia_tfn_valid(t->number()) ? t->end : 0;
}

// 8-9 digits, 3, optional space, 3, optional space, 2-3; the 11-proef.
std::size_t netherlands_bsn(candidate& c) {
  const digit_token* t = c.digits(8, 9);
  return t != nullptr && three_three_rest(*t) && netherlands_bsn_valid(t->number()) ? t->end : 0;
}

// A registrant letter (A-H, J-N, P, R-U, X), a letter, seven digits; the DEA check digit.
std::size_t dea_number(candidate& c) {
  const std::string_view text = c.text();
  const std::size_t i = c.start();
  char registrant, initial;
  if (!two_letters(text, i, registrant, initial)) return 0;
  if (std::string_view("abcdefghjklmnprstux").find(registrant) == std::string_view::npos) return 0;
  const std::size_t end = i + 9;
  if (end > text.size() || !ends_word(text, end)) return 0;
  return dea_valid(text.substr(i + 2, 7)) ? end : 0;
}

// Four dotted numbers of 0-255 (one to three digits each), as an address is written.
std::size_t ipv4_address(candidate& c) {
  const std::string_view text = c.text();
  const std::size_t i = c.start();
  if (continues_address_run(text, i)) return 0;
  std::size_t end = i;
  int dots = 0;
  while (end < text.size() && end - i < 16 &&
         (ascii_is_digit(text[end]) ||
          (text[end] == '.' && end + 1 < text.size() && ascii_is_digit(text[end + 1])))) {
    dots += text[end] == '.' ? 1 : 0;
    ++end;
  }
  if (dots != 3 || !ends_word(text, end) ||
      (end < text.size() && text[end] == '.' && end + 1 < text.size() &&
       ascii_is_digit(text[end + 1]))) {
    return 0;
  }
  // The address parser checks each part's range.
  const auto address = net::ip_address::parse(text.substr(i, end - i));
  return address && address->is_v4() ? end : 0;
}

// RFC 4291 text: hexadecimal groups and colons (with "::" and a dotted tail), at least two colons,
// starting with a letter or digit.
std::size_t ipv6_address(candidate& c) {
  const std::string_view text = c.text();
  const std::size_t i = c.start();
  if (continues_address_run(text, i)) return 0;
  std::size_t end = i;
  int colons = 0;
  const auto part_of = [](char ch) { return ascii_hex_value(ch) >= 0 || ch == ':' || ch == '.'; };
  while (end < text.size() && end - i < 45 && part_of(text[end])) {
    colons += text[end] == ':' ? 1 : 0;
    ++end;
  }
  // A sentence's period or colon after the address is not part of it.
  while (end > i && (text[end - 1] == '.' ||
                     (text[end - 1] == ':' && (end - i < 2 || text[end - 2] != ':')))) {
    colons -= text[end - 1] == ':' ? 1 : 0;
    --end;
  }
  if (colons < 2 || !ends_word(text, end)) return 0;
  const auto address = net::ip_address::parse(text.substr(i, end - i));
  return address && !address->is_v4() ? end : 0;
}

}  // namespace mfsim::mail::sensitive
