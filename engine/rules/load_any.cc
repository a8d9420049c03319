// The format dispatcher: reads and decodes files, picks a loader, merges imported parts and
// gives imported rule sets their Area 1 egress list.
#include "engine/rules/load_any.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "engine/ascii.h"
#include "engine/net/ip_range_set.h"
#include "engine/read_file.h"
#include "engine/rules/load_clixml.h"
#include "engine/rules/load_exported_xml.h"
#include "engine/rules/load_json_export.h"
#include "engine/rules/load_native.h"
#include "engine/rules/load_powershell.h"
#include "engine/rules/presets.h"
#include "engine/rules/validate.h"
#include "engine/unfinished_output.h"
#include "engine/utf16_text.h"
#include "engine/utf8.h"
#include "engine/utf8_bom.h"

namespace mfsim::rules {
namespace {

constexpr std::string_view kPresetPrefix = "preset:";
constexpr const char* kCustomEgressName = "area1-egress";

// UTF-16 LE or BE (with a byte order mark or without), else UTF-8 (utf16_text.h).
std::string read_decoded(const std::string& path) {
  std::string text = utf8_file_text(read_whole_file(path, "rule set"), path);
  // What `mfsim import -o` leaves until its YAML comes (decision 720): read as a script, its
  // words are a command outside mail-flow simulation, and an empty rule set would load.
  if (is_unfinished_output(std::string_view(text).substr(0, text.find('\n')))) {
    throw load_error({diagnostic{diag_code::io_error, source_span{path, 1, 1},
                                 fmt::format("no rule set: {}", kUnfinishedOutputReason)}});
  }
  return text;
}

// An array or object as JSON writes it: `[CmdletBinding()]`, `[string]$x = ...` and a script
// block open PowerShell scripts the same way, but never hold a letter or `(` where JSON holds
// a value, a key or the closing bracket.
bool starts_json_value(std::string_view text) {
  if (text.empty() || (text[0] != '[' && text[0] != '{')) return false;
  const bool array = text[0] == '[';
  std::size_t k = 1;
  while (k < text.size() &&
         (text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n')) {
    ++k;
  }
  if (k >= text.size()) return true;  // "[" alone: the JSON reader says what is missing
  const char c = text[k];
  if (c == '"' || c == (array ? ']' : '}')) return true;
  if (!array) return false;
  if (c == '[' || c == '{' || c == '-' || (c >= '0' && c <= '9')) return true;
  const std::string_view rest = text.substr(k);
  return rest.starts_with("true") || rest.starts_with("false") || rest.starts_with("null");
}

// Whether the XML at the front of `text` has the root element <Objs>, as Export-Clixml writes
// (after an XML declaration and comments, which it does not write but an editor may add).
bool starts_clixml(std::string_view text) {
  while (true) {
    while (!text.empty() &&
           (text[0] == ' ' || text[0] == '\t' || text[0] == '\r' || text[0] == '\n')) {
      text.remove_prefix(1);
    }
    const std::string_view close = text.starts_with("<?")     ? "?>"
                                   : text.starts_with("<!--") ? "-->"
                                                              : "";
    if (close.empty()) break;
    const std::size_t end = text.find(close);
    if (end == std::string_view::npos) return false;
    text.remove_prefix(end + close.size());
  }
  if (!text.starts_with("<Objs")) return false;
  return text.size() == 5 || std::string_view(" \t\r\n>/").find(text[5]) != std::string_view::npos;
}

std::string stem_of(const std::string& path) { return std::filesystem::path(path).stem().string(); }

// The content decides, but a .yaml or .yml name always means YAML, so that a YAML file
// without its `mfsim:` line gets the YAML loader's message rather than PowerShell's.
rule_format format_of(const std::string& path, std::string_view text) {
  const std::string extension = ascii_lower_copy(std::filesystem::path(path).extension().string());
  if (extension == ".yaml" || extension == ".yml") return rule_format::yaml;
  return detect_format(text);
}

imported_rules import_file(const std::string& path, const std::string& text, rule_format format,
                           const import_options& options) {
  switch (format) {
    case rule_format::exported_xml: return import_exported_xml(text, path);
    case rule_format::json_export: return import_json_export(text, path);
    case rule_format::clixml: return import_clixml(text, path);
    case rule_format::powershell:
    case rule_format::dsc:
    case rule_format::yaml: break;
  }
  return import_powershell(text, path, script_context_of(options));
}

// A file that defines nothing is most likely not the file meant (an empty export, a script of
// queries only): a warning, unless its errors already say what is wrong.
void warn_if_empty(imported_rules& part, const std::string& path) {
  const rule_set& set = part.set;
  const bool defines_something = !set.transport_rules.empty() || part.has_antispam ||
                                 part.has_global_settings || !set.quarantine_policies.empty() ||
                                 !set.antiphish.where.file.empty();
  const bool has_error = std::any_of(part.diagnostics.begin(), part.diagnostics.end(),
                                     [](const diagnostic& d) { return !is_warning(d); });
  if (defines_something || has_error) return;
  part.diagnostics.push_back(diagnostic{
      diag_code::missing_key, source_span{path, 0, 0},
      fmt::format("'{}' defines nothing that takes effect: no transport rule, quarantine "
                  "policy or global setting, and no anti-spam policy that applies to anyone",
                  path),
      diag_severity::warning});
}

// The egress list an option names; throws std::invalid_argument when it names none.
std::optional<ip_list> egress_list_of(std::string_view spec) {
  if (const auto reason = check_egress_option(spec)) throw std::invalid_argument(*reason);
  if (spec == "none") return std::nullopt;
  if (spec.substr(0, kPresetPrefix.size()) == kPresetPrefix) {
    if (auto list = preset_ip_list(spec.substr(kPresetPrefix.size()))) return list;
  }
  ip_list custom;
  custom.name = kCustomEgressName;
  custom.comment = "Area 1 egress addresses given to mfsim import";
  std::size_t start = 0;
  while (start <= spec.size()) {
    const std::size_t comma = std::min(spec.find(',', start), spec.size());
    custom.entries.emplace_back(ascii_trim_blanks(spec.substr(start, comma - start)));
    start = comma + 1;
  }
  return custom;
}

void attach_egress(rule_set& set, const import_options& options) {
  auto list = egress_list_of(options.egress_list);
  if (!list) return;
  set.area1.egress_list = list->name;
  set.ip_lists.push_back(std::move(*list));
}

}  // namespace

const char* to_string(rule_format format) noexcept {
  switch (format) {
    case rule_format::yaml: return "mfsim YAML";
    case rule_format::powershell: return "PowerShell";
    case rule_format::exported_xml: return "Export-TransportRuleCollection XML";
    case rule_format::json_export: return "ConvertTo-Json export";
    case rule_format::dsc: return "Microsoft365DSC configuration";
    case rule_format::clixml: return "Export-Clixml export";
  }
  return "?";
}

rule_format detect_format(std::string_view text) noexcept {
  text = without_utf8_bom(text);
  std::size_t k = 0;
  while (k < text.size() &&
         (text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n')) {
    ++k;
  }
  if (k < text.size()) {
    if (text[k] == '<' && (k + 1 >= text.size() || text[k + 1] != '#')) {
      return starts_clixml(text.substr(k)) ? rule_format::clixml : rule_format::exported_xml;
    }
    if (starts_json_value(text.substr(k))) return rule_format::json_export;
  }
  bool configuration = false;
  for (std::size_t line = 0; line < text.size();) {
    if (text.substr(line, 6) == "mfsim:") return rule_format::yaml;
    configuration = configuration || starts_configuration(text.substr(line));
    const std::size_t next = text.find('\n', line);
    if (next == std::string_view::npos) break;
    line = next + 1;
  }
  return configuration ? rule_format::dsc : rule_format::powershell;
}

std::optional<std::string> check_egress_option(std::string_view spec) {
  if (spec == "none") return std::nullopt;
  if (spec.substr(0, kPresetPrefix.size()) == kPresetPrefix) {
    const std::string_view name = spec.substr(kPresetPrefix.size());
    // The names alone: loading a preset to read them cost about 9 million instructions (1-2
    // ms) at the start of every run over a rule file.
    const std::vector<std::string_view> names = preset_ip_list_names();
    if (std::find(names.begin(), names.end(), name) != names.end()) return std::nullopt;
    return fmt::format("no preset IP list named '{}' (known: {})", name, join(names));
  }
  if (spec.empty())
    return std::string("the egress list is empty; give preset:NAME, none, or IP entries");
  std::size_t start = 0;
  while (start <= spec.size()) {
    const std::size_t comma = std::min(spec.find(',', start), spec.size());
    std::string reason;
    if (!net::parse_ip_range(ascii_trim_blanks(spec.substr(start, comma - start)), reason)) {
      return fmt::format("'{}' is not preset:NAME, none, or a list of IP entries: {}", spec,
                         reason);
    }
    start = comma + 1;
  }
  return std::nullopt;
}

namespace {

// Whether `line` is a CSV header of field names (Name among them), quoted or not, separated by
// `separator`.
bool is_csv_header(std::string_view line, char separator) {
  bool named = false;
  std::size_t fields = 0;
  for (std::size_t from = 0; from <= line.size(); ++fields) {
    const std::size_t end = std::min(line.find(separator, from), line.size());
    std::string_view field = line.substr(from, end - from);
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"')
      field = field.substr(1, field.size() - 2);
    if (field.empty() || !std::all_of(field.begin(), field.end(), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '_';
        })) {
      return false;
    }
    named = named || ascii_iequals(field, "Name");
    from = end + 1;
  }
  return named && fields >= 2;
}

// Whether `text` starts as Export-Csv writes: a header line of field names, after the
// "#TYPE ..." line PowerShell 5 writes first, separated by ',' or (-Delimiter, -UseCulture)
// ';'. No script starts so.
bool looks_like_csv_export(std::string_view text) {
  text = without_utf8_bom(text);
  std::string_view line = text.substr(0, text.find_first_of("\r\n"));
  if (line.substr(0, 6) == "#TYPE ") {
    text.remove_prefix(std::min(text.size(), line.size()));
    while (!text.empty() && (text.front() == '\r' || text.front() == '\n')) text.remove_prefix(1);
    line = text.substr(0, text.find_first_of("\r\n"));
  }
  return is_csv_header(line, ',') || is_csv_header(line, ';');
}

// The column of the colon in a Format-List line "Name    : value" (a property name, spaces,
// ':', then a space or the end of the line), if `line` is one.
std::optional<std::size_t> format_list_colon(std::string_view line) {
  std::size_t k = 0;
  while (k < line.size() && (ascii_is_alnum(line[k]) || line[k] == '_')) {
    ++k;
  }
  if (k == 0 || !ascii_is_alpha(line[0])) return std::nullopt;
  const std::size_t name_end = k;
  while (k < line.size() && line[k] == ' ') ++k;
  if (k == name_end || k >= line.size() || line[k] != ':') return std::nullopt;
  if (k + 1 < line.size() && line[k + 1] != ' ') return std::nullopt;
  return k;
}

// Whether `text` starts as Format-List writes an object: after blank lines, a block of at
// least three "Name : value" lines whose colons line up (Format-List pads the names), each
// perhaps followed by lines that continue its value, indented past the colon. A script's first
// line is a command, an assignment, a comment or a block, never such a block.
bool looks_like_format_list(std::string_view text) {
  std::optional<std::size_t> colon;
  std::size_t properties = 0;
  bool started = false;
  for (std::size_t from = 0; from < text.size();) {
    const std::size_t end = std::min(text.find('\n', from), text.size());
    std::string_view line = text.substr(from, end - from);
    from = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (ascii_trim_blanks(line).empty()) {
      if (started) break;  // the end of the first object
      continue;
    }
    started = true;
    if (const auto c = format_list_colon(line)) {
      if (colon && *c != *colon) return false;
      colon = c;
      ++properties;
      continue;
    }
    const std::size_t indent = line.find_first_not_of(' ');
    if (!colon || indent < *colon + 2) return false;  // neither a property nor its continuation
  }
  return properties >= 3;
}

// Whether `text` is one decimal number from 0 to 255 per line: the bytes of a file that
// Set-Content wrote as text (Export-TransportRuleCollection's FileData without -Encoding Byte).
bool looks_like_decimal_bytes(std::string_view text) {
  std::size_t lines = 0;
  for (std::size_t from = 0; from < text.size() && lines < 64;) {
    std::size_t end = std::min(text.find('\n', from), text.size());
    std::string_view line = text.substr(from, end - from);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    from = end + 1;
    if (line.empty()) continue;
    int value = 0;
    const auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), value);
    if (ec != std::errc{} || ptr != line.data() + line.size() || value < 0 || value > 255) {
      return false;
    }
    ++lines;
  }
  return lines >= 8;
}

// --define reaches scripts and Microsoft365DSC configurations only: given with none of them, it
// is said to have no effect (a script warns of each NAME it never reads).
void note_defines_unread(const std::vector<std::pair<std::string, std::string>>& texts,
                         const import_options& options, std::vector<diagnostic>& warnings) {
  if (options.defines.empty()) return;
  for (const auto& [path, text] : texts) {
    const rule_format format = format_of(path, text);
    if (format == rule_format::powershell || format == rule_format::dsc) return;
  }
  const std::string what =
      texts.size() == 1
          ? fmt::format("this file ({})",
                        to_string(format_of(texts.front().first, texts.front().second)))
          : std::string("these files");
  warnings.push_back(diagnostic{diag_code::unknown_key, source_span{texts.front().first, 1, 1},
                                fmt::format("{} has no effect on {}: only PowerShell "
                                            "scripts and Microsoft365DSC configurations read it",
                                            define_options_named(options.define_options), what),
                                diag_severity::warning});
}

}  // namespace

