// Loader for --mailbox-state files (docs/mailbox-state.md): YAML (or JSON, which YAML reads)
// naming each recipient's safelist collection and Inbox rules, or Exchange's export of
// Get-MailboxJunkEmailConfiguration (load_mailbox_export.h).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "engine/directory/directory_index.h"
#include "engine/mailbox/mailbox_state.h"
#include "engine/read_file.h"
#include "engine/status.h"

namespace mfsim::mailbox {

// A --mailbox-state file (mfsim's YAML or an export) with more problems is the wrong file: the
// rest is not read (decision 620).
inline constexpr std::size_t kMaxStateProblems = 1000;

// The last problem of a file read no further, at the item it stopped at.
[[nodiscard]] diagnostic too_many_state_problems(source_span where);

// Parses a state document. Errors: collects every problem (unknown or repeated keys, values of
// the wrong type, a recipient given twice, a missing 'mfsim_mailbox: 1') and throws
// mfsim::load_error holding them all, each with file:line:col. Thread-safe.
[[nodiscard]] mailbox_state load_mailbox_state_yaml(std::string_view text,
                                                    const std::string& file_name);

// The directory that maps an export's identities to addresses, asked for only when the file is
// an export (a YAML state never costs a directory load); it may give null (no --directory).
using directory_source = std::function<const directory::directory_index*()>;

// Reads the file at `path` (UTF-8 or UTF-16) and calls load_mailbox_state_yaml, or
// load_mailbox_export when it holds an export; load_error with diag_code::io_error when it
// cannot be read.
[[nodiscard]] mailbox_state load_mailbox_state_file(const std::string& path,
                                                    const directory_source& directory = {});

// As load_mailbox_state_file, for the file at `path` opened as `file` (its size taken, its head
// read): a test changes the file in between.
[[nodiscard]] mailbox_state load_opened_mailbox_state(text_file& file, const std::string& path,
                                                      const directory_source& directory = {});

// `recorded` gives mailbox_state::recorded(); anything else is a file path.
[[nodiscard]] mailbox_state load_mailbox_state(const std::string& spec,
                                               const directory_source& directory = {});

}  // namespace mfsim::mailbox
