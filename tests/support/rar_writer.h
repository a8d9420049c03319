// RAR archives for the tests, their files stored (not compressed), with the header and data
// CRCs RAR readers check, so that libarchive reads them: RAR 1.5-4.x blocks (RARLAB's
// technote.txt) and RAR 5 headers (RARLAB's "RAR 5.0 archive format").
#pragma once

#include <string>
#include <vector>

namespace mfsim::test {

struct rar_file {
  std::string name;
  std::string data;
  // Marked encrypted (RAR 4: the file header's password flag; RAR 5: a file encryption
  // record); the data is written as given.
  bool encrypted = false;
};

// With `headers_encrypted`, the archive says its headers are encrypted (RAR 4: the main
// header's flag; RAR 5: an archive encryption header first) and holds nothing after that.
[[nodiscard]] std::string rar4_of(const std::vector<rar_file>& files,
                                  bool headers_encrypted = false);
[[nodiscard]] std::string rar5_of(const std::vector<rar_file>& files,
                                  bool headers_encrypted = false);

}  // namespace mfsim::test
