// Diagnostics shared by every loader: a source position, a code and a message.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace mfsim {

// A position in a rule-set file, 1-based; line 0 means "the file as a whole".
struct source_span {
  std::string file;
  int line = 0;
  int col = 0;
};

enum class diag_code {
  io_error,       // the file could not be read
  syntax_error,   // the text is not valid YAML / PowerShell / XML
  unknown_key,    // a key or parameter mfsim does not know
  bad_value,      // a known key with a value of the wrong type or range
  missing_key,    // a required key is absent
  duplicate,      // a name or priority given twice
  bad_reference,  // a name that refers to nothing (an IP list, a quarantine policy)
};

[[nodiscard]] const char* to_string(diag_code code) noexcept;

// A warning does not stop a load: the rule set is used and the warning printed (importers
// report what they skipped or assumed); `--strict` turns warnings into errors.
enum class diag_severity { error, warning };

struct diagnostic {
  diag_code code = diag_code::bad_value;
  source_span where;
  std::string message;
  diag_severity severity = diag_severity::error;
};

[[nodiscard]] inline bool is_warning(const diagnostic& d) noexcept {
  return d.severity == diag_severity::warning;
}

// "file:line:col: error: message" (line and col left out when unknown; "warning:" for one).
[[nodiscard]] std::string format_diagnostic(const diagnostic& d);

// Thrown by loaders; the CLI prints every diagnostic and exits with status 2.
class load_error : public std::runtime_error {
 public:
  explicit load_error(std::vector<diagnostic> diagnostics);
  [[nodiscard]] const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<diagnostic> diagnostics_;
};

}  // namespace mfsim
