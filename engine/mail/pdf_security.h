// The standard security handler of PDF (ISO 32000-1 7.6.3; ISO 32000-2 7.6.4 for AES-256),
// opened with the empty user password: a PDF encrypted for its permissions only opens without
// a password in any reader, so its text is read like any other (decision 376). One whose user
// password is set cannot be read. Nettle supplies MD5, RC4, AES and SHA-2.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/mail/pdf_syntax.h"

namespace mfsim::mail::pdf {

class document;

class security {
 public:
  // The handler the encryption dictionary `encrypt` describes, for the file whose first /ID
  // string is `id`; nullopt when the dictionary is not the standard handler's, is damaged, or
  // the empty password does not open it.
  static std::optional<security> open(document& file, const object& encrypt, std::string_view id);

  // Decrypts in place the data of the stream of object `number`, generation `generation`;
  // false when it cannot be decrypted (AES data that is not whole blocks).
  bool decrypt_stream(std::uint32_t number, std::uint16_t generation, std::string& data) const;

 private:
  enum class cipher : std::uint8_t { identity, rc4, aes128, aes256 };
  cipher streams_ = cipher::identity;
  std::string key_;  // the file's key
};

}  // namespace mfsim::mail::pdf
