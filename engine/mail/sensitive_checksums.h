// The check digits the sensitive information types verify ("The checksum passes" in Microsoft's
// definitions). Microsoft names the check only for cards (Luhn); for the national numbers it
// says "Checksum: Yes", and mfsim applies the check the issuing body publishes (docs/decisions.md,
// decision 381). Each takes the digits (or characters) without separators; anything else fails.
#pragma once

#include <string_view>

namespace mfsim::mail {

// Luhn (ISO/IEC 7812-1): cards and Canada's Social Insurance Number.
[[nodiscard]] bool luhn_valid(std::string_view digits) noexcept;
// The ABA routing check digit: weights 3-7-1 repeated, the sum a multiple of 10.
[[nodiscard]] bool aba_valid(std::string_view digits) noexcept;
// ISO 13616 mod-97 over an IBAN (any case).
[[nodiscard]] bool iban_valid(std::string_view iban) noexcept;
// NHS number (10 digits): weights 10 down to 2, check digit 11 minus the sum mod 11 (11 reads 0,
// 10 is never issued).
[[nodiscard]] bool uk_nhs_valid(std::string_view digits) noexcept;
// Australian Tax File Number (8 or 9 digits): the ATO's weights, the sum a multiple of 11.
[[nodiscard]] bool australia_tfn_valid(std::string_view digits) noexcept;
// Dutch BSN (8 or 9 digits, 8 read with a leading 0): the "11-proef", weights 9 down to 2 and
// -1 for the last digit, the sum a multiple of 11 and not 0.
[[nodiscard]] bool netherlands_bsn_valid(std::string_view digits) noexcept;
// DEA registration number's seven digits: the sum of the 1st, 3rd and 5th plus twice the sum of
// the 2nd, 4th and 6th ends in the 7th.
[[nodiscard]] bool dea_valid(std::string_view digits) noexcept;

// Brazil's CPF (11 digits) and CNPJ (14 digits): two mod-11 check digits each.
[[nodiscard]] bool brazil_cpf_valid(std::string_view digits) noexcept;
[[nodiscard]] bool brazil_cnpj_valid(std::string_view digits) noexcept;
// Verhoeff's dihedral check (India's Aadhaar number).
[[nodiscard]] bool verhoeff_valid(std::string_view digits) noexcept;
// Poland's PESEL (11 digits): weights 1-3-7-9 repeated, the last digit completes a multiple of 10.
[[nodiscard]] bool poland_pesel_valid(std::string_view digits) noexcept;
// Norway's national identity number (11 digits): two mod-11 check digits.
[[nodiscard]] bool norway_id_valid(std::string_view digits) noexcept;
// Finland's personal identity code: the check character of its nine digits (mod 31).
[[nodiscard]] char finland_check_character(std::string_view nine_digits) noexcept;
// Belgium's national number (11 digits): 97 minus the first nine mod 97, read as born before
// 2000 or, with a leading 2, after.
[[nodiscard]] bool belgium_national_number_valid(std::string_view digits) noexcept;
// France's INSEE number (15 digits): the key is 97 minus the first 13 digits mod 97.
[[nodiscard]] bool france_insee_valid(std::string_view digits) noexcept;
// Singapore's NRIC/FIN: the prefix (S, T, F or G), seven digits, the check letter.
[[nodiscard]] bool singapore_nric_valid(char prefix, std::string_view digits, char check) noexcept;
// Hong Kong's HKID: one or two letters, six digits, the check character (0-9 or A).
[[nodiscard]] bool hong_kong_id_valid(std::string_view letters, std::string_view digits,
                                      char check) noexcept;
// Taiwan's national ID: the letter (its area code) and nine digits.
[[nodiscard]] bool taiwan_id_valid(char letter, std::string_view digits) noexcept;
// Chile's RUT/RUN: the body's digits and the check character (0-9 or K), mod 11.
[[nodiscard]] bool chile_rut_valid(std::string_view digits, char check) noexcept;
// Ireland's PPS number: seven digits, the check letter (mod 23) and the letter after it, if any.
[[nodiscard]] bool ireland_pps_valid(std::string_view digits, char check, char second) noexcept;
// New Zealand's NHI number: three letters (no I or O) and four digits, mod 11.
[[nodiscard]] bool new_zealand_nhi_valid(std::string_view letters,
                                         std::string_view digits) noexcept;

// China's resident identity number: 17 digits and the ISO 7064 MOD 11-2 check (0-9 or X).
[[nodiscard]] bool china_resident_id_valid(std::string_view digits, char check) noexcept;
// Czech birth number (10 digits): a multiple of 11, or, before 1985, the first nine leaving 10
// with a check digit of 0.
[[nodiscard]] bool czech_birth_number_valid(std::string_view digits) noexcept;
// South Korea's resident registration number (13 digits): weights 2-9, 2-5, mod 11.
[[nodiscard]] bool south_korea_rrn_valid(std::string_view digits) noexcept;
// Australia's Medicare number (10 or 11 digits): the first 2-6, weights 1-3-7-9 on the first
// eight, the ninth their sum mod 10.
[[nodiscard]] bool australia_medicare_valid(std::string_view digits) noexcept;
// ICAO 9303's check digit: weights 7-3-1, letters A = 10 to Z = 35, the sum mod 10.
[[nodiscard]] int icao_check_digit(std::string_view characters) noexcept;
// Poland's identity card (three letters, six digits): ICAO's weights with the first digit the
// check, the sum a multiple of 10.
[[nodiscard]] bool poland_id_card_valid(std::string_view letters, std::string_view digits) noexcept;

}  // namespace mfsim::mail
