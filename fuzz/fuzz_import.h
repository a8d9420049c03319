// Shared by the importer fuzz targets (exported_xml, json_export, clixml): runs one importer and
// the import's last checks on the input. load_error is the documented way to reject a file; any
// other exception, a crash, a sanitizer report or a blown budget (libFuzzer's -rss_limit_mb) is
// a bug.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "engine/rules/validate.h"
#include "fuzz/fuzz_check.h"

namespace mfsim::fuzz {

// `import(text, file)` returns the imported_rules of one file.
template <class Import>
int fuzz_import(const std::uint8_t* data, std::size_t size, const std::string& file,
                Import import) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto set = rules::finish_import(import(text, file));
    MFSIM_FUZZ_CHECK(set.source == file);
    for (const auto& w : set.imported.warnings) {
      MFSIM_FUZZ_CHECK(is_warning(w) && !w.message.empty());
    }
  } catch (const load_error& e) {
    MFSIM_FUZZ_CHECK(!e.diagnostics().empty());
    for (const auto& d : e.diagnostics()) {
      MFSIM_FUZZ_CHECK(!d.message.empty());
      MFSIM_FUZZ_CHECK(d.where.file == file);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: the importer threw something other than load_error: %s\n",
                 file.c_str(), e.what());
    std::abort();
  }
  return 0;
}

}  // namespace mfsim::fuzz
