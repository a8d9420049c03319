// One recipient fork (engine/recipient_forks.h) as a line of text, for the table and the HTML
// report; `mfsim merge` rebuilds the same text from a record's `forks`.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "engine/recipient_forks.h"

namespace mfsim::report {

// "alice@exec.example, bob@exec.example: spam, quarantine (Strict)": at most three recipients
// named, then "and N more"; "-" for no anti-spam policy; then ", folder inbox" when the folder
// is not the action's own word (deliver, or a mailbox's Safe Sender overruling junk: forks that
// differ only there would read the same). Not made inert: callers escape.
[[nodiscard]] std::string fork_text(std::span<const std::string> recipients,
                                    std::string_view verdict, std::string_view action,
                                    std::string_view antispam_policy, std::string_view folder);
[[nodiscard]] std::string fork_text(const recipient_fork& f);

// What a truncated set of forks adds (`forks_truncated`).
[[nodiscard]] std::string forks_truncated_text();

}  // namespace mfsim::report
