// The directory's conditions at run time (docs/directory.md): each looks the sender's or the
// recipients' addresses up in the directory and reads the flags compile() set per entry.
// Allocation-free: lookups are binary searches over the index's sorted tables.
#include "engine/ascii.h"
#include "engine/eval/eval_context.h"
#include "engine/mail/message_view.h"

namespace mfsim::eval_detail {
namespace {

using kind = rules::condition_kind;
using hit = directory::directory_index::address_hit;

bool flagged(const std::vector<std::uint8_t>& flags, std::uint32_t entry) {
  return entry < flags.size() && flags[entry] != 0;
}

// Calls test(address, hit) for each address of a header slot the directory holds, until one
// test is true.
template <typename Test>
bool any_listed_in_slot(context& ctx, int slot, Test&& test) {
  const directory::directory_index& dir = *ctx.compiled.directory;
  return any_value(ctx, slot, [&](const slot_value& v) {
    bool found = false;
    mail::for_each_address(v.decoded, [&](std::string_view address) {
      if (found) return;
      const auto offset = static_cast<std::size_t>(address.data() - v.decoded.data());
      if (const auto h = dir.find_address(v.lowered.substr(offset, address.size()))) {
        found = test(address, *h);
      }
    });
    return found;
  });
}

// The sender's addresses SenderAddressLocation names (From, Return-Path or both).
template <typename Test>
bool any_sender(context& ctx, const compiled_condition& c, Test&& test) {
  return (c.reads_header_from && any_listed_in_slot(ctx, c.slot, test)) ||
         (c.reads_envelope_from && any_listed_in_slot(ctx, c.envelope_slot, test));
}

// The message's recipients the directory holds; `all`: every recipient must pass (and be held).
template <typename Test>
bool recipients_pass(context& ctx, bool all, Test&& test) {
  const directory::directory_index& dir = *ctx.compiled.directory;
  const auto recipients = ctx.s.recipients();
  if (recipients.empty()) return false;
  for (const std::string& r : recipients) {
    const auto h = dir.find_address(r);
    const bool pass = h && test(r, *h);
    if (pass && !all) return true;
    if (!pass && all) return false;
  }
  return all;
}

}  // namespace

bool directory_condition_holds(context& ctx, const compiled_condition& c, condition_match* where) {
  if (!ctx.compiled.directory) return false;  // without --directory these conditions are false
  const auto& dir = *ctx.compiled.directory;
  // A member's address matched as a whole; a pair (the sender and the recipient, or the
  // attribute, it goes with) has no place in one text, so no offset (decision 544).
  const auto note = [&](std::string_view address, std::string_view term) {
    if (where == nullptr) return;
    if (term == address)
      where->note(address, term, 0, address.size());
    else
      where->note(address, term, std::nullopt, 0);
  };
  const auto in_set = [&](const std::vector<std::uint8_t>& flags) {
    return [&](std::string_view address, const hit& h) {
      if (!flagged(flags, h.entry)) return false;
      note(address, address);
      return true;
    };
  };
  switch (c.kind) {
    case kind::from_member_of:
    case kind::sender_ad_attribute_contains_words:
    case kind::sender_ad_attribute_matches_patterns:
      return any_sender(ctx, c, in_set(c.entry_in_set));
    case kind::sent_to_member_of:
    case kind::recipient_ad_attribute_contains_words:
    case kind::recipient_ad_attribute_matches_patterns:
      return recipients_pass(ctx, false, in_set(c.entry_in_set));
    case kind::any_of_to_header_member_of:
    case kind::any_of_cc_header_member_of:
    case kind::any_of_to_cc_header_member_of: {
      // Only primary addresses count (New-TransportRule: "doesn't consider ... proxy
      // addresses").
      const auto primary_member = [&](std::string_view address, const hit& h) {
        return h.primary && in_set(c.entry_in_set)(address, h);
      };
      return any_listed_in_slot(ctx, c.slot, primary_member) ||
             any_listed_in_slot(ctx, c.second_slot, primary_member);
    }
    case kind::between_member_of: {
      // Between the groups: the sender in one and a recipient in the other, either way.
      return any_sender(ctx, c, [&](std::string_view address, const hit& sender) {
        const bool one = flagged(c.entry_in_set, sender.entry);
        const bool two = flagged(c.entry_in_set2, sender.entry);
        if (!one && !two) return false;
        return recipients_pass(ctx, false, [&](std::string_view rcpt, const hit& h) {
          if (!((one && flagged(c.entry_in_set2, h.entry)) ||
                (two && flagged(c.entry_in_set, h.entry)))) {
            return false;
          }
          note(address, rcpt);
          return true;
        });
      });
    }
    case kind::ad_comparison:
      // Between the sender and all recipients: each recipient must be in the directory.
      return any_sender(ctx, c, [&](std::string_view address, const hit& sender) {
        const std::uint32_t mine = c.entry_value[sender.entry];
        if (!c.not_equal && mine == 0) return false;  // an unset attribute equals nothing
        const bool holds = recipients_pass(ctx, true, [&](std::string_view, const hit& h) {
          const std::uint32_t theirs = c.entry_value[h.entry];
          const bool equal = mine != 0 && theirs == mine;
          return c.not_equal ? !equal : equal;
        });
        if (holds)
          note(address,
               dir.attribute(sender.entry, *directory::rule_attribute(c.source->values.front())));
        return holds;
      });
    case kind::manager_for_evaluated_user:
      if (c.for_recipient) return recipients_pass(ctx, false, in_set(c.entry_in_set));
      return any_sender(ctx, c, in_set(c.entry_in_set));
    case kind::sender_management_relationship:
      return any_sender(ctx, c, [&](std::string_view address, const hit& sender) {
        return recipients_pass(ctx, false, [&](std::string_view rcpt, const hit& h) {
          const auto manager = dir.manager_of(c.sender_is_manager ? h.entry : sender.entry);
          if (!manager || *manager != (c.sender_is_manager ? sender.entry : h.entry)) {
            return false;
          }
          note(address, rcpt);
          return true;
        });
      });
    default: return false;
  }
}

void list_directory_inputs(context& ctx, const compiled_condition& c, condition_trace& t) {
  const auto add_value = [&](const slot_value& v) {
    t.raw_values.emplace_back(v.raw);
    t.decoded_values.emplace_back(v.decoded);
    return false;  // every value
  };
  switch (c.kind) {
    case kind::any_of_to_header_member_of:
    case kind::any_of_cc_header_member_of:
    case kind::any_of_to_cc_header_member_of:
      any_value(ctx, c.slot, add_value);
      any_value(ctx, c.second_slot, add_value);
      break;
    case kind::from_member_of:
    case kind::sender_ad_attribute_contains_words:
    case kind::sender_ad_attribute_matches_patterns:
      if (c.reads_header_from) any_value(ctx, c.slot, add_value);
      if (c.reads_envelope_from) any_value(ctx, c.envelope_slot, add_value);
      break;
    default:
      if (c.reads_header_from) any_value(ctx, c.slot, add_value);
      if (c.reads_envelope_from) any_value(ctx, c.envelope_slot, add_value);
      for (const auto& r : ctx.s.recipients()) t.decoded_values.push_back(r);
      break;
  }
  if (!ctx.compiled.directory)
    t.decoded_values.emplace_back("(no --directory: the condition is false)");
}

}  // namespace mfsim::eval_detail
