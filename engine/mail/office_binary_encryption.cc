// RC4 and RC4 CryptoAPI key derivation and verification ([MS-OFFCRYPTO] 2.3.6.1-2.3.6.4,
// 2.3.5.1-2.3.5.6) and XOR obfuscation's password verifier (2.3.7.1).
#include "engine/mail/office_binary_encryption.h"

#include <algorithm>

#include "engine/little_endian.h"
#include "engine/mail/charset.h"
#include "engine/mail/crypto_primitives.h"

namespace mfsim::mail::office97 {
namespace {

constexpr std::size_t kBlockSize = 1024;
constexpr std::size_t kSaltSize = 16;
constexpr std::size_t kVerifierSize = 16;
constexpr std::size_t kRc4HeaderSize = 4 + kSaltSize + kVerifierSize + 16;
constexpr std::uint32_t kAlgorithmRc4 = 0x6801;
constexpr std::uint32_t kHashSha1 = 0x8004;
constexpr std::size_t kSha1Size = 20;
constexpr std::size_t kMaxHeaderSize = 1024;  // the header and its provider name

}  // namespace

std::optional<rc4_blocks> rc4_blocks::open(std::string_view info, std::string_view password) {
  if (info.size() < 4) return std::nullopt;
  const std::uint32_t major = read_le16(info, 0);
  const std::uint32_t minor = read_le16(info, 2);
  rc4_blocks blocks;
  std::string_view verifier;
  std::string_view verifier_hash;
  if (major == 1 && minor == 1) {  // RC4 (2.3.6.1): salt, verifier, its MD5, both encrypted
    if (info.size() < kRc4HeaderSize) return std::nullopt;
    const std::string_view salt = info.substr(4, kSaltSize);
    const std::string h0 = crypto::md5_of(ascii_to_utf16le(password)).substr(0, 5);
    std::string buffer;
    for (int k = 0; k < 16; ++k) buffer += h0 + std::string(salt);
    blocks.hash_ = crypto::md5_of(buffer).substr(0, 5);
    verifier = info.substr(4 + kSaltSize, kVerifierSize);
    verifier_hash = info.substr(4 + kSaltSize + kVerifierSize, 16);
  } else if (major >= 2 && major <= 4 && minor == 2) {  // RC4 CryptoAPI (2.3.5.1)
    if (info.size() < 12) return std::nullopt;
    const std::size_t header_size = read_le32(info, 8);
    if (header_size < 32 || header_size > kMaxHeaderSize) return std::nullopt;
    const std::string_view header = info.substr(12, header_size);
    const std::size_t at = 12 + header_size;  // the EncryptionVerifier
    if (header.size() < header_size || info.size() < at + 4 + kSaltSize + kVerifierSize + 4 ||
        read_le32(info, at) != kSaltSize) {
      return std::nullopt;
    }
    const std::uint32_t algorithm = read_le32(header, 8);
    const std::uint32_t hash = read_le32(header, 12);
    std::uint32_t bits = read_le32(header, 16);
    if (bits == 0) bits = 40;  // 2.3.5.1: zero means 40 bits
    if ((algorithm != kAlgorithmRc4 && algorithm != 0) || (hash != kHashSha1 && hash != 0) ||
        bits < 40 || bits > 128 || bits % 8 != 0) {
      return std::nullopt;
    }
    const std::size_t hash_at = at + 4 + kSaltSize + kVerifierSize;
    if (read_le32(info, hash_at) != kSha1Size || info.size() < hash_at + 4 + kSha1Size)
      return std::nullopt;
    blocks.cryptoapi_ = true;
    blocks.key_bytes_ = bits / 8;
    blocks.hash_ =
        crypto::sha1_of(std::string(info.substr(at + 4, kSaltSize)) + ascii_to_utf16le(password));
    verifier = info.substr(at + 4 + kSaltSize, kVerifierSize);
    verifier_hash = info.substr(hash_at + 4, kSha1Size);
  } else {
    return std::nullopt;
  }
  // 2.3.6.4 and 2.3.5.6: the verifier and its hash are encrypted with block 0's key, in one
  // key stream; the password is the file's when the decrypted hash is the verifier's.
  const std::string plain =
      crypto::rc4(blocks.block_key(0), std::string(verifier) + std::string(verifier_hash));
  const std::string_view decrypted(plain);
  const std::string expected = blocks.cryptoapi_
                                   ? crypto::sha1_of(decrypted.substr(0, kVerifierSize))
                                   : crypto::md5_of(decrypted.substr(0, kVerifierSize));
  if (decrypted.substr(kVerifierSize) != expected) return std::nullopt;
  return blocks;
}

std::string rc4_blocks::block_key(std::uint32_t block) const {
  if (!cryptoapi_) return crypto::md5_of(hash_ + le_bytes(block, 4));  // 2.3.6.2: 128 bits
  std::string key = crypto::sha1_of(hash_ + le_bytes(block, 4)).substr(0, key_bytes_);
  if (key_bytes_ == 5) key.resize(16, '\0');  // 2.3.5.2: 40 bits padded with 88 zero bits
  return key;
}

void rc4_blocks::decrypt(char* data, std::size_t size, std::size_t offset) const {
  while (size > 0) {
    const auto block = static_cast<std::uint32_t>(offset / kBlockSize);
    const std::size_t within = offset % kBlockSize;
    const std::size_t count = std::min(size, kBlockSize - within);
    const std::string stream = crypto::rc4(block_key(block), std::string(within + count, '\0'));
    for (std::size_t k = 0; k < count; ++k)
      data[k] = static_cast<char>(data[k] ^ stream[within + k]);
    data += count;
    size -= count;
    offset += count;
  }
}

std::uint16_t xor_password_verifier(std::string_view password) {
  // The password's bytes after its length, taken from the last to the length.
  std::string bytes(1, static_cast<char>(password.size()));
  bytes += password;
  std::uint32_t verifier = 0;
  for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
    const std::uint32_t rotated = ((verifier & 0x4000) != 0 ? 1 : 0) | ((verifier << 1) & 0x7FFF);
    verifier = rotated ^ static_cast<unsigned char>(*it);
  }
  return static_cast<std::uint16_t>(verifier ^ 0xCE4B);
}

}  // namespace mfsim::mail::office97
