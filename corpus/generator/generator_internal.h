// Internals of the corpus generator shared by its files: the seeded PRNG, IP values and ranges,
// what the message builder wrote (message_facts) and what the oracle derives from it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/rule_set.h"

namespace mfsim::corpus::gen {

// ---- random numbers: splitmix64 seeding, xoshiro256** -----------------------------------------
// Our own generator and our own reductions: std::uniform_int_distribution and std::shuffle give
// different sequences on different standard libraries, and the corpus must not.

[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class rng {
 public:
  explicit rng(std::uint64_t seed) noexcept {
    for (auto& word : s_) word = splitmix64(seed);
  }
  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n) for n > 0 (rejection sampling, so no modulo bias).
  std::uint64_t below(std::uint64_t n) noexcept {
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    for (;;) {
      const std::uint64_t x = next();
      if (x < limit) return x % n;
    }
  }
  // Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  int between_int(int lo, int hi) noexcept { return static_cast<int>(between(lo, hi)); }
  // True with probability per_mille / 1000.
  bool chance(std::uint64_t per_mille) noexcept { return below(1000) < per_mille; }
  template <typename T, std::size_t N>
  const T& pick(const T (&items)[N]) noexcept {
    return items[below(N)];
  }
  template <typename C>
  const auto& pick_from(const C& items) noexcept {
    return items[below(items.size())];
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << k) | (x >> (64 - k));
  }
  std::uint64_t s_[4];
};

// Index chosen by integer weights (the sum must be positive).
std::size_t pick_weighted(rng& r, const std::uint64_t* weights, std::size_t n) noexcept;

// ---- IP addresses -----------------------------------------------------------------------------

__extension__ using u128 = unsigned __int128;

struct ip_value {
  bool v6 = false;
  u128 value = 0;  // IPv4 in the low 32 bits
  friend bool operator==(const ip_value&, const ip_value&) = default;
};

// Dotted quad or RFC 4291 text (inet_pton); nullopt otherwise.
[[nodiscard]] std::optional<ip_value> parse_ip(std::string_view text);
// Dotted quad, or RFC 5952 canonical IPv6 (lower case, longest run of two or more zero groups
// compressed, the first such run on ties).
[[nodiscard]] std::string format_ip(const ip_value& ip);
// IPv6 written in full: eight groups of four hex digits ("2001:0db8:0000:...").
[[nodiscard]] std::string format_ip_full(const ip_value& ip);

// An inclusive range of one family.
struct ip_range {
  ip_value lo, hi;
  [[nodiscard]] bool contains(const ip_value& ip) const noexcept {
    return ip.v6 == lo.v6 && lo.value <= ip.value && ip.value <= hi.value;
  }
};

// "a", "a/len" or "a-b" (both ends of one family, a <= b); nullopt otherwise.
[[nodiscard]] std::optional<ip_range> parse_range(std::string_view entry);

// ---- what the builder wrote, and what the oracle makes of it ----------------------------------

enum class eop_category { none, phish, high_confidence_phish, malware, bulk, spam, spoof };

struct message_facts {
  // Decoded, unfolded, trimmed value of every instance of the rule set's disposition header,
  // in message order; the first one upper-cased is the record's disposition (null when empty).
  std::vector<std::string> disposition_values;
  std::optional<ip_value> sender_ip;
  std::string_view sender_ip_source = "none";
  std::optional<int> scl;  // the message's own recorded SCL
  eop_category category = eop_category::none;
  std::optional<int> bcl;                // X-Microsoft-Antispam BCL
  bool bulk_service = false;             // SRV:BULK in X-Forefront-Antispam-Report
  std::optional<std::int64_t> received;  // topmost Received: date, else Date:, as epoch seconds
  std::string_view error;                // "", "empty message", "no header fields"

  void clear() {
    disposition_values.clear();
    sender_ip.reset();
    sender_ip_source = "none";
    scl.reset();
    category = eop_category::none;
    bcl.reset();
    bulk_service = false;
    received.reset();
    error = {};
  }
};

// The rule set, checked and resolved once for the oracle.
struct oracle_rules {
  struct rule {
    std::string name;
    bool enforce = true;
    std::vector<std::vector<std::string>> word_conditions;  // each: any word, on the disposition
    std::vector<std::vector<ip_range>> ip_conditions;       // each: any range
    std::optional<int> set_scl;
    bool quarantine = false;
    bool stop = false;
  };
  std::string disposition_header;
  std::vector<std::string> area1_quarantine;  // upper-cased
  std::vector<ip_range> egress;
  std::vector<rule> rules;  // enabled ones, in evaluation order
  rules::antispam_policy antispam;
  rules::antiphish_policy antiphish;
  bool mx_points_to_microsoft365 = true;
  struct policy {
    std::string name;
    std::uint32_t permissions = 0;
    bool notify = false;
  };
  std::vector<policy> quarantine_policies;  // custom ones, then the built-ins
};

// Resolves `set` for the oracle; throws generator_error naming what it does not model.
[[nodiscard]] oracle_rules prepare_oracle(const rules::rule_set& set);

// Appends the JSONL record (contract fields, contract order, '\n' ended) for one message.
void append_truth_record(const oracle_rules& rules, std::string_view id, const message_facts& facts,
                         std::string& out);

// ---- the message builder ----------------------------------------------------------------------

struct builder_context {
  std::string disposition_header;     // the name the rule set reads
  std::vector<ip_range> egress;       // where egress senders come from
  std::vector<ip_range> near_misses;  // Area 1 addresses outside the egress list
  bool repeat_disposition = true;     // may write the disposition header twice
  bool allow_empty_message = true;    // false for mbox (an empty entry cannot be written)
};

// Builds message number `index` (from 1) with disposition `disposition` ("" = none) arriving
// at `arrival` (epoch seconds). `bytes` and `facts` are overwritten (their capacity reused).
void build_message(const builder_context& ctx, std::uint64_t seed, std::uint64_t index,
                   std::string_view disposition, std::int64_t arrival, std::string& bytes,
                   message_facts& facts);

// ---- small text helpers shared by the files ---------------------------------------------------

void append_base64(std::string& out, std::string_view bytes);
// "2024-03-20T09:41:11Z"
[[nodiscard]] std::string iso8601_utc(std::int64_t epoch);
// "Tue, 5 Mar 2024 14:22:31 +0000" for `epoch` shown at `offset_minutes` from UTC.
void append_rfc5322_date(std::string& out, std::int64_t epoch, int offset_minutes,
                         bool fold_before_time = false);

}  // namespace mfsim::corpus::gen
