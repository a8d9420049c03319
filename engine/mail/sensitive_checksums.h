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

}  // namespace mfsim::mail
