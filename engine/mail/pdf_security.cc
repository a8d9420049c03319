// The keys of the standard security handler: Algorithms 1, 2, 4 and 5 of ISO 32000-1 7.6.3
// (RC4 and AES-128, revisions 2-4) and Algorithms 2.A and 2.B of ISO 32000-2 7.6.4.3
// (AES-256, revisions 5 and 6), for the empty user password.
#include "engine/mail/pdf_security.h"

#include "engine/little_endian.h"
#include "engine/mail/crypto_primitives.h"
#include "engine/mail/pdf_document.h"

namespace mfsim::mail::pdf {
namespace {

using crypto::aes128_cbc_encrypt;
using crypto::aes_cbc_decrypt;
using crypto::md5_of;
using crypto::rc4;
using crypto::sha256_of;
using crypto::sha384_of;
using crypto::sha512_of;

// Algorithm 2's padding: an empty password is these 32 bytes.
constexpr std::string_view kPadding(
    "\x28\xBF\x4E\x5E\x4E\x75\x8A\x41\x64\x00\x4E\x56\xFF\xFA\x01\x08"
    "\x2E\x2E\x00\xB6\xD0\x68\x3E\x80\x2F\x0C\xA9\xFE\x64\x53\x69\x7A",
    32);
constexpr std::size_t kAesBlock = 16;

// Algorithm 2.B (revision 6), or SHA-256 alone (revision 5), of the empty password.
std::string hash_r6(std::string_view salt, std::uint32_t revision) {
  std::string k = sha256_of(salt);
  if (revision == 5) return k;
  std::string e;
  for (int round = 0; round < 64 || static_cast<unsigned char>(e.back()) > round - 32; ++round) {
    std::string k1;
    for (int i = 0; i < 64; ++i) k1 += k;  // password + K + user data, both empty
    e = aes128_cbc_encrypt(std::string_view(k).substr(0, 16), std::string_view(k).substr(16, 16),
                           k1);
    unsigned sum = 0;
    for (std::size_t i = 0; i < 16; ++i) sum += static_cast<unsigned char>(e[i]);
    switch (sum % 3) {
      case 0: k = sha256_of(e); break;
      case 1: k = sha384_of(e); break;
      default: k = sha512_of(e); break;
    }
  }
  return k.substr(0, 32);
}

const std::string* string_value(document& file, const object& dict, std::string_view key) {
  const object* value = file.get(&dict, key);
  return value != nullptr && value->is(object::kind::string) ? &value->text : nullptr;
}

std::uint32_t index_value(document& file, const object& dict, std::string_view key) {
  const object* value = file.get(&dict, key);
  return value == nullptr ? 0 : value->as_index().value_or(0);
}

}  // namespace

std::optional<security> security::open(document& file, const object& encrypt, std::string_view id) {
  const object* filter = file.get(&encrypt, "Filter");
  if (filter == nullptr || !filter->is_name("Standard")) return std::nullopt;
  const std::uint32_t version = index_value(file, encrypt, "V");
  const std::uint32_t revision = index_value(file, encrypt, "R");
  const std::string* owner = string_value(file, encrypt, "O");
  const std::string* user = string_value(file, encrypt, "U");
  if (owner == nullptr || user == nullptr) return std::nullopt;
  security handler;
  handler.streams_ = cipher::rc4;
  if (version == 4 || version == 5) {  // crypt filters (7.6.5): the one streams use
    const object* stream_filter = file.get(&encrypt, "StmF");
    const std::string name = stream_filter != nullptr && stream_filter->is(object::kind::name)
                                 ? stream_filter->text
                                 : "Identity";
    const object* filters = file.get(&encrypt, "CF");
    const object* chosen = name == "Identity" ? nullptr : file.get(filters, name);
    const object* method = file.get(chosen, "CFM");
    handler.streams_ = cipher::identity;
    if (method != nullptr && method->is_name("V2")) handler.streams_ = cipher::rc4;
    if (method != nullptr && method->is_name("AESV2")) handler.streams_ = cipher::aes128;
    if (method != nullptr && method->is_name("AESV3")) handler.streams_ = cipher::aes256;
  }

  if (revision == 5 || revision == 6) {
    const std::string* user_key = string_value(file, encrypt, "UE");
    if (user->size() < 48 || user_key == nullptr || user_key->size() < 32) return std::nullopt;
    // Algorithm 2.A: the empty password opens the file when its hash with the validation salt
    // is U's first 32 bytes; the key is UE decrypted with its hash with the key salt.
    if (hash_r6(user->substr(32, 8), revision) != user->substr(0, 32)) return std::nullopt;
    const std::string intermediate = hash_r6(user->substr(40, 8), revision);
    handler.key_ = aes_cbc_decrypt(intermediate, std::string(kAesBlock, '\0'),
                                   std::string_view(*user_key).substr(0, 32));
    return handler;
  }
  if (revision < 2 || revision > 4 || owner->size() < 32 || user->size() < 32) return std::nullopt;

  // Algorithm 2: the key from the padded empty password, O, P, the file's ID.
  std::size_t length = 5;
  if (revision >= 3) {
    const double bits = number_or(file.get(&encrypt, "Length"), 40);
    if (bits < 40 || bits > 128) return std::nullopt;
    length = static_cast<std::size_t>(bits) / 8;
  }
  if (version == 4) length = 16;
  // P is a 32-bit field written signed (-3904) or not.
  const double p = number_or(file.get(&encrypt, "P"), 0);
  if (!(p >= -2147483648.0 && p < 4294967296.0)) return std::nullopt;
  const auto permissions = static_cast<std::uint32_t>(static_cast<std::int64_t>(p));
  std::string input =
      std::string(kPadding) + owner->substr(0, 32) + le_bytes(permissions, 4) + std::string(id);
  const object* metadata = file.get(&encrypt, "EncryptMetadata");
  if (revision >= 4 && metadata != nullptr && metadata->is(object::kind::boolean) &&
      metadata->number == 0) {
    input += "\xFF\xFF\xFF\xFF";
  }
  std::string digest = md5_of(input);
  if (revision >= 3) {
    for (int i = 0; i < 50; ++i) digest = md5_of(std::string_view(digest).substr(0, length));
  }
  handler.key_ = digest.substr(0, length);

  // Algorithms 4 and 5: the empty password is the user's when U is what it makes.
  if (revision == 2) {
    if (rc4(handler.key_, kPadding) != user->substr(0, 32)) return std::nullopt;
  } else {
    std::string check = rc4(handler.key_, md5_of(std::string(kPadding) + std::string(id)));
    for (int i = 1; i <= 19; ++i) {
      std::string key = handler.key_;
      for (char& c : key) c = static_cast<char>(c ^ i);
      check = rc4(key, check);
    }
    if (check != user->substr(0, 16)) return std::nullopt;
  }
  return handler;
}

bool security::decrypt_stream(std::uint32_t number, std::uint16_t generation,
                              std::string& data) const {
  if (streams_ == cipher::identity) return true;
  std::string key = key_;
  if (streams_ != cipher::aes256) {  // Algorithm 1: a key for each object
    std::string input = key_ + le_bytes(number, 3) + le_bytes(generation, 2);
    if (streams_ == cipher::aes128) input += "sAlT";
    key = md5_of(input).substr(0, std::min<std::size_t>(key_.size() + 5, 16));
  }
  if (streams_ == cipher::rc4) {
    data = rc4(key, data);
    return true;
  }
  // AES: the first block is the initialization vector; the last ends in PKCS #5 padding.
  if (data.size() < 2 * kAesBlock || data.size() % kAesBlock != 0) return false;
  const std::string_view whole(data);
  std::string plain = aes_cbc_decrypt(key, whole.substr(0, kAesBlock), whole.substr(kAesBlock));
  if (plain.empty()) return false;  // a key AES has no size for (a 40-bit AESV2 /Length)
  const auto padding = static_cast<unsigned char>(plain.back());
  if (padding >= 1 && padding <= kAesBlock) plain.resize(plain.size() - padding);
  data = std::move(plain);
  return true;
}

}  // namespace mfsim::mail::pdf
