// How the engine treated one message, step by step (like Exchange's Test-Message, offline):
// a typed model built from the outcome and the trace that evaluate() recorded. Nothing here
// decides anything again: the deciding rule, the verdict's reasons, the retention source and
// each condition's match come from the record. `mfsim explain` renders it as text or JSON.
//
// Every string in the model is valid UTF-8 (bytes that are not become U+FFFD); renderers
// still escape control characters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "engine/recipient_forks.h"

namespace mfsim::explain {

struct header_instance {
  std::string raw;      // as it stands in the message
  std::string decoded;  // unfolded and RFC 2047-decoded
};

// [A] the Area 1 disposition.
struct area1_step {
  std::string header;  // the disposition header's name
  std::vector<header_instance> instances;
  std::optional<std::string> disposition;  // upper-cased, from the first instance
  std::vector<std::string> quarantine_dispositions;
  bool kept_by_area1 = false;
};

struct named_value {
  std::string name;
  std::string value;
};

// The egress entry nearest to an address outside them all.
struct nearest_entry {
  std::string entry;
  std::string distance;  // in addresses, decimal (up to 2^128)
  bool below = false;    // the address lies below the entry (else above)
};

// [B] the connecting IP.
struct connection_step {
  std::optional<std::string> sender_ip;
  std::string source;                        // mail::to_string(ip_source)
  std::optional<named_value> source_header;  // the header instance it was read from
  std::string egress_list;
  bool in_egress = false;
  std::optional<std::string> egress_entry;  // the entry it fell in
  std::optional<nearest_entry> nearest_miss;
};

// Microsoft's verdict as recorded in the message.
struct recorded_verdict_step {
  bool read = false;     // false when Area 1 kept the message or the verdict is ignored
  bool ignored = false;  // --message-verdict ignore
  std::optional<std::string> header;
  std::optional<int> scl;
  std::optional<std::string> sfv;
  std::optional<std::string> category;  // "PHSH", "BULK", ... (X-Forefront-Antispam-Report)
  std::optional<int> bcl;
};

// What a condition matched and where, as the evaluator reported it (condition_match).
struct match_step {
  std::string term;
  std::string value;
  std::optional<std::size_t> offset;  // in the bytes of `value` as shown; nullopt: no place
  std::size_t length = 0;
  std::optional<std::string> text;  // value[offset, offset + length), when offset is given
};

// One condition or exception of a rule, with what the evaluator read and matched.
struct condition_step {
  bool exception = false;
  std::size_t index = 0;              // 1-based among the rule's conditions or its exceptions
  std::string parameter;              // "HeaderContainsWords", "ExceptIfSenderIpRanges", ...
  std::optional<std::string> header;  // the header read, as the rule names it
  std::vector<std::string> values;    // the condition's words, patterns, ranges, ...
  // The other half of a two-part condition: BetweenMemberOf2 and its groups, ADComparisonOperator
  // or ManagerForEvaluatedUser and its value.
  std::optional<std::string> second_parameter;
  std::vector<std::string> second_values;
  bool evaluated = false;
  std::optional<bool> result;  // when evaluated
  bool errored = false;        // a pattern hit the complexity limit: the rule is undecided
  std::vector<std::string> raw_values;
  std::vector<std::string> decoded_values;
  std::optional<match_step> match;
  bool is_sender_ip = false;  // SenderIpRanges: rendered as an address, not text values
  bool is_scl = false;        // SCLOver: rendered as the SCL so far
};

// [C] one transport rule.
struct rule_step {
  std::size_t index = 0;  // 1-based, evaluation order
  std::string name;
  int priority = 0;
  std::string state;   // "Enabled", "Disabled"
  std::string mode;    // "Enforce", "Audit", "AuditAndNotify"
  std::string status;  // to_string(rule_status)
  bool applied = false;
  std::string sender_address_location;
  std::optional<std::string> activation_date;  // ISO 8601 UTC
  std::optional<std::string> expiry_date;
  bool stopped_processing = false;
  bool evaluated = false;        // has a trace entry (scl_after is meaningful)
  std::optional<int> scl_after;  // the rule SCL after this rule ran
  std::vector<std::string> actions;
  std::vector<condition_step> conditions;  // conditions, then exceptions
};

struct stop_step {
  std::string rule;
  std::string by;  // "DeleteMessage", "RejectMessage", "Quarantine", "StopRuleProcessing"
};

struct scl_change {
  std::string rule;
  int set_scl = 0;
};

// [D] the SCL and the verdict.
struct scl_step {
  std::vector<scl_change> steps;  // applied rules' SetSCL, in order
  std::optional<int> recorded;
  std::optional<int> value;
  std::string source;  // to_string(scl_origin)
};

struct verdict_step {
  std::string value;
  std::vector<std::string> reasons;  // from outcome.why_verdict
};

// The anti-spam policy that applies (section 7).
struct antispam_policy_step {
  std::string name;
  bool scoped = false;
  std::vector<std::string> recipient_domain_is;
  std::vector<std::string> sent_to;
  std::vector<std::string> recipients;
  std::size_t scoped_policies = 0;
};

// [E] the action and who decided it (outcome.decision).
struct action_step {
  std::string value;
  std::string decided_by;  // to_string(action_decider)
  std::optional<std::string> rule;
  std::optional<std::string> setting;        // "SpamAction", ...
  std::optional<std::string> policy_action;  // "Quarantine", "MoveToJmf", "DeleteMessage", ...
  std::optional<std::string> quarantine_tag_setting;
  std::optional<std::string> quarantine_tag;
  std::string explanation;
};

// [F] the quarantine (outcome's stage [F] fields).
struct quarantine_step {
  std::string policy;
  std::string kind;  // "area1", "built_in", "custom", "unknown"
  std::optional<std::uint32_t> permissions;
  std::vector<std::string> permission_names;
  std::optional<std::string> permission_level;
  std::optional<std::string> release;
  std::string release_reason;
  bool notify = false;
  std::optional<std::string> notify_frequency;
  std::string notify_reason;
  std::optional<int> retention_days;
  std::optional<std::string> retention_source;
  std::optional<std::string> received;
  std::optional<std::string> expires;
};

// One effect on the record (outcome.effects), in the order applied.
struct effect_step {
  std::string rule;     // the rule that applied it
  std::string action;   // Exchange's parameter: "BlindCopyTo"
  std::string summary;  // effect_summary(): "BlindCopyTo audit@contoso.com"
};

struct explanation {
  std::string id;
  std::string rule_set_name;
  std::string rule_set_source;
  outcome record;  // a copy; its views point into the plan and the scratch used
  std::optional<std::string> error;
  area1_step area1;
  connection_step connection;
  recorded_verdict_step recorded_verdict;
  std::vector<rule_step> rules;
  std::optional<stop_step> stop_rule_processing;
  scl_step scl;
  verdict_step verdict;
  antispam_policy_step antispam_policy;
  action_step action;
  std::optional<quarantine_step> quarantine;
  std::vector<effect_step> effects;  // what the rules' actions did, in the order applied
  // The message's recipients evaluated alone, when their outcomes differ (decisions 470-474);
  // filled by the caller (explain() evaluates the message once). Views point into the plan.
  recipient_forks forks;
};

// Builds the explanation of a message evaluate() has just evaluated with `trace`: `record` is
// its outcome (possibly with a reader's error), `s` the scratch it used (for the recipients),
// `message` its bytes, `limits` the scan limits it was read with. `record` must outlive the
// result only for its views (names in the plan, values in the scratch).
[[nodiscard]] explanation explain(const plan& p, std::string_view id, std::string_view message,
                                  const mail::scan_limits& limits, const outcome& record,
                                  const evaluation_trace& trace, scratch& s);

// A value made valid UTF-8: each byte that does not start a well-formed sequence becomes
// U+FFFD (the same text the JSON writer emits).
[[nodiscard]] std::string valid_utf8(std::string_view text);

}  // namespace mfsim::explain
