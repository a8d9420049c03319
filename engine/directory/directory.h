// The directory model: the recipients and groups of an organization, with their addresses,
// display names, attributes and managers, as `--directory` files describe them
// (docs/directory.md). Filled by the readers, turned into lookups by directory_index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/status.h"

namespace mfsim::directory {

// The Active Directory attributes New-TransportRule's *ADAttribute* conditions and
// ADComparisonAttribute name, in the reference's order.
enum class ad_attribute : std::uint8_t {
  city,
  company,
  country,
  custom_attribute_1,  // CustomAttribute1 .. CustomAttribute15 follow in order
  custom_attribute_15 = custom_attribute_1 + 14,
  department,
  display_name,
  email,
  fax_number,
  first_name,
  home_phone_number,
  initials,
  last_name,
  manager,
  mobile_number,
  notes,
  office,
  other_fax_number,
  other_home_phone_number,
  other_phone_number,
  pager_number,
  phone_number,
  po_box,
  state,
  street,
  title,
  user_logon_name,
  zip_code,
};
inline constexpr std::size_t kAdAttributeCount =
    static_cast<std::size_t>(ad_attribute::zip_code) + 1;

// The transport rule's name of an attribute ("CustomAttribute3", "ZipCode").
[[nodiscard]] std::string attribute_name(ad_attribute a);
// The attribute a transport rule names (case-insensitive), or nullopt.
[[nodiscard]] std::optional<ad_attribute> rule_attribute(std::string_view name) noexcept;
// The attribute a directory column or YAML key holds: the transport rule's name or the
// property Get-User / Get-Recipient print ("PostalCode" for ZipCode, "StateOrProvince" for
// State, "MobilePhone" for MobileNumber, ...). DisplayName, Manager and the addresses are
// entry fields of their own and are not returned here.
[[nodiscard]] std::optional<ad_attribute> column_attribute(std::string_view column) noexcept;
// Every accepted column spelling, for messages.
[[nodiscard]] std::string attribute_names_list();

// The attributes one record gives, and only those: an export gives a few of the
// kAdAttributeCount, and a fixed array of them all made every entry 1.2 KB of empty strings
// (500,000 entries, 600 MB).
class ad_attribute_values {
 public:
  // The value given, or "" when none was.
  [[nodiscard]] const std::string& get(ad_attribute a) const noexcept;
  // Gives `a` the value `value` unless it has a non-empty one: earlier values win.
  void set_if_empty(ad_attribute a, std::string_view value);
  // Each attribute of `other` this one lacks.
  void add_missing(const ad_attribute_values& other);

 private:
  std::vector<std::pair<ad_attribute, std::string>> given_;
};

// One recipient (a mailbox, a mail user or contact) or group.
struct entry {
  // Identities other records and rules may name it by (Exchange's "any value that uniquely
  // identifies"): Name, Alias, DisplayName, Identity, DistinguishedName, Guid, ... as given.
  std::string name;
  std::string alias;
  std::string display_name;
  std::vector<std::string> other_identities;  // Identity, DistinguishedName, Guid, UPN
  std::string primary_address;                // PrimarySmtpAddress (SMTP: in EmailAddresses)
  std::vector<std::string> addresses;         // every SMTP address, the primary included
  std::string recipient_type;                 // RecipientType(Details) as given
  std::string manager;                        // the manager's identity, as given
  bool group = false;                         // a group: members expand
  std::vector<std::string> members;           // identities of its members
  std::vector<source_span> member_where;      // where each member was named
  ad_attribute_values attributes;
  source_span where;
};

// Whether a RecipientType names a group (distribution, mail-enabled security, dynamic,
// Microsoft 365 group).
[[nodiscard]] bool is_group_type(std::string_view recipient_type) noexcept;

// The budgets of every reader (docs/reliability.md): an export of a large tenant fits.
inline constexpr std::size_t kMaxEntries = 500'000;
inline constexpr std::size_t kMaxMembersPerGroup = 200'000;
inline constexpr std::size_t kMaxAddressesPerEntry = 400;  // Exchange allows 300 proxies
inline constexpr std::size_t kMaxValueBytes = 64 * 1024;
// A file with more problems is the wrong file or a wrong export; the rest is not read (617).
inline constexpr std::size_t kMaxDirectoryProblems = 1000;

struct directory {
  std::vector<entry> entries;
};

}  // namespace mfsim::directory
