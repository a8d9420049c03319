// Filling directory entries from named fields, and merging records of the same object.
#include "engine/directory/directory_records.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "engine/ascii.h"
#include "engine/case_fold.h"
#include "engine/rules/mailbox_address.h"

namespace mfsim::directory::detail {
namespace {

// No control character either: SMTP addresses hold none (RFC 5321 section 4.1.2), and one in
// an export is damage that would reach every record naming the recipient (decision 627).
// Its domain one a mailbox can have (`a@b..c`, `a@-x` are none; decision 775).
bool looks_like_address(std::string_view s) {
  return rules::is_mailbox_address(s) && s.find_first_of(" \t<>,;\"") == std::string_view::npos &&
         std::none_of(s.begin(), s.end(), [](char c) {
           const auto u = static_cast<unsigned char>(c);
           return u < 0x20 || u == 0x7F;
         });
}

// Splits a multi-valued export column: Export-Csv writes what the collection's ToString()
// gives, and scripts join with ';' or ',' (docs/directory.md).
template <typename Visit>
void for_each_item(std::string_view value, Visit&& visit) {
  std::size_t start = 0;
  for (std::size_t k = 0; k <= value.size(); ++k) {
    if (k < value.size() && value[k] != ';' && value[k] != ',' && value[k] != ' ' &&
        value[k] != '\t' && value[k] != '\n' && value[k] != '\r') {
      continue;
    }
    if (k > start) visit(value.substr(start, k - start));
    start = k + 1;
  }
}

// The members of an exported Members value: split at ';', ',' and line breaks, and at spaces
// and tabs only when `at_spaces`; each trimmed, empty ones skipped.
template <typename Visit>
void for_each_member(std::string_view value, bool at_spaces, Visit&& visit) {
  if (at_spaces) return for_each_item(value, visit);
  std::size_t start = 0;
  for (std::size_t k = 0; k <= value.size(); ++k) {
    if (k < value.size() && value[k] != ';' && value[k] != ',' && value[k] != '\n' &&
        value[k] != '\r') {
      continue;
    }
    if (const std::string_view item = ascii_trim_whitespace(value.substr(start, k - start));
        !item.empty())
      visit(item);
    start = k + 1;
  }
}

// Whether `piece` starts with a proxy address type and its colon: `SMTP:`, `X500:`, `SPO:`.
bool has_proxy_type(std::string_view piece) {
  const auto colon = piece.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  return std::all_of(piece.begin(), piece.begin() + static_cast<std::ptrdiff_t>(colon),
                     [](char c) { return ascii_is_alnum(c); });
}

// The proxy addresses of an exported EmailAddresses value. The separators for_each_item knows
// also stand inside the types that are not SMTP (`X500:/o=ExchangeLabs/ou=Exchange
// Administrative Group (FYDIBOHF23SPDLT)/cn=...`, `X400:C=US;A= ;P=...`): a piece that starts no
// type and is no address continues the non-SMTP proxy before it (decision 625).
template <typename Visit>
void for_each_proxy(std::string_view value, Visit&& visit) {
  std::size_t start = std::string_view::npos;
  std::size_t end = 0;
  std::size_t last_end = 0;  // where the piece before ends
  bool other_type = false;
  const auto flush = [&] {
    if (start != std::string_view::npos) visit(value.substr(start, end - start));
    start = std::string_view::npos;
  };
  for_each_item(value, [&](std::string_view piece) {
    const auto at = static_cast<std::size_t>(piece.data() - value.data());
    const bool typed = has_proxy_type(piece);
    // A piece of an X500 or X400 name can hold a '@' ("(FYDIBOHF23SPDLT)/cn=Recipients/
    // cn=ann@contoso.com-1a2b"): one that holds the characters of such a name ('/', '=', '(',
    // ')') continues it rather than being an SMTP address (decision 680).
    const bool name_piece = piece.find_first_of("/=()") != std::string_view::npos;
    // Only ';', ',' or a line break separates one proxy from the next: a space is inside an
    // X500 name (`cn=Ann Lee`), so what follows one continues it, bare address or not (decision
    // 774); a proxy after a space starts with its type (`smtp:`), as Exchange writes them.
    const std::string_view gap = value.substr(last_end, at - last_end);
    const bool after_space = gap.find_first_of(";,\r\n") == std::string_view::npos;
    last_end = at + piece.size();
    if (!typed && other_type && (name_piece || after_space || !looks_like_address(piece))) {
      end = at + piece.size();
      return;
    }
    flush();
    start = at;
    end = at + piece.size();
    other_type = typed && !ascii_iequals(piece.substr(0, piece.find(':')), "smtp");
  });
  flush();
}

// Export-Csv of a deserialized collection in a remote session writes its type name.
bool is_type_name(std::string_view value) {
  return value.find('@') == std::string_view::npos &&
         (value.rfind("System.", 0) == 0 || value.rfind("Microsoft.", 0) == 0 ||
          value.rfind("Deserialized.", 0) == 0);
}

void set_if_empty(std::string& field, std::string_view value) {
  if (field.empty()) field = std::string(value);
}

}  // namespace

bool add_proxy_address(entry& e, std::string_view proxy) {
  proxy = ascii_trim_whitespace(proxy);
  bool primary = false;
  if (const auto colon = proxy.find(':'); colon != std::string_view::npos) {
    const std::string_view type = proxy.substr(0, colon);
    if (!ascii_iequals(type, "smtp")) return type.find('@') == std::string_view::npos;
    primary = type == "SMTP";  // upper-case SMTP: marks the primary address
    proxy.remove_prefix(colon + 1);
  }
  if (!looks_like_address(proxy)) return false;
  if (e.addresses.size() >= kMaxAddressesPerEntry) return true;
  const bool known = std::any_of(e.addresses.begin(), e.addresses.end(),
                                 [&](const std::string& a) { return ascii_iequals(a, proxy); });
  if (!known) e.addresses.emplace_back(proxy);
  if (primary && e.primary_address.empty()) e.primary_address = std::string(proxy);
  return true;
}

const std::vector<std::string_view>& known_fields() {
  static const std::vector<std::string> storage = [] {
    std::vector<std::string> names = {"Name",
                                      "Alias",
                                      "DisplayName",
                                      "Identity",
                                      "DistinguishedName",
                                      "Guid",
                                      "ExternalDirectoryObjectId",
                                      "PrimarySmtpAddress",
                                      "EmailAddresses",
                                      "RecipientType",
                                      "RecipientTypeDetails",
                                      "Manager",
                                      "Members"};
    for (std::size_t a = 0; a < kAdAttributeCount; ++a) {
      const auto attr = static_cast<ad_attribute>(a);
      if (attr == ad_attribute::display_name || attr == ad_attribute::manager) continue;
      names.push_back(attribute_name(attr));
    }
    for (const std::string_view column :
         {"CountryOrRegion", "WindowsEmailAddress", "Fax", "HomePhone", "MobilePhone", "OtherFax",
          "OtherHomePhone", "OtherTelephone", "Pager", "Phone", "PostOfficeBox", "StateOrProvince",
          "StreetAddress", "UserPrincipalName", "PostalCode"}) {
      names.emplace_back(column);
    }
    return names;
  }();
  static const std::vector<std::string_view> views(storage.begin(), storage.end());
  return views;
}

field_result set_field(entry& e, std::string_view column, std::string_view value,
                       const source_span& where, std::vector<diagnostic>& out) {
  value = ascii_trim_whitespace(value);
  if (value.size() > kMaxValueBytes) {
    out.push_back({diag_code::bad_value, where,
                   fmt::format("'{}' holds {} bytes; at most {} are read", column, value.size(),
                               kMaxValueBytes)});
    return field_result::bad;
  }
  const auto is = [&](std::string_view name) { return ascii_iequals(column, name); };
  if (is("Name")) {
    set_if_empty(e.name, value);
  } else if (is("Alias")) {
    set_if_empty(e.alias, value);
  } else if (is("DisplayName")) {
    set_if_empty(e.display_name, value);
  } else if (is("Identity") || is("DistinguishedName") || is("Guid") ||
             is("ExternalDirectoryObjectId")) {
    if (!value.empty()) e.other_identities.emplace_back(value);
  } else if (is("PrimarySmtpAddress") || is("WindowsEmailAddress")) {
    if (value.empty()) return field_result::used;
    if (!looks_like_address(value)) {
      out.push_back({diag_code::bad_value, where,
                     fmt::format("'{}': expected an email address such as user@contoso.com, "
                                 "found '{}'",
                                 column, value)});
      return field_result::bad;
    }
    add_proxy_address(e, value);
    set_if_empty(e.primary_address, value);
    if (is("WindowsEmailAddress")) {
      e.attributes.set_if_empty(ad_attribute::email, value);
    }
  } else if (is("EmailAddresses")) {
    if (is_type_name(value)) return field_result::ignored;  // the values were lost on export
    bool ok = true;
    for_each_proxy(value, [&](std::string_view item) { ok = add_proxy_address(e, item) && ok; });
    if (!ok) {
      out.push_back({diag_code::bad_value, where,
                     fmt::format("'EmailAddresses': expected proxy addresses such as "
                                 "SMTP:user@contoso.com smtp:alias@contoso.com, found '{}'",
                                 value)});
      return field_result::bad;
    }
  } else if (is("RecipientType") || is("RecipientTypeDetails")) {
    if (!value.empty()) {
      if (is("RecipientTypeDetails") || e.recipient_type.empty()) e.recipient_type = value;
      e.group = e.group || is_group_type(value);
    }
  } else if (is("Manager")) {
    set_if_empty(e.manager, value);
  } else if (is("Members")) {
    // Names hold spaces ("Tony Smith;Anna Lee"): a list joined with ';' or ',' is split there
    // only, a list joined with spaces at spaces when it is one of addresses (decision 626), and
    // any other value is one member: a group of one, "Tony Smith" (decision 632).
    bool joined_with_spaces = value.find_first_of(";,\r\n") == std::string_view::npos;
    for_each_item(value, [&](std::string_view item) {
      joined_with_spaces = joined_with_spaces && looks_like_address(item);
    });
    for_each_member(value, joined_with_spaces, [&](std::string_view item) {
      if (e.members.size() < kMaxMembersPerGroup) {
        e.members.emplace_back(item);
        e.member_where.push_back(where);
      }
    });
    e.group = true;
  } else if (const auto attr = column_attribute(column)) {
    e.attributes.set_if_empty(*attr, value);
    if (*attr == ad_attribute::user_logon_name && !value.empty()) {
      e.other_identities.emplace_back(value);
    }
  } else {
    return field_result::ignored;
  }
  return field_result::used;
}

std::size_t add_named_group(const std::string& group_name, const std::string& file,
                            directory_builder& builder, std::vector<diagnostic>& out) {
  if (group_name.empty()) return directory_builder::kNoIndex;
  entry g;
  g.group = true;
  g.where = source_span{file, 0, 0};
  if (group_name.find('@') != std::string::npos)
    add_proxy_address(g, group_name);
  else
    g.name = group_name;
  return builder.add(std::move(g), out);
}

namespace {

// How a record of a member file names its member: the first identity it holds, in the order
// they are unique in Exchange (decision 621).
std::string member_reference(const entry& e) {
  if (!e.primary_address.empty()) return e.primary_address;
  if (!e.addresses.empty()) return e.addresses.front();
  if (!e.name.empty()) return e.name;
  if (!e.other_identities.empty()) return e.other_identities.front();
  return !e.alias.empty() ? e.alias : e.display_name;
}

}  // namespace

void add_exported_entry(entry e, std::size_t group, directory_builder& builder,
                        std::vector<diagnostic>& out) {
  const std::string member_identity = member_reference(e);
  const source_span where = e.where;
  // A member file cut to `DisplayName` or `Alias` (Select-Object) names members the other
  // files hold; such a record is no entry of its own, which would make the name ambiguous.
  const bool identifies = !e.primary_address.empty() || !e.addresses.empty() || !e.name.empty() ||
                          !e.other_identities.empty();
  if (group == directory_builder::kNoIndex || identifies) builder.add(std::move(e), out);
  if (group != directory_builder::kNoIndex && !member_identity.empty()) {
    entry& g = builder.at(group);
    if (g.members.size() < kMaxMembersPerGroup) {
      g.members.push_back(member_identity);
      g.member_where.push_back(where);
    }
  }
}

std::size_t directory_builder::add(entry e, std::vector<diagnostic>& out) {
  if (e.primary_address.empty() && !e.addresses.empty()) e.primary_address = e.addresses.front();
  std::vector<std::string> keys;
  const auto key = [&](std::string_view kind, std::string_view value) {
    if (!value.empty()) keys.push_back(fmt::format("{}:{}", kind, case_folded_copy(value)));
  };
  for (const auto& other : e.other_identities) key("id", other);
  key("name", e.name);
  key("address", e.primary_address);
  std::size_t index = dir_.entries.size();
  for (const auto& k : keys) {
    if (const auto it = keys_.find(k); it != keys_.end()) {
      index = it->second;
      break;
    }
  }
  if (index != dir_.entries.size() && dir_.entries[index].where.file == e.where.file &&
      dir_.entries[index].where.line != 0) {
    // Within one file a second record of the same object is a mistake, not a join.
    out.push_back({diag_code::duplicate, e.where,
                   fmt::format("this record names the same recipient as the one at line {} "
                               "(the same Name, Guid, Identity or primary address)",
                               dir_.entries[index].where.line)});
    return index;
  }
  if (index == dir_.entries.size()) {
    if (dir_.entries.size() >= kMaxEntries) {
      if (std::exchange(full_, true)) return kNoIndex;  // said once
      out.push_back({diag_code::bad_value, e.where,
                     fmt::format("more than {} recipients; the rest are not read", kMaxEntries)});
      return kNoIndex;
    }
    dir_.entries.push_back(std::move(e));
  } else {
    entry& into = dir_.entries[index];
    set_if_empty(into.name, e.name);
    set_if_empty(into.alias, e.alias);
    set_if_empty(into.display_name, e.display_name);
    set_if_empty(into.primary_address, e.primary_address);
    set_if_empty(into.recipient_type, e.recipient_type);
    set_if_empty(into.manager, e.manager);
    into.group = into.group || e.group;
    for (const auto& a : e.addresses) add_proxy_address(into, a);
    for (auto& other : e.other_identities) into.other_identities.push_back(std::move(other));
    for (std::size_t k = 0; k < e.members.size() && into.members.size() < kMaxMembersPerGroup;
         ++k) {
      into.members.push_back(std::move(e.members[k]));
      into.member_where.push_back(k < e.member_where.size() ? e.member_where[k] : e.where);
    }
    into.attributes.add_missing(e.attributes);
  }
  for (auto& k : keys) keys_.emplace(std::move(k), index);
  return index;
}

}  // namespace mfsim::directory::detail
