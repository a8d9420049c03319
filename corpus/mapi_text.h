// Text and time as MAPI stores them: UTF-16LE strings, 8-bit strings in a Windows code page,
// and FILETIME timestamps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mfsim::corpus {

// UTF-16LE bytes (an odd last byte ignored) to UTF-8; unpaired surrogates become U+FFFD and
// a trailing NUL terminator is dropped.
[[nodiscard]] std::string utf16le_to_utf8(std::string_view bytes);

// 8-bit text in Windows code page `codepage` (PR_MESSAGE_CODEPAGE, PR_INTERNET_CPID) to UTF-8,
// through iconv; an unknown code page is read as Windows-1252, bytes that do not convert become
// U+FFFD. Trailing NUL bytes are dropped.
[[nodiscard]] std::string codepage_to_utf8(std::string_view bytes, std::uint32_t codepage);

// A FILETIME (100 ns since 1601-01-01) as seconds since the epoch; nullopt for 0 and for values
// outside years 1970..9999.
[[nodiscard]] std::optional<std::int64_t> filetime_to_epoch(std::uint64_t filetime) noexcept;

}  // namespace mfsim::corpus
