// Office 2007 and later documents saved with a password ([MS-OFFCRYPTO] 2.3.4): the package is
// encrypted into the `EncryptedPackage` stream of a compound file and described by its
// `EncryptionInfo` stream, with standard encryption (2.3.4.5-2.3.4.9: AES in ECB mode, SHA-1,
// 50,000 rounds) or agile encryption (2.3.4.10-2.3.4.15: an XML descriptor, AES in CBC mode,
// SHA-1 or SHA-2, the round count it gives). Excel encrypts with its default password when the
// user gives none ([MS-OFFCRYPTO] 2.4.2.3): such a workbook opens without a prompt
// (decisions 187, 379).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/mail/key_derivations.h"

namespace mfsim::mail::office_package {

// The most hashing rounds tried (Office writes 100,000; the format allows 10,000,000): a
// descriptor that asks for more is not opened, so a hostile one costs at most ~50 ms, and a
// message's files together no more than key_derivations' budget.
inline constexpr std::size_t kMaxSpinCount = 100000;

// The package (a ZIP archive) held by `encrypted_package`, decrypted with `password` (ASCII)
// as `encryption_info` says; nullopt when the password is not the file's, the encryption is
// of a kind not read (not AES, another chaining, more rounds than kMaxSpinCount), the streams
// are damaged, the package is larger than `max_bytes`, or the key's rounds do not fit what is
// left of the message's `derivations` (then counted there as refused).
[[nodiscard]] std::optional<std::string> decrypt(std::string_view encryption_info,
                                                 std::string_view encrypted_package,
                                                 std::string_view password, std::size_t max_bytes,
                                                 key_derivations& derivations);

}  // namespace mfsim::mail::office_package
