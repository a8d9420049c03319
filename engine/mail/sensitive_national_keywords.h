// The keyword lists of the national numbers, passports, identity cards and health numbers
// (decisions 382 and 383), as "Sensitive information types in Exchange Server" lists them: every
// entry, in every language the page gives, lower-cased as the case-folded text the condition
// scans is ("rol único nacional").
#pragma once

#include <string_view>

namespace mfsim::mail::sensitive::keywords {

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
                                                "rol único nacional",
                                                "run",
                                                "rol único tributario",
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

// Keyword_argentina_national_id.
inline constexpr std::string_view kArgentinaDni[] = {"argentina national identity number",
                                                     "identity",
                                                     "identification national identity card",
                                                     "dni",
                                                     "nic national registry of persons",
                                                     "documento nacional de identidad",
                                                     "registro nacional de las personas",
                                                     "identidad",
                                                     "identificación"};
// Keyword_australia_passport_number.
inline constexpr std::string_view kAustraliaPassport[] = {
    "passport",
    "passport details",
    "immigration and citizenship",
    "commonwealth of australia",
    "department of immigration",
    "residential address",
    "department of immigration and citizenship",
    "visa",
    "national identity card",
    "passport number",
    "travel document",
    "issuing authority"};
// Keyword_canada_passport_number.
inline constexpr std::string_view kCanadaPassport[] = {
    "canadian citizenship", "canadian passport", "passport application", "passport photos",
    "certified translator", "canadian citizens", "processing times",     "renewal application"};
// Keyword_canada_health_service_number.
inline constexpr std::string_view kCanadaHealthService[] = {
    "personal health number", "patient information",  "health services",
    "speciality services",    "automobile accident",  "patient hospital",
    "psychiatrist",           "workers compensation", "disability"};
// Keyword_canada_phin.
inline constexpr std::string_view kCanadaPhin[] = {
    "social insurance number", "health information act", "income tax information",
    "manitoba health",         "health registration",    "prescription purchases",
    "benefit eligibility",     "personal health",        "power of attorney",
    "registration number",     "personal health number", "practitioner referral",
    "wellness professional",   "patient referral",       "health and wellness"};
// Keyword_canada_provinces.
inline constexpr std::string_view kCanadaProvinces[] = {"nunavut",
                                                        "quebec",
                                                        "northwest territories",
                                                        "ontario",
                                                        "british columbia",
                                                        "alberta",
                                                        "saskatchewan",
                                                        "manitoba",
                                                        "yukon",
                                                        "newfoundland and labrador",
                                                        "new brunswick",
                                                        "nova scotia",
                                                        "prince edward island",
                                                        "canada"};
// Keyword_croatia_id_card.
inline constexpr std::string_view kCroatiaIdCard[] = {"croatian identity card", "osobna iskaznica"};
// Keyword_finland_passport_number.
inline constexpr std::string_view kFinlandPassport[] = {"passport", "passi"};
// Keyword_germany_id_card.
inline constexpr std::string_view kGermanyIdCard[] = {
    "identity card",          "id",      "identification", "personalausweis",
    "identifizierungsnummer", "ausweis", "identifikation"};
// Keyword_indonesia_id_card.
inline constexpr std::string_view kIndonesiaKtp[] = {"ktp", "kartu tanda penduduk",
                                                     "nomor induk kependudukan"};
// Keyword_israel_bank_account_number.
inline constexpr std::string_view kIsraelBankAccount[] = {"bank account number", "bank account",
                                                          "account number", "מספר חשבון בנק"};
// Keyword_italy_drivers_license_number.
inline constexpr std::string_view kItalyDriversLicense[] = {"numero di patente di guida",
                                                            "patente di guida"};
// Keyword_jp_bank_account.
inline constexpr std::string_view kJapanBankAccount[] = {"checking account number",
                                                         "checking account",
                                                         "checking account #",
                                                         "checking acct number",
                                                         "checking acct #",
                                                         "checking acct no.",
                                                         "checking account no.",
                                                         "bank account number",
                                                         "bank account",
                                                         "bank account #",
                                                         "bank acct number",
                                                         "bank acct #",
                                                         "bank acct no.",
                                                         "bank account no.",
                                                         "savings account number",
                                                         "savings account",
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
                                                         "debit account no.",
                                                         "口座番号を当座預金口座の確認",
                                                         "＃アカウントの確認、勘定番号の確認",
                                                         "＃勘定の確認",
                                                         "勘定番号の確認",
                                                         "口座番号の確認",
                                                         "銀行口座番号",
                                                         "銀行口座",
                                                         "銀行口座＃",
                                                         "銀行の勘定番号",
                                                         "銀行のacct＃",
                                                         "銀行の勘定いいえ",
                                                         "普通預金口座番号",
                                                         "預金口座",
                                                         "貯蓄口座＃",
                                                         "貯蓄勘定の数",
                                                         "貯蓄勘定＃",
                                                         "貯蓄勘定番号",
                                                         "引き落とし口座番号",
                                                         "口座番号",
                                                         "口座番号＃",
                                                         "デビットのacct番号",
                                                         "デビット勘定＃",
                                                         "デビットacctの番号",
                                                         "デビット口座番号"};
// Keyword_jp_bank_branch_code.
inline constexpr std::string_view kJapanBankBranch[] = {"otemachi"};
// Keyword_jp_drivers_license_number.
inline constexpr std::string_view kJapanDriversLicense[] = {"driver license",
                                                            "drivers license",
                                                            "driver's license",
                                                            "drivers licenses",
                                                            "driver's licenses",
                                                            "driver licenses",
                                                            "dl#",
                                                            "dls#",
                                                            "lic#",
                                                            "lics#",
                                                            "運転免許証",
                                                            "運転免許",
                                                            "免許証",
                                                            "免許",
                                                            "運転免許証番号",
                                                            "運転免許番号",
                                                            "免許証番号",
                                                            "免許番号",
                                                            "運転免許証ナンバー",
                                                            "運転免許ナンバー",
                                                            "免許証ナンバー",
                                                            "運転免許証no.",
                                                            "運転免許no.",
                                                            "免許証no.",
                                                            "免許no.",
                                                            "運転免許証#",
                                                            "運転免許#",
                                                            "免許証#",
                                                            "免許#"};
// Keyword_jp_passport.
inline constexpr std::string_view kJapanPassport[] = {"パスポート", "パスポート番号",
                                                      "パスポートのnum", "パスポート＃"};
// Keyword_jp_resident_registration_number.
inline constexpr std::string_view kJapanResidentRegistration[] = {
    "resident registration number",
    "resident register number",
    "residents basic registry number",
    "resident registration no.",
    "resident register no.",
    "residents basic registry no.",
    "basic resident register no.",
    "住民登録番号、登録番号をレジデント",
    "住民基本登録番号、登録番号",
    "住民基本レジストリ番号を常駐",
    "登録番号を常駐住民基本台帳登録番号"};
// Keyword_jp_sin.
inline constexpr std::string_view kJapanSin[] = {"social insurance no.", "social insurance num",
                                                 "social insurance number", "社会保険のテンキー",
                                                 "社会保険番号"};
// Keyword_malaysia_id_card_number.
inline constexpr std::string_view kMalaysiaIdCard[] = {"mykad",
                                                       "identity card",
                                                       "id card",
                                                       "identification card",
                                                       "digital application card",
                                                       "kad akuan diri",
                                                       "kad aplikasi digital"};
// Keyword_philippines_id.
inline constexpr std::string_view kPhilippinesId[] = {
    "unified multi-purpose id", "umid", "identity card", "pinag-isang multi-layunin id"};
// Keyword_portugal_citizen_card.
inline constexpr std::string_view kPortugalCitizenCard[] = {
    "citizen card", "national id card", "cc", "cartão de cidadão", "bilhete de identidade"};
// Keyword_saudi_arabia_national_id.
inline constexpr std::string_view kSaudiArabiaId[] = {"identification card", "i card number",
                                                      "id number", "الوطنية الهوية بطاقة رقم"};
// Keyword_sweden_passport.
inline constexpr std::string_view kSwedenPassport[] = {
    "visa requirements", "alien registration card", "schengen visas",
    "schengen visa",     "visa processing",         "visa type",
    "single entry",      "multiple entry",          "g3 processing fees"};
// Keyword_taiwan_passport.
inline constexpr std::string_view kTaiwanPassport[] = {
    "roc passport number", "passport number",
    "passport no",         "passport num",
    "passport #",          "护照",
    "中華民國護照",        "zhōnghuá mínguó hùzhào"};
// Keyword_taiwan_resident_certificate.
inline constexpr std::string_view kTaiwanResidentCertificate[] = {
    "resident certificate",
    "resident cert",
    "resident cert.",
    "identification card",
    "alien resident certificate",
    "arc",
    "taiwan area resident certificate",
    "tarc",
    "居留證",
    "外僑居留證",
    "台灣地區居留證"};
// Keyword_uk_electoral.
inline constexpr std::string_view kUkElectoral[] = {"council nomination", "nomination form",
                                                    "electoral register", "electoral roll"};
// Keyword_australia_bank_account_number.
inline constexpr std::string_view kAustraliaBankAccount[] = {"swift bank code",
                                                             "correspondent bank",
                                                             "base currency",
                                                             "usa account",
                                                             "holder address",
                                                             "bank address",
                                                             "information account",
                                                             "fund transfers",
                                                             "bank charges",
                                                             "bank details",
                                                             "banking information",
                                                             "full names",
                                                             "idea"};
// Keyword_canada_bank_account_number.
inline constexpr std::string_view kCanadaBankAccount[] = {
    "canada savings bonds", "canada revenue agency",    "canadian financial institution",
    "direct deposit form",  "canadian citizen",         "legal representative",
    "notary public",        "commissioner for oaths",   "child care benefit",
    "universal child care", "canada child tax benefit", "income tax benefit",
    "harmonized sales tax", "social insurance number",  "income tax refund",
    "child tax benefit",    "territorial payments",     "institution number",
    "deposit request",      "banking information",      "direct deposit"};
// Keyword_australia_drivers_license_number.
inline constexpr std::string_view kAustraliaDriversLicense[] = {"international driving permits",
                                                                "australian automobile association",
                                                                "sydney nsw",
                                                                "international driving permit",
                                                                "driverlicence",
                                                                "driverlicences",
                                                                "driver lic",
                                                                "driver licence",
                                                                "driver licences",
                                                                "driverslic",
                                                                "driverslicence",
                                                                "driverslicences",
                                                                "drivers lic",
                                                                "drivers lics",
                                                                "drivers licence",
                                                                "drivers licences",
                                                                "driver'lic",
                                                                "driver'lics",
                                                                "driver'licence",
                                                                "driver'licences",
                                                                "driver' lic",
                                                                "driver' lics",
                                                                "driver' licence",
                                                                "driver' licences",
                                                                "driver'slic",
                                                                "driver'slics",
                                                                "driver'slicence",
                                                                "driver'slicences",
                                                                "driver's lic",
                                                                "driver's lics",
                                                                "driver's licence",
                                                                "driver's licences",
                                                                "driverlic#",
                                                                "driverlics#",
                                                                "driverlicence#",
                                                                "driverlicences#",
                                                                "driver lic#",
                                                                "driver lics#",
                                                                "driver licence#",
                                                                "driver licences#",
                                                                "driverslic#",
                                                                "driverslics#",
                                                                "driverslicence#",
                                                                "driverslicences#",
                                                                "drivers lic#",
                                                                "drivers lics#",
                                                                "drivers licence#",
                                                                "drivers licences#",
                                                                "driver'lic#",
                                                                "driver'lics#",
                                                                "driver'licence#",
                                                                "driver'licences#",
                                                                "driver' lic#",
                                                                "driver' lics#",
                                                                "driver' licence#",
                                                                "driver' licences#",
                                                                "driver'slic#",
                                                                "driver'slics#",
                                                                "driver'slicence#",
                                                                "driver'slicences#",
                                                                "driver's lic#",
                                                                "driver's lics#",
                                                                "driver's licence#",
                                                                "driver's licences#"};
// Keyword_australia_drivers_license_number_exclusions.
inline constexpr std::string_view kAustraliaDriversLicenseExclusions[] = {"aaa",
                                                                          "driverlicense",
                                                                          "driverlicenses",
                                                                          "driver license",
                                                                          "driver licenses",
                                                                          "driverslicense",
                                                                          "driverslicenses",
                                                                          "drivers license",
                                                                          "drivers licenses",
                                                                          "driver'license",
                                                                          "driver'licenses",
                                                                          "driver' license",
                                                                          "driver' licenses",
                                                                          "driver'slicense",
                                                                          "driver'slicenses",
                                                                          "driver's license",
                                                                          "driver's licenses",
                                                                          "driverlicense#",
                                                                          "driverlicenses#",
                                                                          "driver license#",
                                                                          "driver licenses#",
                                                                          "driverslicense#",
                                                                          "driverslicenses#",
                                                                          "drivers license#",
                                                                          "drivers licenses#",
                                                                          "driver'license#",
                                                                          "driver'licenses#",
                                                                          "driver' license#",
                                                                          "driver' licenses#",
                                                                          "driver'slicense#",
                                                                          "driver'slicenses#",
                                                                          "driver's license#",
                                                                          "driver's licenses#"};
// Keyword_china_resident_id.
inline constexpr std::string_view kChinaResidentId[] = {"resident identity card",
                                                        "prc",
                                                        "national identification card",
                                                        "身份证",
                                                        "居民 身份证",
                                                        "居民身份证",
                                                        "鉴定",
                                                        "身分證",
                                                        "居民 身份證",
                                                        "鑑定"};
// Keyword_czech_id_card.
inline constexpr std::string_view kCzechIdCard[] = {"czech national identity card",
                                                    "občanský průka"};
// Keyword_south_korea_resident_number.
inline constexpr std::string_view kSouthKoreaResident[] = {
    "national id card", "citizen's registration number", "jumin deungnok beonho", "rrn",
    "주민등록번호"};
// Keyword_Australia_Medical_Account_Number.
inline constexpr std::string_view kAustraliaMedicalAccount[] = {"bank account details",
                                                                "medicare payments",
                                                                "mortgage account",
                                                                "bank payments",
                                                                "information branch",
                                                                "credit card loan",
                                                                "department of human services",
                                                                "local service",
                                                                "medicare"};
// Keyword_polish_national_id_passport_number.
inline constexpr std::string_view kPolandIdCard[] = {"nazwa i nr dowodu tożsamości",
                                                     "dowód tożsamości", "dow. os."};
// Keyword_german_passport.
inline constexpr std::string_view kGermanPassport[] = {"reisepass", "reisepasse", "reisepassnummer",
                                                       "passport", "passports"};
// Keyword_german_passport_collaborative.
inline constexpr std::string_view kGermanPassportCollaborative[] = {
    "geburtsdatum", "ausstellungsdatum", "ausstellungsort"};
// Keyword_german_passport_number.
inline constexpr std::string_view kGermanPassportNumber[] = {"no-reisepass", "nr-reisepass"};
// Keyword_german_passport1.
inline constexpr std::string_view kGermanPassport1[] = {"reisepass-nr"};

}  // namespace mfsim::mail::sensitive::keywords
