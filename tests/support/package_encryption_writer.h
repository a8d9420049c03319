// Office 2007 and later packages encrypted with a password for the tests: agile encryption
// ([MS-OFFCRYPTO] 2.3.4.10-2.3.4.15) with AES-128 in CBC mode and SHA-512, written from the
// specification apart from the reader (engine/mail/office_package_encryption.cc).
#pragma once

#include <cstddef>
#include <string>

namespace mfsim::test {

// A compound file holding `package` (a ZIP) encrypted with `password`, hashed `spin_count`
// times (Office writes 100,000; fewer keep the tests fast): its EncryptionInfo and
// EncryptedPackage streams. With `certificate_first`, a certificate key encryptor (which no
// password opens) comes before the password one.
[[nodiscard]] std::string encrypted_package(const std::string& package, const std::string& password,
                                            std::size_t spin_count = 1000,
                                            bool certificate_first = false);

}  // namespace mfsim::test
