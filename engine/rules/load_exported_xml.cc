// The exported-XML importer: the structure of an Export-TransportRuleCollection file (read by
// expat through xml_reader.h, with each character's offset), and the PowerShell of its command
// blocks, whose diagnostics point into the XML file.
#include "engine/rules/load_exported_xml.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "engine/rules/load_powershell.h"
#include "engine/rules/xml_reader.h"

namespace mfsim::rules {
namespace {

using xml::attribute;
using xml::element;

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool blank(const xml::text& t) { return std::all_of(t.bytes.begin(), t.bytes.end(), is_space); }

// The document offset of the first character that is not white space (the text is not blank).
std::size_t first_visible(const xml::text& t) {
  std::size_t k = 0;
  while (k < t.bytes.size() && is_space(t.bytes[k])) ++k;
  return t.offset_of(k);
}

// The rule's name as its New-TransportRule gives it (-Name, or the first value).
std::optional<std::string> new_rule_name(const std::vector<ps_statement>& statements) {
  for (const auto& st : statements) {
    const ps_command& cmd = st.pipeline.front();
    if (!ascii_iequals(cmd.name, "New-TransportRule")) continue;
    for (std::size_t k = 0; k < cmd.elements.size(); ++k) {
      const ps_element& e = cmd.elements[k];
      if (e.is_parameter && ascii_iequals(e.name, "Name")) {
        const param_value* v = e.has_value                   ? &e.value
                               : k + 1 < cmd.elements.size() ? &cmd.elements[k + 1].value
                                                             : nullptr;
        if (v != nullptr && v->type == value_type::text) return v->text;
        return std::nullopt;
      }
    }
    for (const auto& e : cmd.elements) {
      if (e.is_parameter) break;
      if (e.value.type == value_type::text) return e.value.text;
    }
  }
  return std::nullopt;
}

class collection_reader {
 public:
  collection_reader(std::string_view text, const std::string& file)
      : text_(text), file_(file), doc_(text_positions(text, file)) {}

  imported_rules read();

 private:
  void error(diag_code code, std::size_t offset, std::string message) {
    problems_.push_back(diagnostic{code, doc_(offset), std::move(message)});
  }
  void check_attributes(const element& e, std::span<const std::string_view> known);
  void read_rule(const element& rule, std::size_t index);
  void read_block(const element& block, const std::string& rule_label,
                  const attribute* name_attribute);

