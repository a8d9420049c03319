// Loads a rule file of any supported format, picked by its content: mfsim YAML, a PowerShell
// script, a Microsoft365DSC configuration, an Export-TransportRuleCollection XML file, a
// ConvertTo-Json export or an Export-Clixml export.
//
// Imported files say nothing about Area 1's egress addresses, which decide `in_egress`; the
// import options name the list to use (docs/import.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/rule_set.h"

namespace mfsim::rules {

enum class rule_format { yaml, powershell, exported_xml, json_export, dsc, clixml };

[[nodiscard]] const char* to_string(rule_format format) noexcept;

// XML when the text starts with '<' (after a byte order mark and white space; "<#" starts a
// PowerShell comment): Export-Clixml when its root element is <Objs>, else
// Export-TransportRuleCollection. JSON with '{' or '[', YAML when a line starts with "mfsim:", else
// PowerShell: a Microsoft365DSC configuration when a line starts with the keyword
// `Configuration NAME` (followed by '{'). `text` is UTF-8.
[[nodiscard]] rule_format detect_format(std::string_view text) noexcept;

struct import_options {
  // Which IP list is Area 1's egress in an imported rule set:
  //   "preset:NAME"  a list of the built-in presets (area1-office365, area1-office365-2022,
  //                  area1-full), added to ip_lists under that name;
  //   "none"         no egress list (in_egress is always false);
  //   "A,B,..."      these IP entries, added as the list "area1-egress".
  std::string egress_list = "preset:area1-office365";
  // --strict: what an import only warns about (a cmdlet outside mail-flow simulation, a Set- of
  // a rule the script never created, a -Priority past the end, ...) is an error.
  bool strict = false;
  // --define NAME=VALUE: script and configuration variables ($NAME,
  // $ConfigurationData.NonNodeData.NAME) set before a script runs; checked by check_define_option.
  std::vector<std::string> defines{};
  // The option that gave each of `defines`, in their order, where that is not --define (`mfsim
  // diff`'s --base-define): what is said of a value names the option it came from. Empty: all
  // came from --define.
  std::vector<std::string> define_options{};
  // The option that gave defines[k]: its define_options entry, --define where there is none.
  [[nodiscard]] std::string_view define_option(std::size_t k) const {
    return k < define_options.size() ? std::string_view(define_options[k]) : "--define";
  }
  // --accepted-domain's domains (DOMAIN, its :TYPE left out): what a script's
  // `(Get-AcceptedDomain).DomainName` reads. Empty: the script cannot know them.
  std::vector<std::string> accepted_domains{};
  // Where warnings go (values only a tenant knows, conditions decided, defines never read);
  // nullptr: dropped. Filled even when the load then fails.
  std::vector<diagnostic>* warnings = nullptr;
};

// Checks a --define value (or a --base-define one: `option` names the option that gave it);
// nullopt when it is NAME=VALUE with NAME a variable name, else the reason.
[[nodiscard]] std::optional<std::string> check_define_option(std::string_view define,
                                                             std::string_view option = "--define");

// The options that gave `defines`, for a message about all of them: "--define",
// "--base-define" or "--define and --base-define".
[[nodiscard]] std::string define_options_named(const std::vector<std::string>& define_options);

// Checks an egress_list option; nullopt when it is valid, else the reason.
[[nodiscard]] std::optional<std::string> check_egress_option(std::string_view spec);

// Loads one file, its format picked by detect_format (a name ending in .yaml or .yml is always
// YAML). A YAML file loads exactly as load_rule_set_file does (the options do not
// apply: the file names its own egress list). rule_set.name is the file's stem unless the file
// names it. Errors: throws load_error (io_error when the file cannot be read; every problem
// with file:line:col otherwise); std::invalid_argument for a bad egress option.
[[nodiscard]] rule_set load_rule_file(const std::string& path, const import_options& options = {});

// Loads several imported files as one rule set: transport rules from one file, the anti-spam
// policy from one, the global settings from one, quarantine policies from any. A YAML file
// cannot be combined with others. Errors: as load_rule_file.
[[nodiscard]] rule_set load_rule_files(const std::vector<std::string>& paths,
                                       const import_options& options = {});

}  // namespace mfsim::rules
