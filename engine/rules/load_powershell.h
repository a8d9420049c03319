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

// A script as a complete rule set (source `file_name`, name empty: the caller names it).
// Errors: throws load_error holding every diagnostic, sorted by position.
[[nodiscard]] rule_set load_rule_set_powershell(std::string_view text,
                                                const std::string& file_name);

}  // namespace mfsim::rules
