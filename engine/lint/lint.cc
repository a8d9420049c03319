// The lint checks, one function per finding id, over the rules in evaluation order.
#include "engine/lint/lint.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

#include "engine/lint/regex_risk.h"
#include "engine/net/ip_range_set.h"
#include "engine/rules/presets.h"
#include "engine/rules/validate.h"
#include "engine/terminal_text.h"

namespace mfsim::lint {
namespace {

using rules::condition;
using rules::condition_kind;
using rules::rule_set;
using rules::transport_rule;

// The header names Area 1 has written its disposition under (area1-presets.md).
constexpr std::string_view disposition_aliases[] = {
    "X-Area1Security-Disposition", "X-CFEmailSecurity-Disposition", "X-EmailSecurity-Disposition"};
constexpr std::string_view dispositions[] = {"MALICIOUS", "SUSPICIOUS", "SPOOF", "UCE", "BULK"};
constexpr const char* kReferenceList = "area1-office365";

class linter {
 public:
  explicit linter(const rule_set& set) : set_(set) {
    order_.resize(set.transport_rules.size());
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
      return set.transport_rules[a].priority < set.transport_rules[b].priority;
    });
  }

  std::vector<finding> run();

 private:
  void add(std::string id, severity level, const source_span& where, std::string message,
           std::string fix) {
    findings_.push_back(finding{std::move(id), level, where, std::move(message), std::move(fix)});
  }
  [[nodiscard]] bool is_disposition_header(std::string_view name) const;
  [[nodiscard]] bool is_disposition_condition(const condition& c) const;
  // SenderIpRanges values with `$list` references replaced by the list's entries.
  [[nodiscard]] std::vector<std::string> expand(const std::vector<std::string>& values) const;

  void unguarded_disposition_rules();   // MF001
  void words_area1_never_writes();      // MF002
  void ranges_exchange_rejects();       // MF003, MF004
  void stale_egress_lists();            // MF005
  void unreachable_rules();             // MF006
  void duplicates();                    // MF007, MF008
  void quarantine_rules_that_do_not();  // MF009
  void size_limits();                   // MF010, MF011
  void rules_that_change_nothing();     // MF012
  void backtracking_patterns();         // MF013

  const rule_set& set_;
  std::vector<std::size_t> order_;  // rule indexes in evaluation order
  std::vector<finding> findings_;
};

std::string quoted(const transport_rule& r) { return fmt::format("'{}'", r.name); }

bool linter::is_disposition_header(std::string_view name) const {
  if (ascii_iequals(name, set_.area1.disposition_header)) return true;
  return std::any_of(std::begin(disposition_aliases), std::end(disposition_aliases),
                     [&](std::string_view alias) { return ascii_iequals(alias, name); });
}

bool linter::is_disposition_condition(const condition& c) const {
  return (c.kind == condition_kind::header_contains_words ||
          c.kind == condition_kind::header_matches_patterns) &&
         is_disposition_header(c.header_name);
}

std::vector<std::string> linter::expand(const std::vector<std::string>& values) const {
  std::vector<std::string> out;
  for (const auto& value : values) {
    if (!value.empty() && value.front() == '$') {
      for (const auto& list : set_.ip_lists) {
        if (list.name == std::string_view(value).substr(1)) {
          out.insert(out.end(), list.entries.begin(), list.entries.end());
        }
      }
    } else {
      out.push_back(value);
    }
  }
  return out;
}

std::string join_strings(const std::vector<std::string>& items, std::size_t at_most = 6) {
  std::string out;
  for (std::size_t k = 0; k < items.size() && k < at_most; ++k) {
    if (k) out += ", ";
    out += items[k];
  }
  if (items.size() > at_most) out += fmt::format(" and {} more", items.size() - at_most);
  return out;
}

std::vector<finding> linter::run() {
  unguarded_disposition_rules();
  words_area1_never_writes();
  ranges_exchange_rejects();
  stale_egress_lists();
  unreachable_rules();
  duplicates();
  quarantine_rules_that_do_not();
  size_limits();
  rules_that_change_nothing();
  backtracking_patterns();
  std::stable_sort(findings_.begin(), findings_.end(), [](const finding& a, const finding& b) {
    return std::tie(a.where.file, a.where.line, a.where.col, a.id) <
           std::tie(b.where.file, b.where.line, b.where.col, b.id);
  });
  return std::move(findings_);
}

