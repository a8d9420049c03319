// Turns a rule_set into an immutable plan (see engine.h for compile()).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/net/ip_range_set.h"
#include "engine/policy/antispam_policy.h"
#include "engine/rules/rule_set.h"
#include "engine/status.h"

namespace mfsim::compile_detail {

// Resolves SenderIpRanges values ("$list" references and literal entries) into a set;
// problems are appended to `problems` with the condition's position.
net::ip_range_set resolve_ranges(const rules::rule_set& set, const std::vector<std::string>& values,
                                 const source_span& where, std::vector<diagnostic>& problems);

}  // namespace mfsim::compile_detail

namespace mfsim {
struct compiled_condition;
namespace directory {
class directory_index;
}
}  // namespace mfsim

namespace mfsim::compile_detail {

// Whether it reads the message's recipients (SentToMemberOf, RecipientADAttribute*, ...).
[[nodiscard]] bool directory_reads_recipients(rules::condition_kind kind) noexcept;

// Fills a directory condition's sets from `dir` (nullptr: none; the sets stay empty and the
// condition false). Problems (a group or user the directory does not hold, an unknown
// attribute, a pattern that does not compile) go to `problems` at the condition's position.
void compile_directory_condition(const directory::directory_index* dir, const rules::condition& c,
                                 compiled_condition& out, std::vector<diagnostic>& problems);

// From and SentTo: the addresses their values name. An address stays as given; a name or an
// address the directory knows adds every address of that recipient, and for SentTo a group
// adds its members' addresses (Exchange expands groups before the rules see recipients).
void resolve_address_values(const directory::directory_index* dir, const rules::condition& c,
                            std::vector<std::string>& addresses, std::vector<diagnostic>& problems);

// Flags, by directory entry, every member of the groups (nested groups expanded); with
// `with_group`, each group too. A group the directory does not hold, or holds twice, is a
// problem at `where`, naming `parameter`.
[[nodiscard]] std::vector<std::uint8_t> group_member_flags(
    const directory::directory_index& dir, const source_span& where, std::string_view parameter,
    const std::vector<std::string>& groups, bool with_group, std::vector<diagnostic>& problems);

// A policy other than Default with its HostedContentFilterRule's groups expanded (`dir`
// nullptr: none; the group conditions and exceptions then never hold).
[[nodiscard]] policy::scoped_policy compile_scoped_policy(const directory::directory_index* dir,
                                                          const rules::antispam_policy& policy,
                                                          std::vector<diagnostic>& problems);

}  // namespace mfsim::compile_detail
