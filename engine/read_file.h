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

// The bytes of `path`. Throws load_error (io_error, "cannot read WHAT 'PATH': ...") when it
// cannot be read or holds more than `max_bytes`; `what` is "rule set" or "mailbox state".
[[nodiscard]] std::string read_whole_file(const std::string& path, std::string_view what,
                                          std::size_t max_bytes = kMaxConfigFileBytes);

}  // namespace mfsim
