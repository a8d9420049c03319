// key_derivations::spun_hash(): the spin of [MS-OFFCRYPTO] 2.3.4.7 and 2.3.4.11, made once per
// message and within its budget of rounds.
#include "engine/mail/key_derivations.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "engine/little_endian.h"
#include "engine/mail/charset.h"

namespace mfsim::mail {

std::optional<std::string> key_derivations::spun_hash(hash_function hash, std::string_view salt,
                                                      std::string_view password,
                                                      std::size_t rounds) {
  const derivation* known = find(hash, salt, password, rounds);
  if (known == nullptr && first_ != nullptr) known = first_->find(hash, salt, password, rounds);
  if (known != nullptr && known->result) return known->result;
  if (known != nullptr || rounds > max_rounds_ - spent_) {
    // Refused once, refused again: the file's verdict does not change with its checks' order.
    ++refused_;
    if (known == nullptr)
      made_.push_back({hash, std::string(salt), std::string(password), rounds, std::nullopt});
    return std::nullopt;
  }
  spent_ += rounds;
  std::string h = hash(std::string(salt) + ascii_to_utf16le(password));
  // One buffer for every round's input, the index and the last hash: a round allocates only
  // its hash, which keeps 100,000 rounds cheap under the sanitizers too.
  std::string input = le_bytes(0, 4) + h;
  for (std::size_t n = 0; n < rounds; ++n) {
    const auto index = static_cast<std::uint32_t>(n);
    for (std::size_t k = 0; k < 4; ++k) input[k] = static_cast<char>((index >> (8 * k)) & 0xFF);
    h = hash(input);
    input.replace(4, std::string::npos, h);
  }
  made_.push_back({hash, std::string(salt), std::string(password), rounds, h});
  return h;
}

const key_derivations::derivation* key_derivations::find(hash_function hash, std::string_view salt,
                                                         std::string_view password,
                                                         std::size_t rounds) const {
  const auto known = std::find_if(made_.begin(), made_.end(), [&](const derivation& d) {
    return d.hash == hash && d.rounds == rounds && d.salt == salt && d.password == password;
  });
  return known == made_.end() ? nullptr : &*known;
}

std::string key_derivations::refusal(std::string_view file) const {
  return fmt::format("{} is encrypted with a key past the {} hashing rounds one message may derive",
                     file, max_rounds_);
}

}  // namespace mfsim::mail
