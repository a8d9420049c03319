// Reading text files line by line with a size budget per line, so that a file with no line end
// (a huge one, or /dev/zero) cannot take all memory before its first line is judged.
#pragma once

#include <cstddef>
#include <istream>
#include <string>

namespace mfsim {

// Like std::getline: reads up to '\n' (which is dropped), false at the end of the input. Keeps at
// most `max_bytes` of the line in `line`; when the line is longer, sets `cut` and stops reading
// there (the caller reports the line and stops: the rest of the input is not read). A read
// error sets badbit and returns false: the stream buffer is read directly, without the sentry
// that turns libstdc++'s exception (reading a directory, /proc/self/mem) into badbit.
inline bool getline_bounded(std::istream& in, std::string& line, std::size_t max_bytes, bool& cut) {
  line.clear();
  cut = false;
  std::streambuf* buffer = in.rdbuf();
  if (buffer == nullptr) return false;
  bool read_any = false;
  for (;;) {
    int c = 0;
    try {
      c = buffer->sbumpc();
    } catch (const std::ios_base::failure&) {
      in.setstate(std::ios::badbit);
      return false;
    }
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      return read_any;
    }
    read_any = true;
    if (c == '\n') return true;
    if (line.size() >= max_bytes) {
      cut = true;
      return true;
    }
    line += static_cast<char>(c);
  }
}

}  // namespace mfsim
