// Fuzzes the --directory readers: the first byte chooses the form of the rest (a mfsim_directory
// YAML file, a CSV of Get-Recipient or Get-User, or GROUP=FILE, a CSV of a group's members).
// load_error is the documented way to reject a file, each diagnostic placed in it; any other
// exception, a crash or a sanitizer report is a bug. A directory that loads answers its
// lookups within itself: every address finds an entry, expansion and managers stay in range.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

#include "engine/case_fold.h"
#include "engine/directory/load_directory.h"
#include "engine/status.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/fuzz_file.h"
#include "fuzz/load_error_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const int form = data[0] % 3;
  const std::string& path =
      mfsim::fuzz::input_file(data + 1, size - 1, form == 0 ? ".yaml" : ".csv");
  const std::string spec = form == 2 ? "Sales Team=" + path : path;
  try {
    const auto index = mfsim::directory::load_directory({spec});
    const auto count = static_cast<std::uint32_t>(index->size());
    for (std::uint32_t id = 0; id < count; ++id) {
      const auto& e = index->at(id);
      for (const auto& address : e.addresses) {
        const auto hit = index->find_address(mfsim::case_folded_copy(address));
        MFSIM_FUZZ_CHECK(hit && hit->entry < count);
      }
      if (const auto manager = index->manager_of(id)) MFSIM_FUZZ_CHECK(*manager < count);
      if (e.group) {
        for (const auto member : index->members_of(id)) {
          MFSIM_FUZZ_CHECK(member < count && member != id);
        }
      }
      if (!e.name.empty()) {
        for (const auto named : index->resolve(e.name)) MFSIM_FUZZ_CHECK(named < count);
      }
    }
  } catch (const mfsim::load_error& e) {
    mfsim::fuzz::check_refusal(e, path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "load_directory threw something other than load_error: %s\n", e.what());
    std::abort();
  }
  return 0;
}
