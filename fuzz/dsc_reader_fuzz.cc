// Fuzzes the Microsoft365DSC reader: configurations, Node blocks and resource blocks, with
// --define values given. The first byte chooses where the rest goes: as a whole file, inside
// `Configuration { Node { } }`, or as the properties of an EXOTransportRule block, so mutations
// reach the resource mapping without having to rebuild the frame. Syntax errors and load_error
// are the documented ways to reject a file; anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/load_powershell.h"
#include "fuzz/fuzz_check.h"

namespace {

[[noreturn]] void unexpected(const char* what) {
  std::fprintf(stderr, "the DSC import threw something other than load_error: %s\n", what);
  std::abort();
}

std::string framed(std::uint8_t mode, std::string_view body) {
  switch (mode % 3) {
    case 1:
      return "Configuration Fuzz\n{\n  Import-DscResource -ModuleName Microsoft365DSC\n"
             "  Node localhost\n  {\n" +
             std::string(body) + "\n  }\n}\nFuzz\n";
    case 2:
      return "Configuration Fuzz {\n Node localhost {\n  EXOTransportRule \"t\" {\n" +
             std::string(body) + "\n  }\n }\n}\n";
    default: return std::string(body);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text =
      framed(data[0], std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
  const mfsim::rules::script_context context{
      {{"OrganizationName", "contoso.onmicrosoft.com"}, {"TenantId", "contoso.com"}}};
  try {
    auto imported = mfsim::rules::import_powershell(text, "fuzz.ps1", context);
    for (const auto& w : imported.warnings) {
      MFSIM_FUZZ_CHECK(!w.message.empty());
      MFSIM_FUZZ_CHECK(w.where.file == "fuzz.ps1");
    }
    for (const auto& d : imported.diagnostics) {
      MFSIM_FUZZ_CHECK(!d.message.empty());
      MFSIM_FUZZ_CHECK(d.where.line >= 1 && d.where.col >= 1);
    }
    const auto set = mfsim::rules::finish_import(std::move(imported));
    MFSIM_FUZZ_CHECK(set.source == "fuzz.ps1");
  } catch (const mfsim::load_error& e) {
    MFSIM_FUZZ_CHECK(!e.diagnostics().empty());
  } catch (const std::exception& e) {
    unexpected(e.what());
  } catch (...) {
    unexpected("a non-std exception");
  }
  return 0;
}
