// The generator's oracle: the record `mfsim run` must print for a message, derived from what the
// generator wrote (message_facts) and the rule set, following ../shared/spec and
// docs/decisions.md. It re-implements the semantics independently of engine/eval and
// engine/policy, and models only what the built-in presets use; anything else is refused.
#include <algorithm>
#include <numeric>

#include "corpus/generator/generator.h"
#include "corpus/generator/generator_internal.h"
#include "engine/terminal_text.h"

namespace mfsim::corpus::gen {
namespace {

bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// mailflow-model.md section 5: letters, digits and '_' are word characters, and so is every
// non-ASCII byte.
bool is_word_byte(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
         u == '_';
}

// "Includes any of these words": case-insensitive, whole word or phrase, no wildcards.
bool contains_word(std::string_view value, std::string_view word) {
  if (word.empty() || word.size() > value.size()) return false;
  for (std::size_t at = 0; at + word.size() <= value.size(); ++at) {
    if (!ascii_iequals(value.substr(at, word.size()), word)) continue;
    const bool left_ok = at == 0 || !is_word_byte(value[at - 1]);
    const std::size_t end = at + word.size();
    const bool right_ok = end == value.size() || !is_word_byte(value[end]);
    if (left_ok && right_ok) return true;
  }
  return false;
}

// `what` quotes names and values from the rule file: made inert here, where the message is
// built (what() would end at a NUL, and the message goes to a terminal).
[[noreturn]] void unsupported(const std::string& what) {
  throw generator_error("the generator's oracle does not model " + terminal_text(what) +
                        "; use a built-in preset (see `mfsim presets`) or a rule set without it");
}

std::vector<ip_range> resolve_ranges(const rules::rule_set& set,
                                     const std::vector<std::string>& values,
                                     const std::string& where) {
  std::vector<ip_range> out;
  for (const auto& v : values) {
    if (!v.empty() && v.front() == '$') {
      const std::string_view list_name = std::string_view(v).substr(1);
      const auto list = std::find_if(set.ip_lists.begin(), set.ip_lists.end(),
                                     [&](const rules::ip_list& l) { return l.name == list_name; });
      if (list == set.ip_lists.end())
        unsupported("the IP list reference '" + v + "' (" + where + ")");
      for (const auto& e : list->entries) {
        const auto r = parse_range(e);
        if (!r) unsupported("the IP range '" + e + "' (" + where + ")");
        out.push_back(*r);
      }
      continue;
    }
    const auto r = parse_range(v);
    if (!r) unsupported("the IP range '" + v + "' (" + where + ")");
    out.push_back(*r);
  }
  return out;
}

bool in_ranges(const std::vector<ip_range>& ranges, const std::optional<ip_value>& ip) {
  if (!ip) return false;
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const ip_range& r) { return r.contains(*ip); });
}

oracle_rules::rule prepare_rule(const rules::rule_set& set, const rules::transport_rule& r) {
  const std::string where = "rule '" + r.name + "'";
  if (!r.exceptions.empty()) {
    unsupported(std::string("the exception ExceptIf") +
                rules::parameter_name(r.exceptions.front().kind) + " (" + where + ")");
  }
  oracle_rules::rule out;
  out.name = r.name;
  out.enforce = r.mode == rules::rule_mode::enforce;
  for (const auto& c : r.conditions) {
    switch (c.kind) {
      case rules::condition_kind::header_contains_words:
        if (!ascii_iequals(c.header_name, set.area1.disposition_header)) {
          unsupported("HeaderContainsWords on '" + c.header_name +
                      "', which is not the disposition header (" + where + ")");
        }
        out.word_conditions.push_back(c.values);
        break;
      case rules::condition_kind::sender_ip_ranges:
        out.ip_conditions.push_back(resolve_ranges(set, c.values, where));
        break;
      default:
        unsupported(std::string("the condition ") + rules::parameter_name(c.kind) + " (" + where +
                    ")");
    }
  }
  const auto& a = r.actions;
  if (a.set_header_name || a.set_header_value)
    unsupported("SetHeaderName/SetHeaderValue (" + where + ")");
  if (a.remove_header) unsupported("RemoveHeader (" + where + ")");
  if (a.prepend_subject) unsupported("PrependSubject (" + where + ")");
  if (a.delete_message) unsupported("DeleteMessage (" + where + ")");
  if (!a.redirect_message_to.empty()) unsupported("RedirectMessageTo (" + where + ")");
  out.set_scl = a.set_scl;
  out.quarantine = a.quarantine;
  out.stop = a.stop_rule_processing;
  return out;
}

