// `mfsim explain`'s text: the engine's explanation, rendered for a terminal.
#include <fmt/format.h>

#include <algorithm>

#include "engine/ascii.h"
#include "engine/mail/header_scanner.h"
#include "engine/report/fork_text.h"
#include "engine/terminal_text.h"
#include "engine/trace.h"
#include "tools/explain_render.h"

namespace mfsim::tools {
namespace {

// A value on one line, shown inert as terminal_text.h does, so a marker below lines up. Counts
// the display columns (code points) of the escaped text of value[0, marker_at).
std::string printable(std::string_view value, std::size_t marker_at, std::size_t& column) {
  std::string out;
  column = 0;
  std::size_t columns = 0;
  bool marked = false;
  for (std::size_t i = 0; i < value.size();) {
    if (!marked && i >= marker_at) {
      column = columns;
      marked = true;
    }
    // One code point at a time; a byte that is not well-formed UTF-8 is one piece (`\xff`).
    std::size_t length =
        static_cast<unsigned char>(value[i]) < 0x80 ? 1 : utf8_sequence_length(value, i);
    if (length == 0) length = 1;
    const std::string piece = terminal_text(value.substr(i, length));
    out += piece;
    for (const char c : piece) columns += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    i += length;
  }
  if (!marked) column = columns;
  return out;
}

std::size_t columns_of(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

// The match in context: up to 50 bytes each side, then a line with ^~~~ under the match.
void append_marked(std::string& out, const std::string& indent, std::string_view value,
                   std::size_t offset, std::size_t length) {
  constexpr std::size_t kContext = 50;
  offset = std::min(offset, value.size());
  length = std::min(length, value.size() - offset);
  std::size_t from = offset > kContext ? offset - kContext : 0;
  std::size_t to = std::min(value.size(), offset + length + kContext);
  while (from > 0 && (static_cast<unsigned char>(value[from]) & 0xc0) == 0x80) --from;
  while (to < value.size() && (static_cast<unsigned char>(value[to]) & 0xc0) == 0x80) ++to;
  const std::string_view window = value.substr(from, to - from);
  std::size_t start = 0, end = 0;
  const std::string shown = printable(window, offset - from, start);
  (void)printable(window, offset - from + length, end);
  const std::string before = from > 0 ? "..." : "";
  out += indent + before + shown + (to < value.size() ? "..." : "") + "\n";
  const std::size_t width = std::max<std::size_t>(end > start ? end - start : 1, 1);
  out += indent + std::string(columns_of(before) + start, ' ') + "^" + std::string(width - 1, '~') +
         "\n";
}

// A value in double quotes as a person reads it: only quotes, backslashes before quotes and
// control characters are escaped (a pattern's "\s" stays "\s").
std::string in_quotes(std::string_view v) {
  std::size_t unused = 0;
  std::string out = "\"";
  std::size_t start = 0;
  for (std::size_t i = 0; i <= v.size(); ++i) {  // the runs between quotes, whole
    if (i < v.size() && v[i] != '"') continue;
    out += printable(v.substr(start, i - start), std::string::npos, unused);
    if (i < v.size()) out += "\\\"";
    start = i + 1;
  }
  return out + "\"";
}

// "-" for an absent value. Strings come from messages, file names and rule files: shown inert
// (terminal_text.h).
std::string text_of(const std::optional<std::string>& v) { return v ? terminal_text(*v) : "-"; }
std::string text_of(const std::optional<int>& v) { return v ? std::to_string(*v) : "-"; }

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& v : items) {
    if (!out.empty()) out += separator;
    out += v;
  }
  return out;
}

void render_values(std::string& out, const explain::condition_step& c) {
  const auto& raw = c.raw_values;
  const auto& decoded = c.decoded_values;
  if (decoded.empty()) out += "          looked at: nothing (the message has no such header)\n";
  for (std::size_t k = 0; k < decoded.size(); ++k) {
    const bool same = k < raw.size() && ascii_trim_blanks(raw[k]) == decoded[k];
    out += fmt::format("          looked at: {}", in_quotes(decoded[k]));
    if (k < raw.size() && !same) out += fmt::format("  (raw: {})", in_quotes(raw[k]));
    out += '\n';
  }
  if (!c.match) return;
  const explain::match_step& m = *c.match;
  out += fmt::format("          matched {}{}:\n", in_quotes(m.term),
                     m.offset ? fmt::format(" at offset {}", *m.offset) : "");
  if (m.offset) {
    append_marked(out, "            ", m.value, *m.offset, m.length);
  } else {
    out += fmt::format("            {}\n", in_quotes(m.value));
  }
}

void render_condition(std::string& out, const explain::condition_step& c, bool first_condition) {
  const std::string lead = c.exception ? "except if" : first_condition ? "if" : "and";
  std::string values;
  for (const auto& v : c.values) values += (values.empty() ? "" : ", ") + in_quotes(v);
  const std::string header = c.header ? " " + terminal_text(*c.header) : "";
  std::string result;
  if (!c.evaluated)
    result = "not evaluated";
  else if (c.errored)
    result = "error (pattern too complex: the rule is undecided)";
  else
    result = c.result.value_or(false) ? "true" : "false";
  if (c.second_parameter) {
    std::string second;
    for (const auto& v : c.second_values) second += (second.empty() ? "" : ", ") + in_quotes(v);
    values += fmt::format("] {} [{}", *c.second_parameter, second);
  }
  out += fmt::format("     {} {}{} [{}]: {}\n", lead, c.parameter, header, values, result);
  if (!c.evaluated) return;
  const auto& decoded = c.decoded_values;
  if (c.is_sender_ip) {
    if (decoded.empty())
      out += "          no connecting IP known\n";
    else if (c.match)
      out += fmt::format("          sender IP {} is in {}\n", terminal_text(decoded[0]),
                         terminal_text(c.match->term));
    else
      out += fmt::format("          sender IP {} is in none of the ranges\n", decoded[0]);
    return;
  }
  if (c.is_scl) {
    out += decoded.empty()
               ? std::string("          no SCL so far (no rule set one, none recorded)\n")
               : fmt::format("          SCL so far: {}\n", decoded[0]);
    return;
  }
  render_values(out, c);
}

void render_summary(std::string& out, const explain::explanation& e) {
  const outcome& r = e.record;
  out += fmt::format("Message: {}\n", terminal_text(e.id));
  out += fmt::format("Rule set: {} ({})\n", terminal_text(e.rule_set_name),
                     terminal_text(e.rule_set_source));
  out +=
      fmt::format("Outcome: {}{}, verdict {}, SCL {} ({})\n", to_string(r.action),
                  r.quarantine_policy.empty() ? "" : " under " + terminal_text(r.quarantine_policy),
                  to_string(r.verdict_value), text_of(r.scl), to_string(r.scl_source));
  std::string reason;
  append_folder_reason(reason, r.folder_reason);
  out += fmt::format("Folder: {} ({})\n", to_string(r.folder_value), terminal_text(reason));
  if (e.error) out += fmt::format("Error: {}\n", terminal_text(*e.error));
  std::vector<std::string_view> flags;
  mail::flag_names(r.flags, flags);
  if (!flags.empty()) {
    out += "Header damage: ";
    for (std::size_t k = 0; k < flags.size(); ++k)
      out += (k > 0 ? ", " : "") + std::string(flags[k]);
    out += '\n';
  }
}

void render_area1(std::string& out, const explain::area1_step& a1) {
  out += fmt::format("\n[A] Area 1 disposition (header {})\n", terminal_text(a1.header));
  if (a1.instances.empty()) {
    out += "  no such header: no disposition (clean as far as Area 1 says)\n";
  }
  for (std::size_t k = 0; k < a1.instances.size(); ++k) {
    const explain::header_instance& inst = a1.instances[k];
    out += fmt::format(
        "  {} {}{}\n", k == 0 ? "read: " : "other:", in_quotes(inst.decoded),
        ascii_trim_blanks(inst.raw) == inst.decoded ? "" : "  (raw: " + in_quotes(inst.raw) + ")");
  }
  if (a1.instances.size() > 1) out += "  (only the first instance gives the disposition)\n";
  out += fmt::format("  disposition: {}\n", text_of(a1.disposition));
  if (a1.kept_by_area1) {
    out += fmt::format("  Area 1 keeps {} in its own quarantine (quarantine dispositions: {})\n",
                       text_of(a1.disposition),
                       terminal_text(joined(a1.quarantine_dispositions, ", ")));
  }
}

void render_connection(std::string& out, const explain::connection_step& c, bool disposition) {
  out += "\n[B] Connecting IP\n";
  if (!c.sender_ip) {
    out += "  none found (no manifest entry, --client-ip, or header that names one)\n";
    return;
  }
  out += fmt::format("  {} (source: {})\n", *c.sender_ip, c.source);
  if (c.source_header) {
    out += fmt::format("    {}: {}\n", terminal_text(c.source_header->name),
                       terminal_text(c.source_header->value));
  }
  if (c.in_egress) {
    out += fmt::format("  in the Area 1 egress list '{}': yes, entry {}\n",
                       terminal_text(c.egress_list), text_of(c.egress_entry));
    return;
  }
  out += fmt::format("  in the Area 1 egress list '{}': no", terminal_text(c.egress_list));
  if (c.nearest_miss) {
    out += fmt::format("; nearest entry {} ({} addresses {} it)", c.nearest_miss->entry,
                       c.nearest_miss->distance, c.nearest_miss->below ? "below" : "above");
  }
  out += '\n';
  if (disposition) {
    out +=
        "  a disposition on mail that did not come from an Area 1 egress address: forged, or "
        "Area 1 was bypassed\n";
  }
}

void render_recorded(std::string& out, const explain::recorded_verdict_step& rv) {
  out += "\nMicrosoft's recorded verdict";
  if (rv.ignored) {
    out += ": ignored (--message-verdict ignore)\n";
  } else if (!rv.read) {
    out += ": not read (Area 1 kept the message)\n";
  } else if (!rv.header) {
    out += ": none recorded\n";
  } else {
    out += fmt::format(" ({})\n  SCL {}, SFV {}, CAT {}, BCL {}\n", *rv.header, text_of(rv.scl),
                       text_of(rv.sfv), text_of(rv.category), text_of(rv.bcl));
  }
}

// What became of a rule's actions: run, not run, or, for a matching audit-mode rule, only its
// reports (decision 15).
std::string_view actions_note(const explain::rule_step& r) {
  if (r.applied) return "";
  const auto has = [&](std::string_view action) {
    return std::any_of(r.actions.begin(), r.actions.end(),
                       [&](const std::string& a) { return a.starts_with(action); });
  };
  if (r.status == to_string(rule_status::audit_match)) {
    const bool notifies = r.mode == "AuditAndNotify" && has("GenerateNotification");
    if (notifies) {
      return has("GenerateIncidentReport")
                 ? " (AuditAndNotify: only GenerateIncidentReport and GenerateNotification run)"
                 : " (AuditAndNotify: only GenerateNotification runs)";
    }
    if (has("GenerateIncidentReport")) return " (audit mode: only GenerateIncidentReport runs)";
  }
  return " (not run)";
}

void render_rules(std::string& out, const explain::explanation& e) {
  out += "\n[C] Transport rules, in evaluation order\n";
  if (e.rules.empty()) out += "  none\n";
  for (const explain::rule_step& r : e.rules) {
    out += fmt::format("  R{} \"{}\" (priority {}, {}, {}): {}\n", r.index, terminal_text(r.name),
                       r.priority, r.state, r.mode, r.status);
    if (r.activation_date || r.expiry_date) {
      out += fmt::format("     active from {} until {} (clock: --now, else the received time)\n",
                         r.activation_date.value_or("always"), r.expiry_date.value_or("no expiry"));
    }
    bool first = true;
    for (const explain::condition_step& cond : r.conditions) {
      render_condition(out, cond, first);
      if (!cond.exception) first = false;
    }
    if (r.conditions.empty()) out += "     (no conditions: applies to every message)\n";
    out += fmt::format("     actions: {}{}\n",
                       r.actions.empty() ? "none" : terminal_text(joined(r.actions, ", ")),
                       actions_note(r));
    if (r.applied && r.scl_after)
      out += fmt::format("     SCL after this rule: {}\n", *r.scl_after);
    if (r.stopped_processing) out += "     rule processing stops here\n";
  }
  if (e.stop_rule_processing) {
    out += fmt::format("  StopRuleProcessing: rule \"{}\" ({}) stopped the rules after it\n",
                       terminal_text(e.stop_rule_processing->rule), e.stop_rule_processing->by);
  } else if (!e.rules.empty()) {
    out += "  StopRuleProcessing: no rule stopped processing\n";
  }
}

void render_verdict(std::string& out, const explain::explanation& e) {
  out += "\n[D] SCL\n";
  for (const explain::scl_change& step : e.scl.steps) {
    out += fmt::format("  rule \"{}\" SetSCL {}\n", terminal_text(step.rule), step.set_scl);
  }
  if (e.scl.steps.empty()) out += "  no rule set an SCL\n";
  out += fmt::format("  recorded by Microsoft: {}\n", text_of(e.scl.recorded));
  out += fmt::format("  SCL: {} (source: {})\n", text_of(e.scl.value), e.scl.source);
  out += fmt::format("  Verdict: {}\n", e.verdict.value);
  for (const std::string& why : e.verdict.reasons)
    out += fmt::format("    - {}\n", terminal_text(why));
}

void render_action(std::string& out, const explain::explanation& e) {
  out += fmt::format("\n[E] Action: {} (decided by {})\n", e.action.value, e.action.decided_by);
  const explain::antispam_policy_step& ap = e.antispam_policy;
  if (ap.scoped_policies > 0) {
    std::string scope;
    for (const auto& d : ap.recipient_domain_is) scope += (scope.empty() ? "" : ", ") + d;
    for (const auto& a : ap.sent_to) scope += (scope.empty() ? "" : ", ") + a;
    out += fmt::format("  anti-spam policy: {} ({}); recipients: {}\n", terminal_text(ap.name),
                       ap.scoped ? "scoped to " + terminal_text(scope)
                                 : std::string("no scoped policy covers a recipient"),
                       ap.recipients.empty() ? "none" : terminal_text(joined(ap.recipients, ", ")));
  }
  out += fmt::format("  {}\n", terminal_text(e.action.explanation));
}

void render_quarantine(std::string& out, const std::optional<explain::quarantine_step>& step) {
  out += "\n[F] Quarantine\n";
  if (!step) {
    out += "  not quarantined\n";
    return;
  }
  const explain::quarantine_step& q = *step;
  out += fmt::format("  policy: {} ({})\n", terminal_text(q.policy), q.kind);
  if (q.permissions) {
    const std::string bits = joined(q.permission_names, " + ");
    out += fmt::format("  permissions: {} = {} ({})\n", *q.permissions,
                       bits.empty() ? "none" : bits, text_of(q.permission_level));
  }
  out += fmt::format("  release: {}: {}\n", text_of(q.release), terminal_text(q.release_reason));
  out += fmt::format("  notification: {}{}: {}\n", q.notify ? "yes" : "no",
                     q.notify_frequency ? ", " + *q.notify_frequency : "",
                     terminal_text(q.notify_reason));
  if (q.retention_days) {
    out += fmt::format("  expiry: {} ({} + {} days, {})\n", text_of(q.expires), text_of(q.received),
                       *q.retention_days, text_of(q.retention_source));
  } else {
    out += "  expiry: none\n";
  }
}

// What the rules' actions did, in the order applied (values from rule files: made inert).
void render_effects(std::string& out, const std::vector<explain::effect_step>& effects) {
  if (effects.empty()) return;
  out += "\nEffects, in the order applied\n";  // a section of its own, as [A] ... [F]
  for (std::size_t k = 0; k < effects.size(); ++k) {
    out += fmt::format("  {}. rule \"{}\": {}\n", k + 1, terminal_text(effects[k].rule),
                       terminal_text(effects[k].summary));
  }
}

// The recipients evaluated alone, when they end differently (decisions 470-474).
void render_forks(std::string& out, const recipient_forks& forks) {
  if (!forks.any()) return;
  out += "\nRecipient forks: each recipient evaluated alone\n";
  for (std::size_t k = 0; k < forks.forks.size(); ++k) {
    const recipient_fork& f = forks.forks[k];
    std::string recipients;
    for (const auto& r : f.recipients) recipients += (recipients.empty() ? "" : ", ") + r;
    // The folder where it is not the action's own word, as the table shows it (fork_text.h).
    const std::string_view folder = to_string(f.folder_value);
    const std::string folder_note =
        folder != to_string(f.action) ? fmt::format(", folder {}", folder) : "";
    out +=
        fmt::format("  {}. {}: {}, {}{} (anti-spam policy {})\n", k + 1, terminal_text(recipients),
                    to_string(f.verdict_value), to_string(f.action), folder_note,
                    f.antispam != nullptr ? terminal_text(f.antispam->name) : "none");
  }
  if (forks.forks.empty()) out += "  every recipient evaluated alone ends the same\n";
  if (forks.truncated) out += "  " + report::forks_truncated_text() + "\n";
}

}  // namespace

std::string render_text(const explain::explanation& e) {
  std::string out;
  render_summary(out, e);
  render_area1(out, e.area1);
  render_connection(out, e.connection, e.area1.disposition.has_value());
  render_recorded(out, e.recorded_verdict);
  render_rules(out, e);
  render_verdict(out, e);
  render_action(out, e);
  render_quarantine(out, e.quarantine);
  render_effects(out, e.effects);
  render_forks(out, e.forks);
  return out;
}

}  // namespace mfsim::tools
