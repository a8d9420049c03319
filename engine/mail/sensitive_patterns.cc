// The number patterns of the sensitive information types (sensitive_patterns.h).
#include "engine/mail/sensitive_patterns.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <iterator>
#include <string_view>

#include "engine/ascii.h"
#include "engine/mail/sensitive_checksums.h"
#include "engine/net/ip_address.h"

namespace mfsim::mail::sensitive {
namespace {

// The 60 countries the IBAN type covers, lower-cased.
constexpr std::string_view kIbanCountries[] = {
    "ad", "ae", "al", "at", "az", "ba", "be", "bg", "bh", "ch", "cr", "cy", "cz", "de", "dk",
    "do", "ee", "es", "fi", "fo", "fr", "gb", "ge", "gi", "gl", "gr", "hr", "hu", "ie", "il",
    "is", "it", "kw", "kz", "lb", "li", "lt", "lu", "lv", "mc", "md", "me", "mk", "mr", "mt",
    "mu", "nl", "no", "pl", "pt", "ro", "rs", "sa", "se", "si", "sk", "sm", "tn", "tr", "vg"};

constexpr bool is_alnum(char c) noexcept { return ascii_is_digit(c) || ascii_is_alpha(c); }
constexpr int digit(char c) noexcept { return c - '0'; }
bool ends_word(std::string_view text, std::size_t i) {
  return i >= text.size() || !is_alnum(text[i]);
}

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

// Three digits, an optional space, three digits, an optional space, and the rest (Australia's
// Tax File Number and the Dutch BSN: 8 or 9 digits in all).
bool three_three_rest(const digit_token& t) {
  if (t.hyphens) return false;
  const int rest = static_cast<int>(t.count) - 6;
  return t.unformatted() || t.grouped_as({3, 3, rest}, true, false) ||
         t.grouped_as({3, 3 + rest}, true, false) || t.grouped_as({6, rest}, true, false);
}

// Letters at `i` and `i + 1`, lower-cased; false when either is not an ASCII letter.
bool two_letters(std::string_view text, std::size_t i, char& a, char& b) {
  if (i + 1 >= text.size() || !ascii_is_alpha(text[i]) || !ascii_is_alpha(text[i + 1]))
    return false;
  a = ascii_lower(text[i]);
  b = ascii_lower(text[i + 1]);
  return true;
}

// The end of the run of letters and digits at `i`.
std::size_t alnum_end(std::string_view text, std::size_t i) {
  while (i < text.size() && is_alnum(text[i])) ++i;
  return i;
}

// What a fixed layout read at a candidate holds: 'd' a digit, 'a' a letter, 'c' a letter or
// digit (a check character), anything else itself.
struct layout_read {
  std::size_t end = 0;  // 0: the layout is not there
  std::array<char, 20> digits{}, letters{};
  std::size_t digit_count = 0, letter_count = 0;
  char check = '\0';

