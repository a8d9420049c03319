// The files a text body carries uuencoded (`begin 644 name` ... `end`), which Exchange's content
// conversion makes attachments of a plain text message (decision 670), and in uuencode's base64
// form (`begin-base64 644 name` ... `====`, decision 751).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::mail {

struct uuencoded_file {
  std::string name;   // as the `begin` line gives it (decoded from base64 for `-encoded`)
  std::string bytes;  // decoded
};

// Budgets of one text: files past `max_files` are not read, and a file is decoded up to
// `max_file_bytes`; either is a limit reached.
struct uuencode_limits {
  std::size_t max_files = 64;
  std::size_t max_file_bytes = 16u << 20;
};

// Appends to `out` each uuencoded file of `text`, in order: a line `begin MODE NAME` (MODE three
// or four octal digits) followed by a uuencoded line, its lines decoded up to `end`, a line that
// is not uuencoded, or the end of the text; or a line `begin-base64 MODE NAME` followed by base64
// lines, decoded up to `====` alike; either with `-encoded` after `begin` or `begin-base64`, as
// GNU uuencode -e writes it, its NAME in base64 (decision 876). A first data line short of its
// characters starts a file
// only when the file's footer (`end` or `====`) closes it (decision 752). Blanks at the ends of
// a base64 line, and a tab ending a uuencoded one, are skipped; base64 lines with blanks between
// their characters are read only when `====` closes the file (decision 870). Returns false when
// a budget was reached.
[[nodiscard]] bool find_uuencoded_files(std::string_view text, const uuencode_limits& limits,
                                        std::vector<uuencoded_file>& out);

}  // namespace mfsim::mail
