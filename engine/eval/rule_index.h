// The plan's index of its rules (issue 16, decisions.md 295-299): which rules can match a
// message, found from one pass over each header and one IP lookup instead of a visit to every
// rule, so that the work per message does not grow with the number of rules.
//
// Each enabled rule has at most one key: a condition that must hold for the rule to match, that
// the index tests for all rules at once, and before which the rule reads nothing with a side
// effect. A rule whose key does not hold would end as no_match having changed nothing, so it is
// skipped; rules without a key are looked at on every message. Built by compile()
// (engine/compile/rule_index_builder.cc); read by the evaluator (rule_candidates.cc).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/net/ip_range_table.h"

namespace mfsim {

struct rule_index {
  // Rules keyed on the words or pattern literals of one header slot, by the id the slot's
  // automaton (plan::impl::slot_words) gives each word and literal.
  struct slot_keys {
    int slot = -1;
    std::vector<std::uint32_t> first;  // per id: where its rules start in `rules` (ids + 1)
    std::vector<std::uint32_t> rules;
  };

  // Bit sets over the rules in evaluation order, 64 to a block.
  std::vector<std::uint64_t> unkeyed;  // enabled rules without a key
  std::vector<slot_keys> slots;        // the slots some rule is keyed on
  net::ip_range_table sender_ips;      // SenderIpRanges keys, tagged with the rule
};

}  // namespace mfsim