  std::string_view text_;
  const std::string& file_;
  position_map doc_;
  std::vector<diagnostic> problems_;  // structure and syntax: nothing is run when there are any
  std::vector<ps_statement> statements_;
};

void collection_reader::check_attributes(const element& e,
                                         std::span<const std::string_view> known) {
  for (const auto& a : e.attributes) {
    if (std::find(known.begin(), known.end(), a.name) == known.end()) {
      error(diag_code::unknown_key, a.name_offset,
            fmt::format("unknown attribute '{}' of <{}> (known: {})", a.name, e.name, join(known)));
    }
  }
}

imported_rules collection_reader::read() {
  imported_rules out;
  out.set.source = file_;
  element root;
  xml::failure failure;
  if (!xml::parse(text_, root, failure)) {
    out.diagnostics.push_back(diagnostic{diag_code::syntax_error, doc_(failure.offset),
                                         "invalid XML: " + failure.message});
    return out;
  }
  if (root.name != "rules") {
    error(diag_code::bad_value, root.offset,
          fmt::format("expected the root element <rules> of an Export-TransportRuleCollection "
                      "file, found <{}>{}",
                      root.name,
                      root.name == "Objs" ? " (Export-Clixml output, which the Export-Clixml "
                                            "importer reads: docs/import.md)"
                                          : ""));
    out.diagnostics = std::move(problems_);
    return out;
  }
  static constexpr std::string_view root_attributes[] = {"name"};
  check_attributes(root, root_attributes);
  if (const attribute* a = root.find_attribute("name");
      a != nullptr && a->value != "TransportVersioned") {
    error(diag_code::bad_value, a->value_offset,
          fmt::format("<rules name=\"{}\">: only the collection format of Exchange 2013 and later "
                      "(name=\"TransportVersioned\") is supported",
                      a->value));
  }
  if (!blank(root.content)) {
    error(diag_code::syntax_error, first_visible(root.content), "unexpected text inside <rules>");
  }
  std::size_t index = 0;
  for (const auto& child : root.children) {
    if (child.name != "rule") {
      error(diag_code::unknown_key, child.offset,
            fmt::format("unexpected element <{}> in <rules>; expected <rule>", child.name));
      continue;
    }
    read_rule(child, index++);
  }
  if (!problems_.empty()) {
    out.diagnostics = std::move(problems_);
    return out;
  }
  return run_powershell(statements_, file_);
}

void collection_reader::read_rule(const element& rule, std::size_t index) {
  static constexpr std::string_view rule_attributes[] = {"name", "id", "format"};
  check_attributes(rule, rule_attributes);
  const attribute* name = rule.find_attribute("name");
  const std::string label =
      name != nullptr ? fmt::format("rule '{}'", name->value) : fmt::format("rule #{}", index + 1);
  if (const attribute* format = rule.find_attribute("format");
      format != nullptr && format->value != "cmdlet") {
    error(diag_code::bad_value, format->value_offset,
          fmt::format("{}: format '{}' is not supported; only format=\"cmdlet\" (Exchange 2013 and "
                      "later) is",
                      label, format->value));
    return;
  }
  if (!blank(rule.content)) {
    error(diag_code::syntax_error, first_visible(rule.content),
          fmt::format("unexpected text inside <rule> of {}", label));
  }
  const element* version = nullptr;
  for (const auto& child : rule.children) {
    if (child.name != "version") {
      error(diag_code::unknown_key, child.offset,
            fmt::format("unexpected element <{}> in {}; expected <version>", child.name, label));
    } else if (version != nullptr) {
      error(diag_code::duplicate, child.offset,
            fmt::format("{} has more than one <version>; mfsim reads one command block per rule",
                        label));
    } else {
      version = &child;
    }
  }
  if (version == nullptr) {
    error(diag_code::missing_key, rule.offset, fmt::format("{} has no <version> element", label));
    return;
  }
  static constexpr std::string_view version_attributes[] = {"requiredMinVersion"};
  check_attributes(*version, version_attributes);
  const element* block = nullptr;
  for (const auto& child : version->children) {
    if (child.name != "commandBlock" || block != nullptr) {
      error(diag_code::unknown_key, child.offset,
            fmt::format("unexpected element <{}> in <version> of {}; expected one "
                        "<commandBlock>",
                        child.name, label));
    } else {
      block = &child;
    }
  }
  if (block == nullptr) {
    error(diag_code::missing_key, version->offset,
          fmt::format("<version> of {} has no <commandBlock>", label));
    return;
  }
  check_attributes(*block, {});
  read_block(*block, label, name);
}

void collection_reader::read_block(const element& block, const std::string& rule_label,
                                   const attribute* name_attribute) {
  const xml::text& t = block.content;
  const std::size_t fallback = block.offset;
  const position_map map = [this, &t, fallback](std::size_t offset) {
    if (t.bytes.empty()) return doc_(fallback);
    return offset < t.bytes.size() ? doc_(t.offset_of(offset))
                                   : doc_(t.offset_of(t.bytes.size() - 1) + 1);
  };
  std::vector<diagnostic> syntax;
  auto statements = parse_powershell(t.bytes, map, syntax);
  if (!syntax.empty()) {
    for (auto& d : syntax) problems_.push_back(std::move(d));
    return;
  }
  const auto command_name = new_rule_name(statements);
  if (!command_name) {
    error(diag_code::missing_key, block.offset,
          fmt::format("the <commandBlock> of {} holds no New-TransportRule with a -Name",
                      rule_label));
    return;
  }
  if (name_attribute != nullptr && !ascii_iequals(name_attribute->value, *command_name)) {
    error(diag_code::bad_value, name_attribute->value_offset,
          fmt::format("{} is named '{}' by its New-TransportRule; the two names must agree",
                      rule_label, *command_name));
  }
  for (auto& st : statements) statements_.push_back(std::move(st));
}

}  // namespace

imported_rules import_exported_xml(std::string_view text, const std::string& file_name) {
  return collection_reader(text, file_name).read();
}

rule_set load_rule_set_exported_xml(std::string_view text, const std::string& file_name) {
  return finish_import(import_exported_xml(text, file_name));
}

}  // namespace mfsim::rules
