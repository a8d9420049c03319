// Fuzzes the Export-Clixml importer (expat, the CLIXML tree with its Ref and nesting limits,
// then the export objects as for ConvertTo-Json) and the import's last checks; fuzz_import.h
// says what is a bug.
#include <cstddef>
#include <cstdint>

#include "engine/rules/load_clixml.h"
#include "fuzz/fuzz_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mfsim::fuzz::fuzz_import(data, size, "fuzz.xml", [](auto text, const auto& file) {
    return mfsim::rules::import_clixml(text, file);
  });
}