// MF001: anyone can write the disposition header; only the sender IP proves Area 1 sent it.
void linter::unguarded_disposition_rules() {
  for (const auto& rule : set_.transport_rules) {
    const auto disposition =
        std::find_if(rule.conditions.begin(), rule.conditions.end(),
                     [&](const condition& c) { return is_disposition_condition(c); });
    if (disposition == rule.conditions.end()) continue;
    const bool guarded =
        std::any_of(rule.conditions.begin(), rule.conditions.end(),
                    [](const condition& c) { return c.kind == condition_kind::sender_ip_ranges; });
    if (guarded) continue;
    add("MF001", severity::warning, rule.where,
        fmt::format("transport rule {} trusts the {} header without a SenderIpRanges condition: "
                    "any sender can write that header, so mail that never passed Area 1 triggers "
                    "the rule",
                    quoted(rule), disposition->header_name),
        fmt::format(
            "add SenderIpRanges with Area 1's egress addresses (YAML: SenderIpRanges: "
            "[${}]; PowerShell: -SenderIpRanges and the list from `mfsim presets show "
            "uc4`)",
            set_.area1.egress_list.empty() ? std::string(kReferenceList) : set_.area1.egress_list));
  }
}

// MF002: a word that never appears in the header can never match.
void linter::words_area1_never_writes() {
  for (const auto& rule : set_.transport_rules) {
    for (const auto* list : {&rule.conditions, &rule.exceptions}) {
      for (const auto& c : *list) {
        if (c.kind != condition_kind::header_contains_words ||
            !is_disposition_header(c.header_name)) {
          continue;
        }
        for (const auto& word : c.values) {
          const std::string upper = ascii_upper_copy(rules::trim(word));
          if (std::find(std::begin(dispositions), std::end(dispositions), upper) !=
              std::end(dispositions)) {
            continue;
          }
          if (upper == "SPAM") {
            add("MF002", severity::warning, c.where,
                fmt::format("transport rule {} looks for '{}' in {}, which Area 1 never writes: "
                            "its spam disposition is written UCE (Cloudflare corrected its "
                            "documentation on 2023-08-01), so the rule misses all Area 1 spam",
                            quoted(rule), word, c.header_name),
                "replace SPAM with UCE");
          } else {
            add("MF002", severity::warning, c.where,
                fmt::format("transport rule {} looks for '{}' in {}, which Area 1 never writes "
                            "there (it writes one of {})",
                            quoted(rule), word, c.header_name, rules::join(dispositions)),
                fmt::format("use one of {}", rules::join(dispositions)));
          }
        }
      }
    }
  }
}

// MF003, MF004: IPv6 and prefixes wider than /24 in SenderIpRanges. Microsoft documents those
// limits for the connection filter's IP Allow List, not for mail flow rules; Cloudflare's
// Microsoft 365 setup puts the same egress list there, and says Microsoft 365 takes neither.
void linter::ranges_exchange_rejects() {
  for (const auto& rule : set_.transport_rules) {
    for (const auto* list : {&rule.conditions, &rule.exceptions}) {
      for (const auto& c : *list) {
        if (c.kind != condition_kind::sender_ip_ranges) continue;
        std::vector<std::string> v6;
        std::vector<std::string> wide;
        std::vector<std::string> split;
        for (const auto& entry : expand(c.values)) {
          std::string error;
          const auto range = net::parse_ip_range(rules::trim(entry), error);
          if (!range) continue;
          if (!range->first.is_v4()) {
            v6.push_back(entry);
          } else if (range->prefix_len >= 0 && range->prefix_len < 24) {
            wide.push_back(entry);
            const auto& f = range->first.bytes();
            const auto& l = range->last.bytes();
            split.push_back(fmt::format("{}.{}.{}.0/24 ... {}.{}.{}.0/24", f[12], f[13], f[14],
                                        l[12], l[13], l[14]));
          }
        }
        if (!v6.empty()) {
          add("MF003", severity::warning, c.where,
              fmt::format("SenderIpRanges of transport rule {} holds IPv6 entries: {}; the same "
                          "list cannot go into the connection filter's IP Allow List, which "
                          "Microsoft documents as IPv4 only, and Cloudflare's Microsoft 365 form "
                          "of its egress list has no IPv6",
                          quoted(rule), join_strings(v6)),
              "keep one list for both places: use the area1-office365 list (Cloudflare's "
              "egress mail reaches Microsoft 365 over IPv4)");
        }
        if (!wide.empty()) {
          add("MF004", severity::warning, c.where,
              fmt::format("SenderIpRanges of transport rule {} holds prefixes wider than /24: "
                          "{}; the connection filter's IP Allow List takes /24 to /32 only, and "
                          "Cloudflare's Microsoft 365 form of its egress list is split into /24 "
                          "blocks",
                          quoted(rule), join_strings(wide)),
              fmt::format("to keep one list for both places, split them into /24 blocks: {}",
                          join_strings(split)));
        }
      }
    }
  }
}

