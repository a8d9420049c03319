// The Export-Clixml importer: expat parses (xml_reader.h), clixml_tree.cc turns the elements
// into values with offsets, and export_objects.cc reads the objects as for ConvertTo-Json.
#include "engine/rules/load_clixml.h"

#include <fmt/format.h>

#include <utility>

#include "engine/rules/clixml_tree.h"
#include "engine/rules/export_objects.h"
#include "engine/rules/load_powershell.h"
#include "engine/rules/xml_reader.h"

namespace mfsim::rules {

imported_rules import_clixml(std::string_view text, const std::string& file_name) {
  const auto refused = [&](diag_code code, std::size_t offset, std::string message) {
    imported_rules out;
    out.set.source = file_name;
    out.diagnostics.push_back(
        diagnostic{code, text_positions(text, file_name)(offset), std::move(message)});
    return out;
  };
  xml::element root;
  xml::failure failure;
  if (!xml::parse(text, root, failure)) {
    return refused(diag_code::syntax_error, failure.offset, "invalid XML: " + failure.message);
  }
  if (root.name != "Objs") {
    return refused(diag_code::bad_value, root.offset,
                   fmt::format("expected the root element <Objs> of an Export-Clixml file, "
                               "found <{}>",
                               root.name));
  }
  clixml::tree tree;
  clixml::problem problem;
  if (!clixml::read(root, text.size(), tree, problem)) {
    return refused(problem.code, problem.offset, "invalid CLIXML: " + problem.message);
  }
  return read_export_objects(tree.root, tree.at, text, file_name, kClixmlExport);
}

rule_set load_rule_set_clixml(std::string_view text, const std::string& file_name) {
  return finish_import(import_clixml(text, file_name));
}

}  // namespace mfsim::rules
