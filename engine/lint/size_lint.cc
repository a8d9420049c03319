// MF010, MF011: Exchange Online's size limits on a rule and on all words and patterns, and the
// size estimate they use.
#include <fmt/format.h>

#include "engine/lint/linter.h"
#include "engine/rules/validate.h"

namespace mfsim::lint {
namespace detail {
namespace {

bool is_words_or_patterns(condition_kind kind) {
  switch (kind) {
    case condition_kind::header_contains_words:
    case condition_kind::header_matches_patterns:
    case condition_kind::subject_contains_words:
    case condition_kind::subject_matches_patterns:
    case condition_kind::from_address_contains_words:
    case condition_kind::from_address_matches_patterns:
    case condition_kind::subject_or_body_contains_words:
    case condition_kind::attachment_extension_matches_words:
    case condition_kind::recipient_address_contains_words:
    case condition_kind::recipient_address_matches_patterns:
    case condition_kind::any_of_recipient_address_contains_words:
    case condition_kind::any_of_recipient_address_matches_patterns:
    case condition_kind::subject_or_body_matches_patterns:
    case condition_kind::content_character_set_contains_words:
    case condition_kind::attachment_name_matches_patterns:
    case condition_kind::attachment_contains_words:
    case condition_kind::attachment_matches_patterns:
    case condition_kind::attachment_property_contains_words: return true;
    default: return false;
  }
}

}  // namespace

// MF010, MF011: Exchange refuses rules over 8 KB and rule sets whose words and patterns pass 20 KB.
void linter::size_limits() {
  std::size_t words = 0;
  for (const auto& rule : set_.transport_rules) {
    const std::size_t size = rule_size_bytes(rule, set_);
    if (size > kMaxRuleBytes) {
      add("MF010", severity::error, rule.where,
          fmt::format("transport rule {} takes about {} bytes; Exchange Online accepts at most "
                      "8 KB ({} bytes) per rule",
                      quoted(rule), size, kMaxRuleBytes),
          "split the rule, or shorten its word, pattern and IP lists");
    }
    for (const auto* list : {&rule.conditions, &rule.exceptions}) {
      for (const auto& c : *list) {
        if (!is_words_or_patterns(c.kind)) continue;
        for (const auto& v : c.values) words += v.size();
      }
    }
  }
  if (words > kMaxWordsAndPatternsBytes) {
    const source_span where = set_.transport_rules.empty() ? source_span{set_.source, 0, 0}
                                                           : set_.transport_rules.front().where;
    add("MF011", severity::error, where,
        fmt::format("the words and patterns of all transport rules take {} bytes; Exchange Online "
                    "accepts at most 20 KB ({} bytes) in all",
                    words, kMaxWordsAndPatternsBytes),
        "remove unused words and patterns, or merge overlapping ones");
  }
}

}  // namespace detail

namespace {
std::size_t quoted_size(std::string_view text) { return text.size() + 2; }
}  // namespace

std::size_t rule_size_bytes(const rules::transport_rule& rule, const rules::rule_set& set) {
  std::size_t size = std::string_view("New-TransportRule -Name ").size() + quoted_size(rule.name);
  const auto values = [&](std::string_view key, const std::vector<std::string>& items) {
    size += 2 + key.size();
    for (const auto& item : items) size += quoted_size(item) + 1;
  };
  for (const bool exception : {false, true}) {
    for (const auto& c : exception ? rule.exceptions : rule.conditions) {
      const std::string prefix = exception ? "ExceptIf" : "";
      if (!c.header_name.empty()) size += 30 + prefix.size() + quoted_size(c.header_name);
      if (c.kind == rules::condition_kind::scl_over) {
        size += 12 + prefix.size();
        continue;
      }
      values(prefix + rules::parameter_name(c.kind), detail::expand_ip_lists(c.values, set));
    }
  }
  const auto& a = rule.actions;
  if (!rule.comments.empty()) size += 11 + quoted_size(rule.comments);
  if (a.set_scl) size += 11;
  if (a.set_header_name)
    size += 32 + quoted_size(*a.set_header_name) + quoted_size(a.set_header_value.value_or(""));
  if (a.remove_header) size += 15 + quoted_size(*a.remove_header);
  if (a.prepend_subject) size += 17 + quoted_size(*a.prepend_subject);
  if (a.quarantine) size += 18;
  if (a.delete_message) size += 21;
  if (a.stop_rule_processing) size += 26;
  if (!a.redirect_message_to.empty()) values("RedirectMessageTo", a.redirect_message_to);
  return size;
}

}  // namespace mfsim::lint
