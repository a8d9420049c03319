// Formatting of diagnostics and the loaders' exception.
#include "engine/status.h"

#include <algorithm>

#include "engine/terminal_text.h"

namespace mfsim {

const char* to_string(diag_code code) noexcept {
  switch (code) {
    case diag_code::io_error: return "io_error";
    case diag_code::syntax_error: return "syntax_error";
    case diag_code::unknown_key: return "unknown_key";
    case diag_code::bad_value: return "bad_value";
    case diag_code::missing_key: return "missing_key";
    case diag_code::duplicate: return "duplicate";
    case diag_code::bad_reference: return "bad_reference";
  }
  return "unknown";
}

std::string format_diagnostic(const diagnostic& d) {
  // The file name and the quoted fragment come from outside: shown inert (terminal_text.h).
  std::string out = d.where.file.empty() ? std::string("<rules>") : terminal_text(d.where.file);
  // A file's problems are at file:line:col (the contract's form, which editors and CI
  // annotations read): one with the whole file (it cannot be read or decoded, it defines
  // nothing) is at 1:1. An option's ("--rules: ...") has no place.
  if (!d.where.file.starts_with("--")) {
    out += ':' + std::to_string(std::max(d.where.line, 1));
    out += ':' + std::to_string(std::max(d.where.col, 1));
  }
  out += is_warning(d) ? ": warning: " : ": error: ";
  append_terminal_text(out, d.message);
  out += " [";
  out += to_string(d.code);
  out += ']';
  return out;
}

static std::string first_message(const std::vector<diagnostic>& diagnostics) {
  return diagnostics.empty() ? std::string("rule set could not be loaded")
                             : format_diagnostic(diagnostics.front());
}

load_error::load_error(std::vector<diagnostic> diagnostics)
    : std::runtime_error(first_message(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace mfsim
