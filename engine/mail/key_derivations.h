// The password key derivations of one message ([MS-OFFCRYPTO] 2.3.4.7, 2.3.4.11): each spins a
// hash up to 100,000 times, so a message carrying hundreds of encrypted Office files could cost
// minutes. One message gets a budget of hashing rounds, and a derivation it already made (the
// same file attached twice, or checked both for a password and for its content) is not made
// again (decision 1000).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mfsim::mail {

// Hashing rounds one message may spend: ten derivations at Office's 100,000 rounds, twenty
// at standard encryption's 50,000.
inline constexpr std::size_t kMaxKeyDerivationRounds = 1000000;

class key_derivations {
 public:
  using hash_function = std::string (*)(std::string_view);

  // `first`: derivations made before these, whose keys are found again without spending, and
  // whose refusals are refusals here too.
  explicit key_derivations(std::size_t max_rounds = kMaxKeyDerivationRounds,
                           const key_derivations* first = nullptr)
      : max_rounds_(max_rounds), first_(first) {}

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
  struct parameters {
    hash_function hash;
    std::size_t rounds;
    std::string salt;
    std::string password;
  };
  struct by_parameters {
    bool operator()(const parameters& a, const parameters& b) const;
  };
  // The result of the derivation of `p` made here, nullopt where it was refused; null when
  // none was tried.
  [[nodiscard]] const std::optional<std::string>* find(const parameters& p) const;

  std::size_t max_rounds_;
  const key_derivations* first_;
  std::size_t spent_ = 0;
  std::size_t refused_ = 0;
  // Ordered, not a list: a message of a thousand packages with 48 KB salts and no rounds made a
  // thousand list walks comparing the salts (1.1 s).
  std::map<parameters, std::optional<std::string>, by_parameters> made_;
};

// The key derivations of one message, two budgets (decision 1036): the password checks of its
// attachments and of their archives' files (AttachmentIsPasswordProtected) spend the first, in
// an order no rule changes; reading contents opens more files (those embedded in documents) and
// spends the second, so that a plan reading contents does not lock a file that a plan with
// only the password check opens. A key the checks derived is found again for the contents, and
// one they refused is not derived for the contents either.
struct message_key_derivations {
  explicit message_key_derivations(std::size_t max_rounds = kMaxKeyDerivationRounds)
      : checks(max_rounds), contents(max_rounds, &checks) {}
  message_key_derivations(const message_key_derivations&) = delete;
  message_key_derivations& operator=(const message_key_derivations&) = delete;

  [[nodiscard]] std::size_t refused() const noexcept {
    return checks.refused() + contents.refused();
  }

  key_derivations checks;
  key_derivations contents;
};

}  // namespace mfsim::mail
