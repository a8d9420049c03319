// Text in a MIME charset (RFC 2047 words, text/* parts, Outlook code pages) converted to UTF-8,
// so that words and patterns in any charset match what the rules were written in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mfsim::mail {

// Appends `bytes`, written in the charset named `charset` (a MIME or iconv name, any case:
// "koi8-r", "Shift_JIS", "windows-1251", "CP932"), to `out` as UTF-8, through the C library's
// iconv. A byte sequence the charset does not define becomes U+FFFD and the rest is still
// converted. Returns false, leaving `out` as it was, when the name is not one iconv knows or
// not a plausible charset name (at most 40 letters, digits and "-_.:+", as sent by anyone).
bool append_as_utf8(std::string_view charset, std::string_view bytes, std::string& out);

// Whether text in `charset` is already UTF-8 for matching: UTF-8 itself, US-ASCII, or no
// charset named (a part without one is US-ASCII, RFC 2045 5.2; stray 8-bit bytes stay as sent).
[[nodiscard]] bool needs_no_conversion(std::string_view charset) noexcept;

// ASCII text as UTF-16LE bytes: the form Office's key derivations hash a password in.
[[nodiscard]] std::string ascii_to_utf16le(std::string_view ascii);

// UTF-16LE bytes (an odd last byte ignored) to UTF-8; unpaired surrogates become U+FFFD and
// a trailing NUL terminator is dropped.
[[nodiscard]] std::string utf16le_to_utf8(std::string_view bytes);

// 8-bit text in Windows code page `codepage` (Outlook's PR_INTERNET_CPID, an OLE property
// set's CodePage) to UTF-8, through iconv; an unknown code page is read as Windows-1252, bytes
// that do not convert become U+FFFD. Trailing NUL bytes are dropped.
[[nodiscard]] std::string codepage_to_utf8(std::string_view bytes, std::uint32_t codepage);

}  // namespace mfsim::mail
