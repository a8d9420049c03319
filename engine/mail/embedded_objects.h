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
  bool cut = false;   // it held more than the budget left: not inspected (a limit reached)
};

// What embedded files may still take: how many, and how many bytes in all.
struct embedded_budget {
  std::size_t files = 0;
  std::size_t bytes = 0;
};

// Appends the embedded files of `file` to `out`, each taken from `budget`.
void add_embedded_files(const compound_file& file, embedded_budget& budget,
                        std::vector<embedded_file>& out);

}  // namespace mfsim::mail
