// The files of a POSIX tar archive, with the long names GNU tar and pax headers give them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::mail {

struct tar_file {
  std::string name;       // the path in the archive
  std::string_view data;  // the file's bytes, inside the archive
};

// Walks an archive's headers in order. Only regular files come out; a long name (a GNU `L`
// entry, a pax `x` header's `path`, or the ustar prefix before the name) names the file after
// it. Stops at the end-of-archive block, or where a header or its data is cut short.
class tar_reader {
 public:
  explicit tar_reader(std::string_view bytes) noexcept : bytes_(bytes) {}

  // The next regular file; false at the end.
  bool next(tar_file& out);

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace mfsim::mail
