// Resolving the --rules argument: a preset name or a rule-set file; --strict and --max-errors,
// which every command that loads rules shares; printing load diagnostics.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/rule_set.h"
#include "engine/status.h"

namespace mfsim::tools {

struct rule_load_settings {
  bool strict = false;          // --strict: import warnings are errors
  std::size_t max_errors = 20;  // --max-errors: diagnostics printed, 0 for all (a screenful)
};

// The settings the command line gave (one command runs per process).
[[nodiscard]] rule_load_settings& rule_loading();

// Prints diagnostics to stderr, one a line, at most rule_loading().max_errors of them followed
// by "... and N more".
void print_diagnostics(const std::vector<diagnostic>& diagnostics);

// " (did you mean 'uc4'?)" when a preset's name is close to `name` (or equal but for case),
// else an empty string.
[[nodiscard]] std::string closest_preset(std::string_view name);

// Loads a built-in preset when `spec` names one, else the rule file(s) at that path: mfsim YAML,
// PowerShell, Export-TransportRuleCollection XML, ConvertTo-Json or Export-Clixml
// (engine/rules/load_any.h);
// several paths joined by commas make one rule set. An import's warnings are printed to stderr.
// Throws mfsim::load_error (with positions) when the file cannot be read or is invalid.
// `defines` are --define NAME=VALUE values for scripts; import warnings go to stderr.
// `accepted_domains`: --accepted-domain's values (DOMAIN or DOMAIN:TYPE), which a script's
// `(Get-AcceptedDomain).DomainName` reads. `sides` names the options, for `mfsim diff`'s --base.
struct rule_options_named {
  std::string rules = "--rules";              // the option that gave `spec`
  std::vector<std::string> define_options{};  // as rules::import_options::define_options
};
[[nodiscard]] rules::rule_set load_rules(const std::string& spec,
                                         const std::vector<std::string>& defines = {},
                                         const std::vector<std::string>& accepted_domains = {},
                                         const rule_options_named& named = {});

}  // namespace mfsim::tools
