// Stage [C] through the rule index (rule_index.h): the rules a message can match, found from its
// headers' automaton hits and its sender IP, then evaluated in order as the plain loop would.
//
// The candidates only ever grow beyond what the index found: a rule is looked at when its key
// held at the start, or when a header it is keyed on changed after an applied rule and holds
// now. Looking at a rule whose key does not hold is harmless: it ends as no_match, as it would
// have.
#include <bit>

#include "engine/eval/eval_context.h"

namespace mfsim::eval_detail {
namespace {

void add_rule(std::vector<std::uint64_t>& candidates, std::uint32_t rule) {
  candidates[rule / 64] |= std::uint64_t{1} << (rule % 64);
}

// The rules keyed on a slot whose words or literals occur in its current values, from rule
// `from` on (earlier ones have had their turn).
void add_slot_hits(context& ctx, const rule_index::slot_keys& keys, std::uint32_t from) {
  const std::vector<std::uint64_t>& found = slot_words_found(ctx, keys.slot);
  for (std::size_t b = 0; b < found.size(); ++b) {
    for (std::uint64_t bits = found[b]; bits != 0; bits &= bits - 1) {
      const std::size_t id = b * 64 + static_cast<std::size_t>(std::countr_zero(bits));
      for (std::uint32_t k = keys.first[id]; k < keys.first[id + 1]; ++k) {
        if (keys.rules[k] >= from) add_rule(ctx.s.candidates, keys.rules[k]);
      }
    }
  }
}

// After rule `done`: the keyed slots an action changed are scanned again (slot_words_found
// does it, since the change marked them stale) for the rules after it.
void add_changed_slots(context& ctx, std::uint32_t done) {
  for (const auto& keys : ctx.compiled.index.slots) {
    if (!ctx.s.slot_found_valid[static_cast<std::size_t>(keys.slot)]) {
      add_slot_hits(ctx, keys, done + 1);
    }
  }
}

}  // namespace

void run_indexed_rules(context& ctx, std::optional<std::int64_t> clock) {
  const rule_index& index = ctx.compiled.index;
  std::vector<std::uint64_t>& candidates = ctx.s.candidates;
  candidates.assign(index.unkeyed.begin(), index.unkeyed.end());
  for (const auto& keys : index.slots) add_slot_hits(ctx, keys, 0);
  if (ctx.sender_ip) {
    index.sender_ips.for_each_tag(*ctx.sender_ip,
                                  [&](std::uint32_t rule) { add_rule(candidates, rule); });
  }
  for (std::size_t b = 0; b < candidates.size(); ++b) {
    // Re-read each time: evaluating a rule may add later rules to this block.
    while (candidates[b] != 0) {
      const auto i = static_cast<std::uint32_t>(b * 64 + std::countr_zero(candidates[b]));
      candidates[b] &= candidates[b] - 1;
      const rule_step step = evaluate_rule(ctx, i, clock);
      if (step.stops) return;
      add_changed_slots(ctx, i);
    }
  }
}

}  // namespace mfsim::eval_detail
