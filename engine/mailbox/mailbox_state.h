// The mailbox settings stage [G] reads: each recipient's junk email settings (a state file), or
// "recorded" (the flags the message itself carries from its delivery).
//
// A mailbox_state is immutable once built and may be shared by any number of threads; lookups
// take lower-cased views and never allocate. The format of the state file is in
// docs/mailbox-state.md; the loader is engine/mailbox/load_mailbox_state.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/status.h"

namespace mfsim::mailbox {

// One Inbox rule (New-InboxRule): conditions AND-ed, values within one condition OR-ed; a rule
// without conditions applies to every message delivered to the mailbox.
struct inbox_rule {
  std::string name;                        // Name
  std::vector<std::string> from;           // From: sender addresses or domains, lower-cased
  std::vector<std::string> subject_words;  // SubjectContainsWords: lower-cased, substring match
  std::string move_to_folder;              // MoveToFolder (informative: the folder is "custom")
  source_span where;
};

// One recipient's safelist collection (Set-MailboxJunkEmailConfiguration) and Inbox rules.
struct mailbox_settings {
  std::string recipient;  // lower-cased address, or "*" for everyone else
  // The mailbox's other addresses, lower-cased: an export's Identity names every address of its
  // mailbox, and they share these settings rather than a copy each (one list, not 400).
  std::vector<std::string> other_recipients;
  std::vector<std::string> safe_senders;     // TrustedSendersAndDomains: addresses and domains
  std::vector<std::string> blocked_senders;  // BlockedSendersAndDomains: addresses and domains
  std::vector<std::string> contacts;         // addresses in the Contacts folder
  bool contacts_trusted = false;             // ContactsTrusted ($false is Exchange's default)
  bool trusted_lists_only = false;           // TrustedListsOnly
  std::vector<inbox_rule> inbox_rules;       // in the order they run
  source_span where;
};

class mailbox_state {
 public:
  enum class mode {
    recorded,  // read wl, abwl, ucf and SFV:SFE / SFV:BLK from each message (never dest:)
    settings,  // the per-recipient settings of a state file
  };

  // The `recorded` state (--mailbox-state recorded).
  [[nodiscard]] static mailbox_state recorded();

  // A state from settings: lower-cases and sorts the lists (entries written "@domain" become
  // "domain") so that lookups are binary searches.
  explicit mailbox_state(std::vector<mailbox_settings> mailboxes, std::string source = {});

  [[nodiscard]] mode kind() const noexcept { return mode_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] const std::vector<mailbox_settings>& mailboxes() const noexcept {
    return mailboxes_;
  }

  // The settings of a lower-cased recipient address (its `recipient` or one of its
  // `other_recipients`); nullptr when it has none (the "*" entry is default_mailbox()).
  [[nodiscard]] const mailbox_settings* find(std::string_view recipient) const noexcept;
  [[nodiscard]] const mailbox_settings* default_mailbox() const noexcept;

  // Whether two recipients of one message can have different settings: a settings state with
  // an entry for some recipient (a '*' entry alone gives everyone the same).
  [[nodiscard]] bool differs_by_recipient() const noexcept {
    return mode_ == mode::settings && addresses_.size() > (default_index_ == kNone ? 0U : 1U);
  }

  // Whether a lower-cased sender address is in a sorted list, as an address or by its domain
  // (the domain exactly, not its parent domains).
  [[nodiscard]] static bool listed(const std::vector<std::string>& sorted_list,
                                   std::string_view address) noexcept;

 private:
  mailbox_state() = default;
  mode mode_ = mode::recorded;
  std::string source_;
  std::vector<mailbox_settings> mailboxes_;  // sorted by recipient
  // Every address of every mailbox ("*" included) and the index of its mailbox, sorted.
  std::vector<std::pair<std::string, std::size_t>> addresses_;
  std::size_t default_index_ = kNone;  // the "*" entry
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
};

}  // namespace mfsim::mailbox
