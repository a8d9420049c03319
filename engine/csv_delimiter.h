// The delimiter of a CSV file as Export-Csv writes it, read from its header row.
#pragma once

#include <string_view>

namespace mfsim {

// Export-Csv separates values with ',' unless -Delimiter or -UseCulture chose another: ';' in
// the cultures whose list separator it is (de-DE, fr-FR, ...), or a tab. The first of them that
// the header row holds outside quotes; ',' when it holds none (one column).
[[nodiscard]] inline char export_csv_delimiter(std::string_view header_line) noexcept {
  bool quoted = false;
  for (const char c : header_line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == ',' || c == ';' || c == '\t') return c;
  }
  return ',';
}

}  // namespace mfsim
