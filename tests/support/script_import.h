// Test support: a PowerShell script imported as `mfsim import` reads it, and what to check in
// the result (the PowerShell language tests share these).
#pragma once

#include <string>
#include <vector>

#include "engine/rules/load_powershell.h"

namespace mfsim::test {

struct script_outcome {
  rules::rule_set set;  // empty when the import failed
  std::vector<diagnostic> warnings;
  std::vector<diagnostic> errors;
};

// Imports `script` (named t.ps1) with the --define values and --accepted-domain names given.
script_outcome import(const std::string& script, std::vector<rules::script_define> defines = {},
                      std::vector<std::string> accepted_domains = {});

// "line:col message" of each diagnostic, for readable failures.
std::vector<std::string> lines_of(const std::vector<diagnostic>& list);

// Whether `list` has a diagnostic at line:col whose message contains `fragment`.
bool has(const std::vector<diagnostic>& list, int line, int col, const std::string& fragment);

std::vector<std::string> rule_names(const rules::rule_set& set);

// The names of the rules `script` creates, in order; the test fails when it does not load.
std::vector<std::string> names_of(const std::string& script);

// The value of each PowerShell expression in `expressions`, read from the name of a rule each
// names (each name led by its rule's number, as two rules may not share one).
std::vector<std::string> values_of(const std::vector<std::string>& expressions);

// The rule `setup` then `if (condition) {...} else {...}` creates: "yes" where the script takes
// the condition as true, else "no"; the test fails when it does not load.
std::string branch_taken(const std::string& setup, const std::string& condition);

// "line:col message" of the one error `script` gives; the test fails when it gives another count.
std::string only_error(const std::string& script);

// The comments of the transport rule named `name` (where tests show a value); the test fails
// when there is none.
std::string comments_of(const script_outcome& r, const std::string& name);

// The transport rule named `name`; the test fails when there is none.
const rules::transport_rule& rule_named(const rules::rule_set& set, const std::string& name);

}  // namespace mfsim::test
