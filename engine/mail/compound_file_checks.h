// Checks of a compound file's ([MS-CFB]) header and directory made before libolecf opens it
// (a .msg, or an Office 97-2003 attachment: compound_file.h): what libolecf would trust and
// pay for without a bound.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::mail {

// The most directory entries a .msg may have. libolecf builds its directory tree with a linear
// search per entry, so its time grows with the square of their number: 16,000 entries take
// 1.2 s on the benchmark VM, 50,000 take 16 s. A message with this many holds hundreds of
// attachments or a thousand recipients (each a storage of about ten property streams).
inline constexpr std::size_t kMaxCompoundDirectoryEntries = 16384;

// How many directory entries the directory's chain of sectors holds (free ones included),
// counted up to `limit` + 1 at most: a chain that loops or runs on is not followed further.
// 0 when the header or the chain cannot be read (libolecf then reports the damage).
[[nodiscard]] std::size_t directory_entry_count(std::string_view bytes, std::size_t limit) noexcept;

// Why libolecf must not open the compound file `bytes`, as a record's error: a header that
// counts more FAT, MiniFAT or DIFAT sectors than the file can hold (libolecf sizes its tables
// from these counts before reading a sector: gigabytes asked for by a few kilobytes, found by
// fuzzing), a FAT or MiniFAT chain that loops (libolecf reads it as repeated data, without an
// error), or more than kMaxCompoundDirectoryEntries directory entries. Empty when it may.
[[nodiscard]] std::string refusal_before_opening(std::string_view bytes);

}  // namespace mfsim::mail
