// The one public header of the mfsim runtime: compile a rule set, evaluate messages.
//
// A plan is immutable once compiled and may be shared by any number of threads; each thread
// evaluates with its own scratch. Nothing here includes Boost, fmt, yaml-cpp or mimetic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/header_scanner.h"
#include "engine/outcome.h"
#include "engine/rules/rule_set.h"
#include "engine/trace.h"

namespace mfsim {

namespace mailbox {
class mailbox_state;  // engine/mailbox/mailbox_state.h
}
namespace directory {
class directory_index;  // engine/directory/directory_index.h
}

// Per-run switches that do not change the plan.
struct run_options {
  std::optional<net::ip_address> client_ip;  // --client-ip: overrides header sources
  std::optional<std::int64_t> now;           // --now, seconds since the epoch
  bool ignore_message_verdict = false;       // --message-verdict ignore
  mail::scan_limits limits;
  // --mailbox-state (stage [G]): the recipients' junk email settings, or `recorded`; must
  // outlive every evaluate() that uses these options. nullptr: the folder follows the action.
  const mailbox::mailbox_state* mailbox_state = nullptr;
  // --rcpt: the recipients of every message that no manifest entry gives recipients for.
  std::vector<std::string> recipients;
  // --accepted-domain: accepted domains added to the rule set's own (FromScope, SentToScope).
  std::vector<rules::accepted_domain> accepted_domains;
};

// What a corpus manifest says about one message; each value present wins over the headers
// (mailflow-model.md section 2).
struct message_overrides {
  std::optional<net::ip_address> client_ip;  // the connecting IP (source "client-ip")
  std::optional<std::int64_t> received;      // the received time, seconds since the epoch
  const std::vector<std::string>* recipients = nullptr;  // must outlive the evaluation
  // The manifest's auth_as / direction: they win over X-MS-Exchange-Organization-AuthAs and
  // -MessageDirectionality.
  mail::auth_as auth_as = mail::auth_as::unknown;
  mail::direction direction = mail::direction::unknown;
  // While one recipient's copy of a message is evaluated (recipient forks): all the message's
  // recipients, lower-cased, which AnyOfRecipientAddress* still read, as a match of theirs
  // applies the rule to all recipients of the message (decision 475). Must outlive the
  // evaluation.
  std::span<const std::string> message_recipients;
};

class plan {
 public:
  struct impl;
  explicit plan(std::unique_ptr<impl> impl);
  ~plan();
  plan(const plan&) = delete;
  plan& operator=(const plan&) = delete;

  [[nodiscard]] const rules::rule_set& source() const noexcept;
  // Rules in evaluation order (priority, then file order); disabled rules included.
  [[nodiscard]] std::size_t rule_count() const noexcept;
  [[nodiscard]] std::string_view rule_name(std::size_t index) const noexcept;
  [[nodiscard]] const rules::transport_rule& rule_source(std::size_t index) const noexcept;
  [[nodiscard]] const impl& internals() const noexcept { return *impl_; }
  // Whether a rule reads the message's authentication and direction (FromScope, SentToScope):
  // then outcome.auth is filled and the record shows it.
  [[nodiscard]] bool reads_auth() const noexcept;

 private:
  std::unique_ptr<impl> impl_;
};

// Compiles a rule set into a plan. Throws load_error (with the positions of the offending
// values) for patterns that do not compile or references that do not resolve.
// Pattern matching is bounded by Boost.Regex's state limit: a match that exceeds it is
// abandoned and recorded in outcome.rule_errors, and the condition counts as not matched.
[[nodiscard]] std::shared_ptr<const plan> compile(const rules::rule_set& set);
// The same with the organization's directory (--directory): member-of, AD attribute and
// manager conditions read it, and From/SentTo names resolve in it (docs/directory.md). Without
// one (nullptr) those conditions are false. Also throws load_error for a group, user or
// attribute a condition names that the directory does not hold.
[[nodiscard]] std::shared_ptr<const plan> compile(
    const rules::rule_set& set, std::shared_ptr<const directory::directory_index> directory);

// Reusable per-thread working memory for evaluate(); not shareable between threads.
class scratch {
 public:
  struct impl;
  scratch();
  ~scratch();
  scratch(const scratch&) = delete;
  scratch& operator=(const scratch&) = delete;
  [[nodiscard]] impl& internals() noexcept { return *impl_; }
  [[nodiscard]] const impl& internals() const noexcept { return *impl_; }

 private:
  std::unique_ptr<impl> impl_;
};

// Evaluates one message (its raw bytes, which must outlive the returned outcome). The outcome
// lives in `s` until the next call. Never throws: malformed mail sets outcome.error / flags.
// `overrides` (a manifest entry), when given, win over the headers and over `options`. With a
// `trace`, every rule and condition looked at is recorded there (for explain; slower).
// Thread-safe for distinct scratches over one plan; allocation-free once the scratch is warm.
const outcome& evaluate(const plan& p, std::string_view message, const run_options& options,
                        scratch& s, const message_overrides* overrides = nullptr,
                        evaluation_trace* trace = nullptr) noexcept;

// A message as a reader hands it over when the plan reads only its header block
// (reads_of(plan).header_block_only(), engine/compile/message_reads.h): the bytes read, which
// hold at least the whole header block and the empty line after it, and the size of the whole
// message. The outcome is the one evaluate() gives for the whole message.
struct message_prefix {
  std::string_view bytes;
  std::uint64_t size = 0;  // the whole message's size in bytes (at least bytes.size())
};
const outcome& evaluate(const plan& p, const message_prefix& message, const run_options& options,
                        scratch& s, const message_overrides* overrides = nullptr,
                        evaluation_trace* trace = nullptr) noexcept;

}  // namespace mfsim