const oracle_rules::policy* find_policy(const oracle_rules& rules, std::string_view name) {
  for (const auto& p : rules.quarantine_policies) {
    if (ascii_iequals(p.name, name)) return &p;  // tags compare without case
  }
  return nullptr;
}

// ---- the decision, step by step (mailflow-model.md section 1) ---------------------------------

enum class verdict {
  not_spam,
  skipped,
  bulk,
  spam,
  spoof,
  high_confidence_spam,
  phish,
  high_confidence_phish,
  malware
};

const char* verdict_name(verdict v) {
  switch (v) {
    case verdict::not_spam: return "not_spam";
    case verdict::skipped: return "skipped";
    case verdict::bulk: return "bulk";
    case verdict::spam: return "spam";
    case verdict::high_confidence_spam: return "high_confidence_spam";
    case verdict::spoof: return "spoof";
    case verdict::phish: return "phish";
    case verdict::high_confidence_phish: return "high_confidence_phish";
    case verdict::malware: return "malware";
  }
  return "?";
}

// Section 6 precedence: malware, HCP, phish, HCS, spoof, spam, bulk; the enum is in that order.
verdict stronger(verdict a, verdict b) {
  return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

verdict from_category(eop_category c, bool spoof_intelligence) {
  switch (c) {
    case eop_category::malware: return verdict::malware;
    case eop_category::high_confidence_phish: return verdict::high_confidence_phish;
    case eop_category::phish: return verdict::phish;
    case eop_category::bulk: return verdict::bulk;
    case eop_category::spoof: return spoof_intelligence ? verdict::spoof : verdict::not_spam;
    case eop_category::spam:
    case eop_category::none: break;
  }
  return verdict::not_spam;
}

// decisions.md 11-13: the SCL (a rule's 5..9 or -1, else the message's) gives spam or HCS; the
// categories and BCL give the rest; SCL -1 gives skipped unless malware or HCP. Bulk mail whose
// own SCL is 6 without CAT:SPM got that SCL from MarkAsSpamBulkMail: bulk (or nothing, Off).
verdict decide_verdict(const std::optional<int>& rule_scl, const message_facts& m,
                       const rules::antispam_policy& antispam, bool spoof_intelligence) {
  const bool rule_forces = rule_scl && (*rule_scl < 0 || *rule_scl >= 5);
  const std::optional<int> scl = rule_forces ? rule_scl : m.scl;
  const verdict category = from_category(m.category, spoof_intelligence);
  if (scl && *scl < 0) {
    return category == verdict::malware || category == verdict::high_confidence_phish
               ? category
               : verdict::skipped;
  }
  const bool bulk = m.category == eop_category::bulk || m.bulk_service ||
                    (m.bcl && *m.bcl >= antispam.bulk_threshold);
  verdict v = verdict::not_spam;
  if (scl && *scl >= 7) {
    v = verdict::high_confidence_spam;
  } else if (scl && *scl >= 5) {
    v = verdict::spam;
    if (bulk && !rule_forces && *scl == 6 && m.category != eop_category::spam) {
      v = antispam.mark_as_spam_bulk_mail ? verdict::bulk : verdict::not_spam;
    }
  }
  if (category != verdict::bulk) v = stronger(v, category);
  if (bulk && antispam.mark_as_spam_bulk_mail) v = stronger(v, verdict::bulk);
  return v;
}

const char* action_name(rules::spam_action a) {
  switch (a) {
    case rules::spam_action::move_to_jmf: return "junk";
    case rules::spam_action::add_x_header: return "add_x_header";
    case rules::spam_action::modify_subject: return "modify_subject";
    case rules::spam_action::redirect: return "redirect";
    case rules::spam_action::delete_message: return "delete";
    case rules::spam_action::quarantine: return "quarantine";
    case rules::spam_action::no_action: return "deliver";
  }
  return "?";
}

const rules::verdict_setting* setting_for(const rules::antispam_policy& p, verdict v) {
  switch (v) {
    case verdict::bulk: return &p.bulk;
    case verdict::spam: return &p.spam;
    case verdict::high_confidence_spam: return &p.high_confidence_spam;
    case verdict::phish: return &p.phish;
    case verdict::high_confidence_phish: return &p.high_confidence_phish;
    default: return nullptr;
  }
}

struct record {
  std::optional<std::string> disposition;
  std::vector<const std::string*> rules;
  std::optional<int> scl;
  const char* scl_source = "none";
  verdict verdict_value = verdict::not_spam;
  const char* action = "deliver";
  std::optional<std::string> quarantine_policy;
  const char* release = nullptr;
  bool notify = false;
  std::optional<std::int64_t> expires;
};

constexpr int kFixedRetentionDays = 30;  // transport-rule quarantine and malware (section 8)

void quarantine(record& r, const oracle_rules& rules, const std::string& policy_name, int days,
                const message_facts& m) {
  const auto* p = find_policy(rules, policy_name);
  r.action = "quarantine";
  r.quarantine_policy = policy_name;
  const bool strict =
      r.verdict_value == verdict::malware || r.verdict_value == verdict::high_confidence_phish;
  if (p->permissions & rules::perm_release)
    r.release = strict ? "request" : "user";
  else if (p->permissions & rules::perm_request_release)
    r.release = "request";
  else
    r.release = "admin";
  r.notify = p->notify;
  if (m.received) r.expires = *m.received + std::int64_t{days} * 86400;
}

record decide(const oracle_rules& rules, const message_facts& m) {
  record r;
  if (!m.disposition_values.empty() && !m.disposition_values.front().empty()) {
    r.disposition = upper(m.disposition_values.front());
  }
  // [A] Area 1 keeps its quarantine dispositions (decisions.md 20).
  if (r.disposition && std::find(rules.area1_quarantine.begin(), rules.area1_quarantine.end(),
                                 *r.disposition) != rules.area1_quarantine.end()) {
    r.action = "area1_quarantine";
    r.quarantine_policy = "Area1Quarantine";
    r.release = "admin";
    return r;
  }
  // [C] transport rules in (priority, position) order.
  std::optional<int> rule_scl;
  bool rule_quarantine = false;
  for (const auto& rule : rules.rules) {
    const bool words_hold = std::all_of(
        rule.word_conditions.begin(), rule.word_conditions.end(), [&](const auto& words) {
          return std::any_of(m.disposition_values.begin(), m.disposition_values.end(),
                             [&](const std::string& value) {
                               return std::any_of(
                                   words.begin(), words.end(),
                                   [&](const std::string& w) { return contains_word(value, w); });
                             });
        });
    const bool ips_hold =
        std::all_of(rule.ip_conditions.begin(), rule.ip_conditions.end(),
                    [&](const auto& ranges) { return in_ranges(ranges, m.sender_ip); });
    if (!words_hold || !ips_hold) continue;
    r.rules.push_back(&rule.name);
    if (!rule.enforce) continue;  // Audit: listed, nothing runs (decisions.md 15)
    if (rule.set_scl) rule_scl = rule.set_scl;
    if (rule.quarantine) {
      rule_quarantine = true;
      break;
    }
    if (rule.stop) break;
  }
  // [D] SCL and verdict.
  if (rule_scl) {
    r.scl = rule_scl;
    r.scl_source = "rule";
  } else if (m.scl) {
    r.scl = m.scl;
    r.scl_source = "message";
  }
  r.verdict_value =
      decide_verdict(rule_scl, m, rules.antispam, rules.antiphish.enable_spoof_intelligence);
  // [E]/[F] action, quarantine policy, release, expiry.
  if (r.verdict_value == verdict::malware) {
    quarantine(r, rules, "AdminOnlyAccessPolicy", kFixedRetentionDays, m);
  } else if (rule_quarantine) {
    quarantine(r, rules, "AdminOnlyAccessPolicy", kFixedRetentionDays, m);
  } else if (r.verdict_value == verdict::high_confidence_phish && rule_scl && *rule_scl < 0 &&
             !rules.mx_points_to_microsoft365) {
    r.action = "deliver";  // secure by default's exception (decisions.md 12a)
  } else if (r.verdict_value == verdict::spoof) {
    // The builder writes dmarc=pass: AuthenticationFailAction decides (decisions.md 13).
    if (rules.antiphish.authentication_fail_action == rules::spoof_action::quarantine) {
      quarantine(r, rules, rules.antiphish.spoof_quarantine_tag,
                 rules.antispam.quarantine_retention_days, m);
    } else {
      r.action = "junk";
    }
  } else if (const auto* s = setting_for(rules.antispam, r.verdict_value)) {
    if (s->action == rules::spam_action::quarantine) {
      quarantine(r, rules, s->quarantine_tag, rules.antispam.quarantine_retention_days, m);
    } else {
      r.action = action_name(s->action);
    }
  }
  return r;
}

// ---- JSON -------------------------------------------------------------------------------------

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}

