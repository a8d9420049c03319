// The linter and the lint checks of no family of their own (MF001, MF002, MF007 to MF009, MF012,
// MF013), one function per finding id, over the rules in evaluation order.
#include "engine/lint/lint.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "engine/lint/linter.h"
#include "engine/lint/regex_risk.h"
#include "engine/rules/validate.h"
#include "engine/terminal_text.h"

namespace mfsim::lint {
namespace detail {
namespace {

// The header names Area 1 has written its disposition under (area1-presets.md).
constexpr std::string_view disposition_aliases[] = {
    "X-Area1Security-Disposition", "X-CFEmailSecurity-Disposition", "X-EmailSecurity-Disposition"};
constexpr std::string_view dispositions[] = {"MALICIOUS", "SUSPICIOUS", "SPOOF", "UCE", "BULK"};

}  // namespace

std::string quoted(const transport_rule& r) { return fmt::format("'{}'", r.name); }

bool linter::is_disposition_header(std::string_view name) const {
  if (ascii_iequals(name, set_.area1.disposition_header)) return true;
  return std::any_of(std::begin(disposition_aliases), std::end(disposition_aliases),
                     [&](std::string_view alias) { return ascii_iequals(alias, name); });
}

bool linter::is_disposition_condition(const condition& c) const {
  return (c.kind == condition_kind::header_contains_words ||
          c.kind == condition_kind::header_matches_patterns) &&
         is_disposition_header(c.header_name);
}

std::vector<std::string> expand_ip_lists(const std::vector<std::string>& values,
                                         const rule_set& set) {
  std::vector<std::string> out;
  for (const auto& value : values) {
    if (!value.empty() && value.front() == '$') {
      for (const auto& list : set.ip_lists) {
        if (list.name == std::string_view(value).substr(1)) {
          out.insert(out.end(), list.entries.begin(), list.entries.end());
        }
      }
    } else {
      out.push_back(value);
    }
  }
  return out;
}

void sort_by_position(std::vector<finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const finding& a, const finding& b) {
    return std::tie(a.where.file, a.where.line, a.where.col, a.id) <
           std::tie(b.where.file, b.where.line, b.where.col, b.id);
  });
}

std::string join_strings(const std::vector<std::string>& items, std::size_t at_most) {
  std::string out;
  for (std::size_t k = 0; k < items.size() && k < at_most; ++k) {
    if (k) out += ", ";
    out += items[k];
  }
  if (items.size() > at_most) out += fmt::format(" and {} more", items.size() - at_most);
  return out;
}

std::vector<finding> linter::run() {
  unguarded_disposition_rules();
  words_area1_never_writes();
  ranges_exchange_rejects();
  stale_egress_lists();
  unreachable_rules();
  duplicates();
  quarantine_rules_that_do_not();
  size_limits();
  rules_that_change_nothing();
  backtracking_patterns();
  sort_by_position(findings_);
  return std::move(findings_);
}

// MF001: anyone can write the disposition header; only the sender IP proves Area 1 sent it.
void linter::unguarded_disposition_rules() {
  for (const auto& rule : set_.transport_rules) {
    const auto disposition =
        std::find_if(rule.conditions.begin(), rule.conditions.end(),
                     [&](const condition& c) { return is_disposition_condition(c); });
    if (disposition == rule.conditions.end()) continue;
    const bool guarded =
        std::any_of(rule.conditions.begin(), rule.conditions.end(),
                    [](const condition& c) { return c.kind == condition_kind::sender_ip_ranges; });
    if (guarded) continue;
    add("MF001", severity::warning, rule.where,
        fmt::format("transport rule {} trusts the {} header without a SenderIpRanges condition: "
                    "any sender can write that header, so mail that never passed Area 1 triggers "
                    "the rule",
                    quoted(rule), disposition->header_name),
        fmt::format(
            "add SenderIpRanges with Area 1's egress addresses (YAML: SenderIpRanges: "
            "[${}]; PowerShell: -SenderIpRanges and the list from `mfsim presets show "
            "uc4`)",
            set_.area1.egress_list.empty() ? std::string(kReferenceList) : set_.area1.egress_list));
  }
}

