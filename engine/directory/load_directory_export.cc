// The ConvertTo-Json and Export-Clixml reader: what `Get-Recipient | ConvertTo-Json`,
// `Get-User | Export-Clixml` and `Get-DistributionGroupMember G | ConvertTo-Json` write, read
// through the exports' one JSON and one CLIXML reader (engine/rules/export_records.h), every
// problem at file:line:col.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ascii.h"
#include "engine/directory/directory_records.h"
#include "engine/directory/load_directory.h"
#include "engine/rules/export_records.h"
#include "engine/rules/export_syntax.h"
#include "engine/utf8.h"

namespace mfsim::directory::detail {
namespace {

using json = nlohmann::ordered_json;
namespace exports = rules::exports;

constexpr std::size_t kQuotedBytes = 120;
constexpr std::string_view kRecordIs =
    "a recipient as Get-Recipient, Get-User or Get-DistributionGroupMember writes it (an object "
    "with Name, PrimarySmtpAddress, EmailAddresses, ...)";

class export_reader {
 public:
  export_reader(directory_builder& builder, std::vector<diagnostic>& out, std::size_t group)
      : builder_(builder), out_(out), group_(group), problems_before_(out.size()) {}

  bool read(const exports::record& r) {
    if (full()) return stop(r.where);
    entry e;
    e.where = r.where;
    for (const exports::property& p : r.properties) read_property(e, p);
    // One record's list may hold millions of bad entries: the cap holds inside it too.
    if (dropped_) return stop(r.where);
    add_exported_entry(std::move(e), group_, builder_, out_);
    return true;
  }

 private:
  [[nodiscard]] bool full() const {
    return out_.size() - problems_before_ >= kMaxDirectoryProblems;
  }

  bool stop(const source_span& where) {
    out_.push_back({diag_code::syntax_error, where,
                    fmt::format("more than {} problems (the limit kMaxDirectoryProblems): the "
                                "rest of the file is not read; is it an export of "
                                "Get-Recipient, Get-User or Get-DistributionGroupMember?",
                                kMaxDirectoryProblems)});
    return false;
  }

  void error(const source_span& where, std::string message) {
    if (full()) {
      dropped_ = true;
      return;
    }
    out_.push_back({diag_code::bad_value, where, std::move(message)});
  }

  void read_property(entry& e, const exports::property& p) {
    const json& v = p.value;
    const bool list_key =
        ascii_iequals(p.name, "EmailAddresses") || ascii_iequals(p.name, "Members");
    if (v.is_null()) return;
    if (v.is_array() && list_key) {
      for (const json& item : v) {
        if (!item.is_string()) {
          error(p.where, fmt::format("'{}': expected a list of texts", p.name));
          continue;
        }
        add_item(e, p, item.get_ref<const std::string&>());
      }
      return;
    }
    if (v.is_string())
      return (void)set_field(e, p.name, v.get_ref<const std::string&>(), p.where, out_);
    if (v.is_number() &&
        (ascii_iequals(p.name, "RecipientType") || ascii_iequals(p.name, "RecipientTypeDetails"))) {
      // PowerShell 7 writes an enumeration as its number unless told -EnumsAsStrings; the
      // number says nothing mfsim can check (is it a group?).
      error(p.where, fmt::format("'{}' is the number {}, not the type's name: export with "
                                 "ConvertTo-Json -EnumsAsStrings (PowerShell 7) or Export-Clixml",
                                 p.name, v.dump()));
      return;
    }
    if (v.is_boolean() || v.is_number()) return (void)set_field(e, p.name, v.dump(), p.where, out_);
    // A nested object (ConvertTo-Json of an ADObjectId, Export-Clixml's objects without a
    // <ToString>) or a list where one text is read: used when mfsim reads the property.
    const auto& known = known_fields();
    if (std::none_of(known.begin(), known.end(),
                     [&](std::string_view k) { return ascii_iequals(k, p.name); }))
      return;  // a property mfsim does not read
    error(p.where, fmt::format("'{}': expected a text, found {}", p.name,
                               v.is_array() ? "a list" : "an object"));
  }

  void add_item(entry& e, const exports::property& p, const std::string& item) {
    if (ascii_iequals(p.name, "Members")) {
      if (!item.empty() && e.members.size() < kMaxMembersPerGroup) {
        e.members.push_back(item);
        e.member_where.push_back(p.where);
      }
      e.group = true;
      return;
    }
    if (!add_proxy_address(e, item)) {
      error(p.where, fmt::format("'EmailAddresses': expected SMTP:user@contoso.com, "
                                 "smtp:alias@contoso.com or an address, found '{}'",
                                 shortened_at(item, kQuotedBytes)));
    }
  }

  directory_builder& builder_;
  std::vector<diagnostic>& out_;
  std::size_t group_;
  std::size_t problems_before_;  // the problems of the files read before this one
  bool dropped_ = false;         // a problem past the cap was not listed
};

}  // namespace

void load_directory_export(std::string_view text, const std::string& file,
                           const std::string& group_name, directory_builder& builder,
                           std::vector<diagnostic>& out) {
  const std::size_t group = add_named_group(group_name, file, builder, out);
  export_reader reader(builder, out, group);
  const exports::record_visitor visit = [&](exports::record&& r) { return reader.read(r); };
  try {
    if (exports::starts_xml(text))
      exports::read_clixml_records(text, file, kRecordIs, visit);
    else
      exports::read_json_records(text, file, kRecordIs, visit);
  } catch (const load_error& e) {
    out.insert(out.end(), e.diagnostics().begin(), e.diagnostics().end());
  }
}

}  // namespace mfsim::directory::detail
