// Checks a loaded rule set for what loads fine but misbehaves with Area 1 and Exchange Online:
// unguarded or misspelled disposition rules, ranges Exchange rejects, stale egress lists,
// unreachable rules, duplicates, quarantine rules that do not quarantine, size limits.
// docs/lint.md describes every finding.
#pragma once

#include <string>
#include <vector>

#include "engine/rules/rule_set.h"
#include "engine/status.h"

namespace mfsim::lint {

enum class severity { error, warning, info };

[[nodiscard]] const char* to_string(severity level) noexcept;

struct finding {
  std::string id;  // "MF001" ... (docs/lint.md)
  severity level = severity::warning;
  source_span where;
  std::string message;
  std::string fix;  // the change that resolves it
};

// Exchange Online's limits that lint checks (mailflow-model.md section 5).
constexpr std::size_t kMaxRuleBytes = 8 * 1024;
constexpr std::size_t kMaxWordsAndPatternsBytes = 20 * 1024;

// Every finding for `set`, ordered by position, then id. The reference egress list is the
// area1-office365 list of the built-in presets. Thread-safe; does not throw but for allocation.
[[nodiscard]] std::vector<finding> lint_rule_set(const rules::rule_set& set);

// MF014 (directory_lint.cc): each condition that reads the directory, which lint has not.
[[nodiscard]] std::vector<finding> directory_findings(const rules::rule_set& set);

// MF015 (classification_lint.cc): each sensitive information type mfsim does not read.
[[nodiscard]] std::vector<finding> classification_findings(const rules::rule_set& set);

// MF016 (antispam_action_lint.cc): an anti-spam policy's Redirect with no RedirectToRecipients.
[[nodiscard]] std::vector<finding> antispam_action_findings(const rules::rule_set& set);

// MF017 (bypass_lint.cc): a rule that sets SCL -1 on the sender's address or domain alone.
[[nodiscard]] std::vector<finding> spam_bypass_findings(const rules::rule_set& set);

// MF018 (domain_lint.cc): a SenderDomainIs or RecipientDomainIs value with an empty label.
[[nodiscard]] std::vector<finding> empty_label_domain_findings(const rules::rule_set& set);

// True when any finding is a warning or an error (mfsim lint then exits 1).
[[nodiscard]] bool has_problems(const std::vector<finding>& findings) noexcept;

// "file:line:col: warning: message [MF001]" and an indented "fix: ..." line.
[[nodiscard]] std::string format_text(const finding& f);

// The size Exchange would count for the rule, estimated as the New-TransportRule command that
// creates it (names, parameters, quoted values).
[[nodiscard]] std::size_t rule_size_bytes(const rules::transport_rule& rule,
                                          const rules::rule_set& set);

}  // namespace mfsim::lint
