// Tests of the conditions read from the message (issue 15): each on crafted messages that it
// must match and must not, the loader's checks of their values, and the allocation-free path of
// the header-only ones.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/mail/executable_content.h"
#include "engine/mail/password_protected.h"
#include "engine/mail/zip_format.h"
#include "engine/rules/load_native.h"
#include "engine/status.h"
#include "tests/support/alloc_counter.h"
#include "tests/support/build_paths.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::test::message;
using mfsim::test::simulator;
using strings = std::vector<std::string>;

// One rule per line of `conditions`, named after it: "Name: <condition>".
std::string rules_of(const std::vector<std::pair<std::string, std::string>>& conditions) {
  std::string yaml = "mfsim: 1\nname: message-conditions\ntransport_rules:\n";
  for (const auto& [name, condition] : conditions) {
    yaml += "  - Name: " + name + "\n    " + condition + "\n    SetAuditSeverity: Low\n";
  }
  return yaml;
}

// A MIME message: top headers, then the body as given (CRLF line ends).
std::string mime(const std::string& headers, const std::string& body) {
  std::string out;
  for (const char c : headers + "\n\n" + body) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// A multipart/mixed message with one text part and one attachment.
std::string with_attachment(const std::string& name, const std::string& base64_content,
                            const std::string& text_charset = "us-ascii") {
  return mime(
      "From: a@example.org\nTo: b@contoso.com\nSubject: files\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"XX\"",
      "--XX\nContent-Type: text/plain; charset=" + text_charset +
          "\n\nsee attached\n--XX\nContent-Type: application/octet-stream; name=\"" + name +
          "\"\nContent-Disposition: attachment; filename=\"" + name +
          "\"\nContent-Transfer-Encoding: base64\n\n" + base64_content + "\n--XX--\n");
}

}  // namespace

