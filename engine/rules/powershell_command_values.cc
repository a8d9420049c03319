// Commands written where a value goes, whose result is the object they create (New-X), a
// tenant query (Get-X) or a value only a tenant knows; New-Object of a collection, and the
// permissions New-QuarantinePermissions builds.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "engine/rules/powershell_cmdlet_catalog.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_piped_values.h"
#include "engine/rules/powershell_runner.h"
#include "engine/rules/quarantine_permissions.h"
#include "engine/rules/rule_set.h"

namespace mfsim::rules::ps {
namespace {

constexpr std::string_view changing_verbs[] = {"New-", "Set-", "Enable-", "Disable-", "Remove-"};

bool starts_with_verb(std::string_view name, std::string_view verb) {
  return name.size() > verb.size() && ascii_iequals(name.substr(0, verb.size()), verb);
}

// What every tenant holds before a script runs (decision 1136): the default policies, which
// cannot be removed, and the built-in quarantine policies. `Get-X Name` of one finds it.
bool is_built_in(std::string_view noun, std::string_view id) {
  static constexpr std::string_view named_default[] = {
      "HostedContentFilterPolicy", "MalwareFilterPolicy", "HostedConnectionFilterPolicy",
      "HostedOutboundSpamFilterPolicy"};
  if (ascii_iequals(noun, "AntiPhishPolicy"))
    return ascii_iequals(id, "Office365 AntiPhish Default");
  if (ascii_iequals(noun, "QuarantinePolicy")) {
    if (ascii_iequals(id, "DefaultGlobalTag")) return true;
    const auto& built_ins = built_in_quarantine_policies();
    return std::any_of(built_ins.begin(), built_ins.end(),
                       [&](const quarantine_policy& q) { return ascii_iequals(q.name, id); });
  }
  return ascii_iequals(id, "Default") &&
         std::any_of(std::begin(named_default), std::end(named_default),
                     [&](std::string_view n) { return ascii_iequals(n, noun); });
}

}  // namespace

new_collection collection_named(std::string_view type) {
  std::string name = ascii_lower_copy(type);
  if (name.starts_with("system.")) name.erase(0, 7);
  if (name.starts_with("collections.")) name.erase(0, 12);
  if (name == "arraylist") return new_collection::array_list;
  if (name.starts_with("generic.list[") || name.starts_with("generic.list`1["))
    return new_collection::list;
  if (name.starts_with("generic.hashset[")) return new_collection::hash_set;
  if (name == "hashtable" || name.starts_with("generic.dictionary[")) return new_collection::table;
  return new_collection::none;
}

ps_value empty_collection(new_collection made, const source_span& where) {
  ps_value out;
  if (made == new_collection::table) {
    out.kind = ps_kind::table;
  } else if (made != new_collection::none) {
    out.value.type = value_type::list;
    out.collection = made;
  }
  out.value.where = where;
  return out;
}

// New-Object of a .NET list or set type (List[string], ArrayList, HashSet[string]) is an empty
// list, of a hash table (Hashtable, Dictionary[string,object]) an empty table; $x.Add(...) and
// $x.Key = ... fill them.
static new_collection collection_of(const ps_command& cmd, std::string& type_name) {
  for (std::size_t k = 0; k < cmd.elements.size(); ++k) {
    const ps_element& e = cmd.elements[k];
    const param_value* type = nullptr;
    if (!e.is_parameter && k == 0) type = &e.value;
    if (e.is_parameter && ascii_iequals(e.name, "TypeName")) {
      if (e.has_value) {
        type = &e.value;
      } else if (k + 1 < cmd.elements.size()) {
        type = &cmd.elements[k + 1].value;
      }
    }
    if (type == nullptr || type->type != value_type::text) continue;
    type_name = type->text;
    return collection_named(type->text);
  }
  return new_collection::none;
}

void parser::read_stages(std::vector<ps_command>& pipeline) {
  while (true) {
    skip_inline_space();
    if (peek() == '{') skip_block(i_);  // Where-Object { ... }: a filter over tenant objects
    skip_inline_space();
    if (peek() != '|') return;
    ++i_;
    skip_separators();
    if (!is_letter(peek()) && peek() != '%' && peek() != '?') {
      fail(i_, fmt::format("expected a cmdlet after '|', found {}", found_at(i_)));
    }
    pipeline.push_back(command());
  }
}

ps_value parser::created_value(const ps_command& cmd, std::size_t start) const {
  ps_value result;
  result.kind = ps_kind::created;
  result.value.where = at(start);
  for (std::size_t k = 0; k < cmd.elements.size(); ++k) {
    const ps_element& e = cmd.elements[k];
    if (!e.is_parameter && k == 0) {
      result.entries.push_back({"Name", e.where, plain(e.value), 0});
    } else if (e.is_parameter) {
      param_value v = e.has_value ? e.value
                      : k + 1 < cmd.elements.size() && !cmd.elements[k + 1].is_parameter
                          ? cmd.elements[k + 1].value
                          : param_value{value_type::boolean, "", true, {}, e.where};
      result.entries.push_back({e.name, e.where, plain(std::move(v)), 0});
    }
  }
  return result;
}

ps_value parser::query_value(const ps_statement& st, std::size_t start) const {
  const ps_command& first = st.pipeline.front();
  ps_value query;
  query.kind = ps_kind::tenant_query;
  std::string id;
  for (std::size_t k = 0; k < first.elements.size(); ++k) {
    const ps_element& e = first.elements[k];
    if (!e.is_parameter && k == 0 && e.value.type == value_type::text) id = e.value.text;
    if (e.is_parameter && ascii_iequals(e.name, "Identity")) {
      if (e.has_value)
        id = e.value.text;
      else if (k + 1 < first.elements.size())
        id = first.elements[k + 1].value.text;
    }
  }
  const bool filtered = st.pipeline.size() > 1;
  query.environment = powershell::is_environment_query(first.name);
  const std::string noun = first.name.substr(4);
  query.exists = query.environment ||
                 (!id.empty() && !filtered &&
                  (created_.contains(ascii_lower_copy(noun + "|" + id)) || is_built_in(noun, id)));
  query.value = {value_type::text,
                 id.empty() ? fmt::format("({}{})", first.name, filtered ? " | ..." : "")
                            : fmt::format("({} '{}')", first.name, id),
                 false,
                 {},
                 at(start)};
  return query;
}

bool parser::piped_query_object(const ps_value& input) {
  if (input.kind != ps_kind::tenant_query || !input.exists || input.environment) return false;
  // query_value writes the query that found one object "(Get-X 'id')".
  const std::string& text = input.value.text;
  const std::size_t space = text.find(" '");
  if (text.size() < 6 || text.front() != '(' || !text.ends_with("')") || space == std::string::npos)
    return false;
  const std::size_t bar = i_;
  ++i_;
  skip_separators();
  if (!powershell::applies_to_organisation(word_at(i_))) {
    i_ = bar;
    return false;
  }
  ps_command query;
  query.name = text.substr(1, space - 1);
  query.where = input.value.where;
  ps_element id;
  id.value = param_value{
      value_type::text, text.substr(space + 2, text.size() - space - 4), false, {}, query.where};
  id.where = query.where;
  query.elements.push_back(std::move(id));
  ps_statement st;
  st.pipeline.push_back(std::move(query));
  st.pipeline.push_back(command());
  read_stages(st.pipeline);
  if (!at_statement_end() && peek() != '}') fail(i_, fmt::format("{}", unexpected_at(i_)));
  emit(std::move(st));
  return true;
}

bool parser::at_command_word() const {
  if (!is_letter(peek())) return false;
  const std::string word = word_at(i_);
  return word.find('-') != std::string::npos || functions_.contains(ascii_lower_copy(word));
}

bool parser::is_changing_command(std::string_view name) {
  return std::any_of(std::begin(changing_verbs), std::end(changing_verbs),
                     [&](std::string_view v) { return starts_with_verb(name, v); });
}

ps_value parser::command_value() {
  const std::size_t start = i_;
  if (std::optional<ps_value> written = write_output_value(start)) return std::move(*written);
  ps_statement st;
  st.pipeline.push_back(command());
  // A function the script defined runs, and gives what it outputs, through the stages after it
  // (`$x = Get-Domains | Sort-Object`; decision 1213).
  if (const auto f = functions_.find(ascii_lower_copy(st.pipeline.front().name));
      f != functions_.end()) {
    const ps_function called = f->second;  // the body may define functions again
    skip_inline_space();
    if (peek() == '|') return piped_function_value(*this, called, st.pipeline.front(), start);
    return function_value(called, st, start);
  }
  read_stages(st.pipeline);
  const ps_command& first = st.pipeline.front();
  if (st.pipeline.size() == 1 && ascii_iequals(first.name, "New-QuarantinePermissions")) {
    return quarantine_permissions_value(first, start);
  }
  if (st.pipeline.size() == 1 && ascii_iequals(first.name, "New-Object")) {
    std::string type;
    const new_collection made = collection_of(first, type);
    if (made != new_collection::none) return typed_collection(made, type, start);
  }
  if (is_changing_command(first.name)) {
    ps_value result = created_value(first, start);
    emit(std::move(st));
    return result;
  }
  if (starts_with_verb(first.name, "Get-")) return query_value(st, start);
  return unknown_value(fmt::format("the output of {}", first.name), at(start));
}

// New-QuarantinePermissions only builds a value: the permission bits its -PermissionTo*
// switches set, which New-QuarantinePolicy -EndUserQuarantinePermissions then reads.
ps_value parser::quarantine_permissions_value(const ps_command& cmd, std::size_t start) {
  std::uint32_t bits = 0;
  apply_permission_switches(cmd, start, bits);
  return plain({value_type::number, std::to_string(bits), false, {}, at(start)});
}

void parser::apply_permission_switches(const ps_command& cmd, std::size_t start,
                                       std::uint32_t& bits) {
  for (std::size_t k = 0; k < cmd.elements.size(); ++k) {
    const ps_element& e = cmd.elements[k];
    if (e.is_parameter && ascii_iequals(cmd.name, "Set-QuarantinePermissions") &&
        ascii_iequals(e.name, "QuarantinePermissionsObject")) {
      if (!e.has_value) ++k;  // its value: read by set_quarantine_permissions
      continue;
    }
    const auto bit = e.is_parameter ? quarantine_permission_bit(e.name) : std::nullopt;
    if (!bit) {
      fail(start,
           fmt::format("{} takes -PermissionToViewHeader, -PermissionToDownload, "
                       "-PermissionToAllowSender, -PermissionToBlockSender, "
                       "-PermissionToRequestRelease, -PermissionToRelease, "
                       "-PermissionToPreview and -PermissionToDelete, each $true or $false; "
                       "found {}",
                       cmd.name, e.is_parameter ? "-" + e.name : "a value without a parameter"));
    }
    bool on = true;  // a switch written alone
    if (e.has_value || (k + 1 < cmd.elements.size() && !cmd.elements[k + 1].is_parameter)) {
      const param_value& v = e.has_value ? e.value : cmd.elements[++k].value;
      if (v.type != value_type::boolean) {
        fail(start, fmt::format("{} -{}: expected $true or $false", cmd.name, e.name));
      }
      on = v.flag;
    }
    bits = on ? (bits | *bit) : (bits & ~*bit);
  }
}

// The permissions object is the variable New-QuarantinePermissions filled; the switches given
// set or clear its bits, the others stay (Set-QuarantinePermissions).
void parser::set_quarantine_permissions(const ps_command& cmd, std::size_t start) {
  std::string variable;
  for (std::size_t k = 0; k < cmd.elements.size(); ++k) {
    const ps_element& e = cmd.elements[k];
    if (!e.is_parameter || !ascii_iequals(e.name, "QuarantinePermissionsObject")) continue;
    if (e.has_value) {
      variable = e.variable;
    } else if (k + 1 < cmd.elements.size() && !cmd.elements[k + 1].is_parameter) {
      variable = cmd.elements[k + 1].variable;
    }
  }
  const auto held = variables_.find(variable);
  std::uint32_t bits = 0;
  const bool holds_bits = held != variables_.end() && held->second.kind == ps_kind::plain &&
                          held->second.value.type == value_type::number;
  const std::string_view text = holds_bits ? held->second.value.text : std::string_view();
  const auto read = std::from_chars(text.data(), text.data() + text.size(), bits);
  if (!holds_bits || read.ec != std::errc() || read.ptr != text.data() + text.size()) {
    fail(start,
         "Set-QuarantinePermissions -QuarantinePermissionsObject takes a variable that "
         "New-QuarantinePermissions filled ($p = New-QuarantinePermissions ...)");
  }
  apply_permission_switches(cmd, start, bits);
  variables_.changeable(variable)->value.text = std::to_string(bits);
}

}  // namespace mfsim::rules::ps
