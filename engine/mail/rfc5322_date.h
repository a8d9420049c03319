// RFC 5322 date-time parsing (with the obsolete forms real mail still carries).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mfsim::mail {

// The dates mfsim reads take years 1900 to 9999, and the ISO form writes four-digit years: the
// first and last second of that range (1900-01-01T00:00:00Z, 9999-12-31T23:59:59Z).
inline constexpr std::int64_t kFirstDateSecond = -2'208'988'800;
inline constexpr std::int64_t kLastDateSecond = 253'402'300'799;

// Parses "[Day,] DD Mon YYYY HH:MM[:SS] zone" into seconds since 1970-01-01T00:00:00Z.
// Accepts two- and three-digit years (RFC 5322 4.3), named zones (UT, GMT, EST...), "-0000",
// trailing comments such as "(UTC)", and no zone at all (read as UTC). Never throws.
[[nodiscard]] std::optional<std::int64_t> parse_rfc5322_date(std::string_view text) noexcept;

// Parses ISO 8601 as given to --now: "YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|+HH[:MM]]", or the basic
// format "YYYYMMDD[THHMM[SS]][Z|+HH[MM]]"; no zone is UTC.
[[nodiscard]] std::optional<std::int64_t> parse_iso8601(std::string_view text) noexcept;

// "2024-03-20T09:41:11Z".
[[nodiscard]] std::string format_iso8601_utc(std::int64_t seconds);
// The same text, appended to `out` (a record's writer: no string of its own).
void append_iso8601_utc(std::string& out, std::int64_t seconds);

}  // namespace mfsim::mail
