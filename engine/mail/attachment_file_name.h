// The file name an attachment gets on the recipient's system, from the name the message gives.
#pragma once

#include <string>
#include <string_view>

namespace mfsim::mail {

// The name as the recipient's system keeps it: up to the first NUL (a C string ends there, as
// a MAPI string property does), its last path component only (RFC 2183 section 2.3: a
// filename is "a terminal component only"; `/` and `\` separate), without the trailing spaces
// and dots Windows drops, and without the control characters (1 to 31, DEL) no Windows name
// may hold, wherever they are: "C:\dir\evil.exe " -> "evil.exe"; "evil.exe\0.txt" ->
// "evil.exe"; "evil.ex\x1Be" -> "evil.exe".
[[nodiscard]] std::string recipient_file_name(std::string_view name);

}  // namespace mfsim::mail
