// Fuzzes the YAML rule-set loader. load_error is the documented way to reject a file; any other
// exception, a crash or a sanitizer report is a bug. A file that loads is compiled, and a
// plan that compiles evaluates one fixed message.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "engine/rules/load_native.h"
#include "fuzz/fuzz_message.h"

namespace {

[[noreturn]] void unexpected(const char* stage, const char* what) {
  std::fprintf(stderr, "%s threw something other than load_error: %s\n", stage, what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  mfsim::rules::rule_set set;
  try {
    set = mfsim::rules::load_rule_set_yaml(text, "fuzz.yaml");
  } catch (const mfsim::load_error& e) {
    MFSIM_FUZZ_CHECK(!e.diagnostics().empty());
    for (const auto& d : e.diagnostics()) {
      MFSIM_FUZZ_CHECK(!d.message.empty());
      MFSIM_FUZZ_CHECK(d.where.line >= 0 && d.where.col >= 0);
    }
    return 0;
  } catch (const std::exception& e) {
    unexpected("load_rule_set_yaml", e.what());
  } catch (...) {
    unexpected("load_rule_set_yaml", "a non-std exception");
  }

  std::shared_ptr<const mfsim::plan> compiled;
  try {
    compiled = mfsim::compile(set);
  } catch (const mfsim::load_error& e) {
    MFSIM_FUZZ_CHECK(!e.diagnostics().empty());
    return 0;
  } catch (const std::exception& e) {
    unexpected("compile", e.what());
  } catch (...) {
    unexpected("compile", "a non-std exception");
  }

  mfsim::scratch s;
  const mfsim::run_options options;
  const mfsim::outcome& o = mfsim::evaluate(*compiled, mfsim::fuzz::kFixedMessage, options, s);
  mfsim::fuzz::check_outcome(*compiled, mfsim::fuzz::kFixedMessage, o);
  return 0;
}
