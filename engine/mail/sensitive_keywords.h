// The keyword lists of the sensitive information types (Keyword_* in Microsoft's definitions),
// lower-cased where ASCII, as "Sensitive information types in Exchange Server" lists them. The
// lists of the first four types hold their English entries (decision 261); the others hold every
// entry the page lists (decisions 381 and 382).
#pragma once

#include <string_view>

namespace mfsim::mail::sensitive::keywords {

// Keyword_cc_verification and Keyword_cc_name.
inline constexpr std::string_view kCardKeywords[] = {"card verification",
                                                     "card identification number",
                                                     "cvn",
                                                     "cid",
                                                     "cvc2",
                                                     "cvv2",
                                                     "pin block",
                                                     "security code",
                                                     "security number",
                                                     "security no",
                                                     "issue number",
                                                     "issue no",
                                                     "amex",
                                                     "american express",
                                                     "americanexpress",
                                                     "visa",
                                                     "mastercard",
                                                     "master card",
                                                     "mc",
                                                     "mastercards",
                                                     "master cards",
                                                     "diner's club",
                                                     "diners club",
                                                     "dinersclub",
                                                     "discover card",
                                                     "discovercard",
                                                     "discover cards",
                                                     "jcb",
                                                     "japanese card bureau",
                                                     "carte blanche",
                                                     "carteblanche",
                                                     "credit card",
                                                     "cc#",
                                                     "expiration date",
                                                     "exp date",
                                                     "expiry date",
                                                     "bank card",
                                                     "bankcard",
                                                     "card number",
                                                     "card num",
                                                     "cardnumber",
                                                     "cardnumbers",
                                                     "card numbers",
                                                     "creditcard",
                                                     "credit cards",
                                                     "creditcards",
                                                     "ccn",
                                                     "card holder",
                                                     "cardholder",
                                                     "card holders",
                                                     "cardholders",
                                                     "check card",
                                                     "checkcard",
                                                     "check cards",
                                                     "checkcards",
                                                     "debit card",
                                                     "debitcard",
                                                     "debit cards",
                                                     "debitcards",
                                                     "atm card",
                                                     "atmcard",
                                                     "atm cards",
                                                     "atmcards",
                                                     "enroute",
                                                     "en route",
                                                     "card type"};
// Keyword_ABA_Routing.
inline constexpr std::string_view kAbaKeywords[] = {"aba",
                                                    "aba #",
                                                    "aba routing #",
                                                    "aba routing number",
                                                    "aba#",
                                                    "abarouting#",
                                                    "aba number",
                                                    "abaroutingnumber",
                                                    "american bank association routing #",
                                                    "american bank association routing number",
                                                    "americanbankassociationrouting#",
                                                    "americanbankassociationroutingnumber",
                                                    "bank routing number",
                                                    "bankrouting#",
                                                    "bankroutingnumber",
                                                    "routing transit number",
                                                    "rtn"};
// Keyword_ssn.
inline constexpr std::string_view kSsnKeywords[] = {
    "social security", "social security#", "soc sec", "ssn", "ssns", "ssn#", "ss#", "ssid"};
// Keyword_usa_Bank_Account.
inline constexpr std::string_view kUsBankAccount[] = {"checking account number",
                                                      "checking account",
                                                      "checking account #",
                                                      "checking acct number",
                                                      "checking acct #",
                                                      "checking acct no.",
                                                      "checking account no.",
                                                      "bank account number",
                                                      "bank account #",
                                                      "bank acct number",
                                                      "bank acct #",
                                                      "bank acct no.",
                                                      "bank account no.",
                                                      "savings account number",
                                                      "savings account.",
                                                      "savings account #",
                                                      "savings acct number",
                                                      "savings acct #",
                                                      "savings acct no.",
                                                      "savings account no.",
                                                      "debit account number",
                                                      "debit account",
                                                      "debit account #",
                                                      "debit acct number",
                                                      "debit acct #",
                                                      "debit acct no.",
                                                      "debit account no."};
// Keyword_passport.
inline constexpr std::string_view kPassport[] = {
    "passport number", "passport no",         "passport #",    "passport#",      "passportid",
    "passportno",      "passportnumber",      "パスポート",    "パスポート番号", "パスポートのnum",
    "パスポート ＃",   "numéro de passeport", "passeport n °", "passeport non",  "passeport #",
    "passeport#",      "passeportnon",        "passeportn °"};
// Keyword_itin.
inline constexpr std::string_view kItin[] = {
    "taxpayer", "tax id", "tax identification", "itin",
    "ssn",      "tin",    "social security",    "tax payer",
    "itins",    "taxid",  "individual taxpayer"};
// Keyword_itin_collaborative.
inline constexpr std::string_view kItinCollaborative[] = {"license",   "dl",       "dob",
                                                          "birthdate", "birthday", "date of birth"};
// Keyword_uk_nino.
inline constexpr std::string_view kUkNino[] = {"national insurance number",
                                               "national insurance contributions",
                                               "protection act",
                                               "insurance",
                                               "social security number",
                                               "insurance application",
                                               "medical application",
                                               "social insurance",
                                               "medical attention",
                                               "social security",
                                               "great britain"};
// Keyword_uk_nhs_number.
inline constexpr std::string_view kUkNhs[] = {"national health service", "nhs",
                                              "health services authority", "health authority"};
// Keyword_uk_nhs_number1.
inline constexpr std::string_view kUkNhsPatient[] = {"patient id", "patient identification",
                                                     "patient no", "patient number"};
// Keyword_uk_nhs_number_dob.
inline constexpr std::string_view kUkNhsBirth[] = {"gp", "dob", "d.o.b", "date of birth",
                                                   "birth date"};
// Keyword_swift.
inline constexpr std::string_view kSwift[] = {"international organization for standardization 9362",
                                              "iso 9362",
                                              "iso9362",
                                              "swift#",
                                              "swift code",
                                              "swift number",
                                              "swiftroutingnumber",
                                              "swift number #",
                                              "swift routing number",
                                              "bic number",
                                              "bic code",
                                              "bic #",
                                              "bic#",
                                              "bank identifier code",
                                              "標準化9362",
                                              "迅速＃",
                                              "swiftコード",
                                              "swift番号",
                                              "迅速なルーティング番号",
                                              "bic番号",
                                              "bicコード",
                                              "銀行識別コードのための国際組織",
                                              "organisation internationale de normalisation 9362",
                                              "rapide #",
                                              "code swift",
                                              "le numéro de swift",
                                              "swift numéro d'acheminement",
                                              "le numéro bic",
                                              "# bic",
                                              "code identificateur de banque"};
// Keyword_sin.
inline constexpr std::string_view kCanadaSin[] = {"sin",
                                                  "social insurance",
                                                  "numero d'assurance sociale",
                                                  "sins",
                                                  "ssn",
                                                  "ssns",
                                                  "social security",
                                                  "numero d'assurance social",
                                                  "national identification number",
                                                  "national id",
                                                  "sin#",
                                                  "soc ins",
                                                  "social ins"};
// Keyword_sin_collaborative.
inline constexpr std::string_view kCanadaSinCollaborative[] = {
    "driver's license", "drivers license", "driver's licence", "drivers licence", "dob",
    "birthdate",        "birthday",        "date of birth"};
// Keyword_Australia_Tax_File_Number.
inline constexpr std::string_view kAustraliaTfn[] = {
    "australian business number", "marginal tax rate", "medicare levy",         "portfolio number",
    "service veterans",           "withholding tax",   "individual tax return", "tax file number"};
// Keyword_number_exclusions.
inline constexpr std::string_view kNumberExclusions[] = {
    "00000000",   "11111111",   "22222222",   "33333333",   "44444444",   "55555555",
    "66666666",   "77777777",   "88888888",   "99999999",   "000000000",  "111111111",
    "222222222",  "333333333",  "444444444",  "555555555",  "666666666",  "777777777",
    "888888888",  "999999999",  "0000000000", "1111111111", "2222222222", "3333333333",
    "4444444444", "5555555555", "6666666666", "7777777777", "8888888888", "9999999999"};
// Keyword_netherlands_bsn.
inline constexpr std::string_view kNetherlandsBsn[] = {"citizen service number",  "bsn",
                                                       "burgerservicenummer",     "sofinummer",
                                                       "persoonsgebonden nummer", "persoonsnummer"};

// Keyword_brazil_cpf.
inline constexpr std::string_view kBrazilCpf[] = {
    "cpf",     "identification", "registration", "revenue", "cadastro de pessoas físicas",
    "imposto", "identificação",  "inscrição",    "receita"};
// Keyword_brazil_cnpj.
inline constexpr std::string_view kBrazilCnpj[] = {"cnpj",
                                                   "cnpj/mf",
                                                   "cnpj-mf",
                                                   "national registry of legal entities",
                                                   "taxpayers registry",
                                                   "legal entity",
                                                   "legal entities",
                                                   "registration status",
                                                   "business",
                                                   "company",
                                                   "cadastro nacional da pessoa jurídica",
                                                   "cadastro geral de contribuintes",
                                                   "cgc",
                                                   "pessoa jurídica",
                                                   "pessoas jurídicas",
                                                   "situação cadastral",
                                                   "inscrição",
                                                   "empresa"};
// Keyword_india_aadhar.
inline constexpr std::string_view kIndiaAadhaar[] = {"aadhar", "aadhaar", "uid", "आधार"};
// Keyword_pesel_identification_number.
inline constexpr std::string_view kPolandPesel[] = {"nr pesel", "pesel"};
// Keyword_norway_id_number.
inline constexpr std::string_view kNorwayId[] = {"personal identification number",
                                                 "norwegian id number",
                                                 "id number",
                                                 "identification",
                                                 "personnummer",
                                                 "fødselsnummer"};
// Keyword_finnish_national_id.
inline constexpr std::string_view kFinlandId[] = {"sosiaaliturvatunnus", "sotu henkilötunnus hetu",
                                                  "personbeteckning", "personnummer"};
// Keyword_belgium_national_number.
inline constexpr std::string_view kBelgiumNationalNumber[] = {"identity",
                                                              "registration",
                                                              "identification",
                                                              "id",
                                                              "identiteitskaart",
                                                              "registratie nummer",
                                                              "identificatie nummer",
                                                              "identiteit",
                                                              "registratie",
                                                              "identificatie",
                                                              "carte d'identité",
                                                              "numéro d'immatriculation",
                                                              "numéro d'identification",
                                                              "identité",
                                                              "inscription",
                                                              "identifikation",
                                                              "identifizierung",
                                                              "identifikationsnummer",
                                                              "personalausweis",
                                                              "registrierung",
                                                              "registrationsnummer"};
// Keyword_fr_insee.
inline constexpr std::string_view kFranceInsee[] = {"insee",
                                                    "securité sociale",
                                                    "securite sociale",
                                                    "national id",
                                                    "national identification",
                                                    "numéro d'identité",
                                                    "no d'identité",
                                                    "no. d'identité",
                                                    "numero d'identite",
                                                    "no d'identite",
                                                    "no. d'identite",
                                                    "social security number",
                                                    "social security code",
                                                    "social insurance number",
                                                    "le numéro d'identification nationale",
                                                    "d'identité nationale",
                                                    "numéro de sécurité sociale",
                                                    "le code de la sécurité sociale",
                                                    "numéro d'assurance sociale",
                                                    "numéro de sécu",
                                                    "code sécu"};
// Keyword_Israel_National_ID.
inline constexpr std::string_view kIsraelId[] = {"מספר זהות", "national id number"};
// Keyword_south_africa_identification_number.
inline constexpr std::string_view kSouthAfricaId[] = {"identity card", "id", "identification"};
// Keyword_singapore_nric.
inline constexpr std::string_view kSingaporeNric[] = {"national registration identity card",
                                                      "identity card number",
                                                      "nric",
                                                      "ic",
                                                      "foreign identification number",
                                                      "fin",
                                                      "身份证",
                                                      "身份證"};
// Keyword_hong_kong_id_card.
inline constexpr std::string_view kHongKongId[] = {"hong kong identity card", "hkid", "id card",
                                                   "香港身份證", "香港永久性居民身份證"};
// Keyword_taiwanese_national_id.
inline constexpr std::string_view kTaiwanId[] = {
    "身份證字號", "身份證",         "身份證號碼",         "身份證號", "身分證字號", "身分證",
    "身分證號碼", "身分證統一編號", "國民身分證統一編號", "簽名",     "蓋章",       "簽名或蓋章",
    "簽章"};
// Keyword_chile_id_card.
inline constexpr std::string_view kChileId[] = {"national identification number",
                                                "identity card",
                                                "id",
                                                "identification",
                                                "rol Único nacional",
                                                "run",
                                                "rol Único tributario",
                                                "rut",
                                                "cédula de identidad",
                                                "número de identificación nacional",
                                                "tarjeta de identificación",
                                                "identificación"};
// Keyword_ireland_pps.
inline constexpr std::string_view kIrelandPps[] = {"personal public service number",
                                                   "pps number",
                                                   "pps num",
                                                   "pps no.",
                                                   "pps #",
                                                   "pps#",
                                                   "ppsn",
                                                   "public services card",
                                                   "uimhir phearsanta seirbhíse poiblí",
                                                   "uimh. psp",
                                                   "psp"};
// Keyword_nz_terms.
inline constexpr std::string_view kNewZealandHealth[] = {"nhi", "new zealand", "health",
                                                         "treatment"};

}  // namespace mfsim::mail::sensitive::keywords
