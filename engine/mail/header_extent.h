// How many leading bytes of a message decide its header scan, so that a reader can stop
// reading after them: scan_headers() over those bytes gives what it gives over the whole
// message.
#pragma once

#include <cstddef>
#include <string_view>

namespace mfsim::mail {

// The length of the prefix of `prefix` that holds the message's header block and the empty
// line ending it (its line break complete), when `prefix` holds them; 0 when it does not (read
// more, or read it all). Lines end as scan_headers() ends them (LF, CRLF or a bare CR), after an
// optional UTF-8 byte order mark and mbox envelope line. A header block longer than
// `max_header_bytes` (scan_limits) gives 0: the scan's window then depends on the whole size.
[[nodiscard]] std::size_t header_block_extent(std::string_view prefix,
                                              std::size_t max_header_bytes) noexcept;

}  // namespace mfsim::mail
