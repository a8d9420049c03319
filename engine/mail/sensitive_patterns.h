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
std::size_t us_uk_passport(candidate& c);              // Func_usa_uk_passport
std::size_t itin_formatted(candidate& c);              // Func_formatted_itin
std::size_t itin_unformatted(candidate& c);            // Func_unformatted_itin
std::size_t uk_nino(candidate& c);                     // Func_uk_nino
std::size_t uk_nhs(candidate& c);                      // Func_uk_nhs_number
std::size_t swift(candidate& c);                       // Regex_swift
std::size_t canada_sin_formatted(candidate& c);        // Func_canadian_sin
std::size_t canada_sin_unformatted(candidate& c);      // Func_unformatted_canadian_sin
std::size_t australia_tfn(candidate& c);               // Func_australian_tax_file_number
std::size_t netherlands_bsn(candidate& c);             // Func_netherlands_bsn
std::size_t dea_number(candidate& c);                  // Func_dea_number

}  // namespace mfsim::mail::sensitive
