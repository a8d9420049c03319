// What each condition and policy reads of a message (see message_reads.h).
#include "engine/compile/message_reads.h"

#include "engine/eval/plan_internal.h"

namespace mfsim {

message_reads condition_reads(rules::condition_kind kind) noexcept {
  using kind_t = rules::condition_kind;
  message_reads reads;
  switch (kind) {
    case kind_t::header_contains_words:
    case kind_t::header_matches_patterns:
    case kind_t::sender_ip_ranges:
    case kind_t::subject_contains_words:
    case kind_t::subject_matches_patterns:
    case kind_t::from_address_contains_words:
    case kind_t::from_address_matches_patterns:
    case kind_t::sender_domain_is:
    case kind_t::scl_over:
    case kind_t::from:
    case kind_t::sent_to:
    case kind_t::recipient_domain_is:
    case kind_t::from_member_of:
    case kind_t::sent_to_member_of:
    case kind_t::any_of_to_header_member_of:
    case kind_t::any_of_cc_header_member_of:
    case kind_t::any_of_to_cc_header_member_of:
    case kind_t::between_member_of:
    case kind_t::sender_ad_attribute_contains_words:
    case kind_t::sender_ad_attribute_matches_patterns:
    case kind_t::recipient_ad_attribute_contains_words:
    case kind_t::recipient_ad_attribute_matches_patterns:
    case kind_t::ad_comparison:
    case kind_t::manager_for_evaluated_user:
    case kind_t::sender_management_relationship:
      break;  // header fields, the manifest or --rcpt
    // The accepted domains and Exchange's authentication headers (or the manifest).
    case kind_t::from_scope:
    case kind_t::sent_to_scope: break;  // header fields, the manifest or --rcpt
    case kind_t::message_size_over: reads.size = true; break;
    case kind_t::subject_or_body_contains_words: reads.body = true; break;
    case kind_t::attachment_extension_matches_words: reads.attachments = true; break;
    // Read from the message (issue 15). MessageTypeMatches is header-only but for Calendaring
    // and PermissionControlled, which the compiler adds from the condition's value.
    case kind_t::with_importance:
    case kind_t::message_type_matches:
    case kind_t::any_of_to_header:
    case kind_t::any_of_cc_header:
    case kind_t::any_of_to_cc_header:
    case kind_t::recipient_address_contains_words:
    case kind_t::recipient_address_matches_patterns:
    case kind_t::any_of_recipient_address_contains_words:
    case kind_t::any_of_recipient_address_matches_patterns:
    case kind_t::has_classification:
    case kind_t::has_no_classification:
    case kind_t::has_sender_override: break;
    case kind_t::subject_or_body_matches_patterns: reads.body = true; break;
    // The subject, the body's text and the attachments' (decision 260).
    case kind_t::message_contains_data_classifications:
    case kind_t::content_character_set_contains_words:
    case kind_t::attachment_name_matches_patterns:
    case kind_t::attachment_size_over:
    case kind_t::attachment_has_executable_content:
    case kind_t::attachment_is_password_protected:
    case kind_t::attachment_contains_words:
    case kind_t::attachment_matches_patterns:
    case kind_t::attachment_property_contains_words:
    case kind_t::attachment_is_unsupported:
    case kind_t::attachment_processing_limit_exceeded: reads.attachments = true; break;
  }
  return reads;
}

message_reads policy_reads(const rules::rule_set& set) noexcept {
  // The ASF settings that read the HTML, the links, an NDR's parts or the attachments (empty
  // messages) need the whole message; the SPF ones read header fields only.
  message_reads reads;
  bool body = set.antispam.asf.reads_body();
  for (const auto& policy : set.scoped_antispam) body = body || policy.asf.reads_body();
  reads.body = reads.attachments = body;
  return reads;
}

message_reads reads_of(const plan& p) noexcept { return p.internals().reads; }

}  // namespace mfsim
