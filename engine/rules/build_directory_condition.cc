// Building the directory's conditions from a rule's parameters: the member-of conditions,
// the AD attribute conditions, ADComparisonAttribute/-Operator, ManagerAddresses with
// ManagerForEvaluatedUser, and SenderManagementRelationship (New-TransportRule).
#include <fmt/format.h>

#include <algorithm>

#include "engine/rules/condition_keys.h"
#include "engine/rules/directory_conditions.h"
#include "engine/rules/param_readers.h"

namespace mfsim::rules {
namespace detail {
namespace {

constexpr directory_condition_key keys[] = {
    {"FromMemberOf", "", condition_kind::from_member_of, false},
    {"SentToMemberOf", "", condition_kind::sent_to_member_of, false},
    {"AnyOfToHeaderMemberOf", "", condition_kind::any_of_to_header_member_of, false},
    {"AnyOfCcHeaderMemberOf", "", condition_kind::any_of_cc_header_member_of, false},
    {"AnyOfToCcHeaderMemberOf", "", condition_kind::any_of_to_cc_header_member_of, false},
    {"BetweenMemberOf1", "BetweenMemberOf2", condition_kind::between_member_of, true},
    {"SenderADAttributeContainsWords", "", condition_kind::sender_ad_attribute_contains_words,
     false},
    {"SenderADAttributeMatchesPatterns", "", condition_kind::sender_ad_attribute_matches_patterns,
     false},
    {"RecipientADAttributeContainsWords", "", condition_kind::recipient_ad_attribute_contains_words,
     false},
    {"RecipientADAttributeMatchesPatterns", "",
     condition_kind::recipient_ad_attribute_matches_patterns, false},
    {"ADComparisonAttribute", "ADComparisonOperator", condition_kind::ad_comparison, false},
    {"ManagerAddresses", "ManagerForEvaluatedUser", condition_kind::manager_for_evaluated_user,
     true},
    {"SenderManagementRelationship", "", condition_kind::sender_management_relationship, false},
};

constexpr enum_name<std::string_view> comparison_operators[] = {{"Equal", "Equal"},
                                                                {"NotEqual", "NotEqual"}};
constexpr enum_name<std::string_view> evaluated_users[] = {{"Sender", "Sender"},
                                                           {"Recipient", "Recipient"}};
constexpr enum_name<std::string_view> relationships[] = {{"Manager", "Manager"},
                                                         {"DirectReport", "DirectReport"}};

const parameter* find(std::span<const parameter> params, std::string_view name) {
  for (const auto& p : params) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

// Identities (groups, users): any non-empty text; Exchange resolves them in the directory.
bool read_identities(const parameter& p, const std::string& ctx, param_style style,
                     std::string_view noun, std::vector<diagnostic>& out,
                     std::vector<std::string>& into) {
  auto items = read_list(p, ctx, style, noun, out);
  if (!items) return false;
  bool ok = true;
  for (auto& item : *items) {
    if (ascii_trim_blanks(item.text).empty()) {
      error(out, diag_code::bad_value, item.where,
            fmt::format("{} {}: expected {}, found an empty text", param_label(p.name, style), ctx,
                        noun));
      ok = false;
      continue;
    }
    into.emplace_back(ascii_trim_blanks(item.text));
  }
  return ok;
}

// "Attribute:word1,word2": the attribute name and at least one word (AD attribute conditions).
bool read_attribute_values(const parameter& p, const std::string& ctx, param_style style,
                           std::vector<diagnostic>& out, std::vector<std::string>& into) {
  auto items = read_list(p, ctx, style, "AttributeName:value", out);
  if (!items) return false;
  bool ok = true;
  for (auto& item : *items) {
    const std::string_view text = ascii_trim_blanks(item.text);
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 ||
        ascii_trim_blanks(text.substr(colon + 1)).empty()) {
      error(out, diag_code::bad_value, item.where,
            fmt::format("{} {}: expected \"AttributeName:value1,value2\" such as "
                        "\"Department:Sales,Finance\", found '{}'",
                        param_label(p.name, style), ctx, item.text));
      ok = false;
      continue;
    }
    into.emplace_back(text);
  }
  return ok;
}

}  // namespace

std::optional<std::pair<const directory_condition_key*, bool>> directory_condition_of(
    std::string_view name) {
  const bool exception = name.substr(0, kExceptPrefix.size()) == kExceptPrefix;
  if (exception) name.remove_prefix(kExceptPrefix.size());
  for (const auto& key : keys) {
    if (name == key.values_key || (!key.partner_key.empty() && name == key.partner_key)) {
      return std::pair(&key, exception);
    }
  }
  return std::nullopt;
}

void add_directory_condition(const directory_condition_key& key, bool exception,
                             std::span<const parameter> params, const std::string& ctx,
                             param_style style, std::vector<diagnostic>& out,
                             transport_rule& rule) {
  const std::string prefix(exception ? kExceptPrefix : std::string_view());
  const std::string values_key = prefix + std::string(key.values_key);
  const std::string partner_key =
      key.partner_key.empty() ? "" : prefix + std::string(key.partner_key);
  const parameter* values = find(params, values_key);
  const parameter* partner = partner_key.empty() ? nullptr : find(params, partner_key);
  if (values == nullptr || (key.partner_required && partner == nullptr)) {
    const parameter* present = values != nullptr ? values : partner;
    error(out, diag_code::missing_key, present->where,
          fmt::format("{} {} needs {} too", param_label(present->name, style), ctx,
                      param_label(values != nullptr ? partner_key : values_key, style)));
    return;
  }
  condition c;
  c.kind = key.kind;
  c.where = values->value.where;
  bool ok = true;
  switch (key.kind) {
    case condition_kind::sender_ad_attribute_contains_words:
    case condition_kind::sender_ad_attribute_matches_patterns:
    case condition_kind::recipient_ad_attribute_contains_words:
    case condition_kind::recipient_ad_attribute_matches_patterns:
      ok = read_attribute_values(*values, ctx, style, out, c.values);
      break;
    case condition_kind::ad_comparison: {
      auto attribute = read_text(*values, ctx, style, false, out);
      ok = attribute.has_value();
      if (attribute) c.values.emplace_back(ascii_trim_blanks(*attribute));
      c.qualifier = "Equal";  // Exchange's default operator
      if (partner != nullptr) {
        auto op = read_enum(*partner, ctx, style, comparison_operators, out);
        ok = ok && op.has_value();
        if (op) c.qualifier = std::string(*op);
      }
      break;
    }
    case condition_kind::manager_for_evaluated_user: {
      ok = read_identities(*values, ctx, style, "a user", out, c.values);
      auto who = read_enum(*partner, ctx, style, evaluated_users, out);
      ok = ok && who.has_value();
      if (who) c.qualifier = std::string(*who);
      break;
    }
    case condition_kind::sender_management_relationship: {
      auto relation = read_enum(*values, ctx, style, relationships, out);
      ok = relation.has_value();
      if (relation) {
        c.qualifier = std::string(*relation);
        c.values.push_back(c.qualifier);  // shown by explain as the condition's value
      }
      break;
    }
    case condition_kind::between_member_of:
      ok = read_identities(*values, ctx, style, "a group", out, c.values);
      ok = read_identities(*partner, ctx, style, "a group", out, c.values2) && ok;
      break;
    default: ok = read_identities(*values, ctx, style, "a group", out, c.values); break;
  }
  if (!ok) return;
  (exception ? rule.exceptions : rule.conditions).push_back(std::move(c));
}

}  // namespace detail

bool is_directory_kind(condition_kind kind) noexcept {
  return std::any_of(std::begin(detail::keys), std::end(detail::keys),
                     [kind](const detail::directory_condition_key& k) { return k.kind == kind; });
}

bool reads_directory(const condition& c) noexcept {
  switch (c.kind) {
    case condition_kind::from:
    case condition_kind::sent_to:
      for (const auto& v : c.values) {
        if (!is_address(ascii_trim_blanks(v))) return true;
      }
      return false;
    default: return detail::directory_condition_of(parameter_name(c.kind)).has_value();
  }
}

}  // namespace mfsim::rules

namespace mfsim::rules {

std::vector<std::string> rules_reading_directory(const rule_set& set) {
  std::vector<std::string> names;
  for (const auto& rule : set.transport_rules) {
    for (const auto* list : {&rule.conditions, &rule.exceptions}) {
      if (std::any_of(list->begin(), list->end(),
                      [](const condition& c) { return reads_directory(c); })) {
        names.push_back("'" + rule.name + "'");
        break;
      }
    }
  }
  for (const auto& policy : set.scoped_antispam) {
    if (!policy.sent_to_member_of.empty() || !policy.except_sent_to_member_of.empty()) {
      names.push_back("anti-spam policy '" + policy.name + "'");
    }
  }
  return names;
}

}  // namespace mfsim::rules
