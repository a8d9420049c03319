// A message to several recipients, evaluated for each recipient alone (docs/decisions.md
// 470-474): Exchange applies one anti-spam policy per recipient and a transport rule with
// recipient conditions to the recipients it matches, so the copies may end differently. The
// record's own fields keep the "any recipient" answer; the forks are added beside them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace mfsim {

// At most this many distinct recipients of one message are evaluated alone; past it the
// record says `forks_truncated` (decision 473).
inline constexpr std::size_t kMaxForkedRecipients = 256;

// One distinct outcome and the recipients that get it. The fields are the record's of the
// same names; two recipients are in one fork when all of them are equal (decision 471).
struct recipient_fork {
  std::vector<std::string> recipients;  // lower-cased, in the message's recipient order
  std::vector<std::uint32_t> rules;     // plan rule indexes, in evaluation order
  std::optional<int> scl;
  verdict verdict_value = verdict::not_spam;
  final_action action = final_action::deliver;
  const rules::antispam_policy* antispam = nullptr;  // in the plan; null when none was reached
  std::string quarantine_policy;                     // empty when not quarantined
  release_path release = release_path::none;
  bool notify = false;
  std::optional<std::int64_t> expires;
  folder folder_value = folder::inbox;

  // Whether `o` gives the same outcome as this fork (the fields above, recipients aside).
  [[nodiscard]] bool same_outcome(const outcome& o) const noexcept;
};

struct recipient_forks {
  // Two or more distinct outcomes, in order of their first recipient; empty when every
  // recipient evaluated alone ends the same (then the record has no `forks`).
  std::vector<recipient_fork> forks;
  // The message had more than kMaxForkedRecipients distinct recipients: the later ones were
  // not evaluated alone.
  bool truncated = false;

  void clear() noexcept {
    forks.clear();
    truncated = false;
  }
  // Whether the record has something to say (`forks` or `forks_truncated`).
  [[nodiscard]] bool any() const noexcept { return !forks.empty() || truncated; }
};

// Whether evaluating recipients alone can change anything: some condition or exception reads
// each recipient (not AnyOfRecipientAddress* or the To/Cc MemberOf conditions, the same for
// every copy), an anti-spam policy is scoped by recipient, or IntraOrgFilterState is set
// (known at compile time; false for header-only plans such as uc4), or a --mailbox-state file
// gives recipients their own settings, which stage [G] reads (decision 497).
[[nodiscard]] bool forks_by_recipient(const plan& p, const run_options& options) noexcept;

// Fills `out` for a message `evaluated` has just been evaluated with (its recipients are read
// from there): each distinct recipient is evaluated alone with `working` (another scratch),
// the other inputs as given. Does nothing (clears `out`) when the plan cannot fork or the
// message has fewer than two distinct recipients.
void find_recipient_forks(const plan& p, const message_prefix& message, const run_options& options,
                          const message_overrides* overrides, const scratch& evaluated,
                          scratch& working, recipient_forks& out);

}  // namespace mfsim