rule_set load_rule_file(const std::string& path, const import_options& options) {
  return load_rule_files({path}, options);
}

rule_set load_rule_files(const std::vector<std::string>& paths, const import_options& options) {
  if (paths.empty()) throw std::invalid_argument("no rule file given");
  if (const auto reason = check_egress_option(options.egress_list)) {
    throw std::invalid_argument(*reason);
  }
  for (std::size_t k = 0; k < options.defines.size(); ++k) {
    if (const auto reason = check_define_option(options.defines[k], options.define_option(k)))
      throw std::invalid_argument(*reason);
  }
  std::vector<std::pair<std::string, std::string>> texts;  // path, decoded text
  for (const auto& path : paths) texts.emplace_back(path, read_decoded(path));

  if (texts.size() == 1 && format_of(paths[0], texts[0].second) == rule_format::yaml) {
    rule_set set = load_rule_set_yaml(texts[0].second, paths[0]);
    set.source = paths[0];
    if (set.name.empty()) set.name = stem_of(paths[0]);
    note_defines_unread(texts, options, set.imported.warnings);
    return set;
  }

  imported_rules merged;
  merged.set.name = stem_of(paths[0]);
  std::string rules_from, antispam_from, settings_from;
  for (const auto& entry : texts) {
    // Plain references, not structured bindings: lambdas below capture them (clang 14).
    const std::string& path = entry.first;
    const std::string& text = entry.second;
    const rule_format format = format_of(path, text);
    if (format == rule_format::yaml) {
      merged.diagnostics.push_back(
          diagnostic{diag_code::bad_value, source_span{path, 0, 0},
                     fmt::format("'{}' is an mfsim YAML rule set, complete in itself: it cannot "
                                 "be combined with other files",
                                 path)});
      continue;
    }
    if (looks_like_decimal_bytes(text)) {
      merged.diagnostics.push_back(diagnostic{
          diag_code::bad_value, source_span{path, 1, 1},
          "this file holds one decimal number per line, the bytes of a file written as text: "
          "Set-Content without -Encoding Byte writes Export-TransportRuleCollection's FileData "
          "so. Save the bytes themselves: Set-Content -Path rules.xml -Value $export.FileData "
          "-Encoding Byte (Windows PowerShell 5.1), -AsByteStream instead of -Encoding Byte "
          "(PowerShell 7), or [System.IO.File]::WriteAllBytes(\"$PWD\\rules.xml\", "
          "$export.FileData)"});
      continue;
    }
    if (format == rule_format::powershell && looks_like_csv_export(text)) {
      merged.diagnostics.push_back(diagnostic{
          diag_code::bad_value, source_span{path, 1, 1},
          "this is Export-Csv output, which mfsim does not read (its values lose their lists "
          "and types): export with Export-Clixml or ConvertTo-Json, such as Get-TransportRule | "
          "Export-Clixml rules.xml or Get-TransportRule | ConvertTo-Json -Depth 5 > rules.json "
          "(docs/import.md)"});
      continue;
    }
    if (format == rule_format::powershell && looks_like_format_list(text)) {
      merged.diagnostics.push_back(diagnostic{
          diag_code::bad_value, source_span{path, 1, 1},
          "this is Format-List output (lines of 'Name : value'), which mfsim does not read: it "
          "is text for the screen, not an export, so lists are cut after 4 items with \"...\" "
          "({a, b, c, d...}) and values lose their types. Export the objects instead: "
          "Get-TransportRule | Export-Clixml rules.xml, or Get-TransportRule | ConvertTo-Json "
          "-Depth 5 > rules.json (the same for Get-HostedContentFilterPolicy, "
          "Get-HostedContentFilterRule, Get-QuarantinePolicy and Get-AcceptedDomain), or give "
          "the PowerShell commands that set the rules up (docs/import.md)"});
      continue;
    }
    imported_rules part = import_file(path, text, format, options);
    warn_if_empty(part, path);
    for (auto& d : part.warnings) {
      if (options.warnings != nullptr) options.warnings->push_back(d);
      d.severity = diag_severity::warning;  // printed with the import's other warnings
      part.diagnostics.push_back(std::move(d));
    }
    for (auto& d : part.diagnostics) merged.diagnostics.push_back(std::move(d));
    merged.set.imported.ignored_commands += part.set.imported.ignored_commands;
    merged.set.imported.skipped_commands += part.set.imported.skipped_commands;
    const auto refuse = [&](const std::string& first, std::string_view what) {
      merged.diagnostics.push_back(
          diagnostic{diag_code::duplicate, source_span{path, 0, 0},
                     fmt::format("'{}' holds {} too; they come from one file only ('{}')", path,
                                 what, first)});
    };
    if (!part.set.transport_rules.empty()) {
      if (!rules_from.empty()) {
        refuse(rules_from, "transport rules");
      } else {
        rules_from = path;
        merged.set.transport_rules = std::move(part.set.transport_rules);
      }
    }
    if (part.has_antispam) {
      if (!antispam_from.empty()) {
        refuse(antispam_from, "the anti-spam policy");
      } else {
        antispam_from = path;
        merged.set.antispam = std::move(part.set.antispam);
        merged.set.scoped_antispam = std::move(part.set.scoped_antispam);
        merged.tags = std::move(part.tags);
        part.tags.clear();
        merged.has_antispam = true;
      }
    }
    // The anti-phishing policy's spoof settings (Set-AntiPhishPolicy), from the file that sets
    // them.
    if (!part.set.antiphish.where.file.empty()) merged.set.antiphish = part.set.antiphish;
    // Tags of policies that apply to nobody, and the spoof tag, are checked whichever file they
    // come from.
    for (auto& tag : part.tags) {
      if (tag.policy == kPolicyOfNobody || tag.key == "SpoofQuarantineTag") {
        merged.tags.push_back(std::move(tag));
      }
    }
    if (part.has_global_settings) {
      if (!settings_from.empty()) {
        refuse(settings_from, "the global quarantine settings");
      } else {
        settings_from = path;
        merged.set.notify_frequency = part.set.notify_frequency;
        merged.has_global_settings = true;
      }
    }
    for (auto& policy : part.set.quarantine_policies) {
      for (const auto& existing : merged.set.quarantine_policies) {
        if (ascii_iequals(existing.name, policy.name)) {
          merged.diagnostics.push_back(
              diagnostic{diag_code::duplicate, policy.where,
                         fmt::format("quarantine policy '{}' is defined in '{}' too", policy.name,
                                     existing.where.file)});
        }
      }
      merged.set.quarantine_policies.push_back(std::move(policy));
    }
    // Accepted domains add up across files; one declared twice is reported below.
    for (auto& d : part.set.accepted_domains) merged.set.accepted_domains.push_back(std::move(d));
  }
  if (texts.size() > 1) check_accepted_domains(merged.set, merged.diagnostics);
  std::string source;
  for (const auto& path : paths) source += (source.empty() ? "" : ", ") + path;
  merged.set.source = source;
  attach_egress(merged.set, options);
  note_defines_unread(texts, options, merged.diagnostics);
  return finish_import(std::move(merged), options.strict);
}

}  // namespace mfsim::rules
