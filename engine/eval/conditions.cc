// The transport-rule conditions (mailflow-model.md section 5) and their explain trace.
#include <algorithm>
#include <boost/regex.hpp>

#include "engine/ascii.h"
#include "engine/eval/eval_context.h"
#include "engine/mail/rfc2047.h"

namespace mfsim::eval_detail {
namespace {

constexpr std::string_view kRegexLimitMessage =
    "pattern match exceeded Boost.Regex's complexity limit; the rule is undecided";

// The first pattern that matches `text`, or -1; a pattern that cannot finish is a rule error.
int first_matching_pattern(context& ctx, const compiled_condition& c, std::string_view text) {
  for (std::size_t k = 0; k < c.patterns.size(); ++k) {
    try {
      if (boost::regex_search(text.data(), text.data() + text.size(), ctx.s.match, c.patterns[k])) {
        return static_cast<int>(k);
      }
    } catch (const std::runtime_error&) {
      ctx.s.result.rule_errors.push_back({ctx.rule_index, kRegexLimitMessage});
    }
  }
  return -1;
}

// The listed domain that the address's domain equals or is a subdomain of, or nullptr.
const std::string* matching_domain(std::string_view address_lower,
                                   const std::vector<std::string>& domains) {
  for (const auto& d : domains) {
    if (mail::address_in_domain(address_lower, d)) return &d;
  }
  return nullptr;
}

// Calls test(address, address_lower) for each sender address the condition reads (From
// header, envelope sender or both, per SenderAddressLocation) until one is true.
template <typename Test>
bool any_from_address(context& ctx, const compiled_condition& c, Test&& test) {
  const auto in_slot = [&](int slot) {
    return any_value(ctx, slot, [&](const slot_value& v) {
      bool found = false;
      mail::for_each_address(v.decoded, [&](std::string_view address) {
        if (found) return;
        const auto offset = static_cast<std::size_t>(address.data() - v.decoded.data());
        found = test(address, v.lowered.substr(offset, address.size()));
      });
      return found;
    });
  };
  return (c.reads_header_from && in_slot(c.slot)) ||
         (c.reads_envelope_from && in_slot(c.envelope_slot));
}

bool is_listed(std::string_view lower, const std::vector<std::string>& list) {
  return std::find(list.begin(), list.end(), lower) != list.end();
}

// The first recipient the test accepts, or nullptr.
template <typename Test>
const std::string* find_recipient(const context& ctx, Test&& test) {
  for (const auto& r : ctx.s.recipients()) {
    if (test(r)) return &r;
  }
  return nullptr;
}

// SubjectOrBodyContainsWords: the subject as it stands (rules may have prefixed it), then the
// body text.
bool subject_or_body_has_word(context& ctx, const compiled_condition& c,
                              eval::word_match* where = nullptr, bool* in_body = nullptr) {
  if (any_value(ctx, c.slot,
                [&](const slot_value& v) { return c.words.matches(v.lowered, where); })) {
    return true;
  }
  if (in_body != nullptr) *in_body = true;
  return c.words.matches(body_of(ctx).text_lower, where);
}

// Whether any word of the condition occurs in the slot's current values, through the slot's
// shared automaton (one scan per value, whatever the number of conditions).
bool slot_has_any_word(context& ctx, const compiled_condition& c) {
  const auto u = static_cast<std::size_t>(c.slot);
  const eval::multi_word_matcher& matcher = ctx.compiled.slot_words[u];
  std::vector<std::uint64_t>& found = ctx.s.slot_found[u];
  if (!ctx.s.slot_found_valid[u]) {
    found.assign(matcher.block_count(), 0);
    any_value(ctx, c.slot, [&](const slot_value& v) {
      matcher.scan(v.lowered, found.data());
      return false;
    });
    ctx.s.slot_found_valid[u] = 1;
  }
  for (const std::uint32_t id : c.word_ids) {
    if ((found[id / 64] >> (id % 64)) & 1u) return true;
  }
  return false;
}

}  // namespace

const mail::body_summary& body_of(context& ctx) {
  if (!ctx.s.body_read) {
    mail::read_body(ctx.message, mail::body_limits{}, ctx.s.body);
    ctx.s.body_read = true;
    // Said in the record's flags: a condition may have missed words it could not read.
    if (ctx.s.body.truncated) ctx.s.result.flags |= mail::flag_body_truncated;
    if (ctx.s.body.unreadable) ctx.s.result.flags |= mail::flag_body_unreadable;
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
  append_ascii_lower(s.decoded[i], s.lowered[i]);
  s.decoded_stamp[i] = s.stamp;
}

bool condition_holds(context& ctx, const compiled_condition& c) {
  using kind = rules::condition_kind;
  switch (c.kind) {
    case kind::header_contains_words:
    case kind::subject_contains_words: return c.slot != kNoSlot && slot_has_any_word(ctx, c);
    case kind::header_matches_patterns:
    case kind::subject_matches_patterns:
      return any_value(ctx, c.slot, [&](const slot_value& v) {
        return first_matching_pattern(ctx, c, v.decoded) >= 0;
      });
    case kind::sender_ip_ranges: return ctx.sender_ip && c.ranges.contains(*ctx.sender_ip);
    case kind::from_address_contains_words:
      return any_from_address(
          ctx, c, [&](std::string_view, std::string_view lower) { return c.words.matches(lower); });
    case kind::from_address_matches_patterns:
      return any_from_address(ctx, c, [&](std::string_view address, std::string_view) {
        return first_matching_pattern(ctx, c, address) >= 0;
      });
    case kind::sender_domain_is:
      return any_from_address(ctx, c, [&](std::string_view, std::string_view lower) {
        return matching_domain(lower, c.domains) != nullptr;
      });
    case kind::scl_over: {
      const std::optional<int> scl = ctx.rule_scl ? ctx.rule_scl : ctx.message_scl;
      return scl && *scl >= c.scl;
    }
    case kind::from:
      return any_from_address(ctx, c, [&](std::string_view, std::string_view lower) {
        return is_listed(lower, c.addresses);
      });
    case kind::sent_to:
      return find_recipient(ctx, [&](const std::string& r) { return is_listed(r, c.addresses); });
    case kind::recipient_domain_is:
      return find_recipient(
          ctx, [&](const std::string& r) { return matching_domain(r, c.domains) != nullptr; });
    case kind::subject_or_body_contains_words: return subject_or_body_has_word(ctx, c);
    case kind::message_size_over:
      return static_cast<std::int64_t>(ctx.message.size()) > c.size_bytes;
    case kind::attachment_extension_matches_words: {
      const auto& extensions = body_of(ctx).attachment_extensions;
      return std::any_of(extensions.begin(), extensions.end(),
                         [&](const std::string& e) { return is_listed(e, c.addresses); });
    }
  }
  return false;
}

void trace_condition(context& ctx, const compiled_condition& c, std::uint32_t index, bool exception,
                     bool result, bool errored) {
  condition_trace t;
  t.rule = ctx.rule_index;
  t.exception = exception;
  t.index = index;
  t.result = result;
  t.errored = errored;
  const auto note_match = [&](std::string_view value, std::string_view term, std::size_t offset) {
    if (!t.matched_value.empty() || !t.matched_term.empty()) return;
    t.matched_value = std::string(value);
    t.matched_term = std::string(term);
    t.matched_offset = offset;
  };
  using kind = rules::condition_kind;
  switch (c.kind) {
    case kind::header_contains_words:
    case kind::subject_contains_words:
    case kind::header_matches_patterns:
    case kind::subject_matches_patterns:
    case kind::from_address_contains_words:
    case kind::from_address_matches_patterns:
    case kind::sender_domain_is:
    case kind::from: {
      const auto trace_value = [&](const slot_value& v) {
        t.raw_values.emplace_back(v.raw);
        t.decoded_values.emplace_back(v.decoded);
        if (c.kind == kind::header_contains_words || c.kind == kind::subject_contains_words) {
          eval::word_match where;
          if (c.words.matches(v.lowered, &where)) {
            note_match(v.decoded, c.source->values[where.word], where.offset);
          }
        } else if (c.kind == kind::header_matches_patterns ||
                   c.kind == kind::subject_matches_patterns) {
          for (std::size_t k = 0; k < c.patterns.size(); ++k) {
            try {
              boost::match_results<std::string_view::const_iterator> m;
              if (boost::regex_search(v.decoded.begin(), v.decoded.end(), m, c.patterns[k])) {
                note_match(v.decoded, c.source->values[k], static_cast<std::size_t>(m.position()));
                break;
              }
            } catch (const std::runtime_error&) {
            }
          }
        } else {
          mail::for_each_address(v.decoded, [&](std::string_view address) {
            const auto offset = static_cast<std::size_t>(address.data() - v.decoded.data());
            const std::string_view lower = v.lowered.substr(offset, address.size());
            eval::word_match where;
            if (c.kind == kind::from_address_contains_words && c.words.matches(lower, &where)) {
              note_match(address, c.source->values[where.word], where.offset);
            } else if (c.kind == kind::from && is_listed(lower, c.addresses)) {
              note_match(address, address, 0);
            } else if (c.kind == kind::sender_domain_is) {
              if (const std::string* d = matching_domain(lower, c.domains))
                note_match(address, *d, 0);
            } else if (c.kind == kind::from_address_matches_patterns) {
              for (std::size_t k = 0; k < c.patterns.size(); ++k) {
                try {
                  if (boost::regex_search(address.begin(), address.end(), c.patterns[k])) {
                    note_match(address, c.source->values[k], 0);
                    break;
                  }
                } catch (const std::runtime_error&) {
                }
              }
            }
          });
        }
        return false;
      };
      // SenderAddressLocation: the From header, the envelope sender (Return-Path), or both.
      if (c.reads_header_from) any_value(ctx, c.slot, trace_value);
      if (c.reads_envelope_from) any_value(ctx, c.envelope_slot, trace_value);
      break;
    }
    case kind::sent_to:
    case kind::recipient_domain_is:
      for (const auto& r : ctx.s.recipients()) {
        t.decoded_values.push_back(r);
        if (c.kind == kind::sent_to && is_listed(r, c.addresses)) note_match(r, r, 0);
        if (c.kind == kind::recipient_domain_is) {
          if (const std::string* d = matching_domain(r, c.domains)) note_match(r, *d, 0);
        }
      }
      break;
    case kind::subject_or_body_contains_words: {
      any_value(ctx, c.slot, [&](const slot_value& v) {
        t.raw_values.emplace_back(v.raw);
        t.decoded_values.emplace_back(v.decoded);
        return false;
      });
      eval::word_match where;
      bool in_body = false;
      if (subject_or_body_has_word(ctx, c, &where, &in_body)) {
        if (in_body) {
          // A window of the body around the match, for explain's caret.
          const std::string& text = body_of(ctx).text_lower;
          const std::size_t from = where.offset > 60 ? where.offset - 60 : 0;
          t.decoded_values.push_back("(body) " + text.substr(from, 160));
          note_match(t.decoded_values.back(), c.source->values[where.word],
                     where.offset - from + 7);
        } else {
          any_value(ctx, c.slot, [&](const slot_value& v) {
            eval::word_match w;
            if (!c.words.matches(v.lowered, &w)) return false;
            note_match(v.decoded, c.source->values[w.word], w.offset);
            return true;
          });
        }
      }
      break;
    }
    case kind::message_size_over:
      t.decoded_values.push_back(std::to_string(ctx.message.size()) + " bytes");
      if (result) note_match(t.decoded_values.back(), std::to_string(c.size_bytes) + " bytes", 0);
      break;
    case kind::attachment_extension_matches_words:
      for (const auto& e : body_of(ctx).attachment_extensions) {
        t.decoded_values.push_back(e);
        if (is_listed(e, c.addresses)) note_match(e, e, 0);
      }
      break;
    case kind::sender_ip_ranges:
      if (ctx.sender_ip) {
        t.decoded_values.push_back(ctx.sender_ip->to_string());
        if (const net::ip_range* r = c.ranges.find_entry(*ctx.sender_ip)) {
          note_match(t.decoded_values.back(), r->text, 0);
        }
      }
      break;
    case kind::scl_over: {
      const std::optional<int> scl = ctx.rule_scl ? ctx.rule_scl : ctx.message_scl;
      if (scl) t.decoded_values.push_back(std::to_string(*scl));
      break;
    }
  }
  ctx.trace->conditions.push_back(std::move(t));
}

}  // namespace mfsim::eval_detail
