// What evaluate() can record, on request, about how it reached an outcome: for `explain`.
//
// Tracing is off on the hot path (a null pointer); with a trace, every rule and condition the
// evaluator looked at is written down with the values it read and, from the evaluator itself,
// where each condition matched.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/message_view.h"
#include "engine/outcome.h"

namespace mfsim {

// Where a condition matched, as the condition's own evaluator found it (condition_holds).
struct condition_match {
  bool found = false;
  std::string value;  // what matched: a header value, an address, a recipient, an extension,
                      // "(body) ..." (a window of the body text), the sender IP, "N bytes"
  std::string term;   // the word, pattern, range entry, domain or address that matched
  // Where the match lies in `value`; nullopt when it has no place in a text (SenderIpRanges,
  // MessageSizeOver).
  std::optional<std::size_t> offset;
  std::size_t length = 0;
  bool in_body = false;  // SubjectOrBodyContainsWords matched in the body, not the subject

  // Records the first match only; later calls change nothing.
  void note(std::string_view matched, std::string_view what, std::optional<std::size_t> at,
            std::size_t size) {
    if (found) return;
    found = true;
    value.assign(matched);
    term.assign(what);
    offset = at;
    length = size;
  }
};

struct condition_trace {
  std::uint32_t rule = 0;   // plan rule index
  bool exception = false;   // an ExceptIf condition
  std::uint32_t index = 0;  // position among the rule's conditions or exceptions
  bool result = false;
  bool errored = false;                     // a pattern hit Boost.Regex's complexity limit
  std::vector<std::string> raw_values;      // header values as they stand in the message
  std::vector<std::string> decoded_values;  // unfolded and RFC 2047-decoded (what is matched)
  condition_match match;                    // what matched and where, when something did
};

enum class rule_status {
  disabled,     // State Disabled: never evaluated
  not_reached,  // an earlier rule stopped processing
  inactive,     // outside its ActivationDate / ExpiryDate window
  no_match,     // a condition did not hold
  excepted,     // conditions held, an exception cancelled it
  undecided,    // a pattern could not finish (decisions.md 16a)
  audit_match,  // matched in Audit/AuditAndNotify mode: recorded, no actions
  applied,      // matched, actions applied
};

[[nodiscard]] const char* to_string(rule_status s) noexcept;

struct rule_trace {
  std::uint32_t rule = 0;
  rule_status status = rule_status::no_match;
  bool stopped_processing = false;  // this rule ended rule processing
  rule_terminal stopped_with =
      rule_terminal::none;       // ...with this action (none: StopRuleProcessing)
  std::optional<int> scl_after;  // the rule SCL after this rule ran
};

struct evaluation_trace {
  std::vector<rule_trace> rules;            // one per plan rule, in evaluation order
  std::vector<condition_trace> conditions;  // in the order they were evaluated
  mail::eop_verdict recorded;               // Microsoft's verdict as read from the message
  bool recorded_ignored = false;            // --message-verdict ignore

  void clear() {
    rules.clear();
    conditions.clear();
    recorded = {};
    recorded_ignored = false;
  }
};

}  // namespace mfsim
