// Forking a message by recipient (engine/recipient_forks.h): each recipient evaluated alone,
// the recipients grouped by the outcome they get.
#include "engine/recipient_forks.h"

#include <algorithm>
#include <iterator>
#include <span>

#include "engine/eval/plan_internal.h"
#include "engine/eval/scratch_internal.h"

namespace mfsim {
namespace {

void capture(const outcome& o, recipient_fork& f) {
  f.rules = o.rules;
  f.scl = o.scl;
  f.verdict_value = o.verdict_value;
  f.action = o.action;
  f.antispam = o.antispam;
  f.quarantine_policy.assign(o.quarantine_policy);
  f.release = o.release;
  f.notify = o.notify;
  f.expires = o.expires;
  f.folder_value = o.folder_value;
}

}  // namespace

bool recipient_fork::same_outcome(const outcome& o) const noexcept {
  return rules == o.rules && scl == o.scl && verdict_value == o.verdict_value &&
         action == o.action && antispam == o.antispam && quarantine_policy == o.quarantine_policy &&
         release == o.release && notify == o.notify && expires == o.expires &&
         folder_value == o.folder_value;
}

bool forks_by_recipient(const plan& p) noexcept { return p.internals().needs_recipients; }

void find_recipient_forks(const plan& p, const message_prefix& message, const run_options& options,
                          const message_overrides* overrides, const scratch& evaluated,
                          scratch& working, recipient_forks& out) {
  out.clear();
  if (!forks_by_recipient(p)) return;
  // The message's own recipients as the evaluation read them (none when Area 1 kept it).
  const std::span<const std::string> all = evaluated.internals().original_recipients();
  if (all.size() < 2) return;
  // Distinct addresses, first occurrence first: an address in both To and Cc is one mailbox.
  std::vector<std::string_view> distinct;
  for (const std::string& r : all) {
    if (std::find(distinct.begin(), distinct.end(), r) != distinct.end()) continue;
    if (distinct.size() == kMaxForkedRecipients) {
      out.truncated = true;
      break;
    }
    distinct.emplace_back(r);
  }
  if (distinct.size() < 2) return;
  // Each recipient alone: the same message and inputs, the manifest's other values kept.
  message_overrides alone = overrides != nullptr ? *overrides : message_overrides{};
  std::vector<std::string> one(1);
  alone.recipients = &one;
  alone.message_recipients = all;  // AnyOfRecipientAddress* read them all (decision 475)
  for (const std::string_view r : distinct) {
    one.front().assign(r);
    const outcome& o = evaluate(p, message, options, working, &alone);
    auto it = std::find_if(out.forks.begin(), out.forks.end(),
                           [&](const recipient_fork& f) { return f.same_outcome(o); });
    if (it == out.forks.end()) {
      capture(o, out.forks.emplace_back());
      it = std::prev(out.forks.end());
    }
    it->recipients.emplace_back(r);
  }
  if (out.forks.size() < 2) out.forks.clear();  // every recipient ends the same: no forks
}

}  // namespace mfsim
