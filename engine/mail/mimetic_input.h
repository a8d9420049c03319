// What mimetic is given to parse: the message with any header field longer than
// kMaxMimeticFieldBytes cut there. mimetic grows a field's buffer 128 bytes at a time, copying
// it whole each time, so one field of L bytes costs about L * L / 256 bytes of copying: a
// folded Subject of 840 KB took 3.4 s, and a 64 MiB one would take hours. Our own header
// scanner reads the message as it is; mimetic needs only the MIME fields (Content-Type,
// Content-Disposition, Content-Transfer-Encoding), which are short.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::mail {

// A field (its first line and continuation lines) past this is cut, in the message's header
// and in the header of every MIME part. Costs at most 64 bytes of copying per byte read.
inline constexpr std::size_t kMaxMimeticFieldBytes = std::size_t{16} << 10;

// `message` itself when no header field needs cutting (the common case: no copy), otherwise a
// copy in `storage` with each over-long field cut to kMaxMimeticFieldBytes. Header fields are
// those of the header block and of every block that follows a delimiter line of a boundary
// the message declares ("--" BOUNDARY), up to the next empty line; CR, LF and CRLF end lines,
// as mimetic reads them.
[[nodiscard]] std::string_view bounded_for_mimetic(std::string_view message, std::string& storage);

}  // namespace mfsim::mail
