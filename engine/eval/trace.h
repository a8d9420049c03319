// What evaluate() can record, on request, about how it reached an outcome: for `explain`.
//
// Tracing is off on the hot path (a null pointer); with a trace, every rule and condition the
// evaluator looked at is written down with the values it read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/mail/message_view.h"

namespace mfsim {

struct condition_trace {
  std::uint32_t rule = 0;   // plan rule index
  bool exception = false;   // an ExceptIf condition
  std::uint32_t index = 0;  // position among the rule's conditions or exceptions
  bool result = false;
  bool errored = false;                     // a pattern hit Boost.Regex's complexity limit
  std::vector<std::string> raw_values;      // header values as they stand in the message
  std::vector<std::string> decoded_values;  // unfolded and RFC 2047-decoded (what is matched)
  std::string matched_value;                // the value that matched, when one did
  std::string matched_term;                 // the word, pattern, range entry or domain that matched
  std::size_t matched_offset = 0;           // where the word or pattern matched in matched_value
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
  std::optional<int> scl_after;     // the rule SCL after this rule ran
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
