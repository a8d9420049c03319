// Decoding a UTF-16 part to the ASCII mfsim wrote, through a temporary file: merge streams its
// parts, reading each from its end for the trailer, and keeps one record of each in memory.
#include "tools/utf16_part.h"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace mfsim::tools {
namespace {

// An unnamed file in the temporary folder ($TMPDIR, else /tmp): gone when closed, or when the
// process ends however it ends.
std::FILE* anonymous_temporary_file(std::string& why) {
  std::error_code ec;
  std::filesystem::path folder = std::filesystem::temp_directory_path(ec);
  if (ec) folder = "/tmp";
  std::string name = (folder / "mfsim-part-XXXXXX").string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) {
    why = fmt::format("it is UTF-16, and its decoded copy cannot be written in {}: {}",
                      folder.string(), std::strerror(errno));
    return nullptr;
  }
  ::unlink(name.c_str());
  std::FILE* file = ::fdopen(fd, "w+b");
  if (file == nullptr) {
    why = fmt::format("it is UTF-16, and its decoded copy cannot be opened: {}",
                      std::strerror(errno));
    ::close(fd);
  }
  return file;
}

constexpr const char* kHowToWriteOne =
    "write each part from cmd.exe (cmd /c \"mfsim ... > part-1\") or PowerShell 7.4 or later, "
    "whose `>` keeps mfsim's bytes, or with `mfsim run --shard K/N -o part-K`";

}  // namespace

std::FILE* ascii_copy_of_utf16_part(std::FILE* from, const utf16_start& start, std::string& why) {
  std::rewind(from);
  std::FILE* copy = anonymous_temporary_file(why);
  if (copy == nullptr) return nullptr;
  const auto refuse = [&](std::string reason) {
    why = std::move(reason);
    std::fclose(copy);
    return nullptr;
  };
  char in[1 << 16];
  std::string out;
  std::size_t skip = start.mark;  // the byte order mark
  std::uint64_t line = 1;
  int held = -1;  // the first byte of a code unit split between two blocks
  for (std::size_t got; (got = std::fread(in, 1, sizeof in, from)) > 0;) {
    out.clear();
    for (std::size_t k = 0; k < got; ++k) {
      if (skip > 0) {
        --skip;
        continue;
      }
      const auto byte = static_cast<unsigned char>(in[k]);
      if (held < 0) {
        held = byte;
        continue;
      }
      const unsigned unit = start.big_endian ? (static_cast<unsigned>(held) << 8 | byte)
                                             : (static_cast<unsigned>(byte) << 8 | held);
      held = -1;
      // mfsim writes no NUL in a part, and its records hold characters outside ASCII as UTF-8,
      // which PowerShell 5.1 read in the console's code page: those cannot be given back.
      if (unit == 0 || unit >= 0x80) {
        return refuse(fmt::format(
            "it is UTF-16, as Windows PowerShell 5.1's `>` re-encodes a command's output, and "
            "line {} holds a character outside ASCII, which PowerShell decoded in the console's "
            "code page first: the bytes mfsim wrote cannot be told; {}",
            line, kHowToWriteOne));
      }
      if (unit == '\n') ++line;
      out += static_cast<char>(unit);
    }
    if (std::fwrite(out.data(), 1, out.size(), copy) != out.size()) {
      return refuse(fmt::format("it is UTF-16, and its decoded copy cannot be written: {}",
                                std::strerror(errno)));
    }
  }
  if (std::ferror(from)) return refuse("it is UTF-16, and it cannot be read to the end");
  if (held >= 0) {
    return refuse(fmt::format(
        "it is UTF-16 and ends inside a character, on line {}: it was cut short while being "
        "written; write it again",
        line));
  }
  if (std::fflush(copy) != 0) {
    return refuse(fmt::format("it is UTF-16, and its decoded copy cannot be written: {}",
                              std::strerror(errno)));
  }
  std::rewind(copy);
  return copy;
}

}  // namespace mfsim::tools
