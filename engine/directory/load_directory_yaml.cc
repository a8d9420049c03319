// The YAML directory reader (`mfsim_directory: 1`, `recipients:`, `groups:`), with the keys
// spelled as Get-Recipient and Get-User print them; every problem at file:line:col.
#include <fmt/format.h>

#include "engine/directory/directory_records.h"
#include "engine/directory/load_directory.h"
#include "engine/rules/yaml_document.h"

namespace mfsim::directory::detail {
namespace {

namespace yaml = rules::yaml;

constexpr std::string_view kTopKeys[] = {"mfsim_directory", "recipients", "groups"};

class yaml_reader {
 public:
  yaml_reader(const std::string& file, directory_builder& builder, std::vector<diagnostic>& out)
      : file_(file), builder_(builder), out_(out), problems_before_(out.size()) {}

  void read(const YAML::Node& root) {
    if (!root.IsMap()) {
      error(diag_code::bad_value, root,
            "expected a mapping with 'mfsim_directory: 1', "
            "'recipients' and 'groups'");
      return;
    }
    const auto top = yaml::read_mapping(root, kTopKeys, "at the top level", file_, out_);
    const yaml::field* version = top.find("mfsim_directory");
    if (version == nullptr) {
      error(diag_code::missing_key, root,
            "missing key 'mfsim_directory' at the top level: give 'mfsim_directory: 1' (the "
            "format version)");
    } else if (!version->value.IsScalar() || version->value.Scalar() != "1") {
      error(diag_code::bad_value, version->value,
            "'mfsim_directory': expected the format version 1");
    }
    for (const bool groups : {false, true}) {
      const yaml::field* list = top.find(groups ? "groups" : "recipients");
      if (list == nullptr || list->value.IsNull()) continue;
      if (!list->value.IsSequence()) {
        error(diag_code::bad_value, list->value,
              fmt::format("'{}': expected a list of mappings", list->key));
        continue;
      }
      for (const auto& node : list->value) {
        if (out_.size() - problems_before_ >= kMaxDirectoryProblems) {
          error(diag_code::syntax_error, node,
                fmt::format("more than {} problems (the limit kMaxDirectoryProblems): the rest "
                            "of the file is not read",
                            kMaxDirectoryProblems));
          return;
        }
        read_entry(node, groups);
      }
    }
  }

 private:
  void error(diag_code code, const YAML::Node& node, std::string message) {
    out_.push_back({code, yaml::span_of(node, file_), std::move(message)});
  }

  void read_entry(const YAML::Node& node, bool group) {
    if (!node.IsMap()) {
      error(diag_code::bad_value, node,
            group ? "expected a group: a mapping with Name, PrimarySmtpAddress and Members"
                  : "expected a recipient: a mapping with Name, PrimarySmtpAddress, ...");
      return;
    }
    const source_span where = yaml::span_of(node, file_);
    const std::string phrase =
        fmt::format("in the {} at line {}", group ? "group" : "recipient", where.line);
    const auto fields = yaml::read_mapping(node, known_fields(), phrase, file_, out_);
    entry e;
    e.where = where;
    e.group = group;
    for (const auto& f : fields.items) {
      const bool list_key = f.key == "EmailAddresses" || f.key == "Members";
      if (f.value.IsNull()) continue;
      if (f.value.IsSequence() && list_key) {
        for (const auto& item : f.value) {
          if (!item.IsScalar()) {
            error(diag_code::bad_value, item,
                  fmt::format("'{}' {}: expected a text", f.key, phrase));
            continue;
          }
          add_item(e, f.key, item, phrase);
        }
        continue;
      }
      if (!f.value.IsScalar()) {
        error(diag_code::bad_value, f.value,
              fmt::format("'{}' {}: expected a text{}", f.key, phrase,
                          list_key ? " or a list of texts" : ""));
        continue;
      }
      add_item(e, f.key, f.value, phrase);
    }
    if (e.name.empty() && e.primary_address.empty() && e.addresses.empty()) {
      error(diag_code::missing_key, node,
            fmt::format("{} has neither 'Name' nor 'PrimarySmtpAddress'", phrase.substr(3)));
      return;
    }
    if (!group && !e.members.empty() && !e.group) {
      error(diag_code::bad_value, node,
            fmt::format("'Members' {}: only groups have members (list it under 'groups', or "
                        "give a group RecipientType)",
                        phrase));
    }
    builder_.add(std::move(e), out_);
  }

  void add_item(entry& e, const std::string& key, const YAML::Node& value,
                const std::string& phrase) {
    const source_span where = yaml::span_of(value, file_);
    if (key == "Members") {
      if (value.Scalar().empty()) {
        error(diag_code::bad_value, value, fmt::format("'Members' {}: an empty member", phrase));
        return;
      }
      if (e.members.size() < kMaxMembersPerGroup) {
        e.members.push_back(value.Scalar());
        e.member_where.push_back(where);
      }
      return;
    }
    if (key == "EmailAddresses") {
      if (!add_proxy_address(e, value.Scalar())) {
        error(diag_code::bad_value, value,
              fmt::format("'EmailAddresses' {}: expected SMTP:user@contoso.com, "
                          "smtp:alias@contoso.com or an address, found '{}'",
                          phrase, value.Scalar()));
      }
      return;
    }
    const std::size_t before = out_.size();
    set_field(e, key, value.Scalar(), where, out_);
    for (std::size_t k = before; k < out_.size(); ++k) out_[k].message += " " + phrase;
  }

  const std::string& file_;
  directory_builder& builder_;
  std::vector<diagnostic>& out_;
  std::size_t problems_before_;  // the problems of the files read before this one
};

}  // namespace

void load_directory_yaml(std::string_view text, const std::string& file, directory_builder& builder,
                         std::vector<diagnostic>& out) {
  try {
    yaml::document doc = yaml::load_document(text, file, "a directory file");
    if (doc.root.IsDefined() && !doc.root.IsNull()) yaml_reader(file, builder, out).read(doc.root);
    out.insert(out.end(), doc.problems.begin(), doc.problems.end());
  } catch (const load_error& e) {
    out.insert(out.end(), e.diagnostics().begin(), e.diagnostics().end());
  }
}

}  // namespace mfsim::directory::detail
