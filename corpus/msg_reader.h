// Reading an Outlook .msg file (an OLE compound file, [MS-OXMSG]) into an outlook_message,
// with libolecf.
//
// libolecf rather than a compound-file reader of our own: Debian packages it, it is fuzzed
// upstream (OSS-Fuzz), and the format's sector chains, mini streams and directory trees are
// where a small hand-written reader would collect its bugs. mfsim reads the .msg property
// layer ([MS-OXMSG] 2.1-2.4) on top of it, through a bounded memory handle
// (engine/mail/memory_bfio.h).
// One libolecf handle per call: safe on any thread.
#pragma once

#include <string_view>

#include "corpus/outlook_message.h"

namespace mfsim::corpus {

// True when `bytes` start with the compound-file signature D0 CF 11 E0 A1 B1 1A E1.
[[nodiscard]] bool is_compound_file(std::string_view bytes) noexcept;

// Reads the message stored in the compound file `bytes`. Never throws: what cannot be read is
// named in the result's read_error (a file that is no message at all gives read_error and
// nothing else). Honours `limits` (embedding depth, bytes read, counts).
[[nodiscard]] outlook_message read_msg(std::string_view bytes, const outlook_limits& limits);

}  // namespace mfsim::corpus
