// What follows a value: `.Member`, `.Method(...)` and `[index]`, as configuration scripts use
// them: the members of hash tables (powershell_tables.cc) and texts, a hash table changed by
// .Add() and .Remove() (powershell_table_changes.cc), a list's .Add(), the properties of what
// New-X created, and the items and slices of arrays (powershell_ranges.cc).
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "engine/rules/powershell_numeric_literals.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"
#include "engine/rules/powershell_text_methods.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {
namespace {

// Whether `member` may be one of a String's, a number's or a Boolean's members
// (https://learn.microsoft.com/dotnet/api/system.string, .int32, .double, .decimal, .boolean,
// in .NET Framework and .NET), or one PowerShell gives every object (ForEach, Where, PSObject
// and the other PS members, the IConvertible To* methods): named without (), each is an object
// mfsim does not read, never $null.
bool may_be_a_member(std::string_view member) {
  constexpr std::string_view kMembers[] = {"Chars",       "Length",
                                           "Clone",       "CompareTo",
                                           "Contains",    "CopyTo",
                                           "EndsWith",    "EnumerateRunes",
                                           "Equals",      "GetEnumerator",
                                           "GetHashCode", "GetPinnableReference",
                                           "GetType",     "GetTypeCode",
                                           "IndexOf",     "IndexOfAny",
                                           "Insert",      "IsNormalized",
                                           "LastIndexOf", "LastIndexOfAny",
                                           "Normalize",   "PadLeft",
                                           "PadRight",    "Remove",
                                           "Replace",     "ReplaceLineEndings",
                                           "Split",       "StartsWith",
                                           "Substring",   "Trim",
                                           "TrimEnd",     "TrimStart",
                                           "TryCopyTo",   "TryFormat",
                                           "Scale",       "ForEach",
                                           "Where",       "Count"};
  if (member.size() >= 2 &&
      (ascii_iequals(member.substr(0, 2), "To") || ascii_iequals(member.substr(0, 2), "PS")))
    return true;
  return std::any_of(std::begin(kMembers), std::end(kMembers),
                     [&](std::string_view m) { return ascii_iequals(m, member); });
}

}  // namespace

ps_value parser::numbered_member(ps_value value, std::size_t start) {
  // PowerShell reads a member name that starts with a digit as a number literal, and looks a
  // hash table's key up by that number, its type kept (Parser.MemberNameRule, then
  // PSGetDynamicMemberBinder.GetIDictionaryMember; decision 1069): $Matches.1 is group 1, and
  // $h.1 of @{ '1' = 'a' } is $null as $h[1] is (decision 977).
  const std::size_t from = ++i_;
  while (is_digit(peek())) ++i_;
  const std::string_view digits = s_.substr(from, i_ - from);
  const std::optional<numeric_literal> literal = numeric_literal_of(digits);
  if (is_ident(peek()) || (peek() == '.' && is_digit(peek(1))) || peek() == '(' || !literal ||
      !literal->refused.empty()) {
    fail(from,
         "a member named by a number is read only as a whole number (.1, as $Matches.1 "
         "writes it), not with a fraction, a suffix or a call");
  }
  if (value.kind == ps_kind::plain && value.value.type == value_type::null) return value;
  // A text, a number or a boolean has no property named by a number: $null, as PowerShell gives
  // for any property an object lacks (decision 1119). An array's items stay refused.
  if (value.kind == ps_kind::plain && !is_unknown(value) &&
      (value.value.type == value_type::text || value.value.type == value_type::number ||
       value.value.type == value_type::boolean))
    return plain(param_value{value_type::null, "", false, {}, at(start)});
  if (value.kind != ps_kind::table) {
    if (is_unknown(value) || value.kind == ps_kind::tenant_query) return value;
    fail(from,
         fmt::format("the member .{} is read only of a hash table, a text or a number", digits));
  }
  const ps_entry* e =
      find_key(value.entries, param_value{value_type::number, literal->value, false, {}, {}});
  return e != nullptr ? e->value : plain(param_value{value_type::null, "", false, {}, at(start)});
}