// MF002: a word that never appears in the header can never match.
void linter::words_area1_never_writes() {
  for (const auto& rule : set_.transport_rules) {
    for (const auto* list : {&rule.conditions, &rule.exceptions}) {
      for (const auto& c : *list) {
        if (c.kind != condition_kind::header_contains_words ||
            !is_disposition_header(c.header_name)) {
          continue;
        }
        for (const auto& word : c.values) {
          const std::string upper = ascii_upper_copy(ascii_trim_blanks(word));
          if (std::find(std::begin(dispositions), std::end(dispositions), upper) !=
              std::end(dispositions)) {
            continue;
          }
          if (upper == "SPAM") {
            add("MF002", severity::warning, c.where,
                fmt::format("transport rule {} looks for '{}' in {}, which Area 1 never writes: "
                            "its spam disposition is written UCE (Cloudflare corrected its "
                            "documentation on 2023-08-01), so the rule misses all Area 1 spam",
                            quoted(rule), word, c.header_name),
                "replace SPAM with UCE");
          } else if (word.find(',') != std::string::npos) {
            // `HeaderContainsWords: UCE, SPOOF` without brackets, or `-HeaderContainsWords
            // 'UCE, SPOOF'`: one phrase, as a value is never split at commas (rule-format.md).
            add("MF002", severity::warning, c.where,
                fmt::format("transport rule {} looks for the one phrase '{}' in {}, which Area 1 "
                            "never writes: a value is not split at its commas",
                            quoted(rule), word, c.header_name),
                "give each word as a value of its own (YAML: [UCE, SPOOF]; PowerShell: "
                "'UCE', 'SPOOF')");
          } else {
            add("MF002", severity::warning, c.where,
                fmt::format("transport rule {} looks for '{}' in {}, which Area 1 never writes "
                            "there (it writes one of {})",
                            quoted(rule), word, c.header_name, rules::join(dispositions)),
                fmt::format("use one of {}", rules::join(dispositions)));
          }
        }
      }
    }
  }
}

// MF007, MF008: the loaders reject these; lint checks the model too, whatever built it.
void linter::duplicates() {
  std::map<std::string, const transport_rule*> names;
  std::map<int, const transport_rule*> priorities;
  for (const auto& rule : set_.transport_rules) {
    if (rule.priority_given) {
      const auto [first, fresh] = priorities.emplace(rule.priority, &rule);
      if (!fresh) {
        add("MF007", severity::error, rule.where,
            fmt::format("transport rules {} and {} share Priority {}; Exchange keeps priorities "
                        "unique",
                        quoted(*first->second), quoted(rule), rule.priority),
            "give each rule its own Priority");
      }
    }
    const auto [first, fresh] = names.emplace(ascii_lower_copy(rule.name), &rule);
    if (!fresh) {
      add("MF008", severity::error, rule.where,
          fmt::format("two transport rules are named {} (names are compared without case)",
                      quoted(rule)),
          "rename one of them");
    }
  }
}

// MF009: "Quarantine" in the name, but the SCL it sets leads to another action.
void linter::quarantine_rules_that_do_not() {
  const auto& policy = set_.antispam;
  for (const auto& rule : set_.transport_rules) {
    const auto& act = rule.actions;
    if (!act.set_scl || act.quarantine || act.delete_message) continue;
    if (ascii_lower_copy(rule.name).find("quarantine") == std::string::npos) continue;
    const int scl = *act.set_scl;
    if (scl < 5) {
      add("MF009", severity::warning, rule.where,
          fmt::format("transport rule {} is named for quarantine but sets SCL {}, which forces "
                      "no spam verdict: its messages are not quarantined",
                      quoted(rule), scl),
          "set SCL 5 or 6 (spam) or 7 to 9 (high-confidence spam) with a Quarantine action in "
          "the anti-spam policy, or use the rule action Quarantine");
      continue;
    }
    const bool high = scl >= 7;
    const auto& verdict = high ? policy.high_confidence_spam : policy.spam;
    if (verdict.action == rules::spam_action::quarantine) continue;
    const char* key = high ? "HighConfidenceSpamAction" : "SpamAction";
    add("MF009", severity::warning, rule.where,
        fmt::format("transport rule {} is named for quarantine but sets SCL {}, and the "
                    "anti-spam policy '{}' handles {} with {} {}: its messages are not "
                    "quarantined",
                    quoted(rule), scl, policy.name, high ? "high-confidence spam" : "spam", key,
                    rules::parameter_value(verdict.action)),
        fmt::format("Set-HostedContentFilterPolicy -Identity {} -{} Quarantine -{}QuarantineTag "
                    "<policy> (or rename the rule)",
                    policy.name, key, high ? "HighConfidenceSpam" : "Spam"));
  }
}

