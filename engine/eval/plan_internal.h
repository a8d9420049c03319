// The compiled form of a rule set. Built once by compile(), then only read.
#pragma once

#include <boost/regex.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/compile/message_reads.h"
#include "engine/engine.h"
#include "engine/eval/multi_word_matcher.h"
#include "engine/eval/word_matcher.h"
#include "engine/net/ip_range_set.h"

namespace mfsim {

// Headers that conditions read get a slot: the evaluator files each message's fields by slot
// once, so a condition never scans the whole header block.
constexpr int kNoSlot = -1;

struct compiled_condition {
  rules::condition_kind kind = rules::condition_kind::header_contains_words;
  int slot = kNoSlot;                   // header read (header_*, subject_*; From for from_*)
  eval::word_matcher words;             // *ContainsWords (From addresses; and explain)
  std::vector<std::uint32_t> word_ids;  // header/subject words: ids in the slot's automaton
  std::vector<boost::regex> patterns;   // *MatchesPatterns
  net::ip_range_set ranges;             // SenderIpRanges
  std::vector<std::string> domains;     // SenderDomainIs, RecipientDomainIs: lower-cased
  std::vector<std::string> addresses;   // From, SentTo; extensions: lower-cased
  std::int64_t size_bytes = 0;          // MessageSizeOver
  // Sender conditions (From*, SenderDomainIs): which addresses SenderAddressLocation names.
  bool reads_header_from = true;     // the From header
  bool reads_envelope_from = false;  // MAIL FROM, as Return-Path records it
  int envelope_slot = kNoSlot;
  int scl = 0;  // SCLOver
  // Message conditions (message_conditions.h): the slots of headers_read(kind), in its order,
  // and WithImportance's or MessageTypeMatches' value as its enum.
  std::vector<int> slots;
  int choice = 0;
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
};

struct plan::impl {
  rules::rule_set source;
  std::vector<std::string> slot_names;               // lower-cased, sorted; index = slot
  std::vector<eval::multi_word_matcher> slot_words;  // per slot: every word conditions look for
  int disposition_slot = kNoSlot;
  int subject_slot = kNoSlot;
  int from_slot = kNoSlot;
  int return_path_slot = kNoSlot;  // the envelope sender (SenderAddressLocation)
  int to_slot = kNoSlot;           // recipients when neither manifest nor --rcpt has them
  int cc_slot = kNoSlot;
  bool needs_body = false;           // some condition reads the body or attachments
  message_reads reads;               // what evaluation reads besides the header block
  bool needs_recipients = false;     // SentTo, RecipientDomainIs or a scoped policy
  std::vector<compiled_rule> rules;  // evaluation order
  // Anti-spam policies scoped by recipient, by priority; Default (source.antispam) is last.
  std::vector<const rules::antispam_policy*> scoped_policies;
  net::ip_range_set egress;                   // area1.egress_list, for in_egress
  std::vector<std::string> area1_quarantine;  // upper-cased dispositions Area 1 keeps

  [[nodiscard]] int slot_of(std::string_view lower_name) const noexcept;
};

}  // namespace mfsim
