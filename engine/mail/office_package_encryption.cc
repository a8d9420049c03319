// Standard and agile encryption of Office 2007 and later packages ([MS-OFFCRYPTO] 2.3.4.5 to
// 2.3.4.15), for one password.
#include "engine/mail/office_package_encryption.h"

#include <cstdint>
#include <string>

#include "engine/little_endian.h"
#include "engine/mail/crypto_primitives.h"
#include "engine/mail/markup_text.h"
#include "engine/mail/mime_parts.h"

namespace mfsim::mail::office_package {
namespace {

using hash_function = key_derivations::hash_function;

constexpr std::size_t kAesBlock = 16;
constexpr std::size_t kSegment = 4096;  // agile: each segment of the package has its own IV

// The package's size (its first 8 bytes) when it fits `max_bytes`.
std::optional<std::size_t> package_size(std::string_view package, std::size_t max_bytes) {
  if (package.size() < 8) return std::nullopt;
  const std::uint64_t size = read_le(package, 0, 8);
  if (size > max_bytes || size > package.size() - 8) return std::nullopt;
  return static_cast<std::size_t>(size);
}

std::string whole_blocks(std::string_view data) {
  return std::string(data.substr(0, data.size() / kAesBlock * kAesBlock));
}

// Standard encryption (2.3.4.5, 2.3.4.6): a binary header and verifier; the key derived as
// 2.3.4.7 says and checked as 2.3.4.9; the package in AES-ECB.
std::optional<std::string> decrypt_standard(std::string_view info, std::string_view package,
                                            std::string_view password, std::size_t max_bytes,
                                            key_derivations& derivations) {
  if (info.size() < 12) return std::nullopt;
  const std::size_t header_size = read_le32(info, 8);
  if (header_size < 32 || header_size > info.size() - 12) return std::nullopt;
  const std::string_view header = info.substr(12, header_size);
  const std::uint32_t algorithm = read_le32(header, 8);
  const std::uint32_t bits = read_le32(header, 16);
  const bool aes = algorithm == 0x660E || algorithm == 0x660F || algorithm == 0x6610;
  if (!aes || (bits != 128 && bits != 192 && bits != 256)) return std::nullopt;
  const std::string_view verifier = info.substr(12 + header_size);
  if (verifier.size() < 4 + 16 + 16 + 4 + 32 || read_le32(verifier, 0) != 16) return std::nullopt;
  const std::string_view salt = verifier.substr(4, 16);

  const auto h = derivations.spun_hash(crypto::sha1_of, salt, password, 50000);
  if (!h) return std::nullopt;
  const std::string final_hash = crypto::sha1_of(*h + le_bytes(0, 4));
  std::string inner(64, '\x36');
  std::string outer(64, '\x5C');
  for (std::size_t k = 0; k < final_hash.size(); ++k) {
    inner[k] = static_cast<char>(inner[k] ^ final_hash[k]);
    outer[k] = static_cast<char>(outer[k] ^ final_hash[k]);
  }
  const std::string key = (crypto::sha1_of(inner) + crypto::sha1_of(outer)).substr(0, bits / 8);

  const std::string plain_verifier = crypto::aes_ecb_decrypt(key, verifier.substr(20, 16));
  const std::string plain_hash = crypto::aes_ecb_decrypt(key, verifier.substr(40, 32));
  if (plain_hash.substr(0, 20) != crypto::sha1_of(plain_verifier)) return std::nullopt;

  const auto size = package_size(package, max_bytes);
  if (!size) return std::nullopt;
  // Only the blocks the stated size covers: padding and slack after them are not decrypted.
  const std::size_t covered = (*size + kAesBlock - 1) / kAesBlock * kAesBlock;
  std::string plain = crypto::aes_ecb_decrypt(key, whole_blocks(package.substr(8, covered)));
  if (plain.size() < *size) return std::nullopt;
  plain.resize(*size);
  return plain;
}

hash_function hash_named(std::string_view name) {
  if (name == "SHA1") return crypto::sha1_of;
  if (name == "SHA256") return crypto::sha256_of;
  if (name == "SHA384") return crypto::sha384_of;
  if (name == "SHA512") return crypto::sha512_of;
  return nullptr;
}

// The start tag of the first element whose local name is `name`, at or after `from`; `from`
// is moved past it. One pass: a '<' inside a tag starts the next tag.
std::string_view start_tag(std::string_view xml, std::string_view name, std::size_t& from) {
  std::size_t at = xml.find('<', from);
  while (at != std::string_view::npos) {
    const std::size_t end = xml.find_first_of("<>", at + 1);
    if (end == std::string_view::npos) break;
    if (xml[end] == '<') {
      at = end;
      continue;
    }
    const std::string_view tag = xml.substr(at + 1, end - at - 1);
    if (!tag.empty() && tag.front() != '/' && xml_local_name(tag) == name) {
      from = end + 1;
      return tag;
    }
    at = xml.find('<', end + 1);
  }
  from = xml.size();
  return {};
}

// The encryptedKey of the password key encryptor (2.3.4.10: a file may also carry certificate
// key encryptors, which no password opens).
std::string_view password_key(std::string_view xml) {
  constexpr std::string_view kPasswordUri =
      "http://schemas.microsoft.com/office/2006/keyEncryptor/password";
  for (std::size_t from = 0; from < xml.size();) {
    const std::string_view encryptor = start_tag(xml, "keyEncryptor", from);
    if (encryptor.empty()) return {};
    if (xml_attribute(encryptor, "uri") == kPasswordUri)
      return start_tag(xml, "encryptedKey", from);
  }
  return {};
}

std::size_t number(std::string_view tag, std::string_view attribute) {
  const std::string text = xml_attribute(tag, attribute);
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
    return 0;
  return std::stoul(text);
}

std::string base64(std::string_view tag, std::string_view attribute) {
  return decode_transfer_encoding(xml_attribute(tag, attribute), "base64");
}

// What agile encryption needs of a keyData or encryptedKey element, checked.
struct cipher_parameters {
  hash_function hash = nullptr;
  std::size_t key_bytes = 0;
  std::string salt;
};

std::optional<cipher_parameters> parameters(std::string_view tag) {
  cipher_parameters p;
  p.hash = hash_named(xml_attribute(tag, "hashAlgorithm"));
  const std::size_t bits = number(tag, "keyBits");
  p.salt = base64(tag, "saltValue");
  if (p.hash == nullptr || xml_attribute(tag, "cipherAlgorithm") != "AES" ||
      xml_attribute(tag, "cipherChaining") != "ChainingModeCBC" ||
      number(tag, "blockSize") != kAesBlock || (bits != 128 && bits != 192 && bits != 256) ||
      p.salt.size() < kAesBlock) {
    return std::nullopt;
  }
  p.key_bytes = bits / 8;
  return p;
}

// An IV, or a key, of `size` bytes from `bytes`: cut, or padded with 0x36 (2.3.4.11-2.3.4.12).
std::string sized(std::string bytes, std::size_t size) {
  bytes.resize(size, '\x36');
  return bytes;
}

// Agile encryption (2.3.4.10): the password key encryptor's key derived for each of its three
// uses (2.3.4.11, 2.3.4.13), the secret key it seals, the package decrypted in segments
// (2.3.4.15).
std::optional<std::string> decrypt_agile(std::string_view info, std::string_view package,
                                         std::string_view password, std::size_t max_bytes,
                                         key_derivations& derivations) {
  const std::string_view xml = info.substr(8);
  std::size_t from = 0;
  const auto data = parameters(start_tag(xml, "keyData", from));
  const std::string_view encryptor = password_key(xml);
  const auto key = parameters(encryptor);
  const std::size_t rounds = number(encryptor, "spinCount");
  if (!data || !key || rounds > kMaxSpinCount) return std::nullopt;

  const auto h = derivations.spun_hash(key->hash, key->salt, password, rounds);
  if (!h) return std::nullopt;
  const auto derived = [&](std::string_view block_key) {
    return sized(key->hash(*h + std::string(block_key)), key->key_bytes);
  };
  const std::string iv = key->salt.substr(0, kAesBlock);
  const std::string input =
      crypto::aes_cbc_decrypt(derived("\xFE\xA7\xD2\x76\x3B\x4B\x9E\x79"), iv,
                              whole_blocks(base64(encryptor, "encryptedVerifierHashInput")));
  const std::string value =
      crypto::aes_cbc_decrypt(derived("\xD7\xAA\x0F\x6D\x30\x61\x34\x4E"), iv,
                              whole_blocks(base64(encryptor, "encryptedVerifierHashValue")));
  const std::string expected = key->hash(input.substr(0, key->salt.size()));
  if (input.empty() || value.substr(0, expected.size()) != expected) return std::nullopt;
  const std::string secret =
      crypto::aes_cbc_decrypt(derived("\x14\x6E\x0B\xE7\xAB\xAC\xD0\xD6"), iv,
                              whole_blocks(base64(encryptor, "encryptedKeyValue")));
  if (secret.size() < data->key_bytes) return std::nullopt;
  const std::string secret_key = secret.substr(0, data->key_bytes);

  const auto size = package_size(package, max_bytes);
  if (!size) return std::nullopt;
  std::string plain;
  const std::string_view body = package.substr(8);
  for (std::size_t at = 0, segment = 0; at < body.size() && plain.size() < *size;
       at += kSegment, ++segment) {
    const std::string segment_iv =
        sized(data->hash(data->salt + le_bytes(static_cast<std::uint32_t>(segment), 4)), kAesBlock);
    plain +=
        crypto::aes_cbc_decrypt(secret_key, segment_iv, whole_blocks(body.substr(at, kSegment)));
  }
  if (plain.size() < *size) return std::nullopt;
  plain.resize(*size);
  return plain;
}

}  // namespace

std::optional<std::string> decrypt(std::string_view encryption_info,
                                   std::string_view encrypted_package, std::string_view password,
                                   std::size_t max_bytes, key_derivations& derivations) {
  if (encryption_info.size() < 8) return std::nullopt;
  const std::uint32_t major = read_le16(encryption_info, 0);
  const std::uint32_t minor = read_le16(encryption_info, 2);
  if (major == 4 && minor == 4)
    return decrypt_agile(encryption_info, encrypted_package, password, max_bytes, derivations);
  if ((major == 3 || major == 4) && minor == 2)
    return decrypt_standard(encryption_info, encrypted_package, password, max_bytes, derivations);
  return std::nullopt;
}

}  // namespace mfsim::mail::office_package
