// Office 97-2003 encryption (engine/mail/office_binary_encryption.h) and what
// AttachmentIsPasswordProtected makes of it (decision 187), on files written by
// tests/support/office97_writer.h and word_writer.h.
#include <doctest/doctest.h>

#include <string>

#include "engine/mail/attachment_content.h"
#include "engine/mail/office_binary_encryption.h"
#include "engine/mail/office_binary_protection.h"
#include "engine/mail/office_package_encryption.h"
#include "engine/mail/password_protected.h"
#include "tests/support/archive_writer.h"
#include "tests/support/msg_writer.h"
#include "tests/support/office97_writer.h"
#include "tests/support/package_encryption_writer.h"
#include "tests/support/word_writer.h"

namespace {

using mfsim::mail::is_password_protected;
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
      CHECK(office_binary_protection(book) == protection::password);
      CHECK(office_binary_protection(workbook(cipher, "VelvetSweatshop")) ==
            protection::default_password);
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
    CHECK(office_binary_protection(velvet) == protection::default_password);
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
    CHECK_FALSE(decrypt(version + std::string(65000, '<') + ">", "", "VelvetSweatshop", 1 << 20));
    // Only the password key encryptor is read: a certificate one before it is passed over.
    const std::string velvet =
        mfsim::test::encrypted_package(xlsx(), "VelvetSweatshop", 1000, true);
    CHECK(office_binary_protection(velvet) == protection::default_password);
  }

  TEST_CASE("damaged encryption records are locked files, never a crash") {
    const std::string book = workbook(method::rc4_cryptoapi, "secret");
    const std::string deck = mfsim::test::powerpoint_97({{"deck", false}}, "secret");
    for (const std::string* file : {&book, &deck}) {
      for (std::size_t cut = 0; cut < file->size(); cut += 61)
        (void)office_binary_protection(file->substr(0, cut));
      std::string flipped = *file;
      for (std::size_t at = 512; at < flipped.size(); at += 37) {
        flipped[at] = static_cast<char>(flipped[at] ^ 0x5A);
        (void)office_binary_protection(flipped);
      }
    }
  }
}
