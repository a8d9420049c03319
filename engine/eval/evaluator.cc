// evaluate(): one message through stages [2] to [5] of the pipeline, on a reused scratch.
#include <algorithm>
#include <cstring>

#include "engine/eval/plan_internal.h"
#include "engine/eval/scratch_internal.h"
#include "engine/mail/rfc2047.h"
#include "engine/policy/antispam_policy.h"
#include "engine/policy/quarantine_policy.h"
#include "engine/ascii.h"

namespace mfsim {

scratch::scratch() : impl_(std::make_unique<impl>()) {}
scratch::~scratch() = default;

namespace {

constexpr int kRuleQuarantineRetentionDays = 30;  // hosted quarantine by a transport rule
constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::size_t kMaxSlotNameBytes = 256;  // longer header names are read by no condition

// Everything one evaluation reads and writes, to keep the condition functions' signatures short.
struct context {
  const plan::impl& rules_plan;
  scratch::impl& s;
  std::optional<int> rule_scl;      // last SetSCL of an enforced rule so far
  std::optional<int> message_scl;   // what Microsoft recorded, for SCLOver
  std::uint32_t rule_index = 0;     // the rule being evaluated, for rule errors
};

void file_fields_by_slot(const plan::impl& p, scratch::impl& s) {
  s.slot_fields.resize(p.slot_names.size());
  for (auto& list : s.slot_fields) list.clear();
  char lowered[kMaxSlotNameBytes];
  for (std::uint32_t i = 0; i < s.block.fields.size(); ++i) {
    const std::string_view name = s.block.fields[i].name;
    if (name.size() > kMaxSlotNameBytes) continue;
    for (std::size_t k = 0; k < name.size(); ++k) lowered[k] = ascii_lower(name[k]);
    const int slot = p.slot_of(std::string_view(lowered, name.size()));
    if (slot != kNoSlot) s.slot_fields[static_cast<std::size_t>(slot)].push_back(i);
  }
}

// The decoded and lower-cased value of field i, computed once per message.
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

// Calls visit(decoded, lowered) for each current value of a slot, in order; stops when visit
// returns true, and returns whether it did.
template <typename Visit>
bool any_value(context& ctx, int slot, Visit&& visit) {
  if (slot == kNoSlot) return false;
  const auto u = static_cast<std::size_t>(slot);
  if (!ctx.s.slot_replaced[u]) {
    for (const std::uint32_t i : ctx.s.slot_fields[u]) {
      ensure_decoded(ctx.s, i);
      if (visit(std::string_view(ctx.s.decoded[i]), std::string_view(ctx.s.lowered[i]))) return true;
    }
  }
  for (std::size_t k = 0; k < ctx.s.added_count; ++k) {
    const auto& a = ctx.s.added[k];
    if (a.slot == slot && visit(std::string_view(a.decoded), std::string_view(a.lowered))) return true;
  }
  return false;
}

bool any_pattern(context& ctx, const compiled_condition& c, std::string_view text) {
  for (const auto& re : c.patterns) {
    try {
      if (boost::regex_search(text.data(), text.data() + text.size(), ctx.s.match, re)) return true;
    } catch (const std::runtime_error&) {
      // Boost.Regex's complexity bound: the rule errs on this message, evaluation goes on.
      ctx.s.result.rule_errors.push_back(
          {ctx.rule_index, "pattern match exceeded Boost.Regex's complexity limit; counted as no match"});
    }
  }
  return false;
}

bool domain_matches(std::string_view address_lower, const std::vector<std::string>& domains) {
  const std::size_t at = address_lower.rfind('@');
  if (at == std::string_view::npos) return false;
  const std::string_view domain = address_lower.substr(at + 1);
  for (const auto& d : domains) {
    if (domain == d) return true;
    // Subdomains match too: "mail.contoso.com" is in "contoso.com".
    if (domain.size() > d.size() && domain.substr(domain.size() - d.size()) == d &&
        domain[domain.size() - d.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

// Applies `test(address, address_lower)` to every address of the From header.
template <typename Test>
bool any_from_address(context& ctx, const compiled_condition& c, Test&& test) {
  return any_value(ctx, c.slot, [&](std::string_view decoded, std::string_view lowered) {
    bool found = false;
    mail::for_each_address(decoded, [&](std::string_view address) {
      if (found) return;
      const auto offset = static_cast<std::size_t>(address.data() - decoded.data());
      found = test(address, lowered.substr(offset, address.size()));
    });
    return found;
  });
}

bool condition_holds(context& ctx, const compiled_condition& c,
                     const std::optional<net::ip_address>& sender_ip) {
  using kind = rules::condition_kind;
  switch (c.kind) {
    case kind::header_contains_words:
    case kind::subject_contains_words:
      return any_value(ctx, c.slot, [&](std::string_view, std::string_view lowered) {
        return c.words.matches(lowered);
      });
    case kind::header_matches_patterns:
    case kind::subject_matches_patterns:
      return any_value(ctx, c.slot, [&](std::string_view decoded, std::string_view) {
        return any_pattern(ctx, c, decoded);
      });
    case kind::sender_ip_ranges:
      return sender_ip && c.ranges.contains(*sender_ip);
    case kind::from_address_contains_words:
      return any_from_address(ctx, c, [&](std::string_view, std::string_view lower) {
        return c.words.matches(lower);
      });
    case kind::from_address_matches_patterns:
      return any_from_address(ctx, c, [&](std::string_view address, std::string_view) {
        return any_pattern(ctx, c, address);
      });
    case kind::sender_domain_is:
      return any_from_address(ctx, c, [&](std::string_view, std::string_view lower) {
        return domain_matches(lower, c.domains);
      });
    case kind::scl_over: {
      const std::optional<int> scl = ctx.rule_scl ? ctx.rule_scl : ctx.message_scl;
      return scl && *scl >= c.scl;
    }
  }
  return false;
}

bool rule_matches(context& ctx, const compiled_rule& rule,
                  const std::optional<net::ip_address>& sender_ip) {
  for (const auto& c : rule.conditions) {
    if (!condition_holds(ctx, c, sender_ip)) return false;
  }
  for (const auto& e : rule.exceptions) {
    if (condition_holds(ctx, e, sender_ip)) return false;
  }
  return true;
}

void add_header_value(scratch::impl& s, int slot, std::string_view value) {
  if (s.added_count == s.added.size()) s.added.emplace_back();
  auto& a = s.added[s.added_count++];
  a.slot = slot;
  a.decoded.assign(value);
  a.lowered.clear();
  append_ascii_lower(value, a.lowered);
}

void drop_added_values(scratch::impl& s, int slot) {
  std::size_t kept = 0;
  for (std::size_t k = 0; k < s.added_count; ++k) {
    if (s.added[k].slot != slot) std::swap(s.added[kept++], s.added[k]);
  }
  s.added_count = kept;
}

// Replaces every value of a slot for the rules that follow.
void replace_header(scratch::impl& s, int slot, std::optional<std::string_view> value) {
  if (slot == kNoSlot) return;  // no later condition reads it
  s.slot_replaced[static_cast<std::size_t>(slot)] = 1;
  drop_added_values(s, slot);
  if (value) add_header_value(s, slot, *value);
}

enum class terminal { none, redirect, quarantine, delete_message };

struct rules_result {
  terminal end = terminal::none;
};

rules_result run_transport_rules(context& ctx, const std::optional<net::ip_address>& sender_ip) {
  rules_result result;
  auto& out = ctx.s.result;
  for (std::uint32_t i = 0; i < ctx.rules_plan.rules.size(); ++i) {
    const compiled_rule& rule = ctx.rules_plan.rules[i];
    if (!rule.enabled) continue;
    ctx.rule_index = i;
    const std::size_t errors_before = out.rule_errors.size();
    const bool matched = rule_matches(ctx, rule, sender_ip);
    // A pattern that could not finish leaves the rule undecided: it neither fires nor counts as
    // cancelled by an exception; the rule error says so.
    if (!matched || out.rule_errors.size() != errors_before) continue;
    out.rules.push_back(i);
    if (!rule.enforce) continue;  // Audit modes record the match and change nothing
    const rules::rule_actions& a = rule.source->actions;
    if (a.set_scl) ctx.rule_scl = *a.set_scl;
    if (a.remove_header) replace_header(ctx.s, rule.remove_header_slot, std::nullopt);
    if (a.set_header_name) {
      replace_header(ctx.s, rule.set_header_slot, a.set_header_value.value_or(std::string()));
    }
    if (a.prepend_subject) {
      std::string& subject = ctx.s.buffer2;
      subject.assign(*a.prepend_subject);
      any_value(ctx, rule.subject_slot, [&](std::string_view decoded, std::string_view) {
        subject.append(decoded);
        return true;  // the first Subject: is the subject
      });
      replace_header(ctx.s, rule.subject_slot, std::string_view(subject));
    }
    if (!a.redirect_message_to.empty() && result.end == terminal::none) result.end = terminal::redirect;
    if (a.delete_message) {
      result.end = terminal::delete_message;
      break;
    }
    if (a.quarantine) {
      result.end = terminal::quarantine;
      break;
    }
    if (a.stop_rule_processing) break;
  }
  return result;
}

void read_disposition(const plan::impl& p, scratch::impl& s) {
  auto& out = s.result;
  if (p.disposition_slot == kNoSlot) return;
  const auto& fields = s.slot_fields[static_cast<std::size_t>(p.disposition_slot)];
  if (fields.empty()) return;
  ensure_decoded(s, fields.front());
  std::string_view value = s.decoded[fields.front()];
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return;
  s.disposition.assign(value);
  for (char& c : s.disposition) c = ascii_upper(c);
  out.disposition = s.disposition;
}

void apply_quarantine(outcome& out, const rules::rule_set& set, std::string_view policy_name,
                      int retention_days, bool rule_quarantine) {
  out.action = final_action::quarantine;
  const rules::quarantine_policy* policy = policy::find_quarantine_policy(set, policy_name);
  out.quarantine_policy = policy != nullptr ? std::string_view(policy->name) : policy_name;
  const std::uint32_t permissions = policy != nullptr ? policy->permissions : 0;
  out.release = rule_quarantine ? release_path::admin : policy::release_for(permissions, out.verdict_value);
  out.notify = !rule_quarantine && policy != nullptr && policy->notifications;
  if (out.received) out.expires = *out.received + retention_days * kSecondsPerDay;
}

void prepare(const plan::impl& p, scratch::impl& s) {
  s.result.clear();
  s.added_count = 0;
  s.slot_replaced.assign(p.slot_names.size(), 0);
  if (++s.stamp == 0) {  // the stamp wrapped: forget every cached value
    std::fill(s.decoded_stamp.begin(), s.decoded_stamp.end(), 0);
    s.stamp = 1;
  }
  const std::size_t n = s.block.fields.size();
  if (s.decoded.size() < n) {
    s.decoded.resize(n);
    s.lowered.resize(n);
    s.decoded_stamp.resize(n, 0);
  }
}

bool kept_by_area1(const plan::impl& p, const outcome& out) {
  if (!out.disposition) return false;
  return std::find(p.area1_quarantine.begin(), p.area1_quarantine.end(), *out.disposition) !=
         p.area1_quarantine.end();
}

void evaluate_message(const plan::impl& p, std::string_view message, const run_options& options,
                      scratch::impl& s, const std::optional<net::ip_address>& manifest_ip) {
  mail::scan_headers(message, options.limits, s.block);
  prepare(p, s);
  outcome& out = s.result;
  out.flags = s.block.flags;
  if (message.empty()) {
    out.error = "empty message";
  } else if (s.block.fields.empty()) {
    out.error = "no header fields";
  }
  file_fields_by_slot(p, s);
  read_disposition(p, s);

  if (manifest_ip) {
    out.sender_ip = manifest_ip;
    out.sender_ip_source = mail::ip_source::manifest;
  } else if (options.client_ip) {
    out.sender_ip = options.client_ip;
    out.sender_ip_source = mail::ip_source::client_ip;
  } else {
    const auto found = mail::find_sender_ip(s.block.fields, s.buffer);
    out.sender_ip = found.address;
    out.sender_ip_source = found.source;
  }
  out.in_egress = out.sender_ip && p.egress.contains(*out.sender_ip);
  out.received = mail::received_time(s.block.fields, s.buffer);
  if (!out.received) out.received = options.now;

  if (kept_by_area1(p, out)) {
    // Area 1 keeps it in its own admin quarantine: Microsoft 365 never sees it.
    out.action = final_action::area1_quarantine;
    out.quarantine_policy = "Area1Quarantine";
    out.release = release_path::admin;
    return;
  }

  mail::eop_verdict recorded;
  if (!options.ignore_message_verdict) recorded = mail::read_eop_verdict(s.block.fields, s.buffer);

  context ctx{p, s, std::nullopt, recorded.scl, 0};
  const rules_result ran = run_transport_rules(ctx, out.sender_ip);

  if (ctx.rule_scl) {
    out.scl = ctx.rule_scl;
    out.scl_source = scl_origin::rule;
  } else if (recorded.scl) {
    out.scl = recorded.scl;
    out.scl_source = scl_origin::message;
  }
  const rules::rule_set& set = p.source;
  out.verdict_value = policy::decide_verdict({ctx.rule_scl, recorded, set.antispam.bulk_threshold});

  // Anti-malware runs before mail flow rules (section 1): malware is quarantined whatever a
  // rule asked for.
  const terminal end = out.verdict_value == verdict::malware ? terminal::none : ran.end;
  switch (end) {
    case terminal::delete_message: out.action = final_action::delete_message; return;
    case terminal::quarantine:
      apply_quarantine(out, set, "AdminOnlyAccessPolicy", kRuleQuarantineRetentionDays, true);
      return;
    case terminal::redirect: out.action = final_action::redirect; return;
    case terminal::none: break;
  }
  const policy::policy_action decided = policy::action_for(set.antispam, out.verdict_value);
  out.action = decided.action;
  if (decided.action == final_action::quarantine) {
    apply_quarantine(out, set, decided.quarantine_tag, decided.retention_days, false);
  }
}

}  // namespace

const outcome& evaluate(const plan& p, std::string_view message, const run_options& options,
                        scratch& s, const std::optional<net::ip_address>& manifest_ip) noexcept {
  scratch::impl& si = s.internals();
  try {
    evaluate_message(p.internals(), message, options, si, manifest_ip);
  } catch (const std::exception&) {
    // Only allocation failure can get here; the record still goes out, marked.
    si.result.error = "out of memory while evaluating";
  }
  return si.result;
}

}  // namespace mfsim
