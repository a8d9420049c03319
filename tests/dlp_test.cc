// Tests of DLP and rule properties (issue 15): the sensitive information types scanner, the
// MessageContainsDataClassifications and HasSenderOverride conditions, their loaders (YAML and
// PowerShell hash tables), RuleErrorAction, IncidentReportOriginalMail and the properties that
// change nothing.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/json_text.h"
#include "engine/mail/sensitive_checksums.h"
#include "engine/mail/sensitive_info.h"
#include "engine/report/jsonl_writer.h"
#include "engine/rules/data_classifications.h"
#include "engine/rules/load_native.h"
#include "engine/rules/load_powershell.h"
#include "engine/rules/write_yaml.h"
#include "engine/status.h"
#include "engine/trace.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::final_action;
using mfsim::mail::scan_sensitive;
using mfsim::mail::sensitive_type;
using mfsim::test::message;
using mfsim::test::simulator;
using strings = std::vector<std::string>;

std::string rules(const std::string& transport_rules) {
  return "mfsim: 1\nname: dlp-test\ntransport_rules:\n" + transport_rules;
}

// The instances of `type` in `text` at the type's recommended confidence or above.
std::size_t found(sensitive_type type, std::string_view text, int min_confidence = 0) {
  return scan_sensitive(type, text, min_confidence, 100).count;
}
int confidence(sensitive_type type, std::string_view text) {
  return scan_sensitive(type, text, 0, 100).highest_confidence;
}

// The load error of a rule file, one message per line; empty when it loads.
std::string problems_of(const std::string& text, bool powershell = false) {
  try {
    if (powershell) {
      (void)mfsim::rules::load_rule_set_powershell(text, "dlp.ps1");
    } else {
      (void)mfsim::rules::load_rule_set_yaml(text, "dlp.yaml");
    }
  } catch (const mfsim::load_error& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += d.message + "\n";
    return out;
  }
  return {};
}

nlohmann::ordered_json effects_of(simulator& sim, const mfsim::outcome& o) {
  std::string line;
  mfsim::report::append_record(line, "m", o, sim.compiled());
  const auto record = mfsim::parse_ordered_json(line);
  return record.contains("effects") ? record["effects"] : nlohmann::ordered_json::array();
}

// A text/plain message with this body.
std::string with_body(const std::string& subject, const std::string& body) {
  return "From: a@example.org\r\nTo: b@contoso.com\r\nSubject: " + subject +
         "\r\nContent-Type: text/plain\r\n\r\n" + body + "\r\n";
}

}  // namespace

