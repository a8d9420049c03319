// The password key derivations of one message ([MS-OFFCRYPTO] 2.3.4.7, 2.3.4.11): each spins a
// hash up to 100,000 times, so a message carrying hundreds of encrypted Office files could cost
// minutes. One message gets a budget of hashing rounds, and a derivation it already made (the
// same file attached twice, or checked both for a password and for its content) is not made
// again (decision 1000).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::mail {

// Hashing rounds one message may spend: ten derivations at Office's 100,000 rounds, twenty
// at standard encryption's 50,000.
inline constexpr std::size_t kMaxKeyDerivationRounds = 1000000;

class key_derivations {
 public:
  using hash_function = std::string (*)(std::string_view);

  explicit key_derivations(std::size_t max_rounds = kMaxKeyDerivationRounds)
      : max_rounds_(max_rounds) {}

  // H(salt + password as UTF-16LE) hashed `rounds` more times, each after its 32-bit index;
  // nullopt, and counted as refused, when it is not known yet and its rounds do not fit what is
  // left of the budget (they are what it counts: H0 is one hash more).
  [[nodiscard]] std::optional<std::string> spun_hash(hash_function hash, std::string_view salt,
                                                     std::string_view password, std::size_t rounds);

  [[nodiscard]] std::size_t rounds_spent() const noexcept { return spent_; }
  // Derivations not made for the budget: their files were not opened.
  [[nodiscard]] std::size_t refused() const noexcept { return refused_; }
  [[nodiscard]] std::size_t max_rounds() const noexcept { return max_rounds_; }
  // Why `file` was not opened, once a derivation was refused.
  [[nodiscard]] std::string refusal(std::string_view file) const;

 private:
  struct derivation {
    hash_function hash;
    std::string salt;
    std::string password;
    std::size_t rounds;
    std::string result;
  };
  std::size_t max_rounds_;
  std::size_t spent_ = 0;
  std::size_t refused_ = 0;
  std::vector<derivation> made_;
};

}  // namespace mfsim::mail
