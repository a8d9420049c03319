// The hashes and ciphers of crypto_primitives.h over Nettle.
#include "engine/mail/crypto_primitives.h"

#include <nettle/aes.h>
#include <nettle/arcfour.h>
#include <nettle/cbc.h>
#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace mfsim::mail::crypto {
namespace {

constexpr std::size_t kAesBlock = 16;

const std::uint8_t* bytes(std::string_view s) {
  return reinterpret_cast<const std::uint8_t*>(s.data());
}
std::uint8_t* bytes(std::string& s) { return reinterpret_cast<std::uint8_t*>(s.data()); }

template <typename Context, void (*Init)(Context*),
          void (*Update)(Context*, std::size_t, const std::uint8_t*),
          void (*Digest)(Context*, std::size_t, std::uint8_t*), std::size_t Size>
std::string digest_of(std::string_view data) {
  Context ctx;
  Init(&ctx);
  Update(&ctx, data.size(), bytes(data));
  std::string digest(Size, '\0');
  Digest(&ctx, Size, bytes(digest));
  return digest;
}

// Calls use(context, decrypt) with AES's decryption context for `key` (16, 24 or 32 bytes);
// false, without calling it, for another length.
template <class Use>
bool with_decrypt_key(std::string_view key, Use&& use) {
  if (key.size() != 16 && key.size() != 24 && key.size() != 32) return false;
  if (key.size() == 32) {
    aes256_ctx ctx;
    aes256_set_decrypt_key(&ctx, bytes(key));
    use(ctx, &aes256_decrypt);
  } else if (key.size() == 24) {
    aes192_ctx ctx;
    aes192_set_decrypt_key(&ctx, bytes(key));
    use(ctx, &aes192_decrypt);
  } else {
    aes128_ctx ctx;
    aes128_set_decrypt_key(&ctx, bytes(key));
    use(ctx, &aes128_decrypt);
  }
  return true;
}

}  // namespace

std::string md5_of(std::string_view d) {
  return digest_of<md5_ctx, md5_init, md5_update, md5_digest, MD5_DIGEST_SIZE>(d);
}
std::string sha1_of(std::string_view d) {
  return digest_of<sha1_ctx, sha1_init, sha1_update, sha1_digest, SHA1_DIGEST_SIZE>(d);
}

std::string rc4(std::string_view key, std::string_view data) {
  arcfour_ctx ctx;
  arcfour_set_key(&ctx, key.size(), bytes(key));
  std::string out(data.size(), '\0');
  arcfour_crypt(&ctx, data.size(), bytes(out), bytes(data));
  return out;
}

std::string sha256_of(std::string_view d) {
  return digest_of<sha256_ctx, sha256_init, sha256_update, sha256_digest, SHA256_DIGEST_SIZE>(d);
}
std::string sha384_of(std::string_view d) {
  return digest_of<sha512_ctx, sha384_init, sha512_update, sha384_digest, SHA384_DIGEST_SIZE>(d);
}
std::string sha512_of(std::string_view d) {
  return digest_of<sha512_ctx, sha512_init, sha512_update, sha512_digest, SHA512_DIGEST_SIZE>(d);
}

std::string aes128_cbc_encrypt(std::string_view key, std::string_view iv, std::string_view data) {
  aes128_ctx ctx;
  aes128_set_encrypt_key(&ctx, bytes(key));
  std::array<std::uint8_t, kAesBlock> chain{};
  std::memcpy(chain.data(), iv.data(), kAesBlock);
  std::string out(data.size(), '\0');
  cbc_encrypt(&ctx, reinterpret_cast<nettle_cipher_func*>(aes128_encrypt), kAesBlock, chain.data(),
              data.size(), bytes(out), bytes(data));
  return out;
}

std::string aes_cbc_decrypt(std::string_view key, std::string_view iv, std::string_view data) {
  std::array<std::uint8_t, kAesBlock> chain{};
  std::memcpy(chain.data(), iv.data(), kAesBlock);
  std::string out(data.size(), '\0');
  const bool keyed = with_decrypt_key(key, [&](auto& ctx, auto* decrypt) {
    cbc_decrypt(&ctx, reinterpret_cast<nettle_cipher_func*>(decrypt), kAesBlock, chain.data(),
                data.size(), bytes(out), bytes(data));
  });
  return keyed ? out : std::string();
}

std::string aes_ecb_decrypt(std::string_view key, std::string_view data) {
  std::string out(data.size(), '\0');
  const bool keyed = with_decrypt_key(
      key, [&](auto& ctx, auto* decrypt) { decrypt(&ctx, data.size(), bytes(out), bytes(data)); });
  return keyed ? out : std::string();
}

}  // namespace mfsim::mail::crypto