// MF012: disabled and audit-mode rules are reported for information.
void linter::rules_that_change_nothing() {
  for (const auto& rule : set_.transport_rules) {
    if (rule.state == rules::rule_state::disabled) {
      add("MF012", severity::info, rule.where,
          fmt::format("transport rule {} is disabled: it never runs", quoted(rule)),
          "enable it (Enable-TransportRule) or remove it");
    } else if (rule.mode != rules::rule_mode::enforce) {
      add("MF012", severity::info, rule.where,
          fmt::format("transport rule {} runs in audit mode: it records matches and changes "
                      "nothing",
                      quoted(rule)),
          "set Mode Enforce once its matches look right");
    }
  }
}

// MF013: a repeated group holding a repetition can take exponential time on a long value; mfsim
// then spends the message's regex budget and leaves the rule undecided (decisions.md 16a).
void linter::backtracking_patterns() {
  for (const auto& rule : set_.transport_rules) {
    for (const auto* list : {&rule.conditions, &rule.exceptions}) {
      for (const auto& c : *list) {
        if (c.kind != condition_kind::header_matches_patterns &&
            c.kind != condition_kind::subject_matches_patterns &&
            c.kind != condition_kind::from_address_matches_patterns) {
          continue;
        }
        for (const auto& pattern : c.values) {
          if (!nested_quantifier(pattern)) continue;
          add("MF013", severity::warning, c.where,
              fmt::format("pattern '{}' of transport rule {} repeats a group that holds a "
                          "repetition: it can backtrack catastrophically on a long value",
                          pattern, quoted(rule)),
              "drop the inner or outer repetition, e.g. '^(\\w+\\s?)*$' -> '^[\\w\\s]*$'");
        }
      }
    }
  }
}

}  // namespace detail

const char* to_string(severity level) noexcept {
  switch (level) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::info: return "info";
  }
  return "?";
}

bool has_problems(const std::vector<finding>& findings) noexcept {
  return std::any_of(findings.begin(), findings.end(),
                     [](const finding& f) { return f.level != severity::info; });
}

std::string format_text(const finding& f) {
  // Names, patterns and file names come from the rule file: shown inert (terminal_text.h).
  std::string out = f.where.file.empty() ? std::string("<rules>") : terminal_text(f.where.file);
  if (f.where.line > 0) {
    out += fmt::format(":{}", f.where.line);
    if (f.where.col > 0) out += fmt::format(":{}", f.where.col);
  }
  out += fmt::format(": {}: {} [{}]\n", to_string(f.level), terminal_text(f.message), f.id);
  if (!f.fix.empty()) out += fmt::format("  fix: {}\n", terminal_text(f.fix));
  return out;
}

std::vector<finding> lint_rule_set(const rules::rule_set& set) {
  std::vector<finding> findings = detail::linter(set).run();
  std::vector<finding> more = directory_findings(set);
  for (auto& f : classification_findings(set)) more.push_back(std::move(f));
  for (auto& f : antispam_action_findings(set)) more.push_back(std::move(f));
  for (auto& f : spam_bypass_findings(set)) more.push_back(std::move(f));
  for (auto& f : empty_label_domain_findings(set)) more.push_back(std::move(f));
  if (more.empty()) return findings;
  findings.insert(findings.end(), more.begin(), more.end());
  detail::sort_by_position(findings);
  return findings;
}

}  // namespace mfsim::lint
