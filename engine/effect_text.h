// How an effect (outcome.h) is written: the JSON object of the record's `effects` array, and
// one line of words for the table, the HTML report and explain.
#pragma once

#include <string>
#include <string_view>

#include "engine/outcome.h"

namespace mfsim {

// {"action":"BlindCopyTo","rule":"Bcc compliance","value":["audit@contoso.com"]}, then each
// detail as "KEY":"VALUE" (a companion parameter, or "result").
void append_effect_json(std::string& out, const effect& e, std::string_view rule_name);

// "BlindCopyTo audit@contoso.com", "SetSCL 5", "DeleteMessage",
// "ApplyHtmlDisclaimerText '<p>Confidential</p>' (ApplyHtmlDisclaimerFallbackAction Wrap;
// ApplyHtmlDisclaimerLocation Append; result wrapped)": details sorted by key. Values longer
// than `max_value` bytes are cut (0: never). The text is raw: callers make it inert for their
// medium (terminal_text, HTML escaping).
[[nodiscard]] std::string effect_summary(const effect& e, std::size_t max_value = 0);

}  // namespace mfsim
