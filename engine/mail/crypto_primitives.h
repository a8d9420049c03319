// The hashes and ciphers the readers of encrypted documents need (PDF's standard security
// handler, Office 97-2003 encryption), over Nettle, as functions of whole strings.
#pragma once

#include <string>
#include <string_view>

namespace mfsim::mail::crypto {

[[nodiscard]] std::string md5_of(std::string_view data);
[[nodiscard]] std::string sha1_of(std::string_view data);
[[nodiscard]] std::string sha256_of(std::string_view data);
[[nodiscard]] std::string sha384_of(std::string_view data);
[[nodiscard]] std::string sha512_of(std::string_view data);

// `data` encrypted, or decrypted (the same), with RC4 keyed by `key` (1 to 256 bytes).
[[nodiscard]] std::string rc4(std::string_view key, std::string_view data);

// AES-CBC without padding over whole 16-byte blocks: `data` encrypted with a 128-bit key, or
// decrypted with a 128-, 192- or 256-bit one (empty for a key of another length).
[[nodiscard]] std::string aes128_cbc_encrypt(std::string_view key, std::string_view iv,
                                             std::string_view data);
[[nodiscard]] std::string aes_cbc_decrypt(std::string_view key, std::string_view iv,
                                          std::string_view data);
// AES-ECB decryption of whole 16-byte blocks with a 128-, 192- or 256-bit key (empty for a key
// of another length).
[[nodiscard]] std::string aes_ecb_decrypt(std::string_view key, std::string_view data);

}  // namespace mfsim::mail::crypto
