// A part that Windows PowerShell 5.1's `>` re-encoded as UTF-16, given back as the bytes mfsim
// wrote, for `mfsim merge` to stream like any other (decision 578).
#pragma once

#include <cstdio>
#include <string>

#include "engine/utf8.h"

namespace mfsim::tools {

// Copies the UTF-16 text of `from` (which starts as `start` says) into a temporary file, one byte
// per character, and returns that file rewound (deleted when closed). nullptr, with `why`, when a
// character is outside ASCII (PowerShell 5.1 decoded mfsim's UTF-8 with the console's code page
// before re-encoding it, so what mfsim wrote cannot be told), the file ends inside a character,
// or no temporary file can be written.
[[nodiscard]] std::FILE* ascii_copy_of_utf16_part(std::FILE* from, const utf16_start& start,
                                                  std::string& why);

}  // namespace mfsim::tools
