// Synthetic corpora with ground truth: `mfsim generate` writes realistic Exchange Online messages
// behind Cloudflare Area 1 and, for each, the record `mfsim run` must print for it.
//
// The truth is computed by an oracle from what the generator chose to write (disposition,
// connecting IP and the header that carries it, SCL/CAT/BCL, received date) and the rule set's
// words, ranges and policies, following the specifications; it never calls the engine's scanner
// or evaluate(), so comparing `mfsim run` with it is a differential test of the engine.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/rule_set.h"

namespace mfsim::corpus {

enum class output_format {
  dir,      // OUT/000001.eml, OUT/000002.eml, ... (zero-padded: sorted order = generation order)
  mbox,     // OUT/messages.mbox (mboxrd quoting of ">*From " lines)
  maildir,  // OUT/cur/, OUT/new/ (the last tenth of the messages), OUT/tmp/ (empty)
};

// One disposition class of the mix and its relative weight (in thousandths).
struct mix_entry {
  std::string disposition;  // upper-cased ("MALICIOUS", "UCE", ...); empty for "none" (no header)
  std::uint64_t weight = 0;
};

// The mix used when --mix is not given.
inline constexpr std::string_view kDefaultMix =
    "MALICIOUS=2,SUSPICIOUS=4,SPOOF=3,UCE=8,BULK=13,none=70";

// Parses "MALICIOUS=5,UCE=10,none=85": names are letters, digits, '_' or '-' (case-insensitive;
// "none" means no disposition header), weights are non-negative decimals with at most three
// fractional digits, at least one weight is positive, no name twice. Throws generator_error.
[[nodiscard]] std::vector<mix_entry> parse_mix(std::string_view spec);

[[nodiscard]] output_format parse_format(std::string_view name);  // throws generator_error

// A usage problem (bad option value, unsupported rule set, OUT not empty).
class generator_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An I/O failure while writing the corpus or the truth file.
class generator_io_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct generator_options {
  std::uint64_t count = 0;
  std::uint64_t seed = 1;
  std::vector<mix_entry> mix;  // empty: kDefaultMix
  output_format format = output_format::dir;
  std::string out;    // the corpus directory (trailing '/' ignored)
  std::string truth;  // empty: OUT + ".truth.jsonl"
};

struct generator_result {
  std::uint64_t messages = 0;
  std::uint64_t bytes = 0;  // message bytes written (mbox framing not counted)
  std::string truth_path;
  std::string run_path;  // what to give `mfsim run` (OUT as spelt, without '/')
};

// Empty when the oracle models every feature of `set` that can affect a record; else the reason
// (one line naming the rule, condition or setting), e.g. a SubjectContainsWords condition.
[[nodiscard]] std::string oracle_unsupported(const rules::rule_set& set);

// Where the truth file goes: options.truth, or OUT (without trailing '/') + ".truth.jsonl".
[[nodiscard]] std::string truth_path(const generator_options& options);

// Writes options.count messages and the truth file. OUT is created when missing and must be
// empty when it exists. Memory does not grow with count: each message and its truth record are
// written as soon as they are made. The bytes written depend only on the options and the rule
// set (not on the platform, the standard library or the time of day).
// Throws generator_error (usage) or generator_io_error (writing failed).
generator_result generate(const rules::rule_set& set, const generator_options& options);

}  // namespace mfsim::corpus
