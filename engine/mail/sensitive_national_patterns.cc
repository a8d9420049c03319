// The number patterns of the national numbers, passports, identity cards and health numbers
// (decisions 382 and 383; sensitive_patterns.h).
#include <algorithm>
#include <string_view>

#include "engine/ascii.h"
#include "engine/mail/sensitive_checksums.h"
#include "engine/mail/sensitive_patterns.h"
#include "engine/mail/sensitive_shapes.h"

namespace mfsim::mail::sensitive {

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
    if (!ascii_is_alnum(text[k]) && text[k] != '_') return 0;
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

}  // namespace mfsim::mail::sensitive
