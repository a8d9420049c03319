// Loader for mfsim's own YAML rule-set format (docs/rule-format.md) into the rule_set model.
//
// The loader checks everything it can without compiling: keys, types, ranges, enum values,
// IP entries, references to IP lists and quarantine policies, duplicates, and rules that do
// nothing. Regular expressions are checked later by the compiler.
#pragma once

#include <string>
#include <string_view>

#include "engine/rules/rule_set.h"
#include "engine/status.h"

namespace mfsim::rules {

// Parses a rule-set YAML document. `file_name` is used in diagnostics and stored as
// rule_set.source; rule_set.name is the document's `name:` (empty when not given).
// Errors: collects every problem and throws mfsim::load_error holding all of them, sorted by
// position (file:line:col, 1-based, pointing at the offending key or value). A YAML syntax
// error is reported alone (diag_code::syntax_error) since nothing after it can be trusted.
// Thread-safe: no shared state.
[[nodiscard]] rule_set load_rule_set_yaml(std::string_view text, const std::string& file_name);

// As load_rule_set_yaml, for mfsim's own text (a built-in preset): parsed once, without the
// checks only a user's text needs (yaml::text_origin in engine/rules/yaml_document.h).
[[nodiscard]] rule_set load_built_in_rule_set_yaml(std::string_view text,
                                                   const std::string& file_name);

// Reads the file at `path` and calls load_rule_set_yaml. rule_set.source is `path`;
// rule_set.name defaults to the file's stem ("uc4" for "rules/uc4.yaml").
// Errors: load_error with diag_code::io_error and the OS reason when the file cannot be read,
// otherwise as load_rule_set_yaml.
[[nodiscard]] rule_set load_rule_set_file(const std::string& path);

}  // namespace mfsim::rules
