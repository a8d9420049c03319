// Stage [G]: the folder a message lands in, after the anti-spam action ([E]/[F]) and the
// mailbox's own junk email settings (docs/decisions.md 25-34, docs/mailbox-state.md).
//
// Microsoft's documented precedence (learn.microsoft.com/defender-office-365/
// how-policies-and-protections-are-combined#user-allows-and-blocks): a Safe Senders entry puts
// phish, high confidence spam, spam, bulk and clean mail in the Inbox; a Blocked Senders entry
// puts bulk and clean mail in the Junk Email folder and leaves the policy's action for the
// others; malware and high confidence phishing stay quarantined whatever the lists say.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "engine/mail/header_scanner.h"
#include "engine/outcome.h"

namespace mfsim {
class plan;
}

namespace mfsim::mailbox {

class mailbox_state;

// What stage [G] knows about the message's mailbox.
struct mailbox_facts {
  bool safe_sender = false;          // Safe Senders list; recorded: wl:1 or SFV:SFE
  bool trusted_contact = false;      // sender in Contacts and ContactsTrusted; recorded: abwl:1
  bool blocked_sender = false;       // Blocked Senders list; recorded: SFV:BLK
  bool trusted_lists_only = false;   // TrustedListsOnly (state files only)
  bool inbox_rule = false;           // an Inbox rule moves it; recorded: ucf:1
  std::string_view inbox_rule_name;  // the rule's name (state files only)
};

// The folder and reason the action alone gives (no mailbox settings): deliver, add_x_header and
// modify_subject -> inbox, junk -> junk, quarantine -> quarantine, delete -> deleted, reject ->
// rejected, redirect -> redirected, area1_quarantine -> area1_quarantine. The reason names the
// transport rule, the anti-spam parameter or the Area 1 disposition that decided the action.
void folder_from_action(const plan& p, outcome& out);

// Applies the mailbox's settings to a message the policy delivers to the mailbox (action
// deliver, junk, add_x_header or modify_subject); any other action is left as it is:
// quarantine, deletion, rejection and redirection happen before the mailbox (decisions.md 27).
// Order: an Inbox rule (custom), Safe Senders / trusted contacts (inbox), Blocked Senders
// (junk for bulk, clean and skipped mail), TrustedListsOnly (junk).
void apply_mailbox_facts(const mailbox_facts& facts, outcome& out) noexcept;

// Reads the facts for one message: in recorded mode from X-Microsoft-Antispam-Mailbox-Delivery
// (wl, abwl, ucf only: dest:, OFR:, RF: and the rest are never read) and the SFV: of
// X-Forefront-Antispam-Report; with a state file from the mailbox of the first recipient that
// has settings (else the "*" entry), the From: address and the Subject:. The recipients are
// `given` (a manifest entry's, --rcpt's), else the To:/Cc: addresses.
// `buffer` and `buffer2` are scratch space (reused, so allocation-free once warm).
[[nodiscard]] mailbox_facts read_facts(const mailbox_state& state,
                                       std::span<const mail::header_field> fields,
                                       std::span<const std::string> given, std::string& buffer,
                                       std::string& buffer2);

// The whole stage: folder_from_action, then (with a state) read_facts and apply_mailbox_facts.
// Called at the end of evaluate(); never throws except std::bad_alloc from a cold buffer.
void run_stage_g(const plan& p, const mailbox_state* state,
                 std::span<const mail::header_field> fields, std::span<const std::string> given,
                 std::string& buffer, std::string& buffer2, outcome& out);

}  // namespace mfsim::mailbox
