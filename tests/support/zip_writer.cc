// ZIP archives for tests (zip_writer.h).
#include "tests/support/zip_writer.h"

#include <doctest/doctest.h>
#include <zip.h>

namespace mfsim::test {

std::string zip_of(const std::vector<std::pair<std::string, std::string>>& entries,
                   const std::string& path) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  REQUIRE(archive != nullptr);
  for (const auto& entry : entries) {
    const std::string& name = entry.first;
    if (!name.empty() && name.back() == '/') {
      REQUIRE(zip_dir_add(archive, name.c_str(), ZIP_FL_ENC_UTF_8) >= 0);
      continue;
    }
    zip_source_t* source = zip_source_buffer(archive, entry.second.data(), entry.second.size(), 0);
    REQUIRE(source != nullptr);
    REQUIRE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) >= 0);
  }
  REQUIRE(zip_close(archive) == 0);
  return path;
}

}  // namespace mfsim::test
