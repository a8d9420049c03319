// The functions that find each type's number where a candidate starts (Microsoft's Func_* and
// Regex_* <IdMatch> targets, as "Sensitive information types in Exchange Server" describes their
// patterns). Each returns where the instance ends, or 0 when there is none at the candidate.
#pragma once

#include <cstddef>

#include "engine/mail/sensitive_candidate.h"

namespace mfsim::mail::sensitive {

std::size_t credit_card(candidate& c);               // Func_credit_card
std::size_t aba_routing(candidate& c);               // Func_aba_routing
std::size_t iban(candidate& c);                      // Func_iban
std::size_t ssn_formatted(candidate& c);             // Func_ssn
std::size_t ssn_unformatted(candidate& c);           // Func_unformatted_ssn
std::size_t ssn_randomized_formatted(candidate& c);  // Func_randomized_formatted_ssn, not Func_ssn
std::size_t ssn_randomized_unformatted(candidate& c);  // ... unformatted, not Func_unformatted_ssn
std::size_t us_bank_account(candidate& c);             // Regex_usa_bank_account_number
std::size_t itin_formatted(candidate& c);              // Func_formatted_itin
std::size_t itin_unformatted(candidate& c);            // Func_unformatted_itin
std::size_t uk_nino(candidate& c);                     // Func_uk_nino
std::size_t uk_nhs(candidate& c);                      // Func_uk_nhs_number
std::size_t swift(candidate& c);                       // Regex_swift
std::size_t canada_sin_formatted(candidate& c);        // Func_canadian_sin
// Func_unformatted_canadian_sin and Func_israeli_national_id_number: nine digits, Luhn.
std::size_t nine_digits_luhn(candidate& c);
std::size_t australia_tfn(candidate& c);    // Func_australian_tax_file_number
std::size_t netherlands_bsn(candidate& c);  // Func_netherlands_bsn
std::size_t dea_number(candidate& c);       // Func_dea_number

std::size_t brazil_cpf(candidate& c);               // Func_brazil_cpf
std::size_t brazil_cnpj(candidate& c);              // Func_brazil_cnpj
std::size_t india_aadhaar(candidate& c);            // Func_india_aadhaar
std::size_t poland_pesel(candidate& c);             // Func_pesel_identification_number
std::size_t sweden_id(candidate& c);                // Func_swedish_national_identifier
std::size_t norway_id(candidate& c);                // Func_norway_id_number
std::size_t finland_id(candidate& c);               // Func_finnish_national_id
std::size_t belgium_national_number(candidate& c);  // Func_belgium_national_number
std::size_t france_insee(candidate& c);             // Func_french_insee
std::size_t south_africa_id(candidate& c);          // Func_south_africa_identification_number
std::size_t singapore_nric(candidate& c);           // Regex_singapore_nric
std::size_t hong_kong_id(candidate& c);             // Func_hong_kong_id_card
std::size_t taiwan_id(candidate& c);                // Func_taiwanese_national_id
std::size_t chile_id(candidate& c);                 // Func_chile_id_card
std::size_t ireland_pps(candidate& c);              // Func_ireland_pps
std::size_t new_zealand_nhi(candidate& c);          // Func_new_zealand_ministry_of_health_number

std::size_t argentina_dni(candidate& c);                // Regex_argentina_national_id
std::size_t australia_passport(candidate& c);           // Regex_australia_passport_number
std::size_t canada_passport(candidate& c);              // Regex_canada_passport_number
std::size_t ten_digits(candidate& c);                   // 10 consecutive digits
std::size_t nine_digits(candidate& c);                  // 9 consecutive digits
std::size_t two_letters_seven_digits(candidate& c);     // Finland's and Japan's passports
std::size_t france_passport(candidate& c);              // Func_fr_passport
std::size_t twelve_digits(candidate& c);                // 12 consecutive digits
std::size_t germany_id_card(candidate& c);              // Regex_germany_id_card
std::size_t indonesia_ktp(candidate& c);                // Regex_indonesia_id_card
std::size_t israel_bank_account(candidate& c);          // Regex_israel_bank_account_number
std::size_t italy_drivers_license(candidate& c);        // Regex_italy_drivers_license_number
std::size_t japan_bank_account(candidate& c);           // Func_jp_bank_account
std::size_t japan_bank_branch(candidate& c);            // Func_jp_bank_account_branch_code
std::size_t eleven_digits(candidate& c);                // 11 consecutive digits
std::size_t japan_sin(candidate& c);                    // Func_jp_sin
std::size_t japan_sin_pre_1997(candidate& c);           // Func_jp_sin_pre_1997
std::size_t malaysia_id_card(candidate& c);             // Regex_malaysia_id_card_number
std::size_t philippines_umid(candidate& c);             // Regex_philippines_unified_id
std::size_t eight_digits(candidate& c);                 // 8 consecutive digits
std::size_t taiwan_resident_certificate(candidate& c);  // Regex_taiwan_resident_certificate
std::size_t uk_electoral_roll(candidate& c);            // Regex_uk_electoral
std::size_t australia_bank_account(candidate& c);       // Regex_australia_bank_account_number
std::size_t australia_bsb(candidate& c);                // Regex_australia_bank_account_number_bsb
std::size_t canada_bank_account(candidate& c);          // Regex_canada_bank_account_number
std::size_t canada_transit_number(candidate& c);        // Regex_canada_bank_account_transit_number
std::size_t australia_drivers_license(candidate& c);    // Regex_australia_drivers_license_number
std::size_t china_resident_id(candidate& c);            // Func_china_resident_id
std::size_t czech_id_card(candidate& c);                // Func_czech_id_card
std::size_t south_korea_rrn(candidate& c);              // Func_south_korea_resident_number
std::size_t australia_medicare(candidate& c);           // Func_australian_medical_account_number
std::size_t poland_id_card(candidate& c);               // Func_polish_national_id
std::size_t german_passport(candidate& c);              // Func_german_passport
std::size_t ipv4_address(candidate& c);                 // Regex_ipv4_address (dotted)
std::size_t ipv6_address(candidate& c);                 // Regex_ipv6_address

}  // namespace mfsim::mail::sensitive
