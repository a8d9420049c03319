// The rule index's build: one key per rule where a safe one exists (decisions.md 295-297).
#include "engine/compile/rule_index_builder.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>

#include "engine/compile/pattern_literals.h"

namespace mfsim::compile_detail {
namespace {

using kind = rules::condition_kind;

// Literals shorter than this are in too many values to skip many rules.
constexpr std::size_t kMinLiteral = 3;

// Conditions that may come before a rule's key: evaluating them records nothing (no rule error,
// no body read, no flag), so skipping them with the rule changes nothing.
bool reads_without_trace(kind k) noexcept {
  switch (k) {
    case kind::header_contains_words:
    case kind::subject_contains_words:
    case kind::sender_ip_ranges:
    case kind::from_address_contains_words:
    case kind::sender_domain_is:
    case kind::from:
    case kind::sent_to:
    case kind::recipient_domain_is:
    case kind::scl_over:
    case kind::message_size_over: return true;
    default: return false;
  }
}

enum class key_kind : std::uint8_t { none, words, patterns, sender_ip };

struct rule_key {
  key_kind type = key_kind::none;
  const compiled_condition* condition = nullptr;
};

bool is_header_pattern(kind k) noexcept {
  return k == kind::header_matches_patterns || k == kind::subject_matches_patterns;
}

// The first condition the index can test, when every condition before it reads without trace.
// A pattern condition is a key only when each of its patterns has a literal.
rule_key key_of(const compiled_rule& rule) {
  for (const auto& c : rule.conditions) {
    switch (c.kind) {
      case kind::header_contains_words:
      case kind::subject_contains_words:
        if (c.slot == kNoSlot) return {};
        return {key_kind::words, &c};
      case kind::sender_ip_ranges: return {key_kind::sender_ip, &c};
      case kind::header_matches_patterns:
      case kind::subject_matches_patterns:
        if (c.slot == kNoSlot || c.pattern_literals.size() != c.patterns.size()) return {};
        for (const auto& literal : c.pattern_literals) {
          if (literal.empty()) return {};
        }
        return {key_kind::patterns, &c};
      default:
        if (!reads_without_trace(c.kind)) return {};
        break;
    }
  }
  return {};
}

// The header and subject pattern conditions of every rule, exceptions included.
template <typename Visit>
void for_each_header_pattern(plan::impl& p, Visit&& visit) {
  for (auto& rule : p.rules) {
    for (auto* list : {&rule.conditions, &rule.exceptions}) {
      for (auto& c : *list) {
        if (is_header_pattern(c.kind)) visit(c);
      }
    }
  }
}

// Per pattern, the literal run the fewest patterns of the rule set share (then the longest),
// at least kMinLiteral long: " invoice" in a thousand patterns skips nothing, "zq417" in one
// skips its rule on almost every message. A pattern without such a run gets none.
void choose_literals(plan::impl& p) {
  std::vector<std::vector<std::string>> runs;  // per pattern, in visiting order
  std::unordered_map<std::string, std::size_t> patterns_with;
  for_each_header_pattern(p, [&](compiled_condition& c) {
    for (const auto& text : c.source->values) {
      std::vector<std::string> found = required_literals(text);
      std::erase_if(found, [](const std::string& r) { return r.size() < kMinLiteral; });
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
      for (const auto& r : found) ++patterns_with[r];
      runs.push_back(std::move(found));
    }
  });
  std::size_t next = 0;
  for_each_header_pattern(p, [&](compiled_condition& c) {
    for (std::size_t k = 0; k < c.source->values.size(); ++k) {
      const auto& candidates = runs[next++];
      const auto rarer = [&](const std::string& a, const std::string& b) {
        const std::size_t na = patterns_with[a], nb = patterns_with[b];
        return na != nb ? na < nb : a.size() > b.size();
      };
      const auto best = std::min_element(candidates.begin(), candidates.end(), rarer);
      c.pattern_literals.push_back(best == candidates.end() ? std::string() : *best);
    }
  });
}

void set_bit(std::vector<std::uint64_t>& bits, std::size_t i) {
  bits[i / 64] |= std::uint64_t{1} << (i % 64);
}

}  // namespace

void build_rule_index(plan::impl& p) {
  choose_literals(p);
  rule_index& index = p.index;
  index.unkeyed.assign((p.rules.size() + 63) / 64, 0);

  // (slot, automaton id) -> rule, for the words and literals rules are keyed on.
  struct posting {
    int slot;
    std::uint32_t id;
    std::uint32_t rule;
  };
  std::vector<posting> postings;
  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    if (!p.rules[i].enabled) continue;  // never looked at
    const auto rule = static_cast<std::uint32_t>(i);
    const auto [key, c] = key_of(p.rules[i]);
    switch (key) {
      case key_kind::none: set_bit(index.unkeyed, i); break;
      case key_kind::words:
        for (const std::uint32_t id : c->word_ids) postings.push_back({c->slot, id, rule});
        break;
      case key_kind::patterns:
        for (const auto& literal : c->pattern_literals) {
          const std::uint32_t id = p.slot_words[static_cast<std::size_t>(c->slot)].add(
              literal, eval::match_kind::substring);
          postings.push_back({c->slot, id, rule});
        }
        break;
      case key_kind::sender_ip:
        for (const auto& r : c->ranges.entries()) index.sender_ips.add(r.first, r.last, rule);
        break;
    }
  }
  index.sender_ips.finish();

  std::sort(postings.begin(), postings.end(), [](const posting& a, const posting& b) {
    return std::pair(a.slot, a.id) < std::pair(b.slot, b.id);
  });
  for (std::size_t k = 0; k < postings.size();) {
    rule_index::slot_keys& keys = index.slots.emplace_back();
    keys.slot = postings[k].slot;
    const std::size_t ids = p.slot_words[static_cast<std::size_t>(keys.slot)].word_count();
    keys.first.assign(ids + 1, 0);
    for (; k < postings.size() && postings[k].slot == keys.slot; ++k) {
      ++keys.first[postings[k].id + 1];
      keys.rules.push_back(postings[k].rule);
    }
    for (std::size_t id = 1; id <= ids; ++id) keys.first[id] += keys.first[id - 1];
  }
}

}  // namespace mfsim::compile_detail
