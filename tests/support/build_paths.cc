#include "tests/support/build_paths.h"

namespace mfsim::test {

const std::string& source_dir() {
  static const std::string path = MFSIM_SOURCE_DIR;
  return path;
}

const std::string& mfsim_binary() {
  static const std::string path = MFSIM_BINARY;
  return path;
}

}  // namespace mfsim::test
