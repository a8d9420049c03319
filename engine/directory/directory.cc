// The directory model's names: the attributes as transport rules and the cmdlets spell them.
#include "engine/directory/directory.h"

#include <fmt/format.h>

#include "engine/ascii.h"

namespace mfsim::directory {
namespace {

struct attribute_spelling {
  std::string_view rule_name;  // New-TransportRule's name
  std::string_view column;     // Get-User / Get-Recipient's property, when it differs
  ad_attribute attribute;
};

// CustomAttribute1..15 are handled apart (their names carry the number).
constexpr attribute_spelling spellings[] = {
    {"City", "", ad_attribute::city},
    {"Company", "", ad_attribute::company},
    {"Country", "CountryOrRegion", ad_attribute::country},
    {"Department", "", ad_attribute::department},
    {"DisplayName", "", ad_attribute::display_name},
    {"Email", "WindowsEmailAddress", ad_attribute::email},
    {"FaxNumber", "Fax", ad_attribute::fax_number},
    {"FirstName", "", ad_attribute::first_name},
    {"HomePhoneNumber", "HomePhone", ad_attribute::home_phone_number},
    {"Initials", "", ad_attribute::initials},
    {"LastName", "", ad_attribute::last_name},
    {"Manager", "", ad_attribute::manager},
    {"MobileNumber", "MobilePhone", ad_attribute::mobile_number},
    {"Notes", "", ad_attribute::notes},
    {"Office", "", ad_attribute::office},
    {"OtherFaxNumber", "OtherFax", ad_attribute::other_fax_number},
    {"OtherHomePhoneNumber", "OtherHomePhone", ad_attribute::other_home_phone_number},
    {"OtherPhoneNumber", "OtherTelephone", ad_attribute::other_phone_number},
    {"PagerNumber", "Pager", ad_attribute::pager_number},
    {"PhoneNumber", "Phone", ad_attribute::phone_number},
    {"POBox", "PostOfficeBox", ad_attribute::po_box},
    {"State", "StateOrProvince", ad_attribute::state},
    {"Street", "StreetAddress", ad_attribute::street},
    {"Title", "", ad_attribute::title},
    {"UserLogonName", "UserPrincipalName", ad_attribute::user_logon_name},
    {"ZipCode", "PostalCode", ad_attribute::zip_code},
};

constexpr std::string_view kCustomPrefix = "CustomAttribute";

std::optional<ad_attribute> custom_attribute(std::string_view name) noexcept {
  if (name.size() <= kCustomPrefix.size() ||
      !ascii_iequals(name.substr(0, kCustomPrefix.size()), kCustomPrefix)) {
    return std::nullopt;
  }
  const std::string_view digits = name.substr(kCustomPrefix.size());
  if (digits.size() > 2 || digits.front() == '0') return std::nullopt;
  int n = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n < 1 || n > 15) return std::nullopt;
  return static_cast<ad_attribute>(static_cast<int>(ad_attribute::custom_attribute_1) + n - 1);
}

}  // namespace

std::string attribute_name(ad_attribute a) {
  const auto n = static_cast<int>(a) - static_cast<int>(ad_attribute::custom_attribute_1);
  if (n >= 0 && n < 15) return fmt::format("{}{}", kCustomPrefix, n + 1);
  for (const auto& s : spellings) {
    if (s.attribute == a) return std::string(s.rule_name);
  }
  return "?";
}

std::optional<ad_attribute> rule_attribute(std::string_view name) noexcept {
  if (auto custom = custom_attribute(name)) return custom;
  for (const auto& s : spellings) {
    if (ascii_iequals(s.rule_name, name)) return s.attribute;
  }
  return std::nullopt;
}

std::optional<ad_attribute> column_attribute(std::string_view column) noexcept {
  if (auto custom = custom_attribute(column)) return custom;
  for (const auto& s : spellings) {
    if (s.attribute == ad_attribute::display_name || s.attribute == ad_attribute::manager) {
      continue;  // entry fields of their own
    }
    if (ascii_iequals(s.rule_name, column) ||
        (!s.column.empty() && ascii_iequals(s.column, column))) {
      return s.attribute;
    }
  }
  return std::nullopt;
}

std::string attribute_names_list() {
  std::string out = "CustomAttribute1..15";
  for (const auto& s : spellings) out += fmt::format(", {}", s.rule_name);
  return out;
}

bool is_group_type(std::string_view type) noexcept {
  // MailUniversalDistributionGroup, MailUniversalSecurityGroup, MailNonUniversalGroup,
  // DynamicDistributionGroup, GroupMailbox (Microsoft 365 group), RoomList.
  return ascii_ifind(type, "group", 0) != std::string_view::npos || ascii_iequals(type, "RoomList");
}

const std::string& ad_attribute_values::get(ad_attribute a) const noexcept {
  static const std::string none;
  for (const auto& [attribute, value] : given_)
    if (attribute == a) return value;
  return none;
}

void ad_attribute_values::set_if_empty(ad_attribute a, std::string_view value) {
  if (value.empty()) return;
  for (auto& [attribute, given] : given_) {
    if (attribute != a) continue;
    if (given.empty()) given = value;
    return;
  }
  given_.emplace_back(a, std::string(value));
}

void ad_attribute_values::add_missing(const ad_attribute_values& other) {
  for (const auto& [attribute, value] : other.given_) set_if_empty(attribute, value);
}

}  // namespace mfsim::directory
