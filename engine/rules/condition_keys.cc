// The table of value conditions, and finding a parameter's condition in it.
#include "engine/rules/condition_keys.h"

namespace mfsim::rules::detail {
namespace {

// Each also exists as an ExceptIf twin (the same names behind "ExceptIf").
constexpr condition_key condition_keys[] = {
    {"HeaderContainsWords", "HeaderContainsMessageHeader", condition_kind::header_contains_words,
     value_kind::words},
    {"HeaderMatchesPatterns", "HeaderMatchesMessageHeader", condition_kind::header_matches_patterns,
     value_kind::patterns},
    {"SenderIpRanges", "", condition_kind::sender_ip_ranges, value_kind::ip_ranges},
    {"SubjectContainsWords", "", condition_kind::subject_contains_words, value_kind::words},
    {"SubjectMatchesPatterns", "", condition_kind::subject_matches_patterns, value_kind::patterns},
    {"FromAddressContainsWords", "", condition_kind::from_address_contains_words,
     value_kind::words},
    {"FromAddressMatchesPatterns", "", condition_kind::from_address_matches_patterns,
     value_kind::patterns},
    {"SenderDomainIs", "", condition_kind::sender_domain_is, value_kind::domains},
    {"SCLOver", "", condition_kind::scl_over, value_kind::scl},
    {"From", "", condition_kind::from, value_kind::addresses},
    {"SentTo", "", condition_kind::sent_to, value_kind::addresses},
    {"RecipientDomainIs", "", condition_kind::recipient_domain_is, value_kind::domains},
    {"SubjectOrBodyContainsWords", "", condition_kind::subject_or_body_contains_words,
     value_kind::words},
    {"MessageSizeOver", "", condition_kind::message_size_over, value_kind::size},
    {"AttachmentExtensionMatchesWords", "", condition_kind::attachment_extension_matches_words,
     value_kind::extensions},
    {"FromScope", "", condition_kind::from_scope, value_kind::from_scope},
    {"SentToScope", "", condition_kind::sent_to_scope, value_kind::sent_to_scope},
    {"WithImportance", "", condition_kind::with_importance, value_kind::importance},
    {"MessageTypeMatches", "", condition_kind::message_type_matches, value_kind::message_type},
    {"AnyOfToHeader", "", condition_kind::any_of_to_header, value_kind::addresses},
    {"AnyOfCcHeader", "", condition_kind::any_of_cc_header, value_kind::addresses},
    {"AnyOfToCcHeader", "", condition_kind::any_of_to_cc_header, value_kind::addresses},
    {"RecipientAddressContainsWords", "", condition_kind::recipient_address_contains_words,
     value_kind::words},
    {"RecipientAddressMatchesPatterns", "", condition_kind::recipient_address_matches_patterns,
     value_kind::patterns},
    {"AnyOfRecipientAddressContainsWords", "",
     condition_kind::any_of_recipient_address_contains_words, value_kind::words},
    {"AnyOfRecipientAddressMatchesPatterns", "",
     condition_kind::any_of_recipient_address_matches_patterns, value_kind::patterns},
    {"SubjectOrBodyMatchesPatterns", "", condition_kind::subject_or_body_matches_patterns,
     value_kind::patterns},
    {"ContentCharacterSetContainsWords", "", condition_kind::content_character_set_contains_words,
     value_kind::words},
    {"AttachmentNameMatchesPatterns", "", condition_kind::attachment_name_matches_patterns,
     value_kind::patterns},
    {"AttachmentSizeOver", "", condition_kind::attachment_size_over, value_kind::size},
    {"AttachmentHasExecutableContent", "", condition_kind::attachment_has_executable_content,
     value_kind::flag},
    {"HasClassification", "", condition_kind::has_classification, value_kind::words},
    {"HasNoClassification", "", condition_kind::has_no_classification, value_kind::flag},
    {"AttachmentIsPasswordProtected", "", condition_kind::attachment_is_password_protected,
     value_kind::flag},
    {"MessageContainsDataClassifications", "",
     condition_kind::message_contains_data_classifications, value_kind::classifications},
    {"HasSenderOverride", "", condition_kind::has_sender_override, value_kind::flag},
    {"AttachmentContainsWords", "", condition_kind::attachment_contains_words, value_kind::words},
    {"AttachmentMatchesPatterns", "", condition_kind::attachment_matches_patterns,
     value_kind::patterns},
    {"AttachmentPropertyContainsWords", "", condition_kind::attachment_property_contains_words,
     value_kind::property_words},
    {"AttachmentIsUnsupported", "", condition_kind::attachment_is_unsupported, value_kind::flag},
    {"AttachmentProcessingLimitExceeded", "", condition_kind::attachment_processing_limit_exceeded,
     value_kind::flag},
};

}  // namespace

std::optional<std::pair<const condition_key*, bool>> condition_of(std::string_view name) {
  const bool exception = name.substr(0, kExceptPrefix.size()) == kExceptPrefix;
  if (exception) name.remove_prefix(kExceptPrefix.size());
  for (const auto& key : condition_keys) {
    if (name == key.values_key || (!key.header_key.empty() && name == key.header_key)) {
      return std::pair(&key, exception);
    }
  }
  return std::nullopt;
}

}  // namespace mfsim::rules::detail
