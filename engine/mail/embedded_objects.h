// The files embedded in a compound file (decision 380): in an Office 97-2003 document
// (ObjectPool/_N/..., _1_/...) or in an OLE object an Office Open XML package embeds
// (word/embeddings/oleObject1.bin), an OLE 1.0 Package object's file (the `\001Ole10Native`
// stream, [MS-OLEDS] 2.3.6), and an Office 2007 and later document embedded whole (a
// `Package` stream holding its ZIP).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace mfsim::mail {

class compound_file;

struct embedded_file {
  std::string name;   // the Package object's label, else its stream's path
  std::string bytes;  // at most what the budget left
};

// At most `max_files` embedded files of `file`, `max_bytes` of them in all.
[[nodiscard]] std::vector<embedded_file> embedded_files_of(const compound_file& file,
                                                           std::size_t max_files,
                                                           std::size_t max_bytes);

}  // namespace mfsim::mail
