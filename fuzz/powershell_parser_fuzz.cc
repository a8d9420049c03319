// Fuzzes the PowerShell importer: the parser, then the runner and the import's last checks.
// Syntax errors and load_error are the documented ways to reject a script; any other exception,
// a crash, a sanitizer report or a blown budget (libFuzzer's -rss_limit_mb) is a bug.
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

[[noreturn]] void unexpected(const char* stage, const char* what) {
  std::fprintf(stderr, "%s threw something other than load_error: %s\n", stage, what);
  std::abort();
}

void check_diagnostics(const std::vector<mfsim::diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) {
    MFSIM_FUZZ_CHECK(!d.message.empty());
    MFSIM_FUZZ_CHECK(d.where.file == "fuzz.ps1");
    MFSIM_FUZZ_CHECK(d.where.line >= 1 && d.where.col >= 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<mfsim::diagnostic> syntax;
  std::vector<mfsim::rules::ps_statement> statements;
  try {
    statements = mfsim::rules::parse_powershell(
        text, mfsim::rules::text_positions(text, "fuzz.ps1"), syntax);
  } catch (const std::exception& e) {
    unexpected("parse_powershell", e.what());
  }
  check_diagnostics(syntax);
  for (const auto& st : statements) MFSIM_FUZZ_CHECK(!st.pipeline.empty());
  if (!syntax.empty()) return 0;
  try {
    const auto set =
        mfsim::rules::finish_import(mfsim::rules::run_powershell(statements, "fuzz.ps1"));
    MFSIM_FUZZ_CHECK(set.source == "fuzz.ps1");
  } catch (const mfsim::load_error& e) {
    MFSIM_FUZZ_CHECK(!e.diagnostics().empty());
    for (const auto& d : e.diagnostics()) MFSIM_FUZZ_CHECK(!d.message.empty());
  } catch (const std::exception& e) {
    unexpected("run_powershell", e.what());
  } catch (...) {
    unexpected("run_powershell", "a non-std exception");
  }
  return 0;
}
