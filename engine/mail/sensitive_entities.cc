// The definitions of the types mfsim finds, transcribed from the <Entity> XML of "Sensitive
// information types in Exchange Server" (docs/decisions.md, decisions 261, 381 and 382).
// Func_us_address is not read, so a pattern that only an address would satisfy does not hold.
#include "engine/mail/sensitive_entities.h"

#include <array>
#include <iterator>

#include "engine/mail/sensitive_keywords.h"
#include "engine/mail/sensitive_national_keywords.h"
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
constexpr pattern kPassport[] = {{75, nine_digits, kPassportWords}};

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
                            {75, nine_digits_luhn, kSinWords}};

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

// The national numbers of decision 382: each found by its pattern and check, some with a
// keyword for the higher level.
constexpr evidence_ref kCpfWords[] = {words(kw::kBrazilCpf)};
constexpr pattern kCpf[] = {{85, brazil_cpf, kCpfWords}, {75, brazil_cpf}};
constexpr evidence_ref kCnpjWords[] = {words(kw::kBrazilCnpj)};
constexpr pattern kCnpj[] = {{85, brazil_cnpj, kCnpjWords}, {75, brazil_cnpj}};
constexpr evidence_ref kAadhaarWords[] = {words(kw::kIndiaAadhaar)};
constexpr pattern kAadhaar[] = {{85, india_aadhaar, kAadhaarWords}, {75, india_aadhaar}};
constexpr evidence_ref kPeselWords[] = {words(kw::kPolandPesel)};
constexpr pattern kPesel[] = {{85, poland_pesel, kPeselWords}};
constexpr pattern kSweden[] = {{85, sweden_id}};
constexpr evidence_ref kNorwayWords[] = {words(kw::kNorwayId)};
constexpr pattern kNorway[] = {{85, norway_id, kNorwayWords}, {75, norway_id}};
constexpr evidence_ref kFinlandWords[] = {words(kw::kFinlandId)};
constexpr pattern kFinland[] = {{85, finland_id, kFinlandWords}};
constexpr evidence_ref kBelgiumWords[] = {words(kw::kBelgiumNationalNumber)};
constexpr pattern kBelgium[] = {{75, belgium_national_number, kBelgiumWords}};
constexpr evidence_ref kInseeWords[] = {words(kw::kFranceInsee)};
constexpr any_of kInseeWith[] = {{kInseeWords}};
constexpr any_of kInseeWithout[] = {{kInseeWords, 0, 0}};
constexpr pattern kInsee[] = {{95, france_insee, {}, kInseeWith},
                              {85, france_insee, {}, kInseeWithout}};
constexpr evidence_ref kIsraelWords[] = {words(kw::kIsraelId)};
constexpr any_of kIsraelAny[] = {{kIsraelWords}};
constexpr pattern kIsrael[] = {{75, nine_digits_luhn, {}, kIsraelAny}};
constexpr evidence_ref kSouthAfricaWords[] = {words(kw::kSouthAfricaId)};
constexpr pattern kSouthAfrica[] = {{85, south_africa_id, kSouthAfricaWords}};
constexpr evidence_ref kNricWords[] = {words(kw::kSingaporeNric)};
constexpr pattern kNric[] = {{85, singapore_nric, kNricWords}, {75, singapore_nric}};
constexpr evidence_ref kHkidWords[] = {words(kw::kHongKongId)};
constexpr pattern kHkid[] = {{75, hong_kong_id, kHkidWords}, {65, hong_kong_id}};
constexpr evidence_ref kTaiwanWords[] = {words(kw::kTaiwanId)};
constexpr pattern kTaiwan[] = {{85, taiwan_id, kTaiwanWords}};
constexpr evidence_ref kChileWords[] = {words(kw::kChileId)};
constexpr pattern kChile[] = {{85, chile_id, kChileWords}, {75, chile_id}};
constexpr evidence_ref kPpsEvidence[] = {words(kw::kIrelandPps), kEuDate};
constexpr any_of kPpsAny[] = {{kPpsEvidence}};
constexpr pattern kPps[] = {{85, ireland_pps, {}, kPpsAny}, {65, ireland_pps}};
constexpr evidence_ref kNhiWords[] = {words(kw::kNewZealandHealth)};
constexpr any_of kNhiAny[] = {{kNhiWords}};
constexpr pattern kNhi[] = {{85, new_zealand_nhi, {}, kNhiAny}};

