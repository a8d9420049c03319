// Files that hold mail in a form mfsim does not read (a tar or 7z archive, xz or bzip2
// compression, an MMDF mailbox), told by their signatures so that none is evaluated as one
// message (decision 397).
#pragma once

#include <string_view>

namespace mfsim::corpus {

// The record's error for such a file ("a tar archive: not read; unpack it first"), or empty
// when `data` (its first 512 bytes suffice) is none of them.
[[nodiscard]] std::string_view unread_format_error(std::string_view data) noexcept;

}  // namespace mfsim::corpus