// The reference entries not wholly inside `have`. Every reference entry is IPv4 and at most a
// /24, so checking each address is cheap.
std::vector<std::string> missing_entries(const std::vector<std::string>& reference,
                                         const std::vector<std::string>& have) {
  net::ip_range_set set;
  for (const auto& entry : have) {
    std::string error;
    if (auto r = net::parse_ip_range(rules::trim(entry), error)) set.add(std::move(*r));
  }
  set.finish();
  std::vector<std::string> missing;
  for (const auto& entry : reference) {
    std::string error;
    const auto r = net::parse_ip_range(entry, error);
    if (!r || !r->first.is_v4()) continue;
    const auto v4 = [](const net::ip_address& a) {
      const auto& b = a.bytes();
      return (std::uint32_t{b[12]} << 24) | (std::uint32_t{b[13]} << 16) |
             (std::uint32_t{b[14]} << 8) | std::uint32_t{b[15]};
    };
    for (std::uint32_t x = v4(r->first); x <= v4(r->last); ++x) {
      if (!set.contains(net::ip_address::from_v4(x))) {
        missing.push_back(entry);
        break;
      }
      if (x == 0xFFFFFFFFu) break;
    }
  }
  return missing;
}

std::vector<std::string> reference_egress() {
  static const std::vector<std::string> entries = [] {
    std::vector<std::string> out;
    if (const auto preset = rules::load_preset("uc4")) {
      for (const auto& list : preset->ip_lists) {
        if (list.name == kReferenceList) out = list.entries;
      }
    }
    return out;
  }();
  return entries;
}

// MF005: Area 1 added ranges over time (134.195.27.0/24 in 2023, the two former Europe-only
// addresses for everyone in 2026); old lists miss its mail.
void linter::stale_egress_lists() {
  const auto reference = reference_egress();
  const std::string fix_tail =
      "`mfsim presets show uc4` prints the current list; Cloudflare added 134.195.27.0/24 in 2023 "
      "and lists 52.58.35.43 and 35.157.195.63 for every customer since its 2026-04-17 page";
  if (!set_.area1.egress_list.empty()) {
    for (const auto& list : set_.ip_lists) {
      if (list.name != set_.area1.egress_list) continue;
      const auto missing = missing_entries(reference, list.entries);
      if (missing.empty()) continue;
      const source_span where = !list.where.file.empty()         ? list.where
                                : !set_.area1.where.file.empty() ? set_.area1.where
                                                                 : source_span{set_.source, 0, 0};
      add("MF005", severity::warning, where,
          fmt::format("the egress list '{}' lacks current Area 1 egress ranges: {}; mail from "
                      "there is not counted as coming from Area 1",
                      list.name, join_strings(missing)),
          fmt::format("add {} ({})", join_strings(missing, 40), fix_tail));
    }
  }
  for (const auto& rule : set_.transport_rules) {
    const bool disposition =
        std::any_of(rule.conditions.begin(), rule.conditions.end(),
                    [&](const condition& c) { return is_disposition_condition(c); });
    if (!disposition) continue;
    for (const auto& c : rule.conditions) {
      if (c.kind != condition_kind::sender_ip_ranges) continue;
      const auto missing = missing_entries(reference, expand(c.values));
      if (missing.empty()) continue;
      add("MF005", severity::warning, c.where,
          fmt::format("SenderIpRanges of transport rule {} lacks current Area 1 egress ranges: "
                      "{}; Area 1 mail from there does not trigger the rule",
                      quoted(rule), join_strings(missing)),
          fmt::format("add {} ({})", join_strings(missing, 40), fix_tail));
    }
  }
}

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
      return exact ? v == w : ascii_iequals(rules::trim(v), rules::trim(w));
    });
  });
}

