// The transport-rule conditions that take values (every one but the directory's, which
// directory_conditions.h names): which parameters hold them, their *MessageHeader partners,
// and what their values must be. Shared by build_transport_rule.cc's reader and checks.
#pragma once

#include <optional>
#include <string_view>
#include <utility>

#include "engine/rules/rule_set.h"

namespace mfsim::rules::detail {

enum class value_kind {
  words,
  patterns,
  ip_ranges,
  domains,
  scl,
  addresses,
  size,
  extensions,
  from_scope,       // FromScope: one value
  sent_to_scope,    // SentToScope: one value
  importance,       // WithImportance: Low, Normal, High
  message_type,     // MessageTypeMatches: OOF, AutoForward, ...
  flag,             // $true looks, $false adds no condition (AttachmentHasExecutableContent)
  classifications,  // MessageContainsDataClassifications: hash tables
  property_words,   // "PropertyName:word1,word2" (AttachmentPropertyContainsWords)
};

// FromUserScope and ToUserScope, as New-TransportRule lists them.
inline constexpr std::string_view from_scopes[] = {"InOrganization", "NotInOrganization"};
inline constexpr std::string_view sent_to_scopes[] = {"InOrganization", "NotInOrganization",
                                                      "ExternalPartner", "ExternalNonPartner"};

struct condition_key {
  std::string_view values_key;  // the parameter holding the values (without ExceptIf)
  std::string_view header_key;  // its *MessageHeader partner, empty when there is none
  condition_kind kind;
  value_kind values;
};

inline constexpr std::string_view kExceptPrefix = "ExceptIf";

// The condition a parameter belongs to, and whether it is the ExceptIf twin.
[[nodiscard]] std::optional<std::pair<const condition_key*, bool>> condition_of(
    std::string_view name);

}  // namespace mfsim::rules::detail
