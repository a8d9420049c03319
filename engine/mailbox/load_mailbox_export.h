// The --mailbox-state reader of Exchange's own exports of Get-MailboxJunkEmailConfiguration:
// ConvertTo-Json, Export-Csv and Export-Clixml (docs/mailbox-state.md, "Exchange exports").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/directory/directory_index.h"
#include "engine/mailbox/mailbox_state.h"

namespace mfsim::mailbox {

// Whether UTF-8 `text` is an export rather than mfsim's YAML: a JSON array or an object
// without 'mfsim_mailbox', an XML document, or a CSV whose header row names Identity.
[[nodiscard]] bool is_mailbox_export(std::string_view text);

// The mailboxes of an export, each Identity mapped to its SMTP addresses through `directory`
// (may be null: then only an Identity that is an address is read). Throws load_error with
// every problem at file:line:col, at most 1,000 of them.
[[nodiscard]] std::vector<mailbox_settings> load_mailbox_export(
    std::string_view text, const std::string& file_name,
    const directory::directory_index* directory);

}  // namespace mfsim::mailbox