TEST_SUITE("sensitive information types") {
  TEST_CASE("the checksums: Luhn, the ABA check digit and IBAN mod-97") {
    CHECK(mfsim::mail::luhn_valid("4111111111111111"));
    CHECK(mfsim::mail::luhn_valid("378282246310005"));
    CHECK_FALSE(mfsim::mail::luhn_valid("4111111111111112"));
    CHECK(mfsim::mail::aba_valid("021000021"));
    CHECK(mfsim::mail::aba_valid("011000015"));
    CHECK_FALSE(mfsim::mail::aba_valid("021000022"));
    CHECK(mfsim::mail::iban_valid("GB82WEST12345698765432"));
    CHECK(mfsim::mail::iban_valid("de89370400440532013000"));
    CHECK_FALSE(mfsim::mail::iban_valid("GB82WEST12345698765433"));
    CHECK(mfsim::mail::find_sensitive_type("credit card number") != nullptr);
    CHECK(mfsim::mail::find_sensitive_type("EU Debit Card Number") == nullptr);
  }

  TEST_CASE("Credit Card Number: Microsoft's example, 85 with evidence nearby, 65 alone") {
    // "How DLP rules are applied to evaluate messages" (Exchange): the card with a brand and
    // an expiry date is found; the reservation code fails the checksum.
    CHECK(confidence(sensitive_type::credit_card,
                     "Christian Lacombe\nVisa: 4111 1111 1111 1111\nExpires: 2/2012") == 85);
    CHECK(confidence(sensitive_type::credit_card, "profile 4111-1111-1111-1111 updated") == 65);
    // The page's lists in every language: German, Portuguese.
    CHECK(confidence(sensitive_type::credit_card, "Kreditkartennummer: 4111 1111 1111 1111") == 85);
    CHECK(confidence(sensitive_type::credit_card, "número do cartão 4111111111111111") == 85);
    CHECK(found(sensitive_type::credit_card, "my reservation code is 1234 1234 1234 1234") == 0);
    CHECK(found(sensitive_type::credit_card, "amex 3782 822463 10005 and 4111111111111111") == 2);
    // Glued to letters, mixed separators or more digits than a card: not a candidate.
    CHECK(found(sensitive_type::credit_card, "x4111111111111111 4111 1111-1111 1111") == 0);
    CHECK(found(sensitive_type::credit_card, "4111 1111 1111 1111 1111") == 0);
    CHECK(found(sensitive_type::credit_card, "visa 4111 1111 1111 1111", 85) == 1);
    CHECK(found(sensitive_type::credit_card, "4111 1111 1111 1111", 85) == 0);
  }

  TEST_CASE("ABA Routing Number needs its checksum and a keyword within 300 characters") {
    CHECK(confidence(sensitive_type::aba_routing, "routing transit number: 0210-0002-1") == 75);
    CHECK(found(sensitive_type::aba_routing, "021000021") == 0);
    CHECK(found(sensitive_type::aba_routing, "aba 021000022") == 0);
    CHECK(found(sensitive_type::aba_routing, "aba 521000021") == 0);  // 5 starts no routing number
    CHECK(found(sensitive_type::aba_routing, "ABA# " + std::string(400, '.') + " 021000021") == 0);
  }

  TEST_CASE("IBAN: a covered country, mod-97, groups of four with or without spaces") {
    CHECK(found(sensitive_type::iban, "pay GB82 WEST 1234 5698 7654 32 today") == 1);
    CHECK(found(sensitive_type::iban, "DE89370400440532013000, FR7630006000011234567890189") == 2);
    CHECK(confidence(sensitive_type::iban, "GB82WEST12345698765432") == 85);
    CHECK(found(sensitive_type::iban, "GB82 WEST 1234 5698 7654 33") == 0);
    CHECK(found(sensitive_type::iban, "US82WEST12345698765432") == 0);  // not a covered country
  }

  TEST_CASE("U.S. SSN: the four patterns and their confidence levels") {
    CHECK(confidence(sensitive_type::us_ssn, "SSN: 078-05-1120") == 85);
    CHECK(found(sensitive_type::us_ssn, "order 078-05-1120") == 0);
    CHECK(confidence(sensitive_type::us_ssn, "born 12/31/1960, 078 05 1120") == 85);
    CHECK(confidence(sensitive_type::us_ssn, "ssn 078051120 born 12/31/1960") == 75);
    CHECK(found(sensitive_type::us_ssn, "ssn 078051120") == 0);
    CHECK(confidence(sensitive_type::us_ssn, "ssn: 880-12-3456") == 65);  // issued after 2011
    CHECK(confidence(sensitive_type::us_ssn, "ssn 880123456 dob 1/2/1990") == 55);
    CHECK(found(sensitive_type::us_ssn, "ssn: 666-12-3456 000-12-3456 123-00-4567 123-45-0000") ==
          0);
  }

  TEST_CASE("the national checksums: NHS, Tax File Number, BSN and DEA") {
    CHECK(mfsim::mail::uk_nhs_valid("9434765919"));
    CHECK_FALSE(mfsim::mail::uk_nhs_valid("9434765918"));
    CHECK_FALSE(mfsim::mail::uk_nhs_valid("943476591"));
    CHECK(mfsim::mail::australia_tfn_valid("123456782"));
    CHECK(mfsim::mail::australia_tfn_valid("12345677"));  // the older 8-digit numbers
    CHECK_FALSE(mfsim::mail::australia_tfn_valid("123456789"));
    CHECK(mfsim::mail::netherlands_bsn_valid("111222333"));
    CHECK(mfsim::mail::netherlands_bsn_valid("12345672"));  // read as 012345672
    CHECK_FALSE(mfsim::mail::netherlands_bsn_valid("111222334"));
    CHECK_FALSE(mfsim::mail::netherlands_bsn_valid("000000000"));  // a sum of 0 is no number
    CHECK(mfsim::mail::dea_valid("1234563"));
    CHECK_FALSE(mfsim::mail::dea_valid("1234564"));
    CHECK(mfsim::mail::luhn_valid("046454286"));  // Canada's SIN is checked by Luhn
  }

  TEST_CASE("U.S. Bank Account Number and U.S. / U.K. Passport Number need a keyword") {
    CHECK(confidence(sensitive_type::us_bank_account, "Checking Account #: 12345678") == 75);
    CHECK(found(sensitive_type::us_bank_account, "order 12345678 shipped") == 0);
    CHECK(found(sensitive_type::us_bank_account, "bank account number 123") == 0);  // 3 digits
    CHECK(found(sensitive_type::us_bank_account,
                "bank account number 123456789012345678") == 0);  // 18 digits
    CHECK(found(sensitive_type::us_bank_account, "savings account no. 1234 5678") == 0);
    CHECK(confidence(sensitive_type::us_uk_passport, "Passport No: 123456789") == 75);
    CHECK(confidence(sensitive_type::us_uk_passport, "numéro de passeport 123456789") == 75);
    CHECK(found(sensitive_type::us_uk_passport, "passport 12345678") == 0);
    CHECK(found(sensitive_type::us_uk_passport, "ticket 123456789") == 0);
  }

  TEST_CASE("U.S. ITIN: formatted with any evidence, unformatted with two kinds") {
    CHECK(confidence(sensitive_type::us_itin, "ITIN 912-78-1234") == 85);
    CHECK(confidence(sensitive_type::us_itin, "born 4/5/1970: 912 88 1234") == 85);
    CHECK(found(sensitive_type::us_itin, "code 912-78-1234") == 0);
    CHECK(found(sensitive_type::us_itin, "itin 912-68-1234") == 0);  // fourth digit 6
    CHECK(found(sensitive_type::us_itin, "itin 812-78-1234") == 0);  // does not start with 9
    // The unformatted pattern's XML asks for Keyword_itin and one of the others.
    CHECK(confidence(sensitive_type::us_itin, "taxpayer 912781234 dob") == 75);
    CHECK(found(sensitive_type::us_itin, "taxpayer 912781234") == 0);
    CHECK(found(sensitive_type::us_itin, "dob 912781234") == 0);
  }

  TEST_CASE("U.K. NINO: the letters' rules, pairs of digits, 85 with a keyword and 75 without") {
    CHECK(confidence(sensitive_type::uk_nino, "national insurance number AB 12 34 56 C") == 85);
    CHECK(confidence(sensitive_type::uk_nino, "ref AB123456C") == 75);
    CHECK(confidence(sensitive_type::uk_nino, "ref ab-12-34-56-d.") == 75);
    CHECK(confidence(sensitive_type::uk_nino, "ref AB123456 tomorrow") == 75);  // no letter
    const auto r = scan_sensitive(sensitive_type::uk_nino, "NINO: AB 12 34 56 C.", 0, 100);
    CHECK(r.count == 1);
    CHECK(r.first_offset == 6);
    CHECK(r.first_length == 13);
    for (const char* refused : {"DA123456C", "AO123456C", "GB123456C", "ZZ123456C", "AB123456E",
                                "AB12345C", "AB1234567C", "AB 12-34 56 C"}) {
      CAPTURE(refused);
      CHECK(found(sensitive_type::uk_nino, refused) == 0);
    }
  }

  TEST_CASE("U.K. NHS number: 3-3-4 or 10 digits, its check digit, a keyword") {
    CHECK(confidence(sensitive_type::uk_nhs, "NHS number 943 476 5919") == 85);
    CHECK(confidence(sensitive_type::uk_nhs, "patient number: 9434765919") == 85);
    CHECK(confidence(sensitive_type::uk_nhs, "D.O.B 1/2/1950, 943 476 5919") == 85);
    CHECK(found(sensitive_type::uk_nhs, "nhs 943 476 5918") == 0);
    CHECK(found(sensitive_type::uk_nhs, "nhs 943-476-5919") == 0);
    CHECK(found(sensitive_type::uk_nhs, "invoice 943 476 5919") == 0);
  }

  TEST_CASE("SWIFT Code as the page's pattern reads, with a keyword") {
    CHECK(confidence(sensitive_type::swift, "SWIFT code: DEUTDEFF500") == 75);
    CHECK(confidence(sensitive_type::swift, "BIC code DEUT DEFF 500") == 75);
    const auto r = scan_sensitive(sensitive_type::swift, "bic# DEUT DEFF 500.", 0, 100);
    CHECK(r.first_offset == 5);
    CHECK(r.first_length == 13);
    CHECK(found(sensitive_type::swift, "DEUTDEFF500") == 0);         // no keyword
    CHECK(found(sensitive_type::swift, "swift: DEU1DEFF500") == 0);  // the bank code's letters
    CHECK(found(sensitive_type::swift, "swift: DEUTDEFF5000000000000000000000000000") == 0);
    // Four letters then 5-31 letters or digits, read literally (decision 381): an 8-character
    // code alone is too short, and the keyword's own last word can start an instance.
    const auto eight = scan_sensitive(sensitive_type::swift, "swift code DEUTDEFF", 0, 100);
    CHECK(eight.count == 1);
    CHECK(eight.first_offset == 6);  // "code DEUTDEFF"
  }

  TEST_CASE("Canada SIN: formatted with two kinds of evidence, unformatted with a keyword") {
    CHECK(confidence(sensitive_type::canada_sin, "SIN 046-454-286, DOB 23/04/1980") == 85);
    CHECK(confidence(sensitive_type::canada_sin, "social insurance 046 454 286 driver's license") ==
          85);
    CHECK(found(sensitive_type::canada_sin, "SIN 046-454-286") == 0);  // one kind only
    CHECK(confidence(sensitive_type::canada_sin, "sin# 046454286") == 75);
    CHECK(found(sensitive_type::canada_sin, "sin# 046454287") == 0);  // Luhn fails
    CHECK(found(sensitive_type::canada_sin, "046454286") == 0);
  }

  TEST_CASE("Australia Tax File Number: 95 with a keyword, 85 without, none near an exclusion") {
    CHECK(confidence(sensitive_type::australia_tfn, "tax file number 123 456 782") == 95);
    CHECK(confidence(sensitive_type::australia_tfn, "ref 123456782") == 85);
    CHECK(confidence(sensitive_type::australia_tfn, "ref 123 456782") == 85);
    CHECK(confidence(sensitive_type::australia_tfn, "ref 12345677") == 85);
    CHECK(found(sensitive_type::australia_tfn, "ref 123 456 789") == 0);
    CHECK(found(sensitive_type::australia_tfn, "ref 123-456-782") == 0);
    CHECK(found(sensitive_type::australia_tfn, "123456782 or 111111111") == 0);
    CHECK(found(sensitive_type::australia_tfn, "tax file number 123456782, 00000000") == 0);
  }

  TEST_CASE("Netherlands BSN: 85 with a keyword and a date, 65 alone") {
    CHECK(confidence(sensitive_type::netherlands_bsn, "BSN 111 222 333, geboren 23-04-1980") == 85);
    CHECK(confidence(sensitive_type::netherlands_bsn, "BSN 111222333") == 65);
    CHECK(confidence(sensitive_type::netherlands_bsn, "burgerservicenummer 12345672 op 1.2.90") ==
          85);
    CHECK(found(sensitive_type::netherlands_bsn, "BSN 111222334") == 0);
    CHECK(found(sensitive_type::netherlands_bsn, "BSN 111222333", 85) == 0);
  }

  TEST_CASE("DEA Number: a registrant letter, a letter and seven digits whose check holds") {
    CHECK(confidence(sensitive_type::dea_number, "DEA AB1234563") == 85);
    CHECK(confidence(sensitive_type::dea_number, "ref xb1234563.") == 85);
    CHECK(found(sensitive_type::dea_number, "IB1234563") == 0);   // I is no registrant code
    CHECK(found(sensitive_type::dea_number, "AB1234564") == 0);   // the check digit
    CHECK(found(sensitive_type::dea_number, "AB12345630") == 0);  // eight digits
  }

  TEST_CASE("the checksums of decision 382 agree with the issuers' published examples") {
    using namespace mfsim::mail;
    CHECK(brazil_cpf_valid("52998224725"));
    CHECK_FALSE(brazil_cpf_valid("52998224726"));
    CHECK(brazil_cnpj_valid("11222333000181"));
    CHECK_FALSE(brazil_cnpj_valid("11222333000182"));
    CHECK(verhoeff_valid("2363"));
    CHECK(verhoeff_valid("234123412346"));
    CHECK_FALSE(verhoeff_valid("234123412347"));
    CHECK(poland_pesel_valid("44051401359"));
    CHECK_FALSE(poland_pesel_valid("44051401358"));
    CHECK(norway_id_valid("01019050188"));
    CHECK_FALSE(norway_id_valid("01019050187"));
    CHECK(finland_check_character("131052308") == 'T');
    CHECK(belgium_national_number_valid("85073003328"));
    CHECK_FALSE(belgium_national_number_valid("85073003329"));
    CHECK(france_insee_valid("255081416802538"));
    CHECK_FALSE(france_insee_valid("255081416802539"));
    CHECK(singapore_nric_valid('S', "1234567", 'D'));
    CHECK(singapore_nric_valid('t', "0123456", 'g'));
    CHECK(singapore_nric_valid('F', "1234567", 'N'));
    CHECK_FALSE(singapore_nric_valid('S', "1234567", 'E'));
    CHECK(hong_kong_id_valid("A", "123456", '3'));
    CHECK(hong_kong_id_valid("AB", "987654", '3'));
    CHECK_FALSE(hong_kong_id_valid("A", "123456", '4'));
    CHECK(taiwan_id_valid('A', "123456789"));
    CHECK_FALSE(taiwan_id_valid('B', "123456789"));
    CHECK(chile_rut_valid("12345678", '5'));
    CHECK(chile_rut_valid("1234567", '4'));
    CHECK_FALSE(chile_rut_valid("12345678", 'K'));
    CHECK(ireland_pps_valid("1234567", 'T', '\0'));
    CHECK(ireland_pps_valid("1234567", 'F', 'A'));
    CHECK(ireland_pps_valid("1234567", 'T', 'W'));  // the old numbers' W counts nothing
    CHECK_FALSE(ireland_pps_valid("1234567", 'T', 'A'));
    CHECK(new_zealand_nhi_valid("ZZZ", "0016"));
    CHECK(new_zealand_nhi_valid("CGC", "2720"));
    CHECK_FALSE(new_zealand_nhi_valid("CGC", "2721"));
    CHECK_FALSE(new_zealand_nhi_valid("IGC", "2720"));  // I is never used
  }

  TEST_CASE("Brazil, India, Chile: formatted numbers, 85 with a keyword and lower alone") {
    CHECK(confidence(sensitive_type::brazil_cpf, "CPF: 529.982.247-25") == 85);
    CHECK(confidence(sensitive_type::brazil_cpf, "ref 52998224725") == 75);
    CHECK(found(sensitive_type::brazil_cpf, "ref 529.982.247-26") == 0);
    CHECK(found(sensitive_type::brazil_cpf, "ref 529-982-247-25") == 0);
    CHECK(confidence(sensitive_type::brazil_cnpj, "CNPJ 11.222.333/0001-81") == 85);
    CHECK(confidence(sensitive_type::brazil_cnpj, "11.222.333/0001-81") == 75);
    CHECK(found(sensitive_type::brazil_cnpj, "11222333000181") == 0);  // formatted only
    CHECK(confidence(sensitive_type::india_aadhaar, "Aadhaar 2341 2341 2346") == 85);
    CHECK(confidence(sensitive_type::india_aadhaar, "ref 2341-2341-2346") == 75);
    CHECK(found(sensitive_type::india_aadhaar, "ref 2341 2341 2347") == 0);
    CHECK(confidence(sensitive_type::chile_id, "RUT 12.345.678-5") == 85);
    CHECK(confidence(sensitive_type::chile_id, "1.234.567-4.") == 75);
    CHECK(confidence(sensitive_type::chile_id, "rut 1.234.567-k") == 0);
  }

  TEST_CASE("European national numbers: dates, century signs and their checks") {
    CHECK(confidence(sensitive_type::poland_pesel, "PESEL 44051401359") == 85);
    CHECK(found(sensitive_type::poland_pesel, "ref 44051401359") == 0);  // needs a keyword
    CHECK(confidence(sensitive_type::sweden_id, "811218-9876") == 85);
    CHECK(confidence(sensitive_type::sweden_id, "19811218+9876") == 85);
    CHECK(confidence(sensitive_type::sweden_id, "8112189876") == 85);
    CHECK(found(sensitive_type::sweden_id, "811318-9876") == 0);  // month 13
    CHECK(found(sensitive_type::sweden_id, "811218-9875") == 0);
    CHECK(confidence(sensitive_type::norway_id, "fødselsnummer 01019050188") == 85);
    CHECK(confidence(sensitive_type::norway_id, "01019050188") == 75);
    CHECK(found(sensitive_type::norway_id, "01139050188") == 0);  // month 13
    CHECK(confidence(sensitive_type::finland_id,
                     "henkilötunnus hetu, personbeteckning 131052-308T") == 85);
    CHECK(confidence(sensitive_type::finland_id, "sotu henkilötunnus hetu 131052a308t") == 85);
    CHECK(found(sensitive_type::finland_id, "personnummer 131052-308U") == 0);
    CHECK(found(sensitive_type::finland_id, "personnummer 131052B308T") == 0);
    CHECK(confidence(sensitive_type::belgium_national_number, "ID 85.07.30-033.28") == 75);
    CHECK(found(sensitive_type::belgium_national_number, "85.07.30-033.28") == 0);
    CHECK(found(sensitive_type::belgium_national_number, "id 85.07.30-033.29") == 0);
    CHECK(confidence(sensitive_type::france_insee, "numéro de sécurité sociale 2550814168025 38") ==
          95);
    CHECK(confidence(sensitive_type::france_insee, "ref 255081416802538") == 85);
    CHECK(found(sensitive_type::france_insee, "ref 255081416802539") == 0);
    CHECK(confidence(sensitive_type::ireland_pps, "PPS number 1234567T") == 85);
    CHECK(confidence(sensitive_type::ireland_pps, "born 01/02/1990, 1234567FA") == 85);
    CHECK(confidence(sensitive_type::ireland_pps, "ref 1234567TW") == 65);
    CHECK(found(sensitive_type::ireland_pps, "ref 1234567U") == 0);
  }

  TEST_CASE("Israel, South Africa and Asia-Pacific numbers") {
    CHECK(confidence(sensitive_type::israel_id, "national id number 123456782") == 75);
    CHECK(confidence(sensitive_type::israel_id, "מספר זהות: 123456782") == 75);
    CHECK(found(sensitive_type::israel_id, "ref 123456782") == 0);
    CHECK(confidence(sensitive_type::south_africa_id, "ID 8001015009087") == 85);
    CHECK(confidence(sensitive_type::south_africa_id, "identification 800101 5009 087") == 85);
    CHECK(found(sensitive_type::south_africa_id, "ID 8001015009077") == 0);  // 12th digit 7
    CHECK(confidence(sensitive_type::singapore_nric, "NRIC S1234567D") == 85);
    CHECK(confidence(sensitive_type::singapore_nric, "ref t0123456g") == 75);
    CHECK(found(sensitive_type::singapore_nric, "ref S1234567E") == 0);
    CHECK(found(sensitive_type::singapore_nric, "ref A1234567D") == 0);
    CHECK(confidence(sensitive_type::hong_kong_id, "HKID A123456(3)") == 75);
    CHECK(confidence(sensitive_type::hong_kong_id, "ref AB9876543") == 65);
    CHECK(found(sensitive_type::hong_kong_id, "ref A123456(4)") == 0);
    CHECK(confidence(sensitive_type::taiwan_id, "身分證字號 A123456789") == 85);
    CHECK(found(sensitive_type::taiwan_id, "A123456789") == 0);         // needs a keyword
    CHECK(found(sensitive_type::taiwan_id, "身分證 A323456789") == 0);  // 1 or 2 after the letter
    CHECK(confidence(sensitive_type::new_zealand_nhi, "NHI ZZZ0016") == 85);
    CHECK(confidence(sensitive_type::new_zealand_nhi, "health record CGC 2720") == 85);
    CHECK(found(sensitive_type::new_zealand_nhi, "NHI CGC2721") == 0);
    CHECK(found(sensitive_type::new_zealand_nhi, "CGC2720") == 0);
  }

  TEST_CASE("the checksums of decision 383 agree with published examples") {
    using namespace mfsim::mail;
    CHECK(china_resident_id_valid("11010519491231002", 'X'));
    CHECK(china_resident_id_valid("11010519491231002", 'x'));
    CHECK_FALSE(china_resident_id_valid("11010519491231002", '1'));
    CHECK(czech_birth_number_valid("7103192745"));
    CHECK_FALSE(czech_birth_number_valid("7103192746"));
    CHECK(south_korea_rrn_valid("8001011000008"));
    CHECK_FALSE(south_korea_rrn_valid("8001011000009"));
    CHECK(australia_medicare_valid("2123456701"));
    CHECK_FALSE(australia_medicare_valid("2123456711"));
    CHECK_FALSE(australia_medicare_valid("7123456701"));  // the first digit is 2-6
    CHECK(icao_check_digit("C01X00T47") == 8);            // the German passport specimen C01X00T478
    CHECK(poland_id_card_valid("ABA", "300000"));
    CHECK_FALSE(poland_id_card_valid("ABA", "300001"));
  }

  TEST_CASE("passports, identity cards and health numbers need their keywords") {
    CHECK(confidence(sensitive_type::argentina_dni, "DNI 12.345.678") == 75);
    CHECK(found(sensitive_type::argentina_dni, "ref 12.345.678") == 0);
    CHECK(confidence(sensitive_type::australia_passport, "passport N1234567") == 75);
    CHECK(confidence(sensitive_type::canada_passport, "Canadian passport AB123456") == 75);
    CHECK(confidence(sensitive_type::canada_passport, "canadian passport ab123456") == 75);
    CHECK(confidence(sensitive_type::canada_health_service, "personal health number 1234567890") ==
          75);
    CHECK(confidence(sensitive_type::canada_phin, "Manitoba Health, PHIN 123456789") == 75);
    CHECK(found(sensitive_type::canada_phin, "Manitoba 123456789") == 0);  // two kinds needed
    CHECK(confidence(sensitive_type::croatia_id_card, "osobna iskaznica 123456789") == 75);
    CHECK(confidence(sensitive_type::finland_passport, "passi AB1234567") == 75);
    CHECK(confidence(sensitive_type::france_passport, "numéro de passeport 12AB34567") == 75);
    CHECK(confidence(sensitive_type::france_cni, "ref 123456789012") == 65);  // no evidence asked
    CHECK(confidence(sensitive_type::germany_id_card, "Personalausweis T22000129") == 65);
    CHECK(confidence(sensitive_type::germany_id_card, "ausweis 1220001297") == 65);
    CHECK(confidence(sensitive_type::indonesia_ktp, "KTP 31.7404.440583.0001") == 85);
    CHECK(confidence(sensitive_type::indonesia_ktp, "3174044405830001") == 75);
    CHECK(found(sensitive_type::indonesia_ktp, "3174043505830001") == 0);  // day 35
    CHECK(confidence(sensitive_type::israel_bank_account, "account number 12-345-12345678") == 75);
    CHECK(confidence(sensitive_type::italy_drivers_license, "patente di guida UA1234567X") == 75);
    CHECK(confidence(sensitive_type::italy_drivers_license, "patente di guida UV12_45ABX") == 75);
    CHECK(found(sensitive_type::italy_drivers_license, "patente di guida UB1234567X") == 0);
    CHECK(confidence(sensitive_type::japan_drivers_license, "driver's license 123456789012") == 75);
    CHECK(confidence(sensitive_type::japan_passport, "パスポート番号 TK1234567") == 75);
    CHECK(confidence(sensitive_type::japan_resident_registration,
                     "resident registration number 12345678901") == 75);
    CHECK(confidence(sensitive_type::japan_sin, "social insurance number 1234-567890") == 85);
    CHECK(confidence(sensitive_type::japan_sin, "social insurance number 12345678") == 75);
    CHECK(confidence(sensitive_type::malaysia_id_card, "MyKad 850512-14-5678") == 85);
    CHECK(found(sensitive_type::malaysia_id_card, "mykad 851312-14-5678") == 0);  // month 13
    CHECK(confidence(sensitive_type::philippines_umid, "UMID 0012-3456789-1") == 75);
    CHECK(confidence(sensitive_type::portugal_citizen_card, "Cartão de Cidadão 12345678") == 85);
    CHECK(confidence(sensitive_type::saudi_arabia_id, "ID number 1234567890") == 75);
    CHECK(confidence(sensitive_type::sweden_passport, "Schengen visa 12345678") == 75);
    CHECK(confidence(sensitive_type::taiwan_passport, "中華民國護照 312345678") == 75);
    CHECK(confidence(sensitive_type::taiwan_resident_certificate, "ARC AB12345678") == 75);
    CHECK(confidence(sensitive_type::uk_electoral_roll, "electoral roll AB1234") == 75);
    CHECK(found(sensitive_type::uk_electoral_roll, "electoral roll AB12345") == 0);
    CHECK(confidence(sensitive_type::china_resident_id, "居民身份证 11010519491231002X") == 85);
    CHECK(confidence(sensitive_type::china_resident_id, "11010519491231002x") == 75);
    CHECK(found(sensitive_type::china_resident_id, "110105194912310021") == 0);
    CHECK(confidence(sensitive_type::czech_id_card, "Czech national identity card 710319/2745") ==
          85);
    CHECK(found(sensitive_type::czech_id_card, "czech national identity card 710319/2746") == 0);
    CHECK(confidence(sensitive_type::south_korea_rrn, "RRN 800101-1000008") == 85);
    CHECK(confidence(sensitive_type::south_korea_rrn, "800101-1000008") == 75);
    CHECK(confidence(sensitive_type::poland_id_card, "dowód tożsamości ABA300000") == 85);
    // The page's shape: C, F, G, H, J, K or a digit, three digits, five of its letters or digits
    // and ICAO's check digit (the specimen C01X00T47 has a letter among the first four, so it is
    // not one).
    CHECK(confidence(sensitive_type::german_passport, "Reisepass C123T45671") == 85);
    CHECK(confidence(sensitive_type::german_passport, "geburtsdatum F012RZX993") == 85);
    CHECK(found(sensitive_type::german_passport, "reisepass C123T45672") == 0);
    CHECK(found(sensitive_type::german_passport, "reisepass C123A45671") == 0);  // A is not used
    CHECK(found(sensitive_type::german_passport, "reisepass C01X00T478") == 0);
  }

  TEST_CASE("bank accounts: the branch or transit number raises the level") {
    CHECK(confidence(sensitive_type::australia_bank_account,
                     "bank address: BSB 062-000, account 12345678") == 85);
    CHECK(confidence(sensitive_type::australia_bank_account, "bank address account 12345678") ==
          75);
    CHECK(confidence(sensitive_type::canada_bank_account,
                     "direct deposit form: transit 12345-003, account 1234567") == 85);
    CHECK(confidence(sensitive_type::canada_bank_account, "direct deposit form 123456789012") ==
          75);
    CHECK(found(sensitive_type::canada_bank_account, "direct deposit form 12345678") == 0);
    CHECK(confidence(sensitive_type::japan_bank_account, "bank account number 1234567 Otemachi") ==
          85);
    CHECK(confidence(sensitive_type::japan_bank_account, "bank account number 12345678") == 75);
  }

  TEST_CASE("Australia: Medicare by its check, driver's licences unless an exclusion is near") {
    CHECK(confidence(sensitive_type::australia_medical_account, "medicare payments 2123 45670 1") ==
          0);  // written in groups: not the unbroken number the page describes
    CHECK(confidence(sensitive_type::australia_medical_account, "medicare payments 2123456701") ==
          95);
    CHECK(confidence(sensitive_type::australia_medical_account, "ref 2123456701") == 85);
    CHECK(confidence(sensitive_type::australia_drivers_license, "driver licence 12345678") == 75);
    CHECK(confidence(sensitive_type::australia_drivers_license, "driver licence AB1234567") == 75);
    CHECK(found(sensitive_type::australia_drivers_license, "driver licence 123") == 0);
    // "Driver License" (the U.S. spelling) is one of the exclusions.
    CHECK(found(sensitive_type::australia_drivers_license,
                "driver licence or driver license 12345678") == 0);
  }

  TEST_CASE("IP Address: dotted IPv4 and IPv6 text, 95 with a keyword, 85 without") {
    CHECK(confidence(sensitive_type::ip_address, "IP address 192.168.1.10") == 95);
    CHECK(confidence(sensitive_type::ip_address, "the server at 10.0.0.1.") == 85);
    CHECK(confidence(sensitive_type::ip_address, "internet protocol fe80::1ff:fe23:4567:890a") ==
          95);
    CHECK(confidence(sensitive_type::ip_address, "from 2001:db8::1: refused") == 85);
    const auto r = scan_sensitive(sensitive_type::ip_address, "via 2001:db8::1.", 0, 100);
    CHECK(r.first_offset == 4);
    CHECK(r.first_length == 11);
    for (const char* refused : {"version 1.2.3.4.5", "256.1.1.1", "1.2.3", "at 10:30:00",
                                "deadbeef", "v1.2.3.4", "1.2.3.4x"}) {
      CAPTURE(refused);
      CHECK(found(sensitive_type::ip_address, refused) == 0);
    }
  }

  TEST_CASE("every type is found by its Microsoft name, without case") {
    for (const char* name : {"U.S. Bank Account Number",
                             "u.s. / u.k. passport number",
                             "U.S. Individual Taxpayer Identification Number (ITIN)",
                             "U.K. National Insurance Number (NINO)",
                             "U.K. National Health Service Number",
                             "SWIFT Code",
                             "Canada Social Insurance Number",
                             "Australia Tax File Number",
                             "Netherlands Citizen's Service (BSN) Number",
                             "Drug Enforcement Agency (DEA) Number",
                             "Brazil CPF Number",
                             "Brazil Legal Entity Number (CNPJ)",
                             "India Unique Identification (Aadhaar) Number",
                             "Poland National ID (PESEL)",
                             "Sweden National ID",
                             "Norway Identification Number",
                             "Finland National ID",
                             "Belgium National Number",
                             "France Social Security Number (INSEE)",
                             "Israel National ID",
                             "South Africa Identification Number",
                             "Singapore National Registration Identity Card (NRIC) Number",
                             "Hong Kong Identity Card (HKID) Number",
                             "Taiwan National ID",
                             "Chile Identity Card Number",
                             "Ireland Personal Public Service (PPS) Number",
                             "New Zealand Ministry of Health Number",
                             "Argentina National Identity (DNI) Number",
                             "Canada Personal Health Identification Number (PHIN)",
                             "France National ID Card (CNI)",
                             "Italy Driver's License Number",
                             "Japan Social Insurance Number (SIN)",
                             "Taiwan Resident Certificate (ARC/TARC) Number",
                             "U.K. Electoral Roll Number",
                             "Australia Driver's License Number",
                             "China Resident Identity Card (PRC) Number",
                             "Czech National Identity Card Number",
                             "South Korea Resident Registration Number",
                             "Australia Medical Account Number",
                             "Poland Identity Card",
                             "German Passport Number",
                             "ip address"}) {
      CAPTURE(name);
      const auto* info = mfsim::mail::find_sensitive_type(name);
      REQUIRE(info != nullptr);
      CHECK(&mfsim::mail::info_of(info->type) == info);
    }
  }

  TEST_CASE("a scan is bounded on hostile text") {
    // 1 MiB texts of every type's worst shapes: a scan that is not linear would take hours and
    // meet the test's timeout.
    constexpr std::size_t kSize = 1u << 20;
    std::string cards;
    while (cards.size() < kSize) cards += "visa 4111111111111111 ssn 078-05-1120 ";
    const std::string digits(kSize, '7');
    std::string spaced(kSize, '1');
    for (std::size_t i = 1; i < spaced.size(); i += 2) spaced[i] = ' ';
    std::string words;  // every word a candidate for the letter types
    while (words.size() < kSize) {
      words += "DEUT DEFF 500 AB 12 34 56 C AB1234563 S1234567D A123456(3) CGC 2720 ";
      words += "529.982.247-25 131052-308T 85.07.30-033.28 12.345.678-5 1234567TW ";
    }
    const std::string* const texts[] = {&cards, &digits, &spaced, &words};
    // Every type finishes on every text; that it does in linear time is measured by
    // bench/hostile_shapes_bench.cc (hostile_sensitive_types), not timed here.
    std::size_t total = 0;
    for (const auto& info : mfsim::mail::sensitive_types()) {
      for (const std::string* text : texts) total += found(info.type, *text);
    }
    CHECK(total > 0);
    const auto r = scan_sensitive(sensitive_type::credit_card, cards, 0, 100, {1u << 20, 100});
    CHECK(r.count == 100);
    CHECK(r.truncated);
  }
}

