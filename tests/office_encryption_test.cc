// Office 97-2003 encryption (engine/mail/office_binary_encryption.h) and what
// AttachmentIsPasswordProtected makes of it (decision 187), on files written by
// tests/support/office97_writer.h and word_writer.h.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "engine/mail/attachment_content.h"
#include "engine/mail/attachment_key_derivations.h"
#include "engine/mail/office_binary_encryption.h"
#include "engine/mail/office_binary_protection.h"
#include "engine/mail/office_package_encryption.h"
#include "engine/mail/password_protected.h"
#include "tests/support/archive_writer.h"
#include "tests/support/attachment_mail.h"
#include "tests/support/msg_writer.h"
#include "tests/support/office97_writer.h"
#include "tests/support/package_encryption_writer.h"
#include "tests/support/word_writer.h"

namespace {

using mfsim::mail::is_password_protected;
using mfsim::mail::key_derivations;
using mfsim::mail::office_binary_protection;
using mfsim::mail::office97::protection;
using method = mfsim::test::excel_encryption::method;

// An Office Open XML workbook, or document, with one string.
std::string xlsx() {
  return mfsim::test::zip_of(
      {{"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
       {"xl/workbook.xml", "<workbook/>"},
       {"xl/sharedStrings.xml", "<sst><si><t>Wire transfer</t></si></sst>"}});
}
std::string docx() {
  return mfsim::test::zip_of(
      {{"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
       {"word/document.xml",
        "<w:document><w:p><w:r><w:t>Wire transfer</w:t></w:r></w:p></w:document>"}});
}

// How the file alone is locked, with a message's budget of key derivations to itself.
protection protection_of(const std::string& bytes) {
  key_derivations own;
  return office_binary_protection(bytes, own);
}

std::string workbook(method cipher, const std::string& password) {
  return mfsim::test::excel_97({{"Wire transfer", false}}, {}, 8224, {cipher, password});
}

}  // namespace

TEST_SUITE("office encryption") {
  TEST_CASE("XOR obfuscation's password verifier is method 1's") {
    using mfsim::mail::office97::xor_password_verifier;
    // The verifier Excel stored in a workbook it obfuscated with this password
    // (msoffcrypto-tool's test file xor_password_123456789012345.xls, FILEPASS bytes 4-5).
    CHECK(xor_password_verifier("123456789012345") == 0x9EB1);
    CHECK(xor_password_verifier("VelvetSweatshop") != xor_password_verifier("velvetsweatshop"));
  }

  TEST_CASE("RC4 and RC4 CryptoAPI encryption open only with their password") {
    using mfsim::mail::office97::rc4_blocks;
    for (const method cipher : {method::rc4, method::rc4_cryptoapi}) {
      const std::string book = workbook(cipher, "Password1234_");
      CHECK(protection_of(book) == protection::password);
      CHECK(protection_of(workbook(cipher, "VelvetSweatshop")) == protection::default_password);
    }
    CHECK_FALSE(rc4_blocks::open("", "x"));
    CHECK_FALSE(rc4_blocks::open(std::string("\x01\x00\x01\x00", 4) + std::string(10, 'a'), "x"));
    CHECK_FALSE(rc4_blocks::open(std::string("\x05\x00\x02\x00", 4) + std::string(400, 'a'), "x"));
  }

  TEST_CASE("an Office 97-2003 file needs a password unless the default one opens it") {
    // Word has no default password: an encrypted document (fEncrypted) is locked.
    CHECK(is_password_protected(mfsim::test::word_97({{"secret", true}}, 0x0300)));
    CHECK_FALSE(is_password_protected(mfsim::test::word_97({{"open", true}}, 0x0200)));
    // Excel: RC4, RC4 CryptoAPI and XOR obfuscation, with a password or Excel's default one.
    for (const method cipher : {method::rc4, method::rc4_cryptoapi, method::xor_obfuscation}) {
      CHECK(is_password_protected(workbook(cipher, "secret")));
      CHECK_FALSE(is_password_protected(workbook(cipher, "VelvetSweatshop")));
    }
    CHECK_FALSE(is_password_protected(workbook(method::none, "")));
    // PowerPoint: the CryptSession10Container the last edit's persist directory names.
    CHECK(is_password_protected(mfsim::test::powerpoint_97({{"deck", false}}, "secret")));
    CHECK_FALSE(is_password_protected(
        mfsim::test::powerpoint_97({{"deck", false}}, "/01Hannes Ruescher/01")));
    CHECK_FALSE(is_password_protected(mfsim::test::powerpoint_97({{"deck", false}})));
    // Office 2007 and later saved with a password: an EncryptedPackage stream.
    CHECK(is_password_protected(
        mfsim::test::write_compound_file({{"EncryptionInfo", false, std::string(8, '\0'), {}},
                                          {"EncryptedPackage", false, std::string(64, 'x'), {}}})));
    CHECK_FALSE(is_password_protected(
        mfsim::test::write_compound_file({{"Contents", false, "EncryptedPackage", {}}})));
  }

  TEST_CASE("an Office 2007 and later workbook with Excel's default password opens and is read") {
    using mfsim::test::encrypted_package;
    const std::string velvet = encrypted_package(xlsx(), "VelvetSweatshop");
    CHECK(protection_of(velvet) == protection::default_password);
    CHECK_FALSE(is_password_protected(velvet));
    // Another password; a document, which Word would ask the password of; a descriptor asking
    // for more rounds than are tried: locked.
    CHECK(is_password_protected(encrypted_package(xlsx(), "secret")));
    CHECK(is_password_protected(encrypted_package(docx(), "VelvetSweatshop")));
    CHECK(is_password_protected(encrypted_package(xlsx(), "VelvetSweatshop", 100001)));
    // Its text and type are the workbook's.
    mfsim::mail::attachment_contents read;
    mfsim::mail::inspect_attachment("book.xlsx", velvet, {}, read);
    CHECK(read.files.at(0).type == mfsim::mail::content_type::spreadsheet);
    CHECK(read.files.at(0).text_lower == "wire transfer ");
    // Damaged: locked, never a crash.
    for (std::size_t cut = 0; cut < velvet.size(); cut += 97) {
      (void)is_password_protected(velvet.substr(0, cut));
      read.clear();
      mfsim::mail::inspect_attachment("book.xlsx", velvet.substr(0, cut), {}, read);
    }
  }

  TEST_CASE("hostile agile descriptors stay locked") {
    using mfsim::mail::office_package::decrypt;
    const std::string version = std::string("\x04\x00\x04\x00\x40\x00\x00\x00", 8);
    // Tens of thousands of '<' and one '>': one pass over them, not one per '<'.
    key_derivations derivations;
    CHECK_FALSE(decrypt(version + std::string(65000, '<') + ">", "", "VelvetSweatshop", 1 << 20,
                        derivations));
    // Only the password key encryptor is read: a certificate one before it is passed over.
    const std::string velvet =
        mfsim::test::encrypted_package(xlsx(), "VelvetSweatshop", 1000, true);
    CHECK(protection_of(velvet) == protection::default_password);
  }

  TEST_CASE("damaged encryption records are locked files, never a crash") {
    const std::string book = workbook(method::rc4_cryptoapi, "secret");
    const std::string deck = mfsim::test::powerpoint_97({{"deck", false}}, "secret");
    for (const std::string* file : {&book, &deck}) {
      for (std::size_t cut = 0; cut < file->size(); cut += 61)
        (void)protection_of(file->substr(0, cut));
      std::string flipped = *file;
      for (std::size_t at = 512; at < flipped.size(); at += 37) {
        flipped[at] = static_cast<char>(flipped[at] ^ 0x5A);
        (void)protection_of(flipped);
      }
    }
  }

  TEST_CASE("encrypted Office files checked with one budget stop being opened past it") {
    using mfsim::test::encrypted_package;
    // Three workbooks with Excel's default password, each hashed a different number of times
    // (so no key is found again), and a budget with room for the first two only.
    const std::string books[] = {encrypted_package(xlsx(), "VelvetSweatshop", 1000),
                                 encrypted_package(xlsx(), "VelvetSweatshop", 1001),
                                 encrypted_package(xlsx(), "VelvetSweatshop", 1002)};
    mfsim::mail::message_key_derivations budget(1000 + 1001 + 1001);
    mfsim::mail::attachment_contents read;
    for (const char* name : {"a.xlsx", "b.xlsx", "c.xlsx"}) {
      const std::string& book = books[name[0] - 'a'];
      CHECK(is_password_protected(book, budget.checks) == (name[0] == 'c'));
      mfsim::mail::inspect_attachment(name, book, {}, read, budget);
    }
    // Each key derived once, though each file was checked and then read.
    CHECK(budget.checks.rounds_spent() == 1000 + 1001);
    // The third, refused to its check, is not derived for its contents either.
    CHECK(budget.contents.rounds_spent() == 0);
    CHECK(budget.refused() == 2);
    REQUIRE(read.files.size() == 3);
    CHECK(read.files[0].text_lower == "wire transfer ");
    CHECK(read.files[1].text_lower == "wire transfer ");
    CHECK(read.files[2].text_lower.empty());
    CHECK(read.limit_exceeded);
    CHECK(read.limit_reason ==
          "c.xlsx is encrypted with a key past the 3002 hashing rounds one "
          "message may derive");
  }

  TEST_CASE("a message derives at most ten keys at Office's round count") {
    // Eleven packages hashed 100,000 times as Office writes them: the first with Excel's
    // default password, the others with other salts (their keys cannot be found again, and
    // do not open them). The first is checked for its password and then read, with one key.
    const std::string book = mfsim::test::encrypted_package(xlsx(), "VelvetSweatshop", 100000);
    const std::string salt = mfsim::test::base64("key salt 16 byte").substr(0, 24);
    REQUIRE(book.find(salt) != std::string::npos);
    std::vector<std::pair<std::string, std::string>> files;
    for (int k = 0; k < 11; ++k) {
      std::string file = book;
      if (k > 0) {
        const std::string other = "other salt #" + std::to_string(1000 + k);
        file.replace(file.find(salt), salt.size(), mfsim::test::base64(other).substr(0, 24));
      }
      files.emplace_back("b" + std::to_string(k) + ".xlsx", file);
    }
    const mfsim::mail::body_summary body =
        mfsim::test::inspected_body(mfsim::test::mail_with(files));
    REQUIRE(body.attachments.size() == 11);
    CHECK_FALSE(body.attachments[0].password_protected);
    CHECK(body.contents.files.at(0).text_lower == "wire transfer ");
    for (std::size_t k = 1; k < 11; ++k) CHECK(body.attachments[k].password_protected);
    // The eleventh was not tried: the message says so, and names it.
    CHECK(body.truncated);
    CHECK(body.contents.limit_exceeded);
    CHECK(body.contents.limit_reason ==
          "b10.xlsx is encrypted with a key past the 1000000 hashing rounds one message may "
          "derive");
  }
  TEST_CASE("a workbook's password verdict is the same whether or not contents are read") {
    // A document embedding ten packages hashed 100,000 times (other salts: their keys differ),
    // then a workbook with Excel's default password. Reading contents opens the embedded
    // packages too; the password check of the workbook after them must not pay for that.
    const std::string book = mfsim::test::encrypted_package(xlsx(), "VelvetSweatshop", 100000);
    const std::string salt = mfsim::test::base64("key salt 16 byte").substr(0, 24);
    REQUIRE(book.find(salt) != std::string::npos);
    std::vector<std::pair<std::string, std::string>> parts = {
        {"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
        {"word/document.xml", "<w:document/>"}};
    for (int k = 0; k < 10; ++k) {
      std::string embedded = book;
      const std::string other = "embedded salt #" + std::to_string(10 + k);
      embedded.replace(embedded.find(salt), salt.size(), mfsim::test::base64(other).substr(0, 24));
      parts.emplace_back("word/embeddings/oleObject" + std::to_string(k) + ".bin", embedded);
    }
    const std::string message =
        mfsim::test::mail_with({{"report.docx", mfsim::test::zip_of(parts)}, {"b.xlsx", book}});
    for (const bool read_contents : {false, true}) {
      CAPTURE(read_contents);
      mfsim::mail::body_limits limits;
      limits.decode_attachments = true;
      limits.list_archives = true;  // AttachmentIsPasswordProtected alone
      limits.inspect_content = read_contents;
      limits.content.read_contents = read_contents;
      mfsim::mail::body_summary body;
      mfsim::mail::read_body(message, limits, body);
      REQUIRE(body.attachments.size() == 2);
      CHECK_FALSE(body.attachments[1].password_protected);
    }
  }
}
