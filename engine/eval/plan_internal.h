// The compiled form of a rule set. Built once by compile(), then only read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/compile/message_reads.h"
#include "engine/directory/directory_index.h"
#include "engine/engine.h"
#include "engine/eval/multi_word_matcher.h"
#include "engine/eval/rule_index.h"
#include "engine/eval/word_matcher.h"
#include "engine/mail/sensitive_info.h"
#include "engine/net/ip_range_set.h"
#include "engine/policy/antispam_policy.h"
#include "engine/rules/character_regex.h"

namespace mfsim {

// Headers that conditions read get a slot: the evaluator files each message's fields by slot
// once, so a condition never scans the whole header block.
constexpr int kNoSlot = -1;

// FromScope / SentToScope values.
enum class scope_value : std::uint8_t {
  in_organization,
  not_in_organization,
  external_partner,
  external_non_partner,
};

// One sensitive information type of MessageContainsDataClassifications, its defaults filled.
struct compiled_classification {
  mail::sensitive_type type = mail::sensitive_type::credit_card;
  bool known = false;  // mfsim can find it; an unknown type is never found
  int min_count = 1;
  int max_count = -1;  // -1: any number
  int min_confidence = 0;
  int max_confidence = 100;
};

struct compiled_condition {
  rules::condition_kind kind = rules::condition_kind::header_contains_words;
  int slot = kNoSlot;                   // header read (header_*, subject_*; From for from_*)
  eval::word_matcher words;             // *ContainsWords (From addresses; and explain)
  std::vector<std::uint32_t> word_ids;  // header/subject words: ids in the slot's automaton
  std::vector<rules::ps::character_regex> patterns;  // *MatchesPatterns (decision 851)
  // Header and subject patterns: per pattern, lower-cased text every match contains (empty:
  // none known); a value without it is not searched (decisions.md 296).
  std::vector<std::string> pattern_literals;
  net::ip_range_set ranges;            // SenderIpRanges
  std::vector<std::string> domains;    // SenderDomainIs, RecipientDomainIs: lower-cased
  std::vector<std::string> addresses;  // From, SentTo; extensions: lower-cased
  std::int64_t size_bytes = 0;         // MessageSizeOver
  // Sender conditions (From*, SenderDomainIs): which addresses SenderAddressLocation names.
  bool reads_header_from = true;     // the From header
  bool reads_envelope_from = false;  // MAIL FROM, as Return-Path records it
  int envelope_slot = kNoSlot;
  int scl = 0;  // SCLOver
  // The directory's conditions (compile_directory.cc), indexed by directory entry: whether the
  // entry is in the condition's set (group members, users whose attribute matches, users
  // whose manager is listed); BetweenMemberOf2's set; ADComparisonAttribute's value of each
  // entry, interned (0: unset).
  std::vector<std::uint8_t> entry_in_set;
  std::vector<std::uint8_t> entry_in_set2;
  std::vector<std::uint32_t> entry_value;
  int second_slot = kNoSlot;       // AnyOfToCcHeaderMemberOf: Cc (slot is To)
  bool not_equal = false;          // ADComparisonOperator NotEqual
  bool for_recipient = false;      // ManagerForEvaluatedUser Recipient
  bool sender_is_manager = false;  // SenderManagementRelationship Manager
  // FromScope, SentToScope.
  scope_value scope = scope_value::in_organization;
  // Message conditions (message_conditions.h): the slots of headers_read(kind), in its order,
  // and WithImportance's or MessageTypeMatches' value as its enum.
  std::vector<int> slots;
  int choice = 0;
  std::vector<compiled_classification> classifications;  // MessageContainsDataClassifications
  // AttachmentPropertyContainsWords: each property's name (lower-cased) and its words.
  struct property_words {
    std::string name_lower;
    eval::word_matcher words;
  };
  std::vector<property_words> properties;
  const rules::condition* source = nullptr;
};

struct compiled_rule {
  const rules::transport_rule* source = nullptr;
  bool enabled = true;
  bool enforce = true;  // Mode Enforce; Audit modes record matches only
  std::vector<compiled_condition> conditions;
  std::vector<compiled_condition> exceptions;
  int set_header_slot = kNoSlot;     // SetHeaderName, when a later condition reads it
  int remove_header_slot = kNoSlot;  // RemoveHeader, likewise
  int subject_slot = kNoSlot;        // PrependSubject
  // IncidentReportContent as Exchange lists it ("Sender, Recipients"), for the effect record.
  std::string incident_report_content;
};

struct plan::impl {
  rules::rule_set source;
  std::vector<std::string> slot_names;  // lower-cased, sorted; index = slot
  // Bit min(n, 63) is set when some slot name has n bytes: the evaluator passes over most
  // fields by their name's length before lower-casing and looking it up.
  std::uint64_t slot_name_lengths = 0;
  std::vector<eval::multi_word_matcher> slot_words;  // per slot: every word conditions look for
  int disposition_slot = kNoSlot;
  int subject_slot = kNoSlot;
  int from_slot = kNoSlot;
  int return_path_slot = kNoSlot;  // the envelope sender (SenderAddressLocation)
  int to_slot = kNoSlot;           // recipients when neither manifest nor --rcpt has them
  int cc_slot = kNoSlot;
  bool needs_body = false;            // some condition reads the body or attachments
  bool inspects_attachments = false;  // ... or the content of attachments (read_body inspects)
  bool decodes_attachments = false;   // ... or their decoded bytes (read_body decodes them)
  bool lists_archives = false;        // ... or the names of the files in archives
  message_reads reads;                // what evaluation reads besides the header block
  bool needs_recipients = false;      // SentTo, RecipientDomainIs or a scoped policy
  // Some condition or policy whose answer can differ from one recipient to the next: the only
  // plans whose messages fork by recipient (decision 498). AnyOfToHeaderMemberOf reads the
  // headers and AnyOfRecipientAddress* every recipient, the same for each copy.
  bool reads_each_recipient = false;
  std::vector<compiled_rule> rules;  // evaluation order
  rule_index index;                  // which rules a message can match (rule_index.h)
  // Anti-spam policies scoped by recipient, by priority; Default (source.antispam) is last.
  std::vector<policy::scoped_policy> scoped_policies;
  // --directory, shared with every plan compiled against it; null without one (the
  // directory's conditions are then false).
  std::shared_ptr<const directory::directory_index> directory;
  net::ip_range_set egress;                   // area1.egress_list, for in_egress
  std::vector<std::string> area1_quarantine;  // upper-cased dispositions Area 1 keeps

  // FromScope or SentToScope: the message's authentication is read.
  bool reads_auth = false;
  // An anti-spam policy has sender lists (both sender addresses are read) or language/region
  // block lists (the message's LANG:/CTRY: are read).
  bool reads_sender_lists = false;
  // An anti-spam policy has an Advanced Spam Filter setting On or in Test (stage [D] reads the
  // message's properties; the body only when asf_reads_body), or sets IntraOrgFilterState
  // (the authentication and recipients are read).
  bool reads_asf = false;
  bool asf_reads_body = false;
  bool reads_intra_org = false;

  [[nodiscard]] int slot_of(std::string_view lower_name) const noexcept;
};

}  // namespace mfsim