// The types of decision 383: most a pattern and a keyword, some with a check.
constexpr evidence_ref kPassportWordsOnly[] = {words(kw::kPassport)};
constexpr evidence_ref kArgentinaWords[] = {words(kw::kArgentinaDni)};
constexpr pattern kArgentina[] = {{75, argentina_dni, kArgentinaWords}};
constexpr evidence_ref kAuPassportEvidence[] = {words(kw::kPassport),
                                                words(kw::kAustraliaPassport)};
constexpr any_of kAuPassportAny[] = {{kAuPassportEvidence}};
constexpr pattern kAuPassport[] = {{75, australia_passport, {}, kAuPassportAny}};
constexpr evidence_ref kCaPassportEvidence[] = {words(kw::kCanadaPassport), words(kw::kPassport)};
constexpr any_of kCaPassportAny[] = {{kCaPassportEvidence}};
constexpr pattern kCaPassport[] = {{75, canada_passport, {}, kCaPassportAny}};
constexpr evidence_ref kCaHealthWords[] = {words(kw::kCanadaHealthService)};
constexpr any_of kCaHealthAny[] = {{kCaHealthWords}};
constexpr pattern kCaHealth[] = {{75, ten_digits, {}, kCaHealthAny}};
constexpr evidence_ref kPhinEvidence[] = {words(kw::kCanadaPhin), words(kw::kCanadaProvinces)};
constexpr any_of kPhinTwo[] = {{kPhinEvidence, 2}};
constexpr pattern kPhin[] = {{75, nine_digits, {}, kPhinTwo}};
constexpr evidence_ref kCroatiaWords[] = {words(kw::kCroatiaIdCard)};
constexpr pattern kCroatia[] = {{75, nine_digits, kCroatiaWords}};
constexpr evidence_ref kFiPassportWords[] = {words(kw::kFinlandPassport)};
constexpr pattern kFiPassport[] = {{75, two_letters_seven_digits, kFiPassportWords}};
constexpr pattern kFrPassport[] = {{75, france_passport, kPassportWordsOnly}};
constexpr pattern kFrCni[] = {{65, twelve_digits}};
constexpr evidence_ref kDeIdWords[] = {words(kw::kGermanyIdCard)};
constexpr pattern kDeId[] = {{65, germany_id_card, kDeIdWords}};
constexpr evidence_ref kKtpWords[] = {words(kw::kIndonesiaKtp)};
constexpr pattern kKtp[] = {{85, indonesia_ktp, kKtpWords}, {75, indonesia_ktp}};
constexpr evidence_ref kIlBankWords[] = {words(kw::kIsraelBankAccount)};
constexpr any_of kIlBankAny[] = {{kIlBankWords}};
constexpr pattern kIlBank[] = {{75, israel_bank_account, {}, kIlBankAny}};
constexpr evidence_ref kItDlWords[] = {words(kw::kItalyDriversLicense)};
constexpr any_of kItDlAny[] = {{kItDlWords}};
constexpr pattern kItDl[] = {{75, italy_drivers_license, {}, kItDlAny}};
constexpr evidence_ref kJpBankWords[] = {words(kw::kJapanBankAccount)};
constexpr evidence_ref kJpBranchEvidence[] = {{evidence_kind::pattern, {}, japan_bank_branch},
                                              words(kw::kJapanBankBranch)};
constexpr any_of kJpBranchAny[] = {{kJpBranchEvidence}};
constexpr pattern kJpBank[] = {{85, japan_bank_account, kJpBankWords, kJpBranchAny},
                               {75, japan_bank_account, kJpBankWords}};
