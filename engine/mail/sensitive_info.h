// MessageContainsDataClassifications: the built-in sensitive information types mfsim can find
// in text with the patterns, checksums, keywords and confidence levels Microsoft publishes
// ("Sensitive information types in Exchange Server"; docs/decisions.md, "Sensitive
// information types"). The scanner is a function over text so that any text (subject, body,
// an attachment's extracted text) can be scanned the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace mfsim::mail {

enum class sensitive_type : std::uint8_t {
  credit_card,      // Credit Card Number: 14-16 digits, Luhn
  aba_routing,      // ABA Routing Number: 9 digits, the ABA check digit, a keyword nearby
  iban,             // International Banking Account Number (IBAN): ISO 13616 mod-97
  us_ssn,           // U.S. Social Security Number (SSN): the SSA's number ranges, evidence nearby
  us_bank_account,  // U.S. Bank Account Number: 4-17 digits, a keyword nearby
  us_uk_passport,   // U.S. / U.K. Passport Number: 9 digits, a keyword nearby
  us_itin,          // U.S. Individual Taxpayer Identification Number (ITIN): 9dd-7d-dddd
  uk_nino,          // U.K. National Insurance Number (NINO): AB 12 34 56 C
  uk_nhs,           // U.K. National Health Service Number: 10 digits, mod 11
  swift,            // SWIFT Code: a bank code of four letters and 5-31 letters or digits
  canada_sin,       // Canada Social Insurance Number: 9 digits, Luhn
  australia_tfn,    // Australia Tax File Number: 8-9 digits, the ATO's check
  netherlands_bsn,  // Netherlands Citizen's Service (BSN) Number: 8-9 digits, the 11-proef
  dea_number,       // Drug Enforcement Agency (DEA) Number: 2 letters, 7 digits, check digit
  brazil_cpf,       // Brazil CPF Number: ddd.ddd.ddd-dd, two mod-11 check digits
  brazil_cnpj,      // Brazil Legal Entity Number (CNPJ): dd.ddd.ddd/dddd-dd, two check digits
  india_aadhaar,    // India Unique Identification (Aadhaar) Number: 12 digits, Verhoeff
  poland_pesel,     // Poland National ID (PESEL): 11 digits, weighted check digit
  sweden_id,        // Sweden National ID: [CC]YYMMDD[-+]NNNN, Luhn
  norway_id,        // Norway Identification Number: DDMMYY and 5 digits, two mod-11 checks
  finland_id,       // Finland National ID: DDMMYY, century sign, 3 digits, mod-31 character
  belgium_national_number,  // Belgium National Number: YY.MM.DD-NNN.CC, mod 97
  france_insee,             // France Social Security Number (INSEE): 15 digits, mod-97 key
  israel_id,                // Israel National ID: 9 digits, Luhn
  south_africa_id,          // South Africa Identification Number: 13 digits, Luhn
  singapore_nric,           // Singapore NRIC: S/T/F/G, 7 digits, check letter
  hong_kong_id,             // Hong Kong Identity Card (HKID) Number: 1-2 letters, 6 digits, mod 11
  taiwan_id,                // Taiwan National ID: a letter, 1 or 2, 8 digits, weighted check
  chile_id,                 // Chile Identity Card Number: d.ddd.ddd-K, mod 11
  ireland_pps,              // Ireland Personal Public Service (PPS) Number: 7 digits, mod-23 letter
  new_zealand_nhi,          // New Zealand Ministry of Health Number: 3 letters, 4 digits, mod 11
  // Decision 383: a pattern and keywords, some with a check.
  argentina_dni,
  australia_passport,
  canada_passport,
  canada_health_service,
  canada_phin,
  croatia_id_card,
  finland_passport,
  france_passport,
  france_cni,
  germany_id_card,
  indonesia_ktp,
  israel_bank_account,
  italy_drivers_license,
  japan_bank_account,
  japan_drivers_license,
  japan_passport,
  japan_resident_registration,
  japan_sin,
  malaysia_id_card,
  philippines_umid,
  portugal_citizen_card,
  saudi_arabia_id,
  sweden_passport,
  taiwan_passport,
  taiwan_resident_certificate,
  uk_electoral_roll,
  australia_bank_account,
  canada_bank_account,
  australia_drivers_license,
  china_resident_id,          // ISO 7064 MOD 11-2
  czech_id_card,              // a multiple of 11
  south_korea_rrn,            // weights 2-9, 2-5, mod 11
  australia_medical_account,  // Medicare's weights 1-3-7-9
  poland_id_card,             // ICAO weights, the first digit the check
  german_passport,            // ICAO 9303's check digit
  ip_address,                 // IP Address: dotted IPv4 or IPv6 text
};

struct sensitive_type_info {
  sensitive_type type;
  std::string_view name;       // Microsoft's name, as -MessageContainsDataClassifications takes it
  int recommended_confidence;  // the entity's recommendedConfidence
};

// Every type mfsim can find, in the order above.
[[nodiscard]] std::span<const sensitive_type_info> sensitive_types() noexcept;
// The type of that name (compared without case), or nullptr when mfsim cannot find it.
[[nodiscard]] const sensitive_type_info* find_sensitive_type(std::string_view name) noexcept;
[[nodiscard]] const sensitive_type_info& info_of(sensitive_type type) noexcept;

// Bounds on one scan: text past max_bytes is not read, and the scan stops after max_instances
// instances (the count is then at least that; `truncated` says so).
struct sensitive_scan_limits {
  std::size_t max_bytes = 4u << 20;
  std::size_t max_instances = 10000;
};

// What one scan found: the instances whose confidence lies in [min_confidence,
// max_confidence], the first of them and the highest confidence among them.
struct sensitive_scan_result {
  std::size_t count = 0;
  std::size_t first_offset = 0;  // of the first instance counted, in the text scanned
  std::size_t first_length = 0;
  int highest_confidence = 0;  // 0 when none was counted
  bool truncated = false;      // a limit was reached
};

// Scans `text` (any case; keywords are compared without case) for instances of `type`, each
// given the highest confidence level whose evidence lies within 300 characters of it, and
// counts those within the confidence range. Never throws; allocates only for the evidence
// positions of a text that holds a candidate.
[[nodiscard]] sensitive_scan_result scan_sensitive(sensitive_type type, std::string_view text,
                                                   int min_confidence, int max_confidence,
                                                   const sensitive_scan_limits& limits = {});

}  // namespace mfsim::mail
