// Office 97-2003 encryption ([MS-OFFCRYPTO] 2.3.5 RC4 CryptoAPI, 2.3.6 RC4, 2.3.7 XOR
// obfuscation): whether a password opens a document, and the keys that decrypt it. Excel and
// PowerPoint encrypt with a default password when the user gives none ([MS-OFFCRYPTO] 2.4.2.3
// and 2.4.2.4): such a file opens without asking, so it is not password-protected (decision
// 187) and its content can be read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mfsim::mail::office97 {

constexpr std::string_view kExcelDefaultPassword = "VelvetSweatshop";
constexpr std::string_view kPowerPointDefaultPassword = "/01Hannes Ruescher/01";

// How an Office 97-2003 document is locked.
enum class protection : std::uint8_t {
  none,              // not encrypted
  default_password,  // encrypted with the application's default password: opens without one
  password,          // a password is needed to open it (or its encryption cannot be read)
};

// RC4 encryption of a binary document: the stream is encrypted in blocks of 1024 bytes, each
// with its own key, the key stream restarting at each block.
class rc4_blocks {
 public:
  // The encryption `info` describes (an EncryptionVersionInfo followed by the RC4 or RC4
  // CryptoAPI header and verifier) opened with `password` (ASCII); nullopt when the password
  // is not the file's, or `info` is damaged or of another kind.
  static std::optional<rc4_blocks> open(std::string_view info, std::string_view password);

  // Decrypts `size` bytes at `data`, which were at `offset` of the encrypted stream.
  void decrypt(char* data, std::size_t size, std::size_t offset) const;

 private:
  std::string block_key(std::uint32_t block) const;

  bool cryptoapi_ = false;
  std::string hash_;           // RC4: H1's first 5 bytes; CryptoAPI: H0
  std::size_t key_bytes_ = 0;  // CryptoAPI: the key length in bytes
};

// The 16-bit password verifier of XOR obfuscation, method 1 ([MS-OFFCRYPTO] 2.3.7.1), of
// `password` (ASCII).
[[nodiscard]] std::uint16_t xor_password_verifier(std::string_view password);

}  // namespace mfsim::mail::office97
