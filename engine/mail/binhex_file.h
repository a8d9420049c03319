// The file a BinHex 4.0 text holds (RFC 1741), which [MS-OXCMAIL] section 2.2.3.4.2.3 makes the
// attachment of an `application/mac-binhex40` MIME part: its name from the BinHex header, and
// its data fork (decision 755).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mfsim::mail {

struct binhex_file {
  std::string name;   // as the header gives it (at most 255 bytes, its length being one byte)
  std::string data;   // the data fork, up to the budget
  bool whole = true;  // false: the data fork is longer than the budget, or cut short
};

// Reads the BinHex stream of `text`: from a `:` that starts a line (the first whose header's CRC
// is right, else the first whose header reads, decision 820) to the next `:`, its
// characters (BinHex's 64) six bits each, line ends and blanks skipped, then its run-length
// coding (0x90) undone; decoding stops once the header and `max_data_bytes` of the data fork
// are read, so a stream costs at most its own length and that budget. nullopt for a text
// without such a stream or whose header is cut short.
[[nodiscard]] std::optional<binhex_file> read_binhex(std::string_view text,
                                                     std::size_t max_data_bytes);

}  // namespace mfsim::mail
