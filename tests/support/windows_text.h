// Test support: text as Windows PowerShell writes it to a file.
#pragma once

#include <string>

namespace mfsim::test {

// `text` as Windows PowerShell 5.1's `>` writes it: CRLF line ends, UTF-16 little-endian with its
// byte order mark. Each byte becomes one character, as PowerShell decodes a native command's
// output in a single-byte console code page (ASCII text stays itself).
inline std::string as_windows_powershell_writes(const std::string& text) {
  std::string out = "\xFF\xFE";
  for (const char c : text) {
    if (c == '\n') out += std::string("\r\0", 2);
    out += c;
    out += '\0';
  }
  return out;
}

}  // namespace mfsim::test