void append_nullable(std::string& out, const std::optional<std::string>& s) {
  if (s)
    append_json_string(out, *s);
  else
    out += "null";
}

}  // namespace

oracle_rules prepare_oracle(const rules::rule_set& set) {
  oracle_rules out;
  if (set.scl_model_kind != rules::scl_model::classic) unsupported("scl_model advisory");
  out.disposition_header = set.area1.disposition_header;
  for (const auto& d : set.area1.quarantine_dispositions) out.area1_quarantine.push_back(upper(d));
  if (!set.area1.egress_list.empty()) {
    out.egress = resolve_ranges(set, {"$" + set.area1.egress_list}, "area1 egress_list");
  }
  std::vector<std::size_t> order(set.transport_rules.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return set.transport_rules[a].priority < set.transport_rules[b].priority;
  });
  for (std::size_t i : order) {
    const auto& r = set.transport_rules[i];
    if (r.state == rules::rule_state::enabled) out.rules.push_back(prepare_rule(set, r));
  }
  out.antispam = set.antispam;
  out.antiphish = set.antiphish;
  out.mx_points_to_microsoft365 = rules::mx_points_to_microsoft365(set);
  for (const auto& p : set.quarantine_policies)
    out.quarantine_policies.push_back({p.name, p.permissions, p.notifications});
  // The built-ins every tenant has (mailflow-model.md section 8): no access 0, full access 39.
  out.quarantine_policies.push_back({"AdminOnlyAccessPolicy", 0, false});
  out.quarantine_policies.push_back({"DefaultFullAccessPolicy", 39, false});
  out.quarantine_policies.push_back({"DefaultFullAccessWithNotificationPolicy", 39, true});
  out.quarantine_policies.push_back({"NotificationEnabledPolicy", 39, true});
  const rules::verdict_setting* settings[] = {
      &set.antispam.spam, &set.antispam.high_confidence_spam, &set.antispam.phish,
      &set.antispam.high_confidence_phish, &set.antispam.bulk};
  for (const auto* s : settings) {
    if (s->action == rules::spam_action::quarantine &&
        find_policy(out, s->quarantine_tag) == nullptr) {
      unsupported("the quarantine tag '" + s->quarantine_tag + "' (no such quarantine policy)");
    }
  }
  return out;
}

