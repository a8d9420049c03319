#include "tests/support/script_import.h"

#include <doctest/doctest.h>

#include <utility>

#include "engine/rules/validate.h"

namespace mfsim::test {

script_outcome import(const std::string& script, std::vector<rules::script_define> defines,
                      std::vector<std::string> accepted_domains) {
  const rules::script_context context{std::move(defines), std::move(accepted_domains)};
  rules::imported_rules imported = rules::import_powershell(script, "t.ps1", context);
  script_outcome out;
  out.warnings = imported.warnings;
  try {
    out.set = rules::finish_import(std::move(imported));
  } catch (const load_error& e) {
    out.errors = e.diagnostics();
  }
  return out;
}

std::vector<std::string> lines_of(const std::vector<diagnostic>& list) {
  std::vector<std::string> out;
  for (const auto& d : list) {
    out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.col) + " " +
                  d.message);
  }
  return out;
}

bool has(const std::vector<diagnostic>& list, int line, int col, const std::string& fragment) {
  for (const auto& d : list) {
    if (d.where.line == line && d.where.col == col && d.message.find(fragment) != std::string::npos)
      return true;
  }
  return false;
}

std::vector<std::string> rule_names(const rules::rule_set& set) {
  std::vector<std::string> names;
  for (const auto& rule : set.transport_rules) names.push_back(rule.name);
  return names;
}

std::vector<std::string> names_of(const std::string& script) {
  const script_outcome r = import(script);
  REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
  return rule_names(r.set);
}

std::vector<std::string> values_of(const std::vector<std::string>& expressions) {
  std::string script;
  for (std::size_t at = 0; at < expressions.size(); ++at) {
    script += "New-TransportRule -Name ('" + std::to_string(at) + " ' + (" + expressions[at] +
              ")) -SetSCL 5\n";
  }
  std::vector<std::string> values = names_of(script);
  for (std::string& value : values) value.erase(0, value.find(' ') + 1);
  return values;
}

std::string branch_taken(const std::string& setup, const std::string& condition) {
  const auto names = names_of(setup + "if (" + condition +
                              ") { New-TransportRule yes -SetSCL 5 } "
                              "else { New-TransportRule no -SetSCL 5 }\n");
  REQUIRE(names.size() == 1);
  return names.front();
}

std::string only_error(const std::string& script) {
  const script_outcome r = import(script);
  REQUIRE_MESSAGE(r.errors.size() == 1, lines_of(r.errors));
  return lines_of(r.errors)[0];
}

const rules::transport_rule& rule_named(const rules::rule_set& set, const std::string& name) {
  for (const auto& r : set.transport_rules) {
    if (r.name == name) return r;
  }
  FAIL("no rule named " << name);
  return set.transport_rules.front();
}

std::string comments_of(const script_outcome& r, const std::string& name) {
  return rule_named(r.set, name).comments;
}

}  // namespace mfsim::test