TEST_SUITE("message conditions") {
  TEST_CASE(
      "WithImportance reads Importance, then X-Priority, X-MSMail-Priority, Priority; none is "
      "Normal") {
    simulator sim(rules_of({{"High", "WithImportance: High"},
                            {"Normal", "WithImportance: Normal"},
                            {"Low", "WithImportance: low"}}));
    sim.run(message({"From: a@example.org", "Importance: high"}));
    CHECK(sim.fired() == strings{"High"});
    sim.run(message({"From: a@example.org", "X-Priority: 1 (Highest)"}));
    CHECK(sim.fired() == strings{"High"});
    sim.run(message({"From: a@example.org", "X-Priority: 5 (Lowest)"}));
    CHECK(sim.fired() == strings{"Low"});
    sim.run(message({"From: a@example.org", "Priority: non-urgent"}));
    CHECK(sim.fired() == strings{"Low"});
    // [MS-OXCMAIL] 2.2.3.2.5 "Importance": "Clients MAY use a Priority, X-Priority, or
    // X-MSMail-Priority header instead of an Importance header" (decision 409).
    sim.run(message({"From: a@example.org", "X-MSMail-Priority: High"}));
    CHECK(sim.fired() == strings{"High"});
    sim.run(message({"From: a@example.org", "X-MSMail-Priority: Low", "Priority: urgent"}));
    CHECK(sim.fired() == strings{"Low"});
    sim.run(message({"From: a@example.org", "Importance: Low", "X-Priority: 1"}));
    CHECK(sim.fired() == strings{"Low"});
    sim.run(message({"From: a@example.org"}));
    CHECK(sim.fired() == strings{"Normal"});
  }

  TEST_CASE("MessageTypeMatches tells each type from its headers and MIME parts") {
    simulator sim(rules_of({{"OOF", "MessageTypeMatches: OOF"},
                            {"AutoForward", "MessageTypeMatches: AutoForward"},
                            {"Encrypted", "MessageTypeMatches: Encrypted"},
                            {"Signed", "MessageTypeMatches: Signed"},
                            {"ReadReceipt", "MessageTypeMatches: ReadReceipt"},
                            {"Calendaring", "MessageTypeMatches: Calendaring"},
                            {"PermissionControlled", "MessageTypeMatches: PermissionControlled"},
                            {"Voicemail", "MessageTypeMatches: Voicemail"},
                            {"ApprovalRequest", "MessageTypeMatches: ApprovalRequest"}}));
    sim.run(message({"From: a@example.org", "Auto-Submitted: auto-replied"}));
    CHECK(sim.fired() == strings{"OOF"});
    sim.run(message({"From: a@example.org", "X-MS-Exchange-Organization-AutoForwarded: true"}));
    CHECK(sim.fired() == strings{"AutoForward"});
    sim.run(message({"From: a@example.org",
                     "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; "
                     "name=smime.p7m"}));
    CHECK(sim.fired() == strings{"Encrypted"});
    sim.run(message({"From: a@example.org",
                     "Content-Type: multipart/encrypted; "
                     "protocol=\"application/pgp-encrypted\"; boundary=b"}));
    CHECK(sim.fired() == strings{"Encrypted"});
    sim.run(message({"From: a@example.org",
                     "Content-Type: multipart/signed; "
                     "protocol=\"application/pkcs7-signature\"; boundary=b"}));
    CHECK(sim.fired() == strings{"Signed"});
    sim.run(message({"From: a@example.org",
                     "Content-Type: application/x-pkcs7-mime; smime-type=\"signed-data\""}));
    CHECK(sim.fired() == strings{"Signed"});
    sim.run(message({"From: a@example.org",
                     "Content-Type: multipart/report; "
                     "report-type=disposition-notification; boundary=b"}));
    CHECK(sim.fired() == strings{"ReadReceipt"});
    sim.run(message({"From: a@example.org",
                     "Content-Type: multipart/report; "
                     "report-type=delivery-status; boundary=b"}));
    CHECK(sim.fired().empty());  // a delivery report (NDR) is no read receipt
    sim.run(
        mime("From: a@example.org\nMIME-Version: 1.0\n"
             "Content-Type: multipart/alternative; boundary=\"B\"",
             "--B\nContent-Type: text/plain\n\nLunch?\n--B\n"
             "Content-Type: text/calendar; method=REQUEST\n\nBEGIN:VCALENDAR\n"
             "END:VCALENDAR\n--B--\n"));
    CHECK(sim.fired() == strings{"Calendaring"});
    sim.run(with_attachment("message.rpmsg", "AAAA"));
    CHECK(sim.fired() == strings{"PermissionControlled"});
    sim.run(message({"From: a@example.org", "Content-Class: voice-uc"}));
    CHECK(sim.fired() == strings{"Voicemail"});
    sim.run(
        message({"From: a@example.org",
                 "X-MS-Exchange-Organization-Approval-Allowed-Decision-Makers: m@contoso.com"}));
    CHECK(sim.fired() == strings{"ApprovalRequest"});
    sim.run(message({"From: a@example.org", "Content-Type: text/plain; charset=utf-8"}));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("AnyOfToHeader, AnyOfCcHeader and AnyOfToCcHeader read the addresses in To and Cc") {
    simulator sim(rules_of({{"To", "AnyOfToHeader: [boss@contoso.com]"},
                            {"Cc", "AnyOfCcHeader: [boss@contoso.com]"},
                            {"ToCc", "AnyOfToCcHeader: [Boss@Contoso.com]"}}));
    sim.run(message({"From: a@example.org", "To: \"The Boss\" <boss@contoso.com>, x@contoso.com"}));
    CHECK(sim.fired() == strings{"To", "ToCc"});
    sim.run(message({"From: a@example.org", "To: x@contoso.com", "Cc: boss@contoso.com"}));
    CHECK(sim.fired() == strings{"Cc", "ToCc"});
    sim.run(message({"From: a@example.org", "To: bossy@contoso.com"}));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("the recipient address conditions read every recipient") {
    simulator sim(rules_of({{"Words", "RecipientAddressContainsWords: [finance]"},
                            {"AnyWords", "AnyOfRecipientAddressContainsWords: [finance]"},
                            {"Patterns", "RecipientAddressMatchesPatterns: ['^ceo@']"},
                            {"AnyPatterns", "AnyOfRecipientAddressMatchesPatterns: ['^ceo@']"}}));
    sim.run(message({"From: a@example.org", "To: x@contoso.com", "Cc: finance@contoso.com"}));
    CHECK(sim.fired() == strings{"Words", "AnyWords"});
    sim.run(message({"From: a@example.org", "To: CEO@contoso.com"}));
    CHECK(sim.fired() == strings{"Patterns", "AnyPatterns"});
    mfsim::run_options options;
    options.recipients = {"finance@contoso.com"};
    sim.run(message({"From: a@example.org", "To: x@contoso.com"}), options);
    CHECK(sim.fired() == strings{"Words", "AnyWords"});
  }

  TEST_CASE("SubjectOrBodyMatchesPatterns searches the subject, then the body text") {
    simulator sim(rules_of({{"Card", "SubjectOrBodyMatchesPatterns: ['\\d{4}-\\d{4}-\\d{4}']"}}));
    sim.run(message({"From: a@example.org", "Subject: card 1234-5678-9012"}));
    CHECK(sim.fired() == strings{"Card"});
    sim.run(mime("From: a@example.org\nSubject: hello\nContent-Type: text/html",
                 "<p>number <b>1234-5678-9012</b></p>"));
    CHECK(sim.fired() == strings{"Card"});
    sim.run(message({"From: a@example.org", "Subject: 1234 5678"}));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("a pattern's . stays within a line of the body, as .NET's does") {
    simulator sim(rules_of({{"Click", "SubjectOrBodyMatchesPatterns: ['click.*here']"}}));
    sim.run(mime("From: a@example.org\nSubject: hello\nContent-Type: text/plain",
                 "please click\nhere to verify\n"));
    CHECK(sim.fired().empty());
    sim.run(mime("From: a@example.org\nSubject: hello\nContent-Type: text/plain",
                 "please click right here to verify\n"));
    CHECK(sim.fired() == strings{"Click"});
    // A class or \s still crosses lines, as it does in .NET.
    simulator spaced(rules_of({{"Click", "SubjectOrBodyMatchesPatterns: ['click\\s+here']"}}));
    spaced.run(mime("From: a@example.org\nSubject: hello\nContent-Type: text/plain",
                    "please click\nhere to verify\n"));
    CHECK(spaced.fired() == strings{"Click"});
  }

  TEST_CASE("ContentCharacterSetContainsWords reads the charset of every part") {
    simulator sim(rules_of({{"Japanese", "ContentCharacterSetContainsWords: [iso-2022-jp]"}}));
    sim.run(message({"From: a@example.org", "Content-Type: text/plain; charset=\"ISO-2022-JP\""}));
    CHECK(sim.fired() == strings{"Japanese"});
    sim.run(with_attachment("a.txt", "aGk=", "iso-2022-jp"));
    CHECK(sim.fired() == strings{"Japanese"});
    sim.run(with_attachment("a.txt", "aGk=", "utf-8"));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("the attachment conditions read names, decoded sizes and content") {
    simulator sim(rules_of({{"Name", "AttachmentNameMatchesPatterns: ['^invoice.*\\.pdf$']"},
                            {"Size", "AttachmentSizeOver: 10 B"},
                            {"Executable", "AttachmentHasExecutableContent: true"}}));
    // "MZ" and 14 more bytes: a DOS header, whatever the name says.
    sim.run(with_attachment("invoice-7.pdf", "TVqQAAMAAAAEAAAA//8AAA=="));
    CHECK(sim.fired() == strings{"Name", "Size", "Executable"});
    sim.run(with_attachment("setup.exe", "aGVsbG8="));  // "hello": an .exe name, no program
    CHECK(sim.fired().empty());
    sim.run(message({"From: a@example.org"}));
    CHECK(sim.fired().empty());
  }

  // The predicates page (learn.microsoft.com/exchange/security-and-compliance/mail-flow-rules/
  // conditions-and-exceptions): "The message size is greater than or equal to" (MessageSizeOver)
  // and "Any attachment is greater than or equal to" (AttachmentSizeOver); the attachments page:
  // "reject any attachment that is 10 MB or greater" (decision 406).
  TEST_CASE("MessageSizeOver and AttachmentSizeOver hold at exactly the size given") {
    const std::string msg = with_attachment("a.bin", "aGVsbG8=");  // "hello": 5 bytes
    const std::string size = std::to_string(msg.size());
    const std::string one_more = std::to_string(msg.size() + 1);
    simulator sim(rules_of({{"Message", "MessageSizeOver: " + size + " B"},
                            {"MessageByOne", "MessageSizeOver: " + one_more + " B"},
                            {"Attachment", "AttachmentSizeOver: 5 B"},
                            {"AttachmentBySix", "AttachmentSizeOver: 6 B"},
                            {"NotMessage", "ExceptIfMessageSizeOver: " + size + " B"}}));
    sim.run(msg);
    CHECK(sim.fired() == strings{"Message", "Attachment"});
  }

  TEST_CASE("AttachmentIsPasswordProtected finds encrypted ZIP entries, PDFs and Office files") {
    using mfsim::mail::is_password_protected;
    // A ZIP with one stored entry "a" ("hi"), its local header, central directory and end.
    const auto zip = [](bool encrypted) {
      const std::string flag = encrypted ? std::string("\x01\x00", 2) : std::string("\0\0", 2);
      const std::string local = std::string("PK\x03\x04\x0a\x00", 6) + flag +
                                std::string(18, '\0') + std::string("\x01\x00\x00\x00", 4) + "ahi";
      const std::string central = std::string("PK\x01\x02\x14\x00\x0a\x00", 8) + flag +
                                  std::string(18, '\0') + std::string("\x01\x00", 2) +
                                  std::string(16, '\0') + "a";
      std::string end =
          std::string("PK\x05\x06", 4) + std::string(4, '\0') + std::string("\x01\x00\x01\x00", 4);
      end += static_cast<char>(central.size()) + std::string(3, '\0');
      end += static_cast<char>(local.size()) + std::string(3, '\0') + std::string(2, '\0');
      return local + central + end;
    };
    CHECK(is_password_protected(zip(true)));
    CHECK_FALSE(is_password_protected(zip(false)));
    CHECK(is_password_protected("%PDF-1.7\ntrailer<</Encrypt 5 0 R/Root 1 0 R>>"));
    CHECK_FALSE(is_password_protected("%PDF-1.7\ntrailer<</Root 1 0 R>>"));
    // Encrypted for its permissions only, a PDF opens with the empty password: its content is
    // inspected, so it is not password-protected (decision 187; tests/testdata/pdf.md).
    const auto pdf = [](const std::string& name) {
      std::ifstream in(mfsim::test::source_dir() + "/tests/testdata/pdf/" + name + ".pdf",
                       std::ios::binary);
      return std::string{std::istreambuf_iterator<char>(in), {}};
    };
    CHECK_FALSE(is_password_protected(pdf("rc4-128")));
    CHECK_FALSE(is_password_protected(pdf("aes-256")));
    CHECK(is_password_protected(pdf("rc4-128-user-password")));
    CHECK(is_password_protected(pdf("aes-256-user-password")));
    // Office files: tests/office_encryption_test.cc.
    CHECK_FALSE(is_password_protected("PK\x03\x04"));  // cut short: no flags to read

    // The end record is found as libzip's entry bound finds it (one search, zip_format.h):
    // a signature with no room for the record after it is passed over, and one further from
    // the end than the longest comment is not looked for.
    using mfsim::mail::find_zip_end_record;
    const std::string sound = zip(true);
    CHECK(find_zip_end_record(sound) == sound.size() - 22);
    const std::string decoy = sound + std::string("PK\x05\x06", 4) + std::string(10, 'x');
    CHECK(find_zip_end_record(decoy) == sound.size() - 22);
    CHECK(is_password_protected(decoy));
    CHECK(find_zip_end_record(sound + std::string(65535, 'c')) == sound.size() - 22);
    CHECK_FALSE(find_zip_end_record(sound + std::string(65536, 'c')));
    CHECK_FALSE(find_zip_end_record(std::string("PK\x05\x06", 4)));

    simulator sim(rules_of({{"Locked", "AttachmentIsPasswordProtected: true"}}));
    // base64 of "%PDF-1.7 /Encrypt"
    sim.run(with_attachment("statement.pdf", "JVBERi0xLjcgL0VuY3J5cHQ="));
    CHECK(sim.fired() == strings{"Locked"});
    sim.run(with_attachment("statement.pdf", "JVBERi0xLjcgL1Jvb3Q="));  // "%PDF-1.7 /Root"
    CHECK(sim.fired().empty());
  }

  TEST_CASE("HasClassification and HasNoClassification read Outlook's classification headers") {
    simulator sim(rules_of({{"Internal", "HasClassification: [Company Internal]"},
                            {"ById", "HasClassification: [0c0a8d0e-1111-4b7e-9e6d-2f3a4b5c6d7e]"},
                            {"None", "HasNoClassification: true"}}));
    sim.run(message({"From: a@example.org", "X-Microsoft-Classified: true",
                     "X-Microsoft-Classification: Company Internal",
                     "X-Microsoft-ClassID: 0C0A8D0E-1111-4B7E-9E6D-2F3A4B5C6D7E"}));
    CHECK(sim.fired() == strings{"Internal", "ById"});
    // Without X-Microsoft-Classified: true the other headers mean nothing (MS-OXCMAIL).
    sim.run(message({"From: a@example.org", "X-Microsoft-Classification: Company Internal"}));
    CHECK(sim.fired() == strings{"None"});
    sim.run(message({"From: a@example.org", "X-Microsoft-Classified: true",
                     "X-Microsoft-Classification: Public"}));
    CHECK(sim.fired().empty());
  }

  TEST_CASE("executable content: the DOS header and the EICAR test file, nothing else") {
    using mfsim::mail::is_executable_content;
    CHECK(is_executable_content("MZ\x90\x00"));
    CHECK(is_executable_content("ZM"));
    CHECK(is_executable_content(
        "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*\r\n"));
    CHECK_FALSE(
        is_executable_content("\x7f"
                              "ELF"));
    CHECK_FALSE(is_executable_content("M"));
    CHECK_FALSE(is_executable_content(""));
    CHECK_FALSE(is_executable_content("%PDF-1.7"));
  }

  TEST_CASE("the loader checks the values and $false adds no condition") {
    const auto rules = mfsim::rules::load_rule_set_yaml(
        rules_of({{"Off", "AttachmentHasExecutableContent: false"}}), "t.yaml");
    CHECK(rules.transport_rules.at(0).conditions.empty());
    const auto refused = [](const std::string& condition) {
      try {
        (void)mfsim::rules::load_rule_set_yaml(rules_of({{"Bad", condition}}), "t.yaml");
      } catch (const mfsim::load_error& e) {
        return std::string(e.what());
      }
      return std::string();
    };
    CHECK(refused("MessageTypeMatches: Spam").find("expected one of OOF") != std::string::npos);
    CHECK(refused("WithImportance: Urgent").find("expected Low, Normal or High") !=
          std::string::npos);
    CHECK(refused("WithImportance: [High, Low]").find("takes one value") != std::string::npos);
    CHECK(refused("AnyOfToHeader: ['user@']").find("email address") != std::string::npos);
  }

  TEST_CASE("the header-only message conditions evaluate without allocating after warm-up") {
    simulator sim(rules_of({{"Importance", "WithImportance: High"},
                            {"Signed", "MessageTypeMatches: Signed"},
                            {"ToCc", "AnyOfToCcHeader: [boss@contoso.com]"},
                            {"Words", "RecipientAddressContainsWords: [finance]"},
                            {"Patterns", "AnyOfRecipientAddressMatchesPatterns: ['^ceo@']"}}));
    const std::string m = message({"From: a@example.org", "To: ceo@contoso.com",
                                   "Cc: finance@contoso.com, boss@contoso.com", "Importance: High",
                                   "Content-Type: multipart/signed; b=1"});
    const mfsim::run_options options;
    (void)mfsim::evaluate(sim.compiled(), m, options, sim.working_memory());
    const mfsim::test::allocation_counter counter;
    const auto& o = mfsim::evaluate(sim.compiled(), m, options, sim.working_memory());
    CHECK(counter.count() == 0);
    CHECK(o.rules.size() == 5);
  }
}
