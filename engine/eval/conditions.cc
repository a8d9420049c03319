// The transport-rule conditions (mailflow-model.md section 5): one evaluator per kind, which
// also reports where it matched when explain asks.
#include <algorithm>

#include "engine/ascii.h"
#include "engine/case_fold.h"
#include "engine/eval/eval_context.h"
#include "engine/eval/message_conditions.h"
#include "engine/mail/rfc2047.h"
#include "engine/rules/directory_conditions.h"

namespace mfsim::eval_detail {
namespace {

constexpr std::string_view kRegexLimitMessage =
    "pattern match exceeded Boost.Regex's complexity limit, which spends this message's regex "
    "budget; the rule is undecided";
constexpr std::string_view kRegexBudgetSpentMessage =
    "pattern not searched: an earlier pattern spent this message's regex budget; the rule is "
    "undecided";

enum class search_result { matched, not_matched, failed };

// Records a failed search against the rule being evaluated, once per rule.
void record_regex_failure(context& ctx, std::string_view message) {
  auto& errors = ctx.s.result.rule_errors;
  if (!errors.empty() && errors.back().rule == ctx.rule_index) return;
  errors.push_back({ctx.rule_index, message});
}

// One search within the message's regex budget (docs/reliability.md, "Limits"): the first
// search that runs into Boost.Regex's complexity limit spends the budget, and every later
// search on the same message fails at once instead of running to the limit again. So a message
// costs at most one such search (about a second on a 36 KB value) whatever its number of header
// instances and the number of pattern rules.
template <typename Search>
search_result bounded_search(context& ctx, Search&& search) {
  if (ctx.s.regex_budget_spent) {
    record_regex_failure(ctx, kRegexBudgetSpentMessage);
    return search_result::failed;
  }
  try {
    return search() ? search_result::matched : search_result::not_matched;
  } catch (const std::runtime_error&) {
    ctx.s.regex_budget_spent = true;
    record_regex_failure(ctx, kRegexLimitMessage);
    return search_result::failed;
  }
}

}  // namespace

// The first pattern that matches `text`, or -1; a pattern that cannot finish is a rule error.
int first_matching_pattern(context& ctx, const compiled_condition& c, std::string_view text) {
  for (std::size_t k = 0; k < c.patterns.size(); ++k) {
    // Without its literal the pattern cannot match: not searched, so it spends no budget. The
    // literal is found ignoring ASCII case, where the Kelvin sign and long s fold to k and s
    // too (decision 853): a text with them is searched whatever its literals.
    if (k < c.pattern_literals.size() && !c.pattern_literals[k].empty() &&
        ascii_ifind(text, c.pattern_literals[k]) == std::string_view::npos &&
        (!has_non_ascii(text) || !folds_into_ascii(text))) {
      continue;
    }
    const search_result r =
        bounded_search(ctx, [&] { return c.patterns[k].search(text, ctx.s.match); });
    if (r == search_result::matched) return static_cast<int>(k);
  }
  return -1;
}

namespace {

// The listed domain that the address's domain equals or is a subdomain of, or nullptr.
const std::string* matching_domain(std::string_view address_lower,
                                   const std::vector<std::string>& domains) {
  for (const auto& d : domains) {
    if (mail::address_in_domain(address_lower, d)) return &d;
  }
  return nullptr;
}

// The first recipient the test accepts, or nullptr.
template <typename Test>
const std::string* find_recipient(const context& ctx, Test&& test) {
  for (const auto& r : ctx.s.recipients()) {
    if (test(r)) return &r;
  }
  return nullptr;
}

// The match of a word at `w` in `value` (a word matcher's result) into `where`.
void note_word(condition_match* where, std::string_view value, const compiled_condition& c,
               const eval::word_match& w) {
  if (where == nullptr) return;
  const std::string_view term = c.source->values[w.word];
  const std::size_t room = value.size() - std::min(value.size(), w.offset);
  where->note(value, term, w.offset, std::min(term.size(), room));
}

// A body match, reported as a window of the body text around it (for explain's caret).
void note_body_word(condition_match* where, const std::string& body_lower,
                    const compiled_condition& c, const eval::word_match& w) {
  if (where == nullptr) return;
  constexpr std::size_t kBefore = 60, kWindow = 160;
  constexpr std::string_view kLabel = "(body) ";
  const std::size_t from = w.offset > kBefore ? w.offset - kBefore : 0;
  const std::string window = std::string(kLabel) + body_lower.substr(from, kWindow);
  note_word(where, window, c, {w.word, w.offset - from + kLabel.size()});
  where->in_body = true;
}

// SubjectOrBodyContainsWords: the subject as it stands (rules may have prefixed it), then the
// body text.
bool subject_or_body_has_word(context& ctx, const compiled_condition& c, condition_match* where) {
  eval::word_match w;
  if (any_value(ctx, c.slot, [&](const slot_value& v) {
        if (!c.words.matches(v.lowered, &w)) return false;
        note_word(where, v.decoded, c, w);
        return true;
      })) {
    return true;
  }
  const std::string& body = body_of(ctx).text_lower;
  if (!c.words.matches(body, &w)) return false;
  note_body_word(where, body, c, w);
  return true;
}

// Where a header's words matched: the automaton (slot_has_any_word) decided that one did; the
// condition's own word list finds the first value and word, for explain.
void locate_slot_word(context& ctx, const compiled_condition& c, condition_match& where) {
  any_value(ctx, c.slot, [&](const slot_value& v) {
    eval::word_match w;
    if (!c.words.matches(v.lowered, &w)) return false;
    note_word(&where, v.decoded, c, w);
    return true;
  });
}

// Whether any word of the condition occurs in the slot's current values, through the slot's
// shared automaton (one scan per value, whatever the number of conditions).
bool slot_has_any_word(context& ctx, const compiled_condition& c) {
  const std::vector<std::uint64_t>& found = slot_words_found(ctx, c.slot);
  for (const std::uint32_t id : c.word_ids) {
    if ((found[id / 64] >> (id % 64)) & 1u) return true;
  }
  return false;
}

}  // namespace

const std::vector<std::uint64_t>& slot_words_found(context& ctx, int slot) {
  const auto u = static_cast<std::size_t>(slot);
  const eval::multi_word_matcher& matcher = ctx.compiled.slot_words[u];
  std::vector<std::uint64_t>& found = ctx.s.slot_found[u];
  if (!ctx.s.slot_found_valid[u]) {
    found.assign(matcher.block_count(), 0);
    any_value(ctx, slot, [&](const slot_value& v) {
      matcher.scan(v.lowered, found.data());
      return false;
    });
    ctx.s.slot_found_valid[u] = 1;
  }
  return found;
}

const mail::body_summary& body_of(context& ctx) {
  if (!ctx.s.body_read) {
    mail::body_limits limits;
    limits.inspect_content = ctx.compiled.inspects_attachments;
    limits.list_archives = ctx.compiled.lists_archives;
    limits.content.read_contents = ctx.compiled.inspects_attachments;
    limits.decode_attachments = ctx.compiled.decodes_attachments;
    limits.scan_signals = ctx.compiled.asf_reads_body;
    mail::read_body(ctx.message, limits, ctx.s.body);
    ctx.s.body_read = true;
    // Said in the record's flags: a condition may have missed words it could not read.
    if (ctx.s.body.truncated) ctx.s.result.flags |= mail::flag_body_truncated;
    if (ctx.s.body.unreadable) ctx.s.result.flags |= mail::flag_body_unreadable;
    if (ctx.s.body.duplicate_fields) ctx.s.result.flags |= mail::flag_duplicate_mime_field;
  }
  return ctx.s.body;
}

void ensure_decoded(scratch::impl& s, std::uint32_t i) {
  if (s.decoded_stamp[i] == s.stamp) return;
  s.buffer.clear();
  mail::unfold_value(s.block.fields[i].raw_value, s.buffer);
  s.decoded[i].clear();
  mail::decode_rfc2047(s.buffer, s.decoded[i]);
  s.lowered[i].clear();
  append_case_folded(s.decoded[i], s.lowered[i]);
  s.decoded_stamp[i] = s.stamp;
}

bool condition_holds(context& ctx, const compiled_condition& c, condition_match* where) {
  using kind = rules::condition_kind;
  // The pattern that matched, and where, from the match the search left in the scratch.
  const auto note_pattern = [&](std::string_view text, int k) {
    if (where == nullptr) return;
    const auto& m = ctx.s.match;
    where->note(text, c.source->values[static_cast<std::size_t>(k)],
                static_cast<std::size_t>(m.position()), static_cast<std::size_t>(m.length()));
  };
  const auto note_whole = [&](std::string_view value) {
    if (where != nullptr) where->note(value, value, 0, value.size());
  };
  const auto note_domain = [&](std::string_view value, const std::string& domain) {
    if (where != nullptr) where->note(value, domain, value.size() - domain.size(), domain.size());
  };
  switch (c.kind) {
    case kind::header_contains_words:
    case kind::subject_contains_words:
      if (c.slot == kNoSlot || !slot_has_any_word(ctx, c)) return false;
      if (where != nullptr) locate_slot_word(ctx, c, *where);
      return true;
    case kind::header_matches_patterns:
    case kind::subject_matches_patterns:
      return any_value(ctx, c.slot, [&](const slot_value& v) {
        const int k = first_matching_pattern(ctx, c, v.decoded);
        if (k >= 0) note_pattern(v.decoded, k);
        return k >= 0;
      });
    case kind::sender_ip_ranges: {
      if (!ctx.sender_ip || !c.ranges.contains(*ctx.sender_ip)) return false;
      if (where != nullptr) {
        if (const net::ip_range* r = c.ranges.find_entry(*ctx.sender_ip)) {
          where->note(ctx.sender_ip->to_string(), r->text, std::nullopt, 0);
        }
      }
      return true;
    }
    case kind::from_address_contains_words:
      return any_from_address(ctx, c, [&](std::string_view address, std::string_view lower) {
        eval::word_match w;
        if (!c.words.matches(lower, &w)) return false;
        note_word(where, address, c, w);
        return true;
      });
    case kind::from_address_matches_patterns:
      return any_from_address(ctx, c, [&](std::string_view address, std::string_view) {
        const int k = first_matching_pattern(ctx, c, address);
        if (k >= 0) note_pattern(address, k);
        return k >= 0;
      });
    case kind::sender_domain_is:
      return any_from_address(ctx, c, [&](std::string_view address, std::string_view lower) {
        const std::string* d = matching_domain(lower, c.domains);
        if (d != nullptr) note_domain(address, *d);
        return d != nullptr;
      });
    case kind::scl_over: return ctx.rule_scl && *ctx.rule_scl >= c.scl;
    case kind::from:
      return any_from_address(ctx, c, [&](std::string_view address, std::string_view lower) {
        const bool listed = is_listed(lower, c.addresses);
        if (listed) note_whole(address);
        return listed;
      });
    case kind::sent_to: {
      const std::string* r = find_recipient(
          ctx, [&](const std::string& rcpt) { return is_listed(rcpt, c.addresses); });
      if (r != nullptr) note_whole(*r);
      return r != nullptr;
    }
    case kind::recipient_domain_is: {
      const std::string* domain = nullptr;
      const std::string* r = find_recipient(ctx, [&](const std::string& rcpt) {
        domain = matching_domain(rcpt, c.domains);
        return domain != nullptr;
      });
      if (r != nullptr) note_domain(*r, *domain);
      return r != nullptr;
    }
    case kind::subject_or_body_contains_words: return subject_or_body_has_word(ctx, c, where);
    case kind::message_size_over: {
      // "greater than or equal to" (the predicates page; decision 406).
      const auto size = static_cast<std::int64_t>(ctx.message_size);
      if (size < c.size_bytes) return false;
      if (where != nullptr) {
        where->note(std::to_string(size) + " bytes", std::to_string(c.size_bytes) + " bytes",
                    std::nullopt, 0);
      }
      return true;
    }
    case kind::attachment_extension_matches_words: {
      for (const auto& e : body_of(ctx).attachment_extensions) {
        if (!is_listed(e, c.addresses)) continue;
        note_whole(e);
        return true;
      }
      // The files archives hold, by the names the recipient keeps (decisions 407, 631).
      for (const auto& path : body_of(ctx).contents.archived_names) {
        const std::string e = mail::file_extension(path);
        if (e.empty() || !is_listed(e, c.addresses)) continue;
        if (where != nullptr) where->note(path, e, std::nullopt, 0);
        return true;
      }
      return false;
    }
    case kind::from_scope: return from_scope_holds(ctx, c, where);
    case kind::sent_to_scope: return sent_to_scope_holds(ctx, c, where);
    default:
      return rules::is_directory_kind(c.kind) ? directory_condition_holds(ctx, c, where)
                                              : message_condition_holds(ctx, c, where);
  }
  return false;
}

void list_inputs(context& ctx, const compiled_condition& c, condition_trace& t) {
  using kind = rules::condition_kind;
  const auto add_value = [&](const slot_value& v) {
    t.raw_values.emplace_back(v.raw);
    t.decoded_values.emplace_back(v.decoded);
    return false;  // every value
  };
  switch (c.kind) {
    case kind::header_contains_words:
    case kind::subject_contains_words:
    case kind::header_matches_patterns:
    case kind::subject_matches_patterns:
    case kind::from_address_contains_words:
    case kind::from_address_matches_patterns:
    case kind::sender_domain_is:
    case kind::from:
      // SenderAddressLocation: the From header, the envelope sender (Return-Path), or both.
      if (c.reads_header_from) any_value(ctx, c.slot, add_value);
      if (c.reads_envelope_from) any_value(ctx, c.envelope_slot, add_value);
      break;
    case kind::sent_to:
    case kind::recipient_domain_is:
      for (const auto& r : ctx.s.recipients()) t.decoded_values.push_back(r);
      break;
    case kind::subject_or_body_contains_words:
      any_value(ctx, c.slot, add_value);
      if (t.match.in_body) t.decoded_values.push_back(t.match.value);
      break;
    case kind::message_size_over:
      t.decoded_values.push_back(std::to_string(ctx.message_size) + " bytes");
      break;
    case kind::attachment_extension_matches_words:
      for (const auto& e : body_of(ctx).attachment_extensions) t.decoded_values.push_back(e);
      for (const auto& path : body_of(ctx).contents.archived_names) {
        t.decoded_values.push_back("in an archive: " + path);
      }
      list_unfinished_inspection(ctx, t);
      break;
    case kind::sender_ip_ranges:
      if (ctx.sender_ip) t.decoded_values.push_back(ctx.sender_ip->to_string());
      break;
    case kind::from_scope:
    case kind::sent_to_scope: list_scope_inputs(ctx, c, t); break;
    case kind::scl_over:
      if (ctx.rule_scl) t.decoded_values.push_back(std::to_string(*ctx.rule_scl));
      break;
    default:
      if (rules::is_directory_kind(c.kind)) {
        list_directory_inputs(ctx, c, t);
      } else {
        list_message_inputs(ctx, c, t);
      }
      break;
  }
}

}  // namespace mfsim::eval_detail