TEST_SUITE("DLP conditions") {
  TEST_CASE("MessageContainsDataClassifications counts types in the subject and the body") {
    simulator sim(rules(R"(  - Name: Two cards
    MessageContainsDataClassifications:
      - {Name: Credit Card Number, minCount: 2}
    SetAuditSeverity: High
  - Name: One routing number or an SSN
    MessageContainsDataClassifications:
      - {Name: ABA Routing Number}
      - U.S. Social Security Number (SSN)
    SetAuditSeverity: Low
  - Name: At most one IBAN
    MessageContainsDataClassifications: [{Name: International Banking Account Number (IBAN), maxCount: 1}]
    SetAuditSeverity: Low
)"));
    sim.run(with_body("visa 4111 1111 1111 1111", "and mastercard 5555 5555 5555 4444"));
    CHECK(sim.fired() == strings{"Two cards"});
    sim.run(with_body("card", "visa 4111 1111 1111 1111 only"));
    CHECK(sim.fired().empty());
    sim.run(with_body("hello", "SSN: 078-05-1120"));
    CHECK(sim.fired() == strings{"One routing number or an SSN"});
    sim.run(with_body("iban", "GB82 WEST 1234 5698 7654 32"));
    CHECK(sim.fired() == strings{"At most one IBAN"});
    sim.run(with_body("iban", "GB82 WEST 1234 5698 7654 32 and DE89370400440532013000"));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("the types of the U.K. and Dutch templates, from PowerShell as Exchange exports them") {
    simulator sim(mfsim::rules::write_rule_set_yaml(mfsim::rules::load_rule_set_powershell(
        "New-TransportRule 'UK PII' -Priority 0 -MessageContainsDataClassifications "
        "@{Name='U.K. National Insurance Number (NINO)'; minConfidence='85'},"
        "@{Name='U.K. National Health Service Number'} -SetAuditSeverity High\n"
        "New-TransportRule 'NL PII' -Priority 1 -MessageContainsDataClassifications "
        "@{Name=\"Netherlands Citizen's Service (BSN) Number\"; minCount='2'; minConfidence='65'} "
        "-SetAuditSeverity Low\n",
        "templates.ps1")));
    sim.run(with_body("payroll", "National Insurance number: AB 12 34 56 C"));
    CHECK(sim.fired() == strings{"UK PII"});
    sim.run(with_body("payroll", "ref AB 12 34 56 C"));  // 75 without a keyword: below 85
    CHECK(sim.fired().empty());
    sim.run(with_body("patient", "NHS number 943 476 5919"));
    CHECK(sim.fired() == strings{"UK PII"});
    sim.run(with_body("klanten", "BSN 111222333 en 123456789"));
    CHECK(sim.fired().empty());  // the second number fails the 11-proef
    sim.run(with_body("klanten", "BSN 111222333 en 12345672"));
    CHECK(sim.fired() == strings{"NL PII"});
  }

  TEST_CASE("the text is scanned case-folded: accented capitals meet the lists' keywords") {
    simulator sim(rules(R"(  - Name: Chile at 85
    MessageContainsDataClassifications: [{Name: Chile Identity Card Number, minConfidence: 85}]
    SetAuditSeverity: Low
)"));
    sim.run(with_body("datos", "ROL ÚNICO NACIONAL: 12.345.678-5"));
    CHECK(sim.fired() == strings{"Chile at 85"});
    sim.run(with_body("datos", "ref 12.345.678-5"));  // 75 without the keyword
    CHECK(sim.fired().empty());
    sim.run(with_body("ROL ÚNICO NACIONAL 12.345.678-5", "datos"));  // the subject alike
    CHECK(sim.fired() == strings{"Chile at 85"});
  }

  TEST_CASE("the attachments' text is read too, and counts with the subject and the body") {
    // The cmdlet: "looks for sensitive information types in the body of messages, and in any
    // attachments" (decision 260).
    simulator sim(rules(R"(  - Name: An SSN
    MessageContainsDataClassifications: [U.S. Social Security Number (SSN)]
    SetAuditSeverity: Low
  - Name: Two SSNs
    MessageContainsDataClassifications: [{Name: U.S. Social Security Number (SSN), minCount: 2}]
    SetAuditSeverity: Low
)"));
    const auto with_attachment = [](const std::string& body, const std::string& attached) {
      return "From: a@example.org\r\nTo: b@contoso.com\r\nSubject: records\r\n"
             "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
             "--b\r\nContent-Type: text/plain\r\n\r\n" +
             body +
             "\r\n--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
             "filename=\"staff.txt\"\r\n\r\n" +
             attached + "\r\n--b--\r\n";
    };
    sim.run(with_attachment("see the file", "Employee SSN: 078-05-1120"));
    CHECK(sim.fired() == strings{"An SSN"});
    sim.run(with_attachment("SSN: 078-05-1120", "SSN: 219-09-9999"));
    CHECK(sim.fired() == strings{"An SSN", "Two SSNs"});
    sim.run(with_attachment("see the file", "nothing sensitive"));
    CHECK(sim.fired().empty());

    // explain names the file the first instance is in.
    const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(rules(R"(  - Name: SSN
    MessageContainsDataClassifications: [U.S. Social Security Number (SSN)]
    SetAuditSeverity: Low
)"),
                                                                      "t.yaml"));
    mfsim::scratch scratch;
    mfsim::evaluation_trace trace;
    (void)mfsim::evaluate(*plan, with_attachment("see the file", "SSN: 078-05-1120"), {}, scratch,
                          nullptr, &trace);
    REQUIRE(trace.conditions.size() == 1);
    CHECK(trace.conditions.front().match.value == "078-05-1120");
    CHECK(trace.conditions.front().match.term ==
          "U.S. Social Security Number (SSN): 1 found, confidence 85, the first in staff.txt");
  }

  TEST_CASE("confidence bounds choose which instances count") {
    simulator sim(rules(R"(  - Name: Any card
    MessageContainsDataClassifications: [{Name: Credit Card Number, minConfidence: 65}]
    SetAuditSeverity: Low
  - Name: Recommended
    MessageContainsDataClassifications: [Credit Card Number]
    SetAuditSeverity: Low
  - Name: Only unsupported
    MessageContainsDataClassifications: [{Name: Credit Card Number, minConfidence: 1, maxConfidence: 70}]
    SetAuditSeverity: Low
)"));
    sim.run(with_body("x", "number 4111 1111 1111 1111"));
    CHECK(sim.fired() == strings{"Any card", "Only unsupported"});
    sim.run(with_body("x", "visa number 4111 1111 1111 1111"));
    CHECK(sim.fired() == strings{"Any card", "Recommended"});
  }

  TEST_CASE("a type mfsim cannot find is never found, and the rule set names it") {
    const std::string yaml = rules(R"(  - Name: EU cards
    MessageContainsDataClassifications: [EU Debit Card Number]
    SetAuditSeverity: Low
  - Name: Not EU cards
    ExceptIfMessageContainsDataClassifications: [EU Debit Card Number]
    SetAuditSeverity: Low
)");
    simulator sim(yaml);
    sim.run(with_body("x", "visa 4111 1111 1111 1111"));
    CHECK(sim.fired() == strings{"Not EU cards"});
    CHECK(mfsim::rules::types_needing_classifiers(mfsim::rules::load_rule_set_yaml(
              yaml, "t.yaml")) == strings{"'EU Debit Card Number' in rule 'EU cards'",
                                          "'EU Debit Card Number' in rule 'Not EU cards'"});
  }

  TEST_CASE("explain shows the types found, their count and confidence") {
    const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(rules(R"(  - Name: Cards
    MessageContainsDataClassifications: [{Name: Credit Card Number, minCount: 1}, Unknown Type]
    SetAuditSeverity: Low
)"),
                                                                      "t.yaml"));
    mfsim::scratch scratch;
    mfsim::evaluation_trace trace;
    const std::string m = with_body("card", "visa 4111 1111 1111 1111");
    (void)mfsim::evaluate(*plan, m, {}, scratch, nullptr, &trace);
    REQUIRE(trace.conditions.size() == 1);
    const auto& t = trace.conditions.front();
    CHECK(t.result);
    CHECK(t.match.value == "4111 1111 1111 1111");
    CHECK(t.match.term == "Credit Card Number: 1 found, confidence 85");
    CHECK(t.decoded_values ==
          strings{"Credit Card Number: 1 found at confidence 85 to 100, highest 85 (wanted 1 or "
                  "more)",
                  "Unknown Type: not a type mfsim reads, never found by mfsim"});
  }

  TEST_CASE("HasSenderOverride reads the header Exchange stamps on an override") {
    simulator sim(rules(R"(  - Name: Overridden
    HasSenderOverride: true
    SetAuditSeverity: High
  - Name: Not overridden
    ExceptIfHasSenderOverride: true
    SetAuditSeverity: Low
)"));
    sim.run(message({"From: a@contoso.com",
                     "X-Ms-Exchange-Organization-Dlp-SenderOverrideJustification: business"}));
    CHECK(sim.fired() == strings{"Overridden"});
    sim.run(message({"From: a@contoso.com"}));
    CHECK(sim.fired() == strings{"Not overridden"});
  }

  TEST_CASE("the loaders check the hash tables as the cmdlet documents them") {
    const auto bad = [](const std::string& value) {
      return problems_of(rules("  - Name: Bad\n    MessageContainsDataClassifications: " + value +
                               "\n    SetAuditSeverity: Low\n"));
    };
    CHECK(bad("[{Name: Credit Card Number, minCnt: 2}]").find("did you mean 'minCount'") !=
          std::string::npos);
    CHECK(bad("[{Name: Credit Card Number, minCount: 3, maxCount: 2}]")
              .find("maxCount 2 is below minCount 3") != std::string::npos);
    CHECK(bad("[{Name: Credit Card Number, maxConfidence: 101}]")
              .find("maxConfidence: expected a whole number from 1 to 100") != std::string::npos);
    CHECK(bad("[{minCount: 1}]").find("a hash table without Name") != std::string::npos);
    CHECK(bad("[]").find("give at least one sensitive information type") != std::string::npos);
    CHECK(problems_of("New-TransportRule x -MessageContainsDataClassifications 'Credit Card "
                      "Number' -SetAuditSeverity Low\n",
                      true)
              .find("expected a hash table") != std::string::npos);
  }

  TEST_CASE("PowerShell hash tables: one, a comma list and an array") {
    const auto set = mfsim::rules::load_rule_set_powershell(
        "New-TransportRule one -MessageContainsDataClassifications @{Name=\"Credit Card "
        "Number\"; minCount=\"2\"},@{Name=\"ABA Routing Number\"; minCount=\"1\"} "
        "-SetAuditSeverity Low\n"
        "New-TransportRule two -ExceptIfMessageContainsDataClassifications "
        "@(@{Name='U.S. Social Security Number (SSN)'; maxConfidence=85}) -SetAuditSeverity Low\n"
        "New-TransportRule three -MessageContainsDataClassifications @{Name='Credit Card Number'} "
        "-SubjectContainsWords @{Add='x'} -SetAuditSeverity Low\n",
        "t.ps1");
    REQUIRE(set.transport_rules.size() == 3);
    const auto& one = set.transport_rules[0].conditions.at(0).classifications;
    REQUIRE(one.size() == 2);
    CHECK(one[0].name == "Credit Card Number");
    CHECK(one[0].min_count == 2);
    CHECK(one[1].name == "ABA Routing Number");
    const auto& two = set.transport_rules[1].exceptions.at(0).classifications;
    REQUIRE(two.size() == 1);
    CHECK(two[0].max_confidence == 85);
    // @{Add=...} on a New- cmdlet still edits (adds to) the multi-value parameter.
    CHECK(set.transport_rules[2].conditions.size() == 2);
  }

  TEST_CASE("the YAML writer keeps the types, their bounds and the rule properties") {
    const auto set = mfsim::rules::load_rule_set_powershell(
        "New-TransportRule r -MessageContainsDataClassifications @{Name='Credit Card Number'; "
        "minCount=2; maxCount=5; minConfidence=65},@{Name='ABA Routing Number'} "
        "-HasSenderOverride $true -RuleErrorAction Defer -GenerateIncidentReport a@contoso.com "
        "-IncidentReportOriginalMail IncludeOriginalMail -DlpPolicy 'PII' -RuleSubType Dlp "
        "-UseLegacyRegex $true\n",
        "t.ps1");
    const std::string yaml = mfsim::rules::write_rule_set_yaml(set);
    CHECK(yaml.find("      - {Name: Credit Card Number, minCount: 2, maxCount: 5, "
                    "minConfidence: 65}\n      - {Name: ABA Routing Number}\n") !=
          std::string::npos);
    const auto again = mfsim::rules::load_rule_set_yaml(yaml, "again.yaml");
    const auto& r = again.transport_rules.at(0);
    CHECK(r.conditions.at(0).classifications.at(0).max_count == 5);
    CHECK(r.conditions.at(1).kind == mfsim::rules::condition_kind::has_sender_override);
    CHECK(r.on_error == mfsim::rules::rule_error_action::defer);
    CHECK(r.actions.incident_report_content == strings{"AttachOriginalMail"});
  }
}

TEST_SUITE("rule properties") {
  TEST_CASE("IncidentReportOriginalMail IncludeOriginalMail attaches the original message") {
    simulator sim(rules(R"(  - Name: report
    SubjectContainsWords: [hello]
    GenerateIncidentReport: [dlp@contoso.com]
    IncidentReportContent: [Sender]
    IncidentReportOriginalMail: IncludeOriginalMail
)"));
    const auto& o = sim.run(message({"From: a@example.org", "Subject: hello"}));
    CHECK(effects_of(sim, o)[0]["IncidentReportContent"] == "Sender, AttachOriginalMail");
    CHECK(problems_of(rules(R"(  - Name: alone
    IncidentReportOriginalMail: IncludeOriginalMail
    SetSCL: 1
)"))
              .find("needs 'GenerateIncidentReport' too") != std::string::npos);
  }

  TEST_CASE("RuleErrorAction Defer records a deferral when the rule cannot be evaluated") {
    simulator sim(rules(R"(  - Name: Deferred
    RuleErrorAction: Defer
    SubjectMatchesPatterns: '(a+)+$'
    SetSCL: 8
  - Name: Ignored
    RuleErrorAction: Ignore
    SubjectMatchesPatterns: '(a|aa)+c'
    SetSCL: 9
)"));
    const auto& o =
        sim.run(message({"From: a@example.org", "Subject: " + std::string(5000, 'a') + "!"}));
    CHECK(sim.fired().empty());
    CHECK(
        effects_of(sim, o).dump() ==
        R"([{"action":"RuleErrorAction","rule":"Deferred","value":"Defer","result":"deferred"}])");
    CHECK(problems_of(rules("  - Name: x\n    RuleErrorAction: Retry\n    SetSCL: 1\n"))
              .find("expected one of Ignore, Defer") != std::string::npos);
  }

  TEST_CASE("DlpPolicy, RuleSubType and UseLegacyRegex are accepted and change nothing") {
    CHECK(problems_of(rules(R"(  - Name: x
    DlpPolicy: PII
    RuleSubType: Dlp
    UseLegacyRegex: true
    SetSCL: 1
)"))
              .empty());
  }
}
