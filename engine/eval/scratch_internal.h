// The per-thread working memory behind mfsim::scratch. Every buffer is reused from one
// message to the next, so a warm scratch evaluates without allocating.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/case_fold.h"
#include "engine/engine.h"
#include "engine/mail/mime_body.h"
#include "engine/rules/character_regex.h"

namespace mfsim {

struct scratch::impl {
  mail::header_block block;
  std::vector<std::vector<std::uint32_t>> slot_fields;  // per slot: field indexes, in order

  // Decoded (unfolded + RFC 2047) and lower-cased values, per field, computed on first use.
  std::vector<std::string> decoded;
  std::vector<std::string> lowered;
  std::vector<std::uint32_t> decoded_stamp;
  std::uint32_t stamp = 0;

  // Header changes made by earlier rules' actions, seen by later rules.
  struct added_value {
    int slot = -1;
    std::string decoded;
    std::string lowered;
  };
  std::vector<std::uint8_t> slot_replaced;  // original instances hidden by Set/RemoveHeader

  // Per slot, the words of its automaton found in its current values (computed on first use,
  // recomputed after a rule changes the header).
  std::vector<std::vector<std::uint64_t>> slot_found;
  std::vector<std::uint8_t> slot_found_valid;
  std::vector<added_value> added;  // the first `added_count` are live
  // The rules still to look at (rule_candidates.cc): a bit per rule, in evaluation order.
  std::vector<std::uint64_t> candidates;
  std::size_t added_count = 0;

  // The body as the body and attachment conditions read it: parsed on first use.
  mail::body_summary body;
  bool body_read = false;
  // The message's recipients, lower-cased (manifest, else --rcpt, else To and Cc): the first
  // `recipient_count` strings, reused from one message to the next.
  std::vector<std::string> recipient_buffer;
  std::size_t recipient_count = 0;
  // Rules' AddToRecipients, CopyTo, BlindCopyTo and RedirectMessageTo change the recipients
  // later rules see (decisions.md, "Actions and effects"): the message's own recipients are the
  // first `original_recipient_count`; a redirect moves `live_from` past everything before it.
  std::size_t original_recipient_count = 0;
  std::size_t live_from = 0;

  // The recipients as the rule being evaluated sees them.
  [[nodiscard]] std::span<const std::string> recipients() const noexcept {
    return {recipient_buffer.data() + live_from, recipient_count - live_from};
  }
  // The message's own recipients, before any rule changed them (anti-spam policy scope).
  [[nodiscard]] std::span<const std::string> original_recipients() const noexcept {
    return {recipient_buffer.data(), original_recipient_count};
  }
  void add_recipient(std::string_view address) {
    if (recipient_count == recipient_buffer.size()) recipient_buffer.emplace_back();
    std::string& r = recipient_buffer[recipient_count++];
    r.assign(address);
    fold_case_in_place(r.data(), r.size());  // as the rules' addresses are (decision 350)
  }

  std::string disposition;
  std::string buffer;
  std::string buffer2;
  rules::ps::regex_match match;  // where the last pattern that matched matched
  // Set once a pattern search on this message ran into Boost.Regex's complexity limit: later
  // searches are not run (conditions.cc, bounded_search).
  bool regex_budget_spent = false;
  outcome result;
};

}  // namespace mfsim