constexpr evidence_ref kJpDlWords[] = {words(kw::kJapanDriversLicense)};
constexpr pattern kJpDl[] = {{75, twelve_digits, kJpDlWords}};
constexpr evidence_ref kJpPassportWords[] = {words(kw::kJapanPassport)};
constexpr pattern kJpPassport[] = {{75, two_letters_seven_digits, kJpPassportWords}};
constexpr evidence_ref kJpResidentWords[] = {words(kw::kJapanResidentRegistration)};
constexpr pattern kJpResident[] = {{75, eleven_digits, kJpResidentWords}};
constexpr evidence_ref kJpSinWords[] = {words(kw::kJapanSin)};
constexpr pattern kJpSin[] = {{85, japan_sin, kJpSinWords}, {75, japan_sin_pre_1997, kJpSinWords}};
constexpr evidence_ref kMyIdWords[] = {words(kw::kMalaysiaIdCard)};
constexpr pattern kMyId[] = {{85, malaysia_id_card, kMyIdWords}};
constexpr evidence_ref kPhIdWords[] = {words(kw::kPhilippinesId)};
constexpr pattern kPhId[] = {{75, philippines_umid, kPhIdWords}};
constexpr evidence_ref kPtCardWords[] = {words(kw::kPortugalCitizenCard)};
constexpr pattern kPtCard[] = {{85, eight_digits, kPtCardWords}};
constexpr evidence_ref kSaIdWords[] = {words(kw::kSaudiArabiaId)};
constexpr any_of kSaIdAny[] = {{kSaIdWords}};
constexpr pattern kSaId[] = {{75, ten_digits, {}, kSaIdAny}};
constexpr evidence_ref kSePassportEvidence[] = {words(kw::kPassport), words(kw::kSwedenPassport)};
constexpr any_of kSePassportAny[] = {{kSePassportEvidence}};
constexpr pattern kSePassport[] = {{75, eight_digits, {}, kSePassportAny}};
constexpr evidence_ref kTwPassportWords[] = {words(kw::kTaiwanPassport)};
constexpr pattern kTwPassport[] = {{75, nine_digits, kTwPassportWords}};
constexpr evidence_ref kTwArcWords[] = {words(kw::kTaiwanResidentCertificate)};
constexpr pattern kTwArc[] = {{75, taiwan_resident_certificate, kTwArcWords}};
constexpr evidence_ref kElectoralWords[] = {words(kw::kUkElectoral)};
constexpr any_of kElectoralAny[] = {{kElectoralWords}};
constexpr pattern kElectoral[] = {{75, uk_electoral_roll, {}, kElectoralAny}};
constexpr evidence_ref kAuBankWords[] = {words(kw::kAustraliaBankAccount)};
constexpr evidence_ref kAuBankWithBsb[] = {words(kw::kAustraliaBankAccount),
                                           {evidence_kind::pattern, {}, australia_bsb}};
constexpr pattern kAuBank[] = {{85, australia_bank_account, kAuBankWithBsb},
                               {75, australia_bank_account, kAuBankWords}};
constexpr evidence_ref kCaBankWords[] = {words(kw::kCanadaBankAccount)};
constexpr evidence_ref kCaBankWithTransit[] = {words(kw::kCanadaBankAccount),
                                               {evidence_kind::pattern, {}, canada_transit_number}};
constexpr pattern kCaBank[] = {{85, canada_bank_account, kCaBankWithTransit},
                               {75, canada_bank_account, kCaBankWords}};
constexpr evidence_ref kAuDlWords[] = {words(kw::kAustraliaDriversLicense)};
constexpr evidence_ref kAuDlExclusions[] = {words(kw::kAustraliaDriversLicenseExclusions)};
constexpr any_of kAuDlNone[] = {{kAuDlExclusions, 0, 0}};
constexpr pattern kAuDl[] = {{75, australia_drivers_license, kAuDlWords, kAuDlNone}};
constexpr evidence_ref kCnIdWords[] = {words(kw::kChinaResidentId)};
constexpr pattern kCnId[] = {{85, china_resident_id, kCnIdWords}, {75, china_resident_id}};
constexpr evidence_ref kCzIdWords[] = {words(kw::kCzechIdCard)};
constexpr pattern kCzId[] = {{85, czech_id_card, kCzIdWords}};
constexpr evidence_ref kKrRrnWords[] = {words(kw::kSouthKoreaResident)};
constexpr pattern kKrRrn[] = {{85, south_korea_rrn, kKrRrnWords}, {75, south_korea_rrn}};
constexpr evidence_ref kMedicareWords[] = {words(kw::kAustraliaMedicalAccount)};
constexpr any_of kMedicareWith[] = {{kMedicareWords}};
constexpr any_of kMedicareWithout[] = {{kMedicareWords, 0, 0}};
constexpr pattern kMedicare[] = {{95, australia_medicare, {}, kMedicareWith},
                                 {85, australia_medicare, {}, kMedicareWithout}};
