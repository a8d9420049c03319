// The right operand of -and after a false left one, or of -or after a true one: PowerShell does
// not evaluate it (about_Logical_Operators; decision 1167). mfsim reads it, to know where it
// ends, and then undoes what reading it did: the variables it assigned, the commands it ran, the
// warnings it gave. An error in it stays one (PowerShell parses the whole script first).
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {

void parser::unevaluated_operand() {
  const auto variables = variables_;
  const auto typed = typed_variables_;
  const auto functions = functions_;
  const auto created = created_;
  const auto aliases = table_aliases_;
  const auto broken = broken_;
  const auto defines_read = defines_read_;
  const auto warned = warned_;
  const std::size_t statements = statements_.size(), dsc_rules = dsc_rules_.size();
  const std::size_t warnings = warnings_.size(), unknowns = unknowns_.size();
  const std::size_t decided = decided_.size(), decided_environment = decided_environment_.size();
  const std::size_t changes = variable_changes_, writes = file_writes_;
  const std::size_t captured = captures_.empty() ? 0 : captures_.back().size();
  // What loops and pipelines hold outside variables, which a change to a hash table reaches.
  std::vector<ps_value> values;
  for (const ps_value* v : held_values_) values.push_back(*v);
  std::vector<std::vector<ps_value>> items;
  for (const std::vector<ps_value>* v : held_items_) items.push_back(*v);
  std::vector<param_value> lists;
  for (const param_value* v : held_lists_) lists.push_back(*v);

  static_cast<void>(bitwise());

  variables_ = variables;
  typed_variables_ = typed;
  functions_ = functions;
  created_ = created;
  table_aliases_ = aliases;
  broken_ = broken;
  defines_read_ = defines_read;
  warned_ = warned;
  statements_.resize(statements);
  dsc_rules_.resize(dsc_rules);
  warnings_.resize(warnings);
  unknowns_.resize(unknowns);
  decided_.resize(decided);
  decided_environment_.resize(decided_environment);
  variable_changes_ = changes;
  file_writes_ = writes;
  if (!captures_.empty()) captures_.back().resize(captured);
  for (std::size_t k = 0; k < values.size(); ++k) *held_values_[k] = std::move(values[k]);
  for (std::size_t k = 0; k < items.size(); ++k) *held_items_[k] = std::move(items[k]);
  for (std::size_t k = 0; k < lists.size(); ++k) *held_lists_[k] = std::move(lists[k]);
}

}  // namespace mfsim::rules::ps
