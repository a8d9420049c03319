// MF003 to MF005: SenderIpRanges against Exchange's limits and Area 1's current egress list.
#include <fmt/format.h>

#include <cstdint>

#include "engine/lint/linter.h"
#include "engine/net/ip_range_set.h"
#include "engine/rules/presets.h"
#include "engine/rules/validate.h"

namespace mfsim::lint::detail {
namespace {

// The reference entries not wholly inside `have`. Every reference entry is IPv4 and at most a
// /24, so checking each address is cheap.
std::vector<std::string> missing_entries(const std::vector<std::string>& reference,
                                         const std::vector<std::string>& have) {
  net::ip_range_set set;
  for (const auto& entry : have) {
    std::string error;
    if (auto r = net::parse_ip_range(ascii_trim_blanks(entry), error)) set.add(std::move(*r));
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
    const auto list = rules::preset_ip_list(kReferenceList);
    return list ? list->entries : std::vector<std::string>();
  }();
  return entries;
}

}  // namespace

// MF003, MF004: IPv6 and prefixes wider than /24 in (ExceptIf)SenderIpRanges. Microsoft documents
// those limits for the connection filter's IP Allow List, not for mail flow rules; Cloudflare's
// Microsoft 365 setup puts the same egress list there, and says Microsoft 365 takes neither.
void linter::ranges_exchange_rejects() {
  for (const auto& rule : set_.transport_rules) {
    for (const auto* list : {&rule.conditions, &rule.exceptions}) {
      const char* parameter =
          list == &rule.exceptions ? "ExceptIfSenderIpRanges" : "SenderIpRanges";
      for (const auto& c : *list) {
        if (c.kind != condition_kind::sender_ip_ranges) continue;
        std::vector<std::string> v6;
        std::vector<std::string> wide;
        std::vector<std::string> split;
        for (const auto& entry : expand_ip_lists(c.values, set_)) {
          std::string error;
          const auto range = net::parse_ip_range(ascii_trim_blanks(entry), error);
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
              fmt::format("{} of transport rule {} holds IPv6 entries: {}; the same "
                          "list cannot go into the connection filter's IP Allow List, which "
                          "Microsoft documents as IPv4 only, and Cloudflare's Microsoft 365 form "
                          "of its egress list has no IPv6",
                          parameter, quoted(rule), join_strings(v6)),
              "keep one list for both places: use the area1-office365 list (Cloudflare's "
              "egress mail reaches Microsoft 365 over IPv4)");
        }
        if (!wide.empty()) {
          add("MF004", severity::warning, c.where,
              fmt::format("{} of transport rule {} holds prefixes wider than /24: "
                          "{}; the connection filter's IP Allow List takes /24 to /32 only, and "
                          "Cloudflare's Microsoft 365 form of its egress list is split into /24 "
                          "blocks",
                          parameter, quoted(rule), join_strings(wide)),
              fmt::format("to keep one list for both places, split them into /24 blocks: {}",
                          join_strings(split)));
        }
      }
    }
  }
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
      const auto missing = missing_entries(reference, expand_ip_lists(c.values, set_));
      if (missing.empty()) continue;
      add("MF005", severity::warning, c.where,
          fmt::format("SenderIpRanges of transport rule {} lacks current Area 1 egress ranges: "
                      "{}; Area 1 mail from there does not trigger the rule",
                      quoted(rule), join_strings(missing)),
          fmt::format("add {} ({})", join_strings(missing, 40), fix_tail));
    }
  }
}

}  // namespace mfsim::lint::detail
