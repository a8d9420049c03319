// Fuzzes the Export-TransportRuleCollection XML importer (expat, the file's structure, the
// PowerShell of its command blocks) and the import's last checks; fuzz_import.h says what is a
// bug.
#include <cstddef>
#include <cstdint>

#include "engine/rules/load_exported_xml.h"
#include "fuzz/fuzz_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mfsim::fuzz::fuzz_import(data, size, "fuzz.xml", [](auto text, const auto& file) {
    return mfsim::rules::import_exported_xml(text, file);
  });
}
