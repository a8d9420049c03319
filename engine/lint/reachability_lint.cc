// MF006: a rule an earlier stopping rule always pre-empts, judged by the rules' values alone.
#include <fmt/format.h>

#include "engine/ascii.h"
#include "engine/lint/linter.h"
#include "engine/rules/validate.h"

namespace mfsim::lint::detail {
namespace {

// True when every message `wide` holds for also satisfies `narrow`'s condition, judged by the
// values alone: same kind and header, and `narrow`'s values among `wide`'s.
bool implies(const condition& narrow, const condition& wide) {
  if (narrow.kind != wide.kind || !ascii_iequals(narrow.header_name, wide.header_name)) {
    return false;
  }
  // The directory's two-part conditions (BetweenMemberOf2, ADComparisonOperator, ...).
  if (narrow.qualifier != wide.qualifier || narrow.values2 != wide.values2) return false;
  if (narrow.kind == condition_kind::scl_over) return wide.scl <= narrow.scl;
  if (narrow.kind == condition_kind::message_size_over) return wide.size_bytes <= narrow.size_bytes;
  const bool exact = narrow.kind == condition_kind::header_matches_patterns ||
                     narrow.kind == condition_kind::subject_matches_patterns ||
                     narrow.kind == condition_kind::from_address_matches_patterns;
  return std::all_of(narrow.values.begin(), narrow.values.end(), [&](const std::string& v) {
    return std::any_of(wide.values.begin(), wide.values.end(), [&](const std::string& w) {
      return exact ? v == w : ascii_iequals(ascii_trim_blanks(v), ascii_trim_blanks(w));
    });
  });
}

// `early` fires on every message `late` fires on: each of early's conditions is implied by one
// of late's, and each of early's exceptions implies one of late's.
bool covers(const transport_rule& early, const transport_rule& late) {
  // Sender conditions read different addresses under different SenderAddressLocation values.
  if (early.sender_address_location != late.sender_address_location) {
    const auto reads_sender = [](const condition& c) {
      return rules::follows_sender_address_location(c.kind);
    };
    for (const auto* list : {&early.conditions, &early.exceptions}) {
      if (std::any_of(list->begin(), list->end(), reads_sender)) return false;
    }
  }
  // A rule outside its activation window on some dates does not stop later rules then.
  if (early.activation_date || early.expiry_date) return false;
  const bool conditions =
      std::all_of(early.conditions.begin(), early.conditions.end(), [&](const condition& e) {
        return std::any_of(late.conditions.begin(), late.conditions.end(),
                           [&](const condition& l) { return implies(l, e); });
      });
  const bool exceptions =
      std::all_of(early.exceptions.begin(), early.exceptions.end(), [&](const condition& e) {
        return std::any_of(late.exceptions.begin(), late.exceptions.end(),
                           [&](const condition& l) { return implies(e, l); });
      });
  return conditions && exceptions;
}

}  // namespace

// MF006: a rule after a stopping rule that matches everything it matches never runs.
void linter::unreachable_rules() {
  for (std::size_t a = 0; a < order_.size(); ++a) {
    const transport_rule& late = set_.transport_rules[order_[a]];
    if (late.state != rules::rule_state::enabled) continue;
    for (std::size_t b = 0; b < a; ++b) {
      const transport_rule& early = set_.transport_rules[order_[b]];
      const auto& act = early.actions;
      const bool stops =
          act.stop_rule_processing || act.quarantine || act.delete_message || act.rejects();
      if (!stops || early.state != rules::rule_state::enabled ||
          early.mode != rules::rule_mode::enforce || !covers(early, late)) {
        continue;
      }
      const char* how = act.delete_message ? "deletes the message"
                        : act.rejects()    ? "rejects the message"
                        : act.quarantine   ? "quarantines the message"
                                           : "stops rule processing";
      add("MF006", severity::warning, late.where,
          fmt::format("transport rule {} never runs: the earlier rule {} (priority {}) matches "
                      "every message it matches and {}",
                      quoted(late), quoted(early), early.priority, how),
          early.conditions.empty()
              ? fmt::format("give {} conditions, or run {} first (a lower Priority)", quoted(early),
                            quoted(late))
              : fmt::format("run {} before {} (a lower Priority), or narrow {}'s conditions",
                            quoted(late), quoted(early), quoted(early)));
      break;
    }
  }
}

}  // namespace mfsim::lint::detail
