// Fuzzes the ConvertTo-Json export importer (nlohmann, the key locator, object kinds, metadata
// and the parameter tables) and the import's last checks; fuzz_import.h says what is a bug.
#include <cstddef>
#include <cstdint>

#include "engine/rules/load_json_export.h"
#include "fuzz/fuzz_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mfsim::fuzz::fuzz_import(data, size, "fuzz.json", [](auto text, const auto& file) {
    return mfsim::rules::import_json_export(text, file);
  });
}
