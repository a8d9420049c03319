// Importer for PowerShell scripts of Exchange Online cmdlets (New-TransportRule, Set-TransportRule,
// Set-HostedContentFilterPolicy, New-QuarantinePolicy, ...) into the rule_set model.
//
// The script is parsed (quoting, arrays, comments, line continuations, variables), then run
// against an empty organisation the way Exchange would: rules are inserted at their Priority,
// Set-* cmdlets change what earlier lines created. docs/import.md lists what is accepted.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/rule_set.h"
#include "engine/rules/text_positions.h"
#include "engine/rules/validate.h"
#include "engine/status.h"

namespace mfsim::rules {

// One element of a command: `-Name`, `-Name:value`, or an argument.
struct ps_element {
  bool is_parameter = false;
  std::string name;        // parameter name without the dash
  bool has_value = false;  // a parameter written -Name:value
  param_value value;       // the argument, or the value after ':'
  source_span where;
  // -Name @{Add=...; Remove=...}: Exchange's multi-value edit of what the object holds.
  bool is_edit = false;
  param_value add, remove;  // lists; empty when not given
  std::string variable;     // the argument written as one variable ($perms): its name, lower-cased
};

struct ps_command {
  std::string name;  // the cmdlet as written
  source_span where;
  std::vector<ps_element> elements;
};

// One statement: a command, or a pipeline of commands joined by '|'.
struct ps_statement {
  std::vector<ps_command> pipeline;
};

// What the script reads from outside: --define NAME=VALUE sets $NAME (and
// $ConfigurationData.NonNodeData.NAME) before the script runs.
struct script_define {
  std::string name;
  std::string value;
  std::string option = "--define";  // the command-line option that gave it (--base-define)
};
struct script_context {
  std::vector<script_define> defines;
  // The tenant's accepted domains as --accepted-domain gives them: `(Get-AcceptedDomain)
  // .DomainName` (or `.Name`) is this list; empty, it is known only when the script runs.
  std::vector<std::string> accepted_domains;
};

// Whether a line opens a Microsoft365DSC configuration: `Configuration NAME` then '{' or the
// end of the line.
[[nodiscard]] bool starts_configuration(std::string_view line) noexcept;

struct import_options;
// The --define values of `options` as a script reads them.
[[nodiscard]] script_context script_context_of(const import_options& options);

// Parses a script with what it reads from outside; problems the import goes on with (values
// only a tenant knows, decided conditions, defines never read) go to `warnings`.
[[nodiscard]] std::vector<ps_statement> parse_powershell(std::string_view text,
                                                         const position_map& where,
                                                         const script_context& context,
                                                         std::vector<diagnostic>& out,
                                                         std::vector<diagnostic>& warnings);

// Parses a script. Variables assigned in it ($x = 'a','b') are substituted where used.
// `text` must stay alive only during the call. Syntax errors are appended to `out` (the
// parser goes on at the next line); statements with errors are left out.
[[nodiscard]] std::vector<ps_statement> parse_powershell(std::string_view text,
                                                         const position_map& where,
                                                         std::vector<diagnostic>& out);

// Runs parsed statements against an empty organisation and returns what they create; problems
// go to the result's diagnostics. Quarantine tags are left for finish_import to resolve.
[[nodiscard]] imported_rules run_powershell(const std::vector<ps_statement>& statements,
                                            const std::string& file_name);

// Parses and runs a script; syntax errors are reported alone (nothing after them is run).
[[nodiscard]] imported_rules import_powershell(std::string_view text, const std::string& file_name);
[[nodiscard]] imported_rules import_powershell(std::string_view text, const std::string& file_name,
                                               const script_context& context);

// A script as a complete rule set (source `file_name`, name empty: the caller names it).
// Errors: throws load_error holding every diagnostic, sorted by position.
[[nodiscard]] rule_set load_rule_set_powershell(std::string_view text,
                                                const std::string& file_name);

}  // namespace mfsim::rules
