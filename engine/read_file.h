// Reading a whole configuration file (a rule set, the mailbox state) for a loader: one place
// for the error text and for the size limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim {

// Rule files and mailbox states are kilobytes; an export of thousands of rules is a few
// megabytes. Anything larger is refused before it is read whole (docs/reliability.md), which
// also bounds /dev/zero or an endless pipe given as a file.
inline constexpr std::size_t kMaxConfigFileBytes = std::size_t{32} << 20;

// An Exchange export of a tenant's mailboxes (--mailbox-state) grows with the tenant: a
// Get-MailboxJunkEmailConfiguration row of Export-Csv is about 100 bytes, an Export-Clixml object
// 600 to 900, so 32 MiB held 140,000 mailboxes and a large tenant has millions (decision 1076).
// 1 GiB keeps every line and column within the positions' int.
inline constexpr std::size_t kMaxMailboxStateBytes = std::size_t{1} << 30;

// The bytes of `path`, read into one buffer of the file's size (no second copy while it grows).
// Throws load_error (io_error, "cannot read WHAT 'PATH': ...") when it cannot be read or holds
// more than `max_bytes`; `what` is "rule set" or "mailbox state". A pipe or device (no size to
// check first) holds at most kMaxConfigFileBytes whatever `max_bytes` is, so /dev/zero given as
// a mailbox state costs 32 MiB, not 1 GiB.
[[nodiscard]] std::string read_whole_file(const std::string& path, std::string_view what,
                                          std::size_t max_bytes = kMaxConfigFileBytes);

}  // namespace mfsim