constexpr evidence_ref kPlIdWords[] = {words(kw::kPolandIdCard)};
constexpr pattern kPlId[] = {{85, poland_id_card, kPlIdWords}};
constexpr evidence_ref kDePassportEvidence[] = {
    words(kw::kGermanPassport), words(kw::kGermanPassportCollaborative),
    words(kw::kGermanPassportNumber), words(kw::kGermanPassport1)};
constexpr any_of kDePassportAny[] = {{kDePassportEvidence}};
constexpr pattern kDePassport[] = {{85, german_passport, {}, kDePassportAny}};

constexpr evidence_ref kIpWords[] = {words(kw::kIpAddress)};
constexpr any_of kIpWith[] = {{kIpWords}};
constexpr any_of kIpWithout[] = {{kIpWords, 0, 0}};
// IPv4 and IPv6 never match at the same place, so each address's two levels sit together (its
// function is asked once per word, sensitive_info.cc).
constexpr pattern kIp[] = {{95, ipv4_address, {}, kIpWith},
                           {85, ipv4_address, {}, kIpWithout},
                           {95, ipv6_address, {}, kIpWith},
                           {85, ipv6_address, {}, kIpWithout}};

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
    {{sensitive_type::brazil_cpf, "Brazil CPF Number", 85}, starts_with::digit, kCpf},
    {{sensitive_type::brazil_cnpj, "Brazil Legal Entity Number (CNPJ)", 85},
     starts_with::digit,
     kCnpj},
    {{sensitive_type::india_aadhaar, "India Unique Identification (Aadhaar) Number", 85},
     starts_with::digit,
     kAadhaar},
    {{sensitive_type::poland_pesel, "Poland National ID (PESEL)", 85}, starts_with::digit, kPesel},
    {{sensitive_type::sweden_id, "Sweden National ID", 85}, starts_with::digit, kSweden},
    {{sensitive_type::norway_id, "Norway Identification Number", 85}, starts_with::digit, kNorway},
    {{sensitive_type::finland_id, "Finland National ID", 85}, starts_with::digit, kFinland},
    {{sensitive_type::belgium_national_number, "Belgium National Number", 75},
     starts_with::digit,
     kBelgium},
    {{sensitive_type::france_insee, "France Social Security Number (INSEE)", 85},
     starts_with::digit,
     kInsee},
    {{sensitive_type::israel_id, "Israel National ID", 75}, starts_with::digit, kIsrael},
    {{sensitive_type::south_africa_id, "South Africa Identification Number", 85},
     starts_with::digit,
     kSouthAfrica},
    {{sensitive_type::singapore_nric, "Singapore National Registration Identity Card (NRIC) Number",
      75},
     starts_with::letter,
     kNric},
    {{sensitive_type::hong_kong_id, "Hong Kong Identity Card (HKID) Number", 75},
     starts_with::letter,
     kHkid},
    {{sensitive_type::taiwan_id, "Taiwan National ID", 85}, starts_with::letter, kTaiwan},
    {{sensitive_type::chile_id, "Chile Identity Card Number", 85}, starts_with::digit, kChile},
    {{sensitive_type::ireland_pps, "Ireland Personal Public Service (PPS) Number", 85},
     starts_with::digit,
     kPps},
    {{sensitive_type::new_zealand_nhi, "New Zealand Ministry of Health Number", 85},
     starts_with::letter,
     kNhi},
    {{sensitive_type::argentina_dni, "Argentina National Identity (DNI) Number", 75},
     starts_with::digit,
     kArgentina},
    {{sensitive_type::australia_passport, "Australia Passport Number", 75},
     starts_with::letter,
     kAuPassport},
    {{sensitive_type::canada_passport, "Canada Passport Number", 75},
     starts_with::letter,
     kCaPassport},
    {{sensitive_type::canada_health_service, "Canada Health Service Number", 75},
     starts_with::digit,
     kCaHealth},
    {{sensitive_type::canada_phin, "Canada Personal Health Identification Number (PHIN)", 75},
     starts_with::digit,
     kPhin},
    {{sensitive_type::croatia_id_card, "Croatia Identity Card Number", 75},
     starts_with::digit,
     kCroatia},
    {{sensitive_type::finland_passport, "Finland Passport Number", 75},
     starts_with::letter,
     kFiPassport},
    {{sensitive_type::france_passport, "France Passport Number", 75},
     starts_with::digit,
     kFrPassport},
    {{sensitive_type::france_cni, "France National ID Card (CNI)", 65}, starts_with::digit, kFrCni},
    {{sensitive_type::germany_id_card, "German Identity Card Number", 65},
     starts_with::either,
     kDeId},
    {{sensitive_type::indonesia_ktp, "Indonesia Identity Card (KTP) Number", 85},
     starts_with::digit,
     kKtp},
    {{sensitive_type::israel_bank_account, "Israel Bank Account Number", 75},
     starts_with::digit,
     kIlBank},
    {{sensitive_type::italy_drivers_license, "Italy Driver's License Number", 75},
     starts_with::letter,
     kItDl},
    {{sensitive_type::japan_bank_account, "Japan Bank Account Number", 75},
     starts_with::digit,
     kJpBank},
    {{sensitive_type::japan_drivers_license, "Japan Driver's License Number", 75},
     starts_with::digit,
     kJpDl},
    {{sensitive_type::japan_passport, "Japan Passport Number", 75},
     starts_with::letter,
     kJpPassport},
    {{sensitive_type::japan_resident_registration, "Japan Resident Registration Number", 75},
     starts_with::digit,
     kJpResident},
    {{sensitive_type::japan_sin, "Japan Social Insurance Number (SIN)", 75},
     starts_with::digit,
     kJpSin},
    {{sensitive_type::malaysia_id_card, "Malaysia ID Card Number", 85}, starts_with::digit, kMyId},
    {{sensitive_type::philippines_umid, "Philippines Unified Multi-Purpose ID Number", 75},
     starts_with::digit,
     kPhId},
    {{sensitive_type::portugal_citizen_card, "Portugal Citizen Card Number", 85},
     starts_with::digit,
     kPtCard},
    {{sensitive_type::saudi_arabia_id, "Saudi Arabia National ID", 75}, starts_with::digit, kSaId},
    {{sensitive_type::sweden_passport, "Sweden Passport Number", 75},
     starts_with::digit,
     kSePassport},
    {{sensitive_type::taiwan_passport, "Taiwan Passport Number", 75},
     starts_with::digit,
     kTwPassport},
    {{sensitive_type::taiwan_resident_certificate, "Taiwan Resident Certificate (ARC/TARC) Number",
      75},
     starts_with::letter,
     kTwArc},
    {{sensitive_type::uk_electoral_roll, "U.K. Electoral Roll Number", 75},
     starts_with::letter,
     kElectoral},
    {{sensitive_type::australia_bank_account, "Australia Bank Account Number", 75},
     starts_with::digit,
     kAuBank},
    {{sensitive_type::canada_bank_account, "Canada Bank Account Number", 75},
     starts_with::digit,
     kCaBank},
    {{sensitive_type::australia_drivers_license, "Australia Driver's License Number", 75},
     starts_with::either,
     kAuDl},
    {{sensitive_type::china_resident_id, "China Resident Identity Card (PRC) Number", 85},
     starts_with::digit,
     kCnId},
    {{sensitive_type::czech_id_card, "Czech National Identity Card Number", 85},
     starts_with::digit,
     kCzId},
    {{sensitive_type::south_korea_rrn, "South Korea Resident Registration Number", 85},
     starts_with::digit,
     kKrRrn},
    {{sensitive_type::australia_medical_account, "Australia Medical Account Number", 85},
     starts_with::digit,
     kMedicare},
    {{sensitive_type::poland_id_card, "Poland Identity Card", 85}, starts_with::letter, kPlId},
    {{sensitive_type::german_passport, "German Passport Number", 75},
     starts_with::either,
     kDePassport},
    {{sensitive_type::ip_address, "IP Address", 85}, starts_with::either, kIp},
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
