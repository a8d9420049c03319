// Forking a message by recipient (engine/recipient_forks.h): each recipient evaluated alone,
// the recipients grouped by the outcome they get.
#include "engine/recipient_forks.h"

#include <algorithm>
#include <iterator>
#include <span>

#include "engine/eval/eval_context.h"
#include "engine/mailbox/mailbox_state.h"

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

// The recipients as stage [G] reads them, for a plan that reads none itself (a mailbox state
// alone can fork it): those given, else the To: and Cc: addresses, lower-cased as the
// evaluation's are.
std::span<const std::string> mailbox_recipients(const run_options& options,
                                                const message_overrides* overrides,
                                                const scratch& evaluated,
                                                std::vector<std::string>& read) {
  if (const auto given = eval_detail::given_recipients(options, overrides); !given.empty()) {
    return given;
  }
  std::string buffer;
  mail::for_each_to_cc_address(evaluated.internals().block.fields, buffer,
                               [&](std::string_view address) {
                                 std::string& r = read.emplace_back(address);
                                 fold_case_in_place(r.data(), r.size());
                               });
  return read;
}

}  // namespace

bool recipient_fork::same_outcome(const outcome& o) const noexcept {
  return rules == o.rules && scl == o.scl && verdict_value == o.verdict_value &&
         action == o.action && antispam == o.antispam && quarantine_policy == o.quarantine_policy &&
         release == o.release && notify == o.notify && expires == o.expires &&
         folder_value == o.folder_value;
}

bool forks_by_recipient(const plan& p, const run_options& options) noexcept {
  return p.internals().reads_each_recipient ||
         (options.mailbox_state != nullptr && options.mailbox_state->differs_by_recipient());
}

void find_recipient_forks(const plan& p, const message_prefix& message, const run_options& options,
                          const message_overrides* overrides, const scratch& evaluated,
                          scratch& working, recipient_forks& out) {
  out.clear();
  if (!forks_by_recipient(p, options)) return;
  // Area 1 keeps or passes the whole message (decision 470): a message it kept cannot fork.
  if (evaluated.internals().result.action == final_action::area1_quarantine) return;
  // The message's own recipients as the evaluation read them (none when Area 1 kept it), or,
  // for a plan that reads none, as stage [G] reads them.
  std::vector<std::string> read_for_mailboxes;
  const std::span<const std::string> all =
      p.internals().needs_recipients
          ? evaluated.internals().original_recipients()
          : mailbox_recipients(options, overrides, evaluated, read_for_mailboxes);
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
