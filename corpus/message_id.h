// Message ids: the path as given or walked, escaped so that every file name maps to one id and
// back (docs/check-diff-explain.md, "Message ids"), and "#N" for the Nth entry of an mbox.
//
// In the path part, `\` is written `\\`, `#` is written `\#`, and each byte that is not part of
// well-formed UTF-8 is written `\xHH` (two lower-case hex digits). Every other byte stays as it
// is, so the ids of ordinary UTF-8 names are the names themselves. The only unescaped `#` in an
// id is the one before an mbox entry's number: `m#1` (entry 1 of mbox `m`) and `m\#1` (a file
// named `m#1`) never collide.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mfsim::corpus {

// The id of the message file at `path` (also the path part of its mbox entries' ids).
[[nodiscard]] std::string path_id(std::string_view path);

// The id of the entry numbered `entry` (from 1) of the mbox at `path`.
[[nodiscard]] std::string mbox_entry_id(std::string_view path, std::size_t entry);

// The same from the mbox's own id (path_id of its path), which the reader has already: an
// mbox's entries need not each escape its path again.
[[nodiscard]] std::string entry_id(std::string_view file_id, std::size_t entry);

// An id split back into the path's bytes and the mbox entry number (0 for a whole file).
struct parsed_id {
  std::string path;
  std::size_t entry = 0;
};

// Reverses path_id / mbox_entry_id; nullopt when `id` is not in that form (a stray `\`, an
// unescaped `#` not followed by a number). It also reads an id as a terminal shows it
// (engine/terminal_text.h: `\t`, `\r`, `\n`, `\u009b`), so an id copied from a table names
// its file: path_id never writes those escapes.
[[nodiscard]] std::optional<parsed_id> parse_id(std::string_view id);

}  // namespace mfsim::corpus
