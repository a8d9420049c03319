// The definitions of the types mfsim finds, transcribed from the <Entity> XML of "Sensitive
// information types in Exchange Server" (docs/decisions.md, decisions 261 and 381). Func_us_address
// is not read, so a pattern that only an address would satisfy does not hold.
#include "engine/mail/sensitive_entities.h"

#include <array>
#include <iterator>

#include "engine/mail/sensitive_keywords.h"
#include "engine/mail/sensitive_patterns.h"

namespace mfsim::mail::sensitive {
namespace {

namespace kw = keywords;

constexpr evidence_ref words(std::span<const std::string_view> list) {
  return {evidence_kind::keywords, list};
}
constexpr evidence_ref kUsDate{evidence_kind::us_date};
constexpr evidence_ref kEuDate{evidence_kind::eu_date};
constexpr evidence_ref kExpirationDate{evidence_kind::expiration_date};

// Credit Card Number: 85 with a card keyword or an expiry date near, 65 alone.
constexpr evidence_ref kCardEvidence[] = {words(kw::kCardKeywords), kExpirationDate};
constexpr any_of kCardAny[] = {{kCardEvidence}};
constexpr pattern kCard[] = {{85, credit_card, {}, kCardAny}, {65, credit_card}};

// ABA Routing Number: 75 with a keyword.
constexpr evidence_ref kAbaWords[] = {words(kw::kAbaKeywords)};
constexpr pattern kAba[] = {{75, aba_routing, kAbaWords}};

// International Banking Account Number (IBAN): 85, no evidence.
constexpr pattern kIban[] = {{85, iban}};

// U.S. Social Security Number (SSN): four patterns.
constexpr evidence_ref kSsnWords[] = {words(kw::kSsnKeywords)};
constexpr evidence_ref kSsnWordOrDate[] = {words(kw::kSsnKeywords), kUsDate};
constexpr evidence_ref kSsnDate[] = {kUsDate};
constexpr any_of kSsnFormattedAny[] = {{kSsnWordOrDate}};
constexpr any_of kSsnUnformattedAny[] = {{kSsnDate}};
constexpr pattern kSsn[] = {{85, ssn_formatted, {}, kSsnFormattedAny},
                            {75, ssn_unformatted, kSsnWords, kSsnUnformattedAny},
                            {65, ssn_randomized_formatted, {}, kSsnFormattedAny},
                            {55, ssn_randomized_unformatted, kSsnWords, kSsnUnformattedAny}};

// U.S. Bank Account Number: 75 with a keyword.
constexpr evidence_ref kBankWords[] = {words(kw::kUsBankAccount)};
constexpr pattern kUsBank[] = {{75, us_bank_account, kBankWords}};

// U.S. / U.K. Passport Number: 75 with a keyword.
constexpr evidence_ref kPassportWords[] = {words(kw::kPassport)};
constexpr pattern kPassport[] = {{75, us_uk_passport, kPassportWords}};

// U.S. ITIN: 85 formatted with any evidence; 75 unformatted with Keyword_itin and one more.
constexpr evidence_ref kItinWords[] = {words(kw::kItin)};
constexpr evidence_ref kItinFormattedEvidence[] = {words(kw::kItin), kUsDate,
                                                   words(kw::kItinCollaborative)};
constexpr evidence_ref kItinCollaborativeEvidence[] = {words(kw::kItinCollaborative), kUsDate};
constexpr any_of kItinFormattedAny[] = {{kItinFormattedEvidence}};
constexpr any_of kItinUnformattedAny[] = {{kItinCollaborativeEvidence}};
constexpr pattern kItin[] = {{85, itin_formatted, {}, kItinFormattedAny},
                             {75, itin_unformatted, kItinWords, kItinUnformattedAny}};

// U.K. National Insurance Number (NINO): 85 with a keyword, 75 without one.
constexpr evidence_ref kNinoWords[] = {words(kw::kUkNino)};
constexpr any_of kNinoWith[] = {{kNinoWords}};
constexpr any_of kNinoWithout[] = {{kNinoWords, 0, 0}};
constexpr pattern kNino[] = {{85, uk_nino, {}, kNinoWith}, {75, uk_nino, {}, kNinoWithout}};

// U.K. National Health Service Number: 85 with any of three keyword lists.
constexpr evidence_ref kNhsEvidence[] = {words(kw::kUkNhs), words(kw::kUkNhsPatient),
                                         words(kw::kUkNhsBirth)};
constexpr any_of kNhsAny[] = {{kNhsEvidence}};
constexpr pattern kNhs[] = {{85, uk_nhs, {}, kNhsAny}};

// SWIFT Code: 75 with a keyword.
constexpr evidence_ref kSwiftWords[] = {words(kw::kSwift)};
constexpr pattern kSwift[] = {{75, swift, kSwiftWords}};

// Canada Social Insurance Number: 85 formatted with two of three; 75 unformatted with a keyword.
constexpr evidence_ref kSinWords[] = {words(kw::kCanadaSin)};
constexpr evidence_ref kSinEvidence[] = {words(kw::kCanadaSin), words(kw::kCanadaSinCollaborative),
                                         kEuDate};
constexpr any_of kSinTwo[] = {{kSinEvidence, 2}};
constexpr pattern kSin[] = {{85, canada_sin_formatted, {}, kSinTwo},
                            {75, canada_sin_unformatted, kSinWords}};

// Australia Tax File Number: 95 with a keyword, 85 without; never near an excluded number.
constexpr evidence_ref kTfnWords[] = {words(kw::kAustraliaTfn)};
constexpr evidence_ref kTfnExclusions[] = {words(kw::kNumberExclusions)};
constexpr evidence_ref kTfnWordsOrExclusions[] = {words(kw::kAustraliaTfn),
                                                  words(kw::kNumberExclusions)};
constexpr any_of kTfnWith[] = {{kTfnWords}, {kTfnExclusions, 0, 0}};
constexpr any_of kTfnWithout[] = {{kTfnWordsOrExclusions, 0, 0}};
constexpr pattern kTfn[] = {{95, australia_tfn, {}, kTfnWith},
                            {85, australia_tfn, {}, kTfnWithout}};

// Netherlands Citizen's Service (BSN) Number: 85 with a keyword and a date, 65 alone.
constexpr evidence_ref kBsnEvidence[] = {words(kw::kNetherlandsBsn), kEuDate};
constexpr pattern kBsn[] = {{85, netherlands_bsn, kBsnEvidence}, {65, netherlands_bsn}};

// Drug Enforcement Agency (DEA) Number: 85, no evidence.
constexpr pattern kDea[] = {{85, dea_number}};

constexpr entity kEntities[] = {
    {{sensitive_type::credit_card, "Credit Card Number", 85}, starts_with::digit, kCard},
    {{sensitive_type::aba_routing, "ABA Routing Number", 75}, starts_with::digit, kAba},
    {{sensitive_type::iban, "International Banking Account Number (IBAN)", 85},
     starts_with::letter,
     kIban},
    {{sensitive_type::us_ssn, "U.S. Social Security Number (SSN)", 75}, starts_with::digit, kSsn},
    {{sensitive_type::us_bank_account, "U.S. Bank Account Number", 75},
     starts_with::digit,
     kUsBank},
    {{sensitive_type::us_uk_passport, "U.S. / U.K. Passport Number", 75},
     starts_with::digit,
     kPassport},
    {{sensitive_type::us_itin, "U.S. Individual Taxpayer Identification Number (ITIN)", 75},
     starts_with::digit,
     kItin},
    {{sensitive_type::uk_nino, "U.K. National Insurance Number (NINO)", 75},
     starts_with::letter,
     kNino},
    {{sensitive_type::uk_nhs, "U.K. National Health Service Number", 85}, starts_with::digit, kNhs},
    {{sensitive_type::swift, "SWIFT Code", 75}, starts_with::letter, kSwift},
    {{sensitive_type::canada_sin, "Canada Social Insurance Number", 75}, starts_with::digit, kSin},
    {{sensitive_type::australia_tfn, "Australia Tax File Number", 85}, starts_with::digit, kTfn},
    {{sensitive_type::netherlands_bsn, "Netherlands Citizen's Service (BSN) Number", 85},
     starts_with::digit,
     kBsn},
    {{sensitive_type::dea_number, "Drug Enforcement Agency (DEA) Number", 85},
     starts_with::letter,
     kDea},
};

constexpr bool in_type_order() {
  for (std::size_t k = 0; k < std::size(kEntities); ++k) {
    if (static_cast<std::size_t>(kEntities[k].info.type) != k) return false;
  }
  return true;
}
static_assert(in_type_order(), "kEntities is indexed by sensitive_type");

// The entities' names and levels alone, for sensitive_types().
constexpr auto kInfos = [] {
  std::array<sensitive_type_info, std::size(kEntities)> infos{};
  for (std::size_t k = 0; k < infos.size(); ++k) infos[k] = kEntities[k].info;
  return infos;
}();

}  // namespace

std::span<const entity> entities() noexcept { return kEntities; }
std::span<const sensitive_type_info> infos() noexcept { return kInfos; }

}  // namespace mfsim::mail::sensitive
