// Test support: an OLE 1.0 Package object's native data as the Packager writes it (the
// `\001Ole10Native` stream: its size, a flag, the label, the source path, 32 bits, the
// temporary path with its length, the file's size and bytes), for embedded_objects_test.cc.
#pragma once

#include <string>

#include "tests/support/le_bytes.h"

namespace mfsim::test {

[[nodiscard]] inline std::string ole10_native(const std::string& label,
                                              const std::string& source_path,
                                              const std::string& bytes) {
  const std::string temp_path =
      "C:\\Users\\x\\AppData\\Local\\Temp\\" + label + std::string(1, '\0');
  const std::string native = le_bytes(2, 2) + label + std::string(1, '\0') + source_path +
                             std::string(1, '\0') + le_bytes(0x00030000, 4) +
                             le_bytes(static_cast<std::uint32_t>(temp_path.size()), 4) + temp_path +
                             le_bytes(static_cast<std::uint32_t>(bytes.size()), 4) + bytes;
  return le_bytes(static_cast<std::uint32_t>(native.size()), 4) + native;
}

}  // namespace mfsim::test
