// The --mailbox-state reader of Exchange's own exports of Get-MailboxJunkEmailConfiguration:
// ConvertTo-Json, Export-Csv and Export-Clixml (docs/mailbox-state.md, "Exchange exports").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/directory/directory_index.h"
#include "engine/mailbox/mailbox_state.h"

namespace mfsim::mailbox {

// Whether UTF-8 `text` is an export rather than mfsim's YAML: a JSON array or an object
// without 'mfsim_mailbox', an XML document, or a CSV whose header row names Identity.
[[nodiscard]] bool is_mailbox_export(std::string_view text);

// Mailboxes an export may give: what 1 GiB (kMaxMailboxStateBytes) holds of usual Export-Csv
// rows, about 100 bytes each (decision 1076). A mailbox held takes about 370 bytes however short
// its row, so a gigabyte of 10-byte rows would otherwise take 40 GB (decision 1088).
inline constexpr std::size_t kMaxStateMailboxes = 10'000'000;

// The mailboxes of an export, each Identity mapped to its SMTP addresses through `directory`
// (may be null: then only an Identity that is an address is read). Throws load_error with
// every problem at file:line:col, at most 1,000 of them; past `max_mailboxes` (tests give
// fewer) the reading stops at the record past it, after the problems found before it.
[[nodiscard]] std::vector<mailbox_settings> load_mailbox_export(
    std::string_view text, const std::string& file_name,
    const directory::directory_index* directory, std::size_t max_mailboxes = kMaxStateMailboxes);

}  // namespace mfsim::mailbox
