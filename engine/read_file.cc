// The one reader of whole configuration files.
#include "engine/read_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "engine/status.h"

namespace mfsim {

std::string read_whole_file(const std::string& path, std::string_view what, std::size_t max_bytes) {
  const auto fail = [&](const std::string& why) {
    throw load_error({diagnostic{diag_code::io_error, source_span{path, 0, 0},
                                 "cannot read " + std::string(what) + " '" + path + "': " + why}});
  };
  errno = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) fail(std::strerror(errno != 0 ? errno : EIO));
  std::string bytes;
  struct stat st {};
  const bool regular = ::fstat(::fileno(file.get()), &st) == 0 && S_ISREG(st.st_mode);
  std::string_view kind = " file";
  if (!regular && max_bytes > kMaxConfigFileBytes) {
    max_bytes = kMaxConfigFileBytes;
    kind = " that is not a regular file (a pipe or a device)";
  }
  const auto refuse_size = [&] {
    fail("larger than " + std::to_string(max_bytes >> 20) + " MiB, the limit for a " +
         std::string(what) + std::string(kind));
  };
  if (regular) {
    // Refused before a byte is read; otherwise one buffer of the file's size, and one more
    // byte to see that it did not grow.
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size > max_bytes) refuse_size();
    bytes.reserve(size + 1);
  }
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    if (bytes.size() + got > max_bytes) refuse_size();
    bytes.append(buffer, got);
  }
  if (std::ferror(file.get())) fail(std::strerror(errno != 0 ? errno : EIO));
  return bytes;
}

}  // namespace mfsim
