// Ids for names a container holds twice. A ZIP archive may hold two entries of one name and a
// PST two sibling folders of one name (or two whose names cannot be read); their messages would
// share an id, and check, diff and merge need one id per message (decision 398). The second
// holder of a name gets MARKER 2 after it, the third MARKER 3, where MARKER is a text the
// container's escaping never writes, so a suffixed id is never another name's.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace mfsim::corpus {

// ZIP entry ids: path_id (message_id.h) writes `\` only as `\\`, `\#` and `\xHH`.
inline constexpr std::string_view kRepeatedEntryMarker = "\\~";
// PST folder segments: `%` is written only as `%` and two hex digits (pst_reader.cc).
inline constexpr std::string_view kRepeatedFolderMarker = "%~";

class repeated_names {
 public:
  explicit repeated_names(std::string_view marker) : marker_(marker) {}

  // `name` itself the first time it is claimed; then `name` MARKER k, with the smallest k from 2
  // that no earlier claim took.
  std::string claim(std::string name);

 private:
  std::string_view marker_;
  std::unordered_set<std::string> taken_;
  // The k to try next for each name claimed twice: a name held 100,000 times costs no more
  // than 100,000 names.
  std::unordered_map<std::string, std::size_t> next_;
};

}  // namespace mfsim::corpus
