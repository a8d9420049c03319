// The fuzz input as a file, for readers that take a path (expectations, manifests): one file
// per process, rewritten for each input.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace mfsim::fuzz {

inline const std::string& input_file(const std::uint8_t* data, std::size_t size) {
  static const std::string path = [] {
    std::string p = "/tmp/mfsim-fuzz-XXXXXX";
    const int fd = ::mkstemp(p.data());
    if (fd < 0) std::abort();
    ::close(fd);
    return p;
  }();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return path;
}

}  // namespace mfsim::fuzz
