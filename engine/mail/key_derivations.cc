// key_derivations::spun_hash(): the spin of [MS-OFFCRYPTO] 2.3.4.7 and 2.3.4.11, made once per
// message and within its budget of rounds.
#include "engine/mail/key_derivations.h"

#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <tuple>
#include <utility>

#include "engine/little_endian.h"
#include "engine/mail/charset.h"

namespace mfsim::mail {

std::optional<std::string> key_derivations::spun_hash(hash_function hash, std::string_view salt,
                                                      std::string_view password,
                                                      std::size_t rounds) {
  parameters p{hash, rounds, std::string(salt), std::string(password)};
  const std::optional<std::string>* known = find(p);
  if (known == nullptr && first_ != nullptr) known = first_->find(p);
  if (known != nullptr && *known) return *known;
  if (known != nullptr || rounds > max_rounds_ - spent_) {
    // Refused once, refused again: the file's verdict does not change with its checks' order.
    ++refused_;
    if (known == nullptr) made_.emplace(std::move(p), std::nullopt);
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
  made_.emplace(std::move(p), h);
  return h;
}

bool key_derivations::by_parameters::operator()(const parameters& a, const parameters& b) const {
  if (a.hash != b.hash) return std::less<hash_function>()(a.hash, b.hash);
  return std::tie(a.rounds, a.salt, a.password) < std::tie(b.rounds, b.salt, b.password);
}

const std::optional<std::string>* key_derivations::find(const parameters& p) const {
  const auto known = made_.find(p);
  return known == made_.end() ? nullptr : &known->second;
}

std::string key_derivations::refusal(std::string_view file) const {
  return fmt::format("{} is encrypted with a key past the {} hashing rounds one message may derive",
                     file, max_rounds_);
}

}  // namespace mfsim::mail