  [[nodiscard]] std::string_view number() const { return {digits.data(), digit_count}; }
  [[nodiscard]] std::string_view alpha() const { return {letters.data(), letter_count}; }
};

// Reads `layout` at `i`; it must end a word.
layout_read read_layout(std::string_view text, std::size_t i, std::string_view layout) {
  layout_read r;
  if (i + layout.size() > text.size()) return r;
  for (const char want : layout) {
    const char c = text[i++];
    if (want == 'd' && ascii_is_digit(c) && r.digit_count < r.digits.size()) {
      r.digits[r.digit_count++] = c;
    } else if (want == 'a' && ascii_is_alpha(c) && r.letter_count < r.letters.size()) {
      r.letters[r.letter_count++] = c;
    } else if (want == 'c' && is_alnum(c)) {
      r.check = c;
    } else if (want != c || want == 'd' || want == 'a' || want == 'c') {
      return r;
    }
  }
  if (ends_word(text, i) || !is_alnum(layout.back())) r.end = i;
  return r;
}

// Whether the text at `i` fits the layout's first `n` places (a cheap look before reading it).
bool starts_as(std::string_view text, std::size_t i, std::string_view layout, std::size_t n) {
  if (i + layout.size() > text.size()) return false;
  for (std::size_t k = 0; k < n && k < layout.size(); ++k) {
    const char c = text[i + k];
    const char want = layout[k];
    const bool fits = want == 'd'   ? ascii_is_digit(c)
                      : want == 'a' ? ascii_is_alpha(c)
                      : want == 'c' ? is_alnum(c)
                                    : c == want;
    if (!fits) return false;
  }
  return true;
}

// The first of the layouts found at the candidate.
layout_read first_layout(const candidate& c, std::initializer_list<std::string_view> layouts) {
  for (const auto layout : layouts) {
    if (!starts_as(c.text(), c.start(), layout, 4)) continue;
    auto r = read_layout(c.text(), c.start(), layout);
    if (r.end != 0) return r;
  }
  return {};
}

// Whether two digits at `at` read as a number within [low, high].
bool two_digits_within(std::string_view d, std::size_t at, int low, int high) {
  const int value = digit(d[at]) * 10 + digit(d[at + 1]);
  return value >= low && value <= high;
}
// DDMMYY at `at`: a day of 1-31 (or, with `day_offset`, that much more) and a month of 1-12.
bool day_month(std::string_view d, std::size_t at, int day_offset = 0) {
  return (two_digits_within(d, at, 1, 31) ||
          (day_offset > 0 && two_digits_within(d, at, 1 + day_offset, 31 + day_offset))) &&
         two_digits_within(d, at + 2, 1, 12);
}

// A number of `min` to `max` digits written unbroken, or nullptr.
const digit_token* unbroken(candidate& c, std::size_t min, std::size_t max) {
  const digit_token* t = c.digits(min, max);
  return t != nullptr && t->unformatted() ? t : nullptr;
}
std::size_t unbroken_end(candidate& c, std::size_t min, std::size_t max) {
  const digit_token* t = unbroken(c, min, max);
  return t != nullptr ? t->end : 0;
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
  if (j + 1 < text.size() && text[j] == ' ' && is_alnum(text[j + 1])) ++j;
  std::size_t bban = 0;
  while (j < text.size() && bban < 30) {
    if (is_alnum(text[j])) {
      compact[n++] = text[j++];
      ++bban;
    } else if (text[j] == ' ' && bban % 4 == 0 && j + 1 < text.size() && is_alnum(text[j + 1])) {
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

// ddd.ddd.ddd-dd or 11 digits; two mod-11 check digits.
std::size_t brazil_cpf(candidate& c) {
  if (const digit_token* t = c.digits(11, 11); t != nullptr && t->unformatted()) {
    return brazil_cpf_valid(t->number()) ? t->end : 0;
  }
  const auto r = first_layout(c, {"ddd.ddd.ddd-dd"});
  return r.end != 0 && brazil_cpf_valid(r.number()) ? r.end : 0;
}

// dd.ddd.ddd/dddd-dd; two mod-11 check digits.
std::size_t brazil_cnpj(candidate& c) {
  const auto r = first_layout(c, {"dd.ddd.ddd/dddd-dd"});
  return r.end != 0 && brazil_cnpj_valid(r.number()) ? r.end : 0;
}

// 12 digits, unformatted or in fours with spaces or hyphens (one kind); Verhoeff.
std::size_t india_aadhaar(candidate& c) {
  const digit_token* t = c.digits(12, 12);
  if (t == nullptr || !(t->unformatted() || t->grouped_as({4, 4, 4}, true, true))) return 0;
  return verhoeff_valid(t->number()) ? t->end : 0;
}

// 11 consecutive digits; the PESEL check digit.
std::size_t poland_pesel(candidate& c) {
  const digit_token* t = unbroken(c, 11, 11);
  return t != nullptr && poland_pesel_valid(t->number()) ? t->end : 0;
}

// An optional century (two digits), YYMMDD, an optional - or +, four digits; Luhn over the ten
// digits from YY (a coordination number's day is 60 more).
std::size_t sweden_id(candidate& c) {
  const auto r = first_layout(c, {"dddddddd-dddd", "dddddddd+dddd", "dddddddddddd", "dddddd-dddd",
                                  "dddddd+dddd", "dddddddddd"});
  if (r.end == 0) return 0;
  const std::string_view ten = r.number().substr(r.digit_count - 10);
  const bool date = two_digits_within(ten, 2, 1, 12) &&
                    (two_digits_within(ten, 4, 1, 31) || two_digits_within(ten, 4, 61, 91));
  return date && luhn_valid(ten) ? r.end : 0;
}

// 11 consecutive digits, DDMMYY first (a D-number's day is 40 more); two check digits.
std::size_t norway_id(candidate& c) {
  const digit_token* t = c.digits(11, 11);
  if (t == nullptr || !t->unformatted() || !day_month(t->number(), 0, 40)) return 0;
  return norway_id_valid(t->number()) ? t->end : 0;
}

// DDMMYY, the century sign (-, + or A), three digits and the check character.
std::size_t finland_id(candidate& c) {
  const auto r = first_layout(c, {"dddddd-dddc", "dddddd+dddc", "ddddddadddc"});
  if (r.end == 0 || (r.letter_count == 1 && ascii_lower(r.letters[0]) != 'a')) return 0;
  if (!day_month(r.number(), 0)) return 0;
  return finland_check_character(r.number()) == ascii_upper(r.check) ? r.end : 0;
}

// YY.MM.DD-ddd.dd; 97 minus the first nine digits mod 97.
std::size_t belgium_national_number(candidate& c) {
  const auto r = first_layout(c, {"dd.dd.dd-ddd.dd"});
  return r.end != 0 && belgium_national_number_valid(r.number()) ? r.end : 0;
}

// 15 consecutive digits, or 13, a space and two; the key is 97 minus the rest mod 97.
std::size_t france_insee(candidate& c) {
  const digit_token* t = c.digits(15, 15);
  if (t == nullptr || !(t->unformatted() || t->grouped_as({13, 2}, true, false))) return 0;
  return france_insee_valid(t->number()) ? t->end : 0;
}

// 13 digits (or 6, 4 and 3 with spaces): YYMMDD, four, the citizenship digit, 8 or 9, Luhn.
std::size_t south_africa_id(candidate& c) {
  const digit_token* t = c.digits(13, 13);
  if (t == nullptr || !(t->unformatted() || t->grouped_as({6, 4, 3}, true, false))) return 0;
  const std::string_view d = t->number();
  if ((d[11] != '8' && d[11] != '9') || !two_digits_within(d, 2, 1, 12) ||
      !two_digits_within(d, 4, 1, 31)) {
    return 0;
  }
  return luhn_valid(d) ? t->end : 0;
}

// S, T, F or G, seven digits and the check letter.
std::size_t singapore_nric(candidate& c) {
  const auto r = first_layout(c, {"addddddda"});
  if (r.end == 0) return 0;
  return singapore_nric_valid(r.letters[0], r.number(), r.letters[1]) ? r.end : 0;
}

// One or two letters, six digits and the check character (0-9 or A), perhaps in parentheses.
std::size_t hong_kong_id(candidate& c) {
  const auto r = first_layout(c, {"aadddddd(c)", "adddddd(c)", "aaddddddc", "addddddc"});
  return r.end != 0 && hong_kong_id_valid(r.alpha(), r.number(), r.check) ? r.end : 0;
}

// A letter, 1 or 2, and eight digits; the area code's check.
std::size_t taiwan_id(candidate& c) {
  const auto r = first_layout(c, {"addddddddd"});
  if (r.end == 0 || (r.digits[0] != '1' && r.digits[0] != '2')) return 0;
  return taiwan_id_valid(r.letters[0], r.number()) ? r.end : 0;
}

// 1-2 digits, a period, three digits, a period, three digits, a hyphen and the check character
// (a digit or K); mod 11.
std::size_t chile_id(candidate& c) {
  const auto r = first_layout(c, {"dd.ddd.ddd-c", "d.ddd.ddd-c"});
  return r.end != 0 && chile_rut_valid(r.number(), r.check) ? r.end : 0;
}

// Seven digits, the check letter and perhaps one more letter; mod 23.
std::size_t ireland_pps(candidate& c) {
  const auto r = first_layout(c, {"dddddddaa", "ddddddda"});
  if (r.end == 0) return 0;
  const char second = r.letter_count == 2 ? r.letters[1] : '\0';
  return ireland_pps_valid(r.number(), r.letters[0], second) ? r.end : 0;
}

// Three letters (no I or O), an optional space and four digits; mod 11.
std::size_t new_zealand_nhi(candidate& c) {
  const auto r = first_layout(c, {"aaadddd", "aaa dddd"});
  return r.end != 0 && new_zealand_nhi_valid(r.alpha(), r.number()) ? r.end : 0;
}

// dd.ddd.ddd.
std::size_t argentina_dni(candidate& c) { return first_layout(c, {"dd.ddd.ddd"}).end; }

// A letter and seven digits.
std::size_t australia_passport(candidate& c) { return first_layout(c, {"addddddd"}).end; }

// Two letters and six digits. The page says upper-case; the body text is scanned case-folded
// (decision 383), so case is not checked.
std::size_t canada_passport(candidate& c) { return first_layout(c, {"aadddddd"}).end; }

std::size_t ten_digits(candidate& c) { return unbroken_end(c, 10, 10); }
std::size_t nine_digits(candidate& c) { return unbroken_end(c, 9, 9); }
std::size_t eight_digits(candidate& c) { return unbroken_end(c, 8, 8); }
std::size_t eleven_digits(candidate& c) { return unbroken_end(c, 11, 11); }
std::size_t twelve_digits(candidate& c) { return unbroken_end(c, 12, 12); }

std::size_t two_letters_seven_digits(candidate& c) { return first_layout(c, {"aaddddddd"}).end; }

// Two digits, two letters, five digits.
std::size_t france_passport(candidate& c) { return first_layout(c, {"ddaaddddd"}).end; }

// A letter and eight digits (since November 2010), or ten digits (1987-2010).
std::size_t germany_id_card(candidate& c) {
  if (const std::size_t end = unbroken_end(c, 10, 10)) return end;
  return first_layout(c, {"adddddddd"}).end;
}

// 16 digits, periods allowed after the 2nd, 6th and 12th; DDMMYY from the 7th (a woman's day is
// 40 more).
std::size_t indonesia_ktp(candidate& c) {
  const auto r = first_layout(
      c, {"dd.dddd.dddddd.dddd", "dd.dddd.dddddddddd", "dd.dddddddddd.dddd", "dddddd.dddddd.dddd",
          "dd.dddddddddddddd", "dddddd.dddddddddd", "dddddddddddd.dddd", "dddddddddddddddd"});
  return r.end != 0 && day_month(r.number(), 6, 40) ? r.end : 0;
}

// dd-ddd-dddddddd or 13 digits.
std::size_t israel_bank_account(candidate& c) {
  const digit_token* t = c.digits(13, 13);
  return t != nullptr && (t->unformatted() || t->grouped_as({2, 3, 8}, false, true)) ? t->end : 0;
}

// A letter, A or V, seven letters, digits or underscores, and a letter.
std::size_t italy_drivers_license(candidate& c) {
  const std::string_view text = c.text();
  const std::size_t i = c.start();
  if (i + 10 > text.size() || !ascii_is_alpha(text[i])) return 0;
  const char second = ascii_lower(text[i + 1]);
  if (second != 'a' && second != 'v') return 0;
  for (std::size_t k = i + 2; k < i + 9; ++k) {
    if (!is_alnum(text[k]) && text[k] != '_') return 0;
  }
  const std::size_t end = i + 10;
  return ascii_is_alpha(text[i + 9]) && ends_word(text, end) &&
                 (end >= text.size() || text[end] != '_')
             ? end
             : 0;
}

// Seven or eight digits.
std::size_t japan_bank_account(candidate& c) { return unbroken_end(c, 7, 8); }
// Four digits, an optional space or hyphen, three digits.
std::size_t japan_bank_branch(candidate& c) {
  const digit_token* t = c.digits(7, 7);
  return t != nullptr && (t->unformatted() || t->grouped_as({4, 3}, true, true)) ? t->end : 0;
}

// Four digits, an optional hyphen, six digits.
std::size_t japan_sin(candidate& c) {
  const digit_token* t = c.digits(10, 10);
  return t != nullptr && (t->unformatted() || t->grouped_as({4, 6}, false, true)) ? t->end : 0;
}
// 7-12 consecutive digits.
std::size_t japan_sin_pre_1997(candidate& c) { return unbroken_end(c, 7, 12); }

// YYMMDD, an optional hyphen, the two-digit place of birth, an optional hyphen, four digits.
std::size_t malaysia_id_card(candidate& c) {
  const digit_token* t = c.digits(12, 12);
  if (t == nullptr) return 0;
  const bool shape = t->unformatted() || t->grouped_as({6, 2, 4}, false, true) ||
                     t->grouped_as({6, 6}, false, true) || t->grouped_as({8, 4}, false, true);
  const std::string_view d = t->number();
  return shape && two_digits_within(d, 2, 1, 12) && two_digits_within(d, 4, 1, 31) ? t->end : 0;
}

// dddd-ddddddd-d.
std::size_t philippines_umid(candidate& c) {
  const digit_token* t = c.digits(12, 12);
  return t != nullptr && t->grouped_as({4, 7, 1}, false, true) ? t->end : 0;
}

// Two letters and eight digits.
std::size_t taiwan_resident_certificate(candidate& c) {
  return first_layout(c, {"aadddddddd"}).end;
}

// Two letters and 1-4 digits.
std::size_t uk_electoral_roll(candidate& c) {
  return first_layout(c, {"aadddd", "aaddd", "aadd", "aad"}).end;
}

// 6-10 digits; the bank state branch number ddd-ddd.
std::size_t australia_bank_account(candidate& c) { return unbroken_end(c, 6, 10); }
std::size_t australia_bsb(candidate& c) {
  const digit_token* t = c.digits(6, 6);
  return t != nullptr && t->grouped_as({3, 3}, false, true) ? t->end : 0;
}

// Seven or twelve digits; the transit number ddddd-ddd or 0 and eight digits.
std::size_t canada_bank_account(candidate& c) {
  const digit_token* t = unbroken(c, 7, 12);
  return t != nullptr && (t->count == 7 || t->count == 12) ? t->end : 0;
}
std::size_t canada_transit_number(candidate& c) {
  const digit_token* t = c.digits(8, 9);
  if (t == nullptr) return 0;
  if (t->count == 8) return t->grouped_as({5, 3}, false, true) ? t->end : 0;
  return t->unformatted() && t->digits[0] == '0' ? t->end : 0;
}

// Nine letters or digits (which covers two letters or digits, two digits and five letters or
// digits), or up to two letters and 4-9 digits.
std::size_t australia_drivers_license(candidate& c) {
  const std::string_view text = c.text();
  const std::size_t i = c.start();
  const std::size_t end = alnum_end(text, i);
  if (end - i == 9) return end;
  std::size_t k = i;
  while (k < end && k - i < 2 && ascii_is_alpha(text[k])) ++k;
  const std::size_t digits = end - k;
  if (digits < 4 || digits > 9) return 0;
  for (std::size_t j = k; j < end; ++j) {
    if (!ascii_is_digit(text[j])) return 0;
  }
  return end;
}

// 17 digits (an address code, YYYYMMDD, an order code) and the check character (0-9 or X).
std::size_t china_resident_id(candidate& c) {
  const auto r = first_layout(c, {"ddddddddddddddddd"
                                  "c"});
  if (r.end == 0) return 0;
  const std::string_view d = r.number();
  if (!two_digits_within(d, 10, 1, 12) || !two_digits_within(d, 12, 1, 31)) return 0;
  return china_resident_id_valid(d, r.check) ? r.end : 0;
}

// YYMMDD/dddd: a woman's month is 50 more (and, since 2004, either may be 20 more); the whole a
// multiple of 11.
std::size_t czech_id_card(candidate& c) {
  const auto r = first_layout(c, {"dddddd/dddd"});
  if (r.end == 0) return 0;
  const std::string_view d = r.number();
  const bool month = two_digits_within(d, 2, 1, 12) || two_digits_within(d, 2, 21, 32) ||
                     two_digits_within(d, 2, 51, 62) || two_digits_within(d, 2, 71, 82);
  if (!month || !two_digits_within(d, 4, 1, 31)) return 0;
  return czech_birth_number_valid(d) ? r.end : 0;
}

// YYMMDD-ddddddd; the check digit.
std::size_t south_korea_rrn(candidate& c) {
  const digit_token* t = c.digits(13, 13);
  if (t == nullptr || !t->grouped_as({6, 7}, false, true)) return 0;
  const std::string_view d = t->number();
  if (!two_digits_within(d, 2, 1, 12) || !two_digits_within(d, 4, 1, 31)) return 0;
  return south_korea_rrn_valid(d) ? t->end : 0;
}

// 10-11 digits, the first 2-6; the check digit ninth.
std::size_t australia_medicare(candidate& c) {
  const digit_token* t = unbroken(c, 10, 11);
  return t != nullptr && australia_medicare_valid(t->number()) ? t->end : 0;
}

// Three letters and six digits; ICAO's weights.
std::size_t poland_id_card(candidate& c) {
  const auto r = first_layout(c, {"aaadddddd"});
  return r.end != 0 && poland_id_card_valid(r.alpha(), r.number()) ? r.end : 0;
}

// A digit or C, F, G, H, J or K; three digits; five digits or letters of C, F-H, J-N, P, R, T,
// V-Z; ICAO's check digit.
std::size_t german_passport(candidate& c) {
  constexpr std::string_view kLetters = "cfghjklmnprtvwxyz";
  const std::string_view text = c.text();
  const std::size_t i = c.start();
  const auto allowed = [&](char ch, std::string_view letters) {
    return ascii_is_digit(ch) || letters.find(ascii_lower(ch)) != std::string_view::npos;
  };
  if (i + 10 > text.size() || !ends_word(text, i + 10)) return 0;
  if (!allowed(text[i], "cfghjk")) return 0;
  for (std::size_t k = i + 1; k < i + 4; ++k) {
    if (!ascii_is_digit(text[k])) return 0;
  }
  for (std::size_t k = i + 4; k < i + 9; ++k) {
    if (!allowed(text[k], kLetters)) return 0;
  }
  if (!ascii_is_digit(text[i + 9])) return 0;
  return icao_check_digit(text.substr(i, 9)) == digit(text[i + 9]) ? i + 10 : 0;
}

// Four dotted numbers of 0-255 (one to three digits each), as an address is written.
std::size_t ipv4_address(candidate& c) {
  const std::string_view text = c.text();
  const std::size_t i = c.start();
  if (i > 0 && (text[i - 1] == '.' || text[i - 1] == ':')) return 0;  // inside a longer run
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
  if (i > 0 && (text[i - 1] == '.' || text[i - 1] == ':')) return 0;  // inside a longer run
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
