// load_directory(): each --directory value to its reader, then one index over them all.
#include "engine/directory/load_directory.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

#include "engine/ascii.h"
#include "engine/directory/directory_records.h"
#include "engine/read_file.h"
#include "engine/rules/export_syntax.h"
#include "engine/utf16_text.h"
#include "engine/utf8.h"

namespace mfsim::directory {
namespace {

bool ends_with_i(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && ascii_iequals(s.substr(s.size() - suffix.size()), suffix);
}

// An export saved in a Windows code page (`Export-Csv -Encoding Default`, Excel's "CSV (Comma
// delimited)") holds names that match nothing the rule files, in UTF-8, name: said at the
// first byte that is not UTF-8, rather than as a member or attribute that never matches
// (decision 622).
std::optional<diagnostic> not_utf8(std::string_view text, const std::string& path) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++line;
      line_start = i + 1;
    }
    if (byte < 0x80) continue;
    if (const std::size_t length = utf8_sequence_length(text, i); length != 0) {
      i += length - 1;
      continue;
    }
    std::size_t column = 1;  // in characters, as the rule files' columns
    for (std::size_t k = line_start; k < i; ++k) {
      column += (static_cast<unsigned char>(text[k]) & 0xC0) != 0x80 ? 1 : 0;
    }
    return diagnostic{diag_code::syntax_error, source_span{path, line, static_cast<int>(column)},
                      fmt::format("byte 0x{:02X} is not UTF-8: was the file saved in a Windows "
                                  "code page (Export-Csv -Encoding Default, Excel's \"CSV (Comma "
                                  "delimited)\")? Export with -Encoding UTF8 or -Encoding Unicode",
                                  byte)};
  }
  return std::nullopt;
}

}  // namespace

directory_spec split_directory_spec(const std::string& spec) {
  if (const auto eq = spec.find('=');
      eq != std::string::npos && eq > 0 && !std::filesystem::exists(spec)) {
    return {spec.substr(0, eq), spec.substr(eq + 1)};
  }
  return {"", spec};
}

std::shared_ptr<const directory_index> load_directory(const std::vector<std::string>& specs) {
  detail::directory_builder builder;
  std::vector<diagnostic> problems;
  std::set<std::string> files_read;  // FILE values, by their canonical path
  for (const auto& spec : specs) {
    const auto [group, path] = split_directory_spec(spec);
    // The same export given twice (a shell glob and a name, a copy-pasted command) would make
    // every row a second record of the same recipient (decision 624).
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(path, ec);
    if (group.empty() && !ec && !files_read.insert(canonical.string()).second) {
      problems.push_back({diag_code::duplicate, source_span{path, 0, 0},
                          fmt::format("'{}' is given twice as --directory: each file once", path)});
      continue;
    }
    // Windows PowerShell 5.1 writes UTF-16 LE with `Export-Csv -Encoding Unicode` and with
    // `ConvertTo-Csv > FILE` (decision 616): decoded as rule files are, a failure at its
    // line:col (decision 681).
    std::string text;
    try {
      text = utf8_file_text(read_whole_file(path, "directory"), path);
    } catch (const load_error& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
      continue;
    }
    if (auto problem = not_utf8(text, path)) {
      problems.push_back(std::move(*problem));
      continue;
    }
    const bool yaml = ends_with_i(path, ".yaml") || ends_with_i(path, ".yml");
    if (yaml && !group.empty()) {
      problems.push_back({diag_code::bad_value, source_span{path, 0, 0},
                          fmt::format("'{}': GROUP=FILE takes a CSV of "
                                      "Get-DistributionGroupMember; a YAML directory names its "
                                      "groups' Members itself",
                                      spec)});
      continue;
    }
    if (yaml)
      detail::load_directory_yaml(text, path, builder, problems);
    else if (rules::exports::starts_json(text) || rules::exports::starts_xml(text))
      detail::load_directory_export(text, path, group, builder, problems);
    else
      detail::load_directory_csv(text, path, group, builder, problems);
  }
  // The references are checked even after a reader's problem, so one run reports them all.
  std::shared_ptr<const directory_index> index;
  try {
    index = std::make_shared<const directory_index>(builder.take());
  } catch (const load_error& e) {
    problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
  }
  if (!problems.empty()) throw load_error(std::move(problems));
  return index;
}

}  // namespace mfsim::directory
