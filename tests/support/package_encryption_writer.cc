// Agile encryption of a package for the tests (package_encryption_writer.h).
#include "tests/support/package_encryption_writer.h"

#include <mimetic/mimetic.h>

#include <iterator>

#include "engine/mail/crypto_primitives.h"
#include "tests/support/le_bytes.h"
#include "tests/support/msg_writer.h"

namespace mfsim::test {
namespace {

using mfsim::mail::crypto::aes128_cbc_encrypt;
using mfsim::mail::crypto::sha512_of;

std::string base64(const std::string& bytes) {
  std::string out;
  mimetic::Base64::Encoder encoder(0);  // no line breaks
  mimetic::encode(bytes.begin(), bytes.end(), encoder, std::back_inserter(out));
  return out;
}

std::string padded(std::string bytes) {
  bytes.resize((bytes.size() + 15) / 16 * 16, '\0');
  return bytes;
}

// The attributes keyData and encryptedKey share: AES-128, CBC, SHA-512, a 16-byte salt.
std::string cipher_attributes(const std::string& salt) {
  return "saltSize=\"16\" blockSize=\"16\" keyBits=\"128\" hashSize=\"64\" cipherAlgorithm=\"AES\" "
         "cipherChaining=\"ChainingModeCBC\" hashAlgorithm=\"SHA512\" saltValue=\"" +
         base64(salt) + "\"";
}

}  // namespace

std::string encrypted_package(const std::string& package, const std::string& password,
                              std::size_t spin_count, bool certificate_first) {
  const std::string data_salt = "data salt 16 byt";
  const std::string key_salt = "key salt 16 byte";
  const std::string secret = "secret key 16 by";
  const std::string verifier_input = "verifier input16";

  std::string wide_password;
  for (const char c : password) wide_password += std::string(1, c) + '\0';
  std::string h = sha512_of(key_salt + wide_password);
  for (std::size_t n = 0; n < spin_count; ++n)
    h = sha512_of(le_bytes(static_cast<std::uint32_t>(n), 4) + h);
  const auto key_for = [&](const std::string& block_key) {
    return sha512_of(h + block_key).substr(0, 16);
  };
  const std::string hash_input =
      aes128_cbc_encrypt(key_for("\xFE\xA7\xD2\x76\x3B\x4B\x9E\x79"), key_salt, verifier_input);
  const std::string hash_value = aes128_cbc_encrypt(key_for("\xD7\xAA\x0F\x6D\x30\x61\x34\x4E"),
                                                    key_salt, sha512_of(verifier_input));
  const std::string key_value =
      aes128_cbc_encrypt(key_for("\x14\x6E\x0B\xE7\xAB\xAC\xD0\xD6"), key_salt, secret);

  std::string encrypted =
      le_bytes(static_cast<std::uint32_t>(package.size()), 4) + std::string(4, '\0');
  for (std::size_t at = 0, segment = 0; at < package.size(); at += 4096, ++segment) {
    const std::string iv =
        sha512_of(data_salt + le_bytes(static_cast<std::uint32_t>(segment), 4)).substr(0, 16);
    encrypted += aes128_cbc_encrypt(secret, iv, padded(package.substr(at, 4096)));
  }

  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
      "<encryption xmlns=\"http://schemas.microsoft.com/office/2006/encryption\" "
      "xmlns:p=\"http://schemas.microsoft.com/office/2006/keyEncryptor/password\">"
      "<keyData " +
      cipher_attributes(data_salt) +
      "/>"
      "<dataIntegrity encryptedHmacKey=\"\" encryptedHmacValue=\"\"/>"
      "<keyEncryptors>" +
      std::string(certificate_first
                      ? "<keyEncryptor uri=\"http://schemas.microsoft.com/office/2006/"
                        "keyEncryptor/certificate\"><c:encryptedKey encryptedKeyValue=\"AAAA\" "
                        "x509Certificate=\"AAAA\"/></keyEncryptor>"
                      : "") +
      "<keyEncryptor uri=\"http://schemas.microsoft.com/office/2006/keyEncryptor/"
      "password\"><p:encryptedKey spinCount=\"" +
      std::to_string(spin_count) + "\" " + cipher_attributes(key_salt) +
      " encryptedVerifierHashInput=\"" + base64(hash_input) + "\" encryptedVerifierHashValue=\"" +
      base64(hash_value) + "\" encryptedKeyValue=\"" + base64(key_value) +
      "\"/></keyEncryptor></keyEncryptors></encryption>";
  const std::string info = le_bytes(4, 2) + le_bytes(4, 2) + le_bytes(0x40, 4) + xml;
  return write_compound_file(
      {{"EncryptionInfo", false, info, {}}, {"EncryptedPackage", false, encrypted, {}}});
}

}  // namespace mfsim::test
