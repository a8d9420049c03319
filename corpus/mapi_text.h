// Time as MAPI stores it: FILETIME timestamps. (Its strings, UTF-16LE or 8-bit in a Windows code
// page, are read by engine/mail/charset.h.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mfsim::corpus {

// A FILETIME (100 ns since 1601-01-01) as seconds since the epoch; nullopt for 0 and for values
// outside years 1970..9999.
[[nodiscard]] std::optional<std::int64_t> filetime_to_epoch(std::uint64_t filetime) noexcept;

}  // namespace mfsim::corpus