// `early` fires on every message `late` fires on: each of early's conditions is implied by one
// of late's, and each of early's exceptions implies one of late's.
bool covers(const transport_rule& early, const transport_rule& late) {
  // Sender conditions read different addresses under different SenderAddressLocation values.
  if (early.sender_address_location != late.sender_address_location) {
    const auto reads_sender = [](const condition& c) {
      return rules::reads_sender_address(c.kind);
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

// MF007, MF008: the loaders reject these; lint checks the model too, whatever built it.
void linter::duplicates() {
  std::map<std::string, const transport_rule*> names;
  std::map<int, const transport_rule*> priorities;
  for (const auto& rule : set_.transport_rules) {
    if (rule.priority_given) {
      const auto [first, fresh] = priorities.emplace(rule.priority, &rule);
      if (!fresh) {
        add("MF007", severity::error, rule.where,
            fmt::format("transport rules {} and {} share Priority {}; Exchange keeps priorities "
                        "unique",
                        quoted(*first->second), quoted(rule), rule.priority),
            "give each rule its own Priority");
      }
    }
    const auto [first, fresh] = names.emplace(ascii_lower_copy(rule.name), &rule);
    if (!fresh) {
      add("MF008", severity::error, rule.where,
          fmt::format("two transport rules are named {} (names are compared without case)",
                      quoted(rule)),
          "rename one of them");
    }
  }
}

// MF009: "Quarantine" in the name, but the SCL it sets leads to another action.
void linter::quarantine_rules_that_do_not() {
  const auto& policy = set_.antispam;
  for (const auto& rule : set_.transport_rules) {
    const auto& act = rule.actions;
    if (!act.set_scl || act.quarantine || act.delete_message) continue;
    if (ascii_lower_copy(rule.name).find("quarantine") == std::string::npos) continue;
    const int scl = *act.set_scl;
    if (scl < 5) {
      add("MF009", severity::warning, rule.where,
          fmt::format("transport rule {} is named for quarantine but sets SCL {}, which forces "
                      "no spam verdict: its messages are not quarantined",
                      quoted(rule), scl),
          "set SCL 5 or 6 (spam) or 7 to 9 (high-confidence spam) with a Quarantine action in "
          "the anti-spam policy, or use the rule action Quarantine");
      continue;
    }
    const bool high = scl >= 7;
    const auto& verdict = high ? policy.high_confidence_spam : policy.spam;
    if (verdict.action == rules::spam_action::quarantine) continue;
    const char* key = high ? "HighConfidenceSpamAction" : "SpamAction";
    add("MF009", severity::warning, rule.where,
        fmt::format("transport rule {} is named for quarantine but sets SCL {}, and the "
                    "anti-spam policy '{}' handles {} with {} {}: its messages are not "
                    "quarantined",
                    quoted(rule), scl, policy.name, high ? "high-confidence spam" : "spam", key,
                    rules::parameter_value(verdict.action)),
        fmt::format("Set-HostedContentFilterPolicy -Identity {} -{} Quarantine -{}QuarantineTag "
                    "<policy> (or rename the rule)",
                    policy.name, key, high ? "HighConfidenceSpam" : "Spam"));
  }
}

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

// MF012: disabled and audit-mode rules are reported for information.
void linter::rules_that_change_nothing() {
  for (const auto& rule : set_.transport_rules) {
    if (rule.state == rules::rule_state::disabled) {
      add("MF012", severity::info, rule.where,
          fmt::format("transport rule {} is disabled: it never runs", quoted(rule)),
          "enable it (Enable-TransportRule) or remove it");
    } else if (rule.mode != rules::rule_mode::enforce) {
      add("MF012", severity::info, rule.where,
          fmt::format("transport rule {} runs in audit mode: it records matches and changes "
                      "nothing",
                      quoted(rule)),
          "set Mode Enforce once its matches look right");
    }
  }
}

// MF013: a repeated group holding a repetition can take exponential time on a long value; mfsim
// then spends the message's regex budget and leaves the rule undecided (decisions.md 16a).
void linter::backtracking_patterns() {
  for (const auto& rule : set_.transport_rules) {
    for (const auto* list : {&rule.conditions, &rule.exceptions}) {
      for (const auto& c : *list) {
        if (c.kind != condition_kind::header_matches_patterns &&
            c.kind != condition_kind::subject_matches_patterns &&
            c.kind != condition_kind::from_address_matches_patterns) {
          continue;
        }
        for (const auto& pattern : c.values) {
          if (!nested_quantifier(pattern)) continue;
          add("MF013", severity::warning, c.where,
              fmt::format("pattern '{}' of transport rule {} repeats a group that holds a "
                          "repetition: it can backtrack catastrophically on a long value",
                          pattern, quoted(rule)),
              "drop the inner or outer repetition, e.g. '^(\\w+\\s?)*$' -> '^[\\w\\s]*$'");
        }
      }
    }
  }
}

std::size_t quoted_size(std::string_view text) { return text.size() + 2; }

}  // namespace

const char* to_string(severity level) noexcept {
  switch (level) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::info: return "info";
  }
  return "?";
}

bool has_problems(const std::vector<finding>& findings) noexcept {
  return std::any_of(findings.begin(), findings.end(),
                     [](const finding& f) { return f.level != severity::info; });
}

std::string format_text(const finding& f) {
  // Names, patterns and file names come from the rule file: shown inert (terminal_text.h).
  std::string out = f.where.file.empty() ? std::string("<rules>") : terminal_text(f.where.file);
  if (f.where.line > 0) {
    out += fmt::format(":{}", f.where.line);
    if (f.where.col > 0) out += fmt::format(":{}", f.where.col);
  }
  out += fmt::format(": {}: {} [{}]\n", to_string(f.level), terminal_text(f.message), f.id);
  if (!f.fix.empty()) out += fmt::format("  fix: {}\n", terminal_text(f.fix));
  return out;
}

std::size_t rule_size_bytes(const transport_rule& rule, const rule_set& set) {
  std::size_t size = std::string_view("New-TransportRule -Name ").size() + quoted_size(rule.name);
  const auto values = [&](std::string_view key, const std::vector<std::string>& items) {
    size += 2 + key.size();
    for (const auto& item : items) size += quoted_size(item) + 1;
  };
  for (const bool exception : {false, true}) {
    for (const auto& c : exception ? rule.exceptions : rule.conditions) {
      const std::string prefix = exception ? "ExceptIf" : "";
      if (!c.header_name.empty()) size += 30 + prefix.size() + quoted_size(c.header_name);
      if (c.kind == condition_kind::scl_over) {
        size += 12 + prefix.size();
        continue;
      }
      std::vector<std::string> items;
      for (const auto& v : c.values) {
        if (!v.empty() && v.front() == '$') {
          for (const auto& list : set.ip_lists) {
            if (list.name == std::string_view(v).substr(1)) {
              items.insert(items.end(), list.entries.begin(), list.entries.end());
            }
          }
        } else {
          items.push_back(v);
        }
      }
      values(prefix + rules::parameter_name(c.kind), items);
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

std::vector<finding> lint_rule_set(const rule_set& set) {
  std::vector<finding> findings = linter(set).run();
  std::vector<finding> more = directory_findings(set);
  if (more.empty()) return findings;
  findings.insert(findings.end(), more.begin(), more.end());
  std::stable_sort(findings.begin(), findings.end(), [](const finding& a, const finding& b) {
    return std::tie(a.where.file, a.where.line, a.where.col, a.id) <
           std::tie(b.where.file, b.where.line, b.where.col, b.id);
  });
  return findings;
}

}  // namespace mfsim::lint
