// Building a mailbox_state (normalising its lists) and looking senders and recipients up.
#include "engine/mailbox/mailbox_state.h"

#include <algorithm>

#include "engine/ascii.h"
#include "engine/case_fold.h"

namespace mfsim::mailbox {
namespace {

// Lower-cased, surrounding spaces trimmed, "@domain" written "domain"; sorted, duplicates gone.
void normalise(std::vector<std::string>& entries) {
  for (auto& e : entries) {
    std::string_view text = ascii_trim_blanks(e);
    if (!text.empty() && text.front() == '@') text.remove_prefix(1);
    e = case_folded_copy(text);
  }
  std::erase_if(entries, [](const std::string& e) { return e.empty(); });
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
}

bool contains(const std::vector<std::string>& sorted, std::string_view key) noexcept {
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), key,
                                   [](const std::string& a, std::string_view b) { return a < b; });
  return it != sorted.end() && *it == key;
}

}  // namespace

mailbox_state mailbox_state::recorded() {
  mailbox_state state;
  state.mode_ = mode::recorded;
  state.source_ = "recorded";
  return state;
}

mailbox_state::mailbox_state(std::vector<mailbox_settings> mailboxes, std::string source)
    : mode_(mode::settings), source_(std::move(source)), mailboxes_(std::move(mailboxes)) {
  for (auto& m : mailboxes_) {
    m.recipient = case_folded_copy(m.recipient);
    for (auto& other : m.other_recipients) other = case_folded_copy(other);
    normalise(m.safe_senders);
    normalise(m.blocked_senders);
    normalise(m.contacts);
    for (auto& rule : m.inbox_rules) {
      normalise(rule.from);
      for (auto& word : rule.subject_words) word = case_folded_copy(word);
      std::erase_if(rule.subject_words, [](const std::string& w) { return w.empty(); });
    }
  }
  std::stable_sort(mailboxes_.begin(), mailboxes_.end(),
                   [](const mailbox_settings& a, const mailbox_settings& b) {
                     return a.recipient < b.recipient;
                   });
  for (std::size_t i = 0; i < mailboxes_.size(); ++i) {
    if (mailboxes_[i].recipient == "*") default_index_ = i;
    addresses_.emplace_back(mailboxes_[i].recipient, i);
    for (const auto& other : mailboxes_[i].other_recipients) addresses_.emplace_back(other, i);
  }
  std::stable_sort(addresses_.begin(), addresses_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
}

const mailbox_settings* mailbox_state::find(std::string_view recipient) const noexcept {
  const auto it = std::lower_bound(
      addresses_.begin(), addresses_.end(), recipient,
      [](const std::pair<std::string, std::size_t>& a, std::string_view r) { return a.first < r; });
  if (it == addresses_.end() || it->first != recipient || recipient == "*") return nullptr;
  return &mailboxes_[it->second];
}

const mailbox_settings* mailbox_state::default_mailbox() const noexcept {
  return default_index_ == kNone ? nullptr : &mailboxes_[default_index_];
}

bool mailbox_state::listed(const std::vector<std::string>& sorted_list,
                           std::string_view address) noexcept {
  if (address.empty() || sorted_list.empty()) return false;
  if (contains(sorted_list, address)) return true;
  const std::size_t at = address.rfind('@');
  return at != std::string_view::npos && at + 1 < address.size() &&
         contains(sorted_list, address.substr(at + 1));
}

}  // namespace mfsim::mailbox
