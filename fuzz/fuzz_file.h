// The fuzz input as a file, for readers that take a path (expectations, manifests, the
// directory): one file per process and suffix, rewritten for each input.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

namespace mfsim::fuzz {

// `suffix` (".yaml", ".csv") is for readers that choose by extension: each suffix gets a file of
// its own, made once per process.
inline const std::string& input_file(const std::uint8_t* data, std::size_t size,
                                     const std::string& suffix = "") {
  static std::map<std::string, std::string> paths;
  std::string& path = paths[suffix];
  if (path.empty()) {
    path = "/tmp/mfsim-fuzz-XXXXXX" + suffix;
    const int fd = ::mkstemps(path.data(), static_cast<int>(suffix.size()));
    if (fd < 0) std::abort();
    ::close(fd);
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return path;
}

}  // namespace mfsim::fuzz