void append_truth_record(const oracle_rules& rules, std::string_view id, const message_facts& facts,
                         std::string& out) {
  const record r = decide(rules, facts);
  out += "{\"id\":";
  append_json_string(out, id);
  out += ",\"disposition\":";
  append_nullable(out, r.disposition);
  out += ",\"sender_ip\":";
  append_nullable(out, facts.sender_ip ? std::optional<std::string>(format_ip(*facts.sender_ip))
                                       : std::nullopt);
  out += ",\"sender_ip_source\":";
  append_json_string(out, facts.sender_ip_source);
  out += ",\"in_egress\":";
  out += in_ranges(rules.egress, facts.sender_ip) ? "true" : "false";
  out += ",\"rules\":[";
  for (std::size_t i = 0; i < r.rules.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, *r.rules[i]);
  }
  out += "],\"scl\":";
  out += r.scl ? std::to_string(*r.scl) : "null";
  out += ",\"scl_source\":";
  append_json_string(out, r.scl_source);
  out += ",\"verdict\":";
  append_json_string(out, verdict_name(r.verdict_value));
  out += ",\"action\":";
  append_json_string(out, r.action);
  out += ",\"quarantine_policy\":";
  append_nullable(out, r.quarantine_policy);
  out += ",\"release\":";
  append_nullable(out, r.release ? std::optional<std::string>(r.release) : std::nullopt);
  out += ",\"notify\":";
  out += r.notify ? "true" : "false";
  out += ",\"expires\":";
  append_nullable(out,
                  r.expires ? std::optional<std::string>(iso8601_utc(*r.expires)) : std::nullopt);
  out += ",\"error\":";
  append_nullable(out,
                  facts.error.empty() ? std::nullopt : std::optional<std::string>(facts.error));
  out += "}\n";
}

}  // namespace mfsim::corpus::gen

namespace mfsim::corpus {

std::string oracle_unsupported(const rules::rule_set& set) {
  try {
    (void)gen::prepare_oracle(set);
  } catch (const generator_error& e) {
    return e.what();
  }
  return {};
}

}  // namespace mfsim::corpus