ps_value parser::postfix() {
  const std::size_t start = i_;
  ps_value value = primary();
  if (std::optional<ps_value> stepped = postfix_increment(start)) return std::move(*stepped);
  // `$list.Add(x)` and `$table.Add(k, v)` change the variable itself.
  const std::string holder = variable_between(start);
  bool base_members = false;  // after .psbase: the table's own members, not its keys
  while (true) {
    if (i_ == postfix_stop_) return value;  // member_assignment sets what follows
    // A hash table an array holds (as a mapping item) is a hash table again when read.
    if (value.kind == ps_kind::plain && value.value.type == value_type::mapping &&
        (peek() == '.' || peek() == '['))
      value = table_from_mapping(value.value);
    if (peek() == '.' && is_digit(peek(1))) {
      value = numbered_member(std::move(value), start);  // $Matches.1
      continue;
    }
    if (peek() == '.' && is_letter(peek(1))) {
      const std::size_t dot = i_++;
      std::string member;
      while (is_ident(peek())) member += peek(), ++i_;
      const bool call = peek() == '(';
      const std::vector<ps_value> args =
          call ? method_arguments("." + member, start) : std::vector<ps_value>{};
      if (value.kind == ps_kind::tenant_query && !call &&
          ascii_iequals(value.value.text, "(Get-AcceptedDomain)") &&
          (ascii_iequals(member, "DomainName") || ascii_iequals(member, "Name")) &&
          !context_.accepted_domains.empty()) {
        // The tenant's domains, as --accepted-domain declares them (docs/decisions.md 431).
        param_value domains{value_type::list, "", false, {}, at(start)};
        for (const std::string& d : context_.accepted_domains)
          domains.items.push_back({value_type::text, d, false, {}, at(start)});
        value = plain(std::move(domains));
        continue;
      }
      if (value.kind == ps_kind::tenant_query) {  // still what the tenant holds: none
        value.value.text += "." + member + (call ? "(...)" : "");
        continue;
      }
      if (value.kind == ps_kind::unknown) {
        // `if ($PSCmdlet.ShouldProcess(...))` in a script declared SupportsShouldProcess: true
        // when it runs without -WhatIf and nobody declines, as mfsim reads every script.
        if (call && ascii_iequals(value.value.text, "$PSCmdlet") &&
            (ascii_iequals(member, "ShouldProcess") || ascii_iequals(member, "ShouldContinue"))) {
          value = plain({value_type::boolean, "", true, {}, at(start)});
          continue;
        }
        const std::string what = value.value.text + "." + member + (call ? "(...)" : "");
        // $ConfigurationData.NonNodeData.NAME reads --define NAME.
        if (!call && ascii_iequals(value.value.text, "$ConfigurationData.NonNodeData")) {
          for (const auto& d : context_.defines) {
            if (ascii_iequals(d.name, member)) {
              defines_read_.insert(ascii_lower_copy(d.name));
              value = text_value(d.value, at(start));
              break;
            }
          }
          if (value.kind == ps_kind::plain) continue;
        }
        value = unknown_value(what, at(start));
        continue;
      }
      if (call && value.kind == ps_kind::table) {
        const std::string_view written = s_.substr(start, std::min<std::size_t>(dot - start, 60));
        if (std::optional<ps_value> done = change_by_method(value, written, member, args, start)) {
          value = std::move(*done);  // $h.Add(k, v), $h.Remove(k) (decision 447)
          continue;
        }
      }
      if (call && ascii_iequals(member, "Add") && !holder.empty() &&
          value.kind != ps_kind::created) {
        // $script:results.Add(x) in a function that has its own $results adds to the script's.
        std::optional<script_variable_scope> script_variable;
        const std::string_view scope = s_.substr(start + 1, 7);
        if (ascii_iequals(scope, "script:") || ascii_iequals(scope, "global:"))
          script_variable.emplace(*this, holder);
        if (std::optional<ps_value> added = add_to_variable(holder, args, start)) {
          value = std::move(*added);
          continue;
        }
      }
      if (value.kind == ps_kind::table && !call && ascii_iequals(member, "PSObject")) {
        value = object_properties(value, start);  // $o.PSObject.Properties
        continue;
      }
      if (value.kind == ps_kind::table && !call && ascii_iequals(member, "psbase")) {
        base_members = true;  // $h.psbase.Keys: the keys even when one is named Keys
        continue;
      }
      if (value.kind == ps_kind::table) {
        // A key wins over the table's own member of that name (about_Hash_Tables).
        const bool keyed = !call && !base_members && find_entry(value.entries, member) != nullptr;
        base_members = false;
        if (!keyed) {
          if (std::optional<ps_value> got =
                  table_member(value, member, call ? &args : nullptr, start)) {
            value = std::move(*got);
            continue;
          }
        }
      }
      if (value.kind == ps_kind::table || value.kind == ps_kind::created) {
        if (call) {
          fail(start, value.kind == ps_kind::table
                          ? fmt::format("the method .{}() of a hash table is not read (mfsim "
                                        "reads .Add(key, value), .Remove(key), .Clone(), "
                                        ".GetEnumerator(), .ContainsKey(key) and "
                                        ".Contains(key))",
                                        member)
                          : fmt::format("the method .{}() of what line {} created is not read",
                                        member, value.value.where.line));
        }
        const ps_entry* e = find_entry(value.entries, member);
        if (e == nullptr && ascii_iequals(member, "Identity"))
          e = find_entry(value.entries, "Name");
        if (e != nullptr) {
          ps_value found = e->value;
          value = std::move(found);
        } else if (value.kind == ps_kind::created) {
          value = unknown_value(fmt::format("the {} of the object created at line {}", member,
                                            value.value.where.line),
                                at(start));
        } else {
          value = plain(param_value{value_type::null, "", false, {}, at(start)});
        }
        continue;
      }
      if (!call && value.kind == ps_kind::plain && value.value.type == value_type::list &&
          !ascii_iequals(member, "Count") && !ascii_iequals(member, "Length")) {
        value = member_of_each(value, member, start);  // $rules.Name
        continue;
      }
      if (!call && value.kind == ps_kind::plain && !may_be_a_member(member)) {
        // `$h.a.b` where $h.a is $null, a text or a number: a property the value lacks is $null
        // (Set-StrictMode -Version 2 and later make it an error instead; decision 691).
        if (ascii_ifind(s_, "Set-StrictMode") != std::string_view::npos) {
          fail(start, fmt::format(".{}: {} has no such property, which the script's "
                                  "Set-StrictMode may make an error; mfsim does not read strict "
                                  "mode",
                                  member, describe(value.value, param_style::cmdlet)));
        }
        // Said, as a parameter given $null is left out: the rule would be wider than written.
        warn(start, fmt::format(".{}: {} has no such property, so it is $null, as PowerShell "
                                "gives it without strict mode",
                                member, describe(value.value, param_style::cmdlet)));
        value = plain(param_value{value_type::null, "", false, {}, at(start)});
        continue;
      }
      std::string text = to_text(value);
      const std::string lower = ascii_lower_copy(member);
      if (!call && (lower == "count" || lower == "length")) {
        // about_Intrinsic_Members: $null's Count and Length are 0, any other single value's 1,
        // and a text's Length is its .NET characters (decision 604).
        const value_type type = value.value.type;
        const std::size_t n = type == value_type::list   ? value.value.items.size()
                              : type == value_type::null ? 0
                              : lower == "length" && type == value_type::text ? utf16_length(text)
                                                                              : 1;
        value = plain(param_value{value_type::number, std::to_string(n), false, {}, at(start)});
      } else if (call && (lower == "tolower" || lower == "toupper")) {
        for (auto& c : text) {
          if (lower == "tolower" && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
          if (lower == "toupper" && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        }
        value = text_value(std::move(text), at(start));
      } else if (call && (lower == "trim" || lower == "trimstart" || lower == "trimend")) {
        value = text_value(trim_call(text, lower, args, start), at(start));
      } else if (call && lower == "split" && args.size() == 1) {
        value = split_call(text, args[0], start);
      } else if (call && lower == "substring" && value.value.type != value_type::list) {
        value = substring_call(text, args, start);
      } else if (call && lower == "toarray" && args.empty() &&
                 value.value.type == value_type::list) {
        value.collection = new_collection::none;  // List[T].ToArray(): the same items, an array
      } else if (std::optional<ps_value> done = call && value.value.type == value_type::text
                                                    ? text_method(*this, text, lower, args, start)
                                                    : std::nullopt) {
        for (const auto& part : value.unknown_parts) done->unknown_parts.push_back(part);
        value = std::move(*done);  // .PadLeft(), .Replace(), ... (decision 1214)
      } else {
        fail(start, fmt::format("the member .{}{} is not read (mfsim reads .Count, .Length, "
                                ".ToLower(), .ToUpper(), .Trim(), .TrimStart(), .TrimEnd(), "
                                ".Split(), .Substring(), a text's .PadLeft(), .PadRight(), "
                                ".Replace(), .Contains(), .StartsWith(), .EndsWith(), "
                                ".IndexOf() and .ToString(), a list's .ToArray() and the keys "
                                "of hash tables)",
                                member, call ? "()" : ""));
      }
      continue;
    }
    if (peek() == '[') {
      const nesting_guard guard(*this, i_, "[");
      ++i_;
      ps_value index = expression();
      if (peek() != ']') fail_parse(i_, fmt::format("expected ']', found {}", found_at(i_)));
      ++i_;
      if (value.kind == ps_kind::tenant_query) {
        value.value.text += "[...]";
        continue;
      }
      if (value.kind == ps_kind::unknown || is_unknown(index)) {
        value = unknown_value(value.value.text + "[...]", at(start));
        continue;
      }
      if (value.kind == ps_kind::table) {
        // A key keeps its type (decision 977): $h['1'] finds no number key 1. An [ordered]
        // table's whole number is a position: $o[0] is its first value.
        const param_value key =
            index.kind == ps_kind::plain
                ? index.value
                : param_value{value_type::text, to_text(index), false, {}, at(start)};
        const ps_entry* e = find_key(value.entries, key);
        if (value.ordered && !value.custom_object && key.type == value_type::number &&
            !key.is_double) {
          const std::optional<long long> position = whole_number_in(key.text);
          e = position && *position >= 0 && std::cmp_less(*position, value.entries.size())
                  ? &value.entries[static_cast<std::size_t>(*position)]
                  : nullptr;
        }
        value = e != nullptr ? e->value
                             : plain(param_value{value_type::null, "", false, {}, at(start)});
        continue;
      }
      value = element_at(value, index, start);
      continue;
    }
    return value;
  }
}

// about_Member-Access_Enumeration: a property the array itself lacks is each item's that has
// it (a hash table's .Keys and .Values too), hash tables without it giving nothing
// ([pscustomobject]s $null); the values are output one by one, as a pipeline would.
ps_value parser::member_of_each(const ps_value& list, std::string_view member, std::size_t start) {
  std::vector<ps_value> values;
  bool found = false;
  for (const param_value& item : list.value.items) {
    if (item.type != value_type::mapping) {
      fail(start, fmt::format(".{}: the array holds {}, whose members are not read (mfsim reads "
                              "the keys and properties of the hash tables and objects an array "
                              "holds)",
                              member, describe(item, param_style::cmdlet)));
    }
    const ps_value table = table_from_mapping(item);
    if (const ps_entry* e = find_entry(table.entries, member)) {
      values.push_back(e->value);
      found = true;
    } else if (std::optional<ps_value> own = table_member(table, member, nullptr, start)) {
      // A hash table's own .Keys and .Values; $null for a [pscustomobject] without the property
      // (the page's "Collections containing PSCustomObject instances"), when another item has it.
      if (!table.custom_object) found = true;
      values.push_back(std::move(*own));
    }
  }
  if (!found) values.clear();  // no item has it: $null
  count_pipeline_work(list.value.items.size(), start);
  ps_value out = collected(std::move(values), start);
  for (const auto& part : list.unknown_parts) out.unknown_parts.push_back(part);
  return out;
}

}  // namespace mfsim::rules::ps
