// Compiling the directory's conditions: group members, attribute matches and managed users
// become per-entry flags once, so evaluate() only looks an address up.
#include <fmt/format.h>

#include <algorithm>
#include <boost/regex/pattern_except.hpp>
#include <map>
#include <utility>

#include "engine/case_fold.h"
#include "engine/compile/compiler.h"
#include "engine/compile/exchange_pattern.h"
#include "engine/eval/plan_internal.h"
#include "engine/eval/word_matcher.h"
#include "engine/rules/rule_values.h"

namespace mfsim::compile_detail {
namespace {

using kind = rules::condition_kind;

bool looks_like_address(std::string_view text) {
  const auto at = text.rfind('@');
  return at != std::string_view::npos && at > 0 && at + 1 < text.size();
}

// The one entry an identity names; otherwise a problem at `where`, naming `parameter`.
std::optional<std::uint32_t> resolve_one(const directory::directory_index& dir,
                                         const source_span& where, std::string_view parameter,
                                         std::string_view identity, std::string_view noun,
                                         std::vector<diagnostic>& problems) {
  const auto ids = dir.resolve(identity);
  if (ids.size() == 1) return ids.front();
  problems.push_back(
      {diag_code::bad_reference, where,
       ids.empty()
           ? fmt::format("{} '{}': the directory holds no {} of that name or address", parameter,
                         identity, noun)
           : fmt::format("{} '{}' is ambiguous: the directory holds {} recipients of that name; "
                         "give an email address",
                         parameter, identity, ids.size())});
  return std::nullopt;
}

std::optional<std::uint32_t> resolve_one(const directory::directory_index& dir,
                                         const rules::condition& c, std::string_view identity,
                                         std::string_view noun, std::vector<diagnostic>& problems) {
  return resolve_one(dir, c.where, rules::parameter_name(c.kind), identity, noun, problems);
}

std::vector<std::uint8_t> member_flags(const directory::directory_index& dir,
                                       const rules::condition& c,
                                       const std::vector<std::string>& groups, bool with_group,
                                       std::vector<diagnostic>& problems) {
  return group_member_flags(dir, c.where, rules::parameter_name(c.kind), groups, with_group,
                            problems);
}

// "Attribute:value1,value2" of the AD attribute conditions.
struct attribute_values {
  directory::ad_attribute attribute;
  std::vector<std::string> values;
};

std::vector<attribute_values> split_attribute_values(const rules::condition& c,
                                                     std::vector<diagnostic>& problems) {
  std::vector<attribute_values> out;
  for (const auto& text : c.values) {
    rules::named_words split = rules::split_named_words(text);
    const std::string_view name = split.name;
    const auto attribute = directory::rule_attribute(name);
    if (!attribute) {
      problems.push_back({diag_code::bad_value, c.where,
                          fmt::format("{} '{}': '{}' is not an attribute these conditions read "
                                      "({})",
                                      rules::parameter_name(c.kind), text, name,
                                      directory::attribute_names_list())});
      continue;
    }
    out.push_back({*attribute, std::move(split.words)});
  }
  return out;
}

// Users (groups left out: the reference says these conditions do not work with groups) whose
// attribute holds one of the words, or matches one of the patterns.
std::vector<std::uint8_t> attribute_flags(const directory::directory_index& dir,
                                          const rules::condition& c, bool patterns,
                                          std::vector<diagnostic>& problems) {
  std::vector<std::uint8_t> flags(dir.size(), 0);
  for (const auto& item : split_attribute_values(c, problems)) {
    eval::word_matcher words;
    std::vector<rules::ps::character_regex> regexes;
    if (patterns) {
      for (const auto& p : item.values) {
        try {
          regexes.push_back(compile_exchange_pattern(p));
        } catch (const boost::regex_error& e) {
          problems.push_back(
              {diag_code::bad_value, c.where,
               fmt::format("{} pattern '{}' does not compile at offset {}: {}",
                           rules::parameter_name(c.kind), p, e.position(), e.what())});
        }
      }
    } else {
      words = eval::word_matcher(item.values);
    }
    for (std::uint32_t id = 0; id < dir.size(); ++id) {
      if (dir.at(id).group) continue;
      const std::string_view value = dir.attribute(id, item.attribute);
      if (value.empty()) continue;
      if (!patterns) {
        flags[id] = flags[id] | static_cast<std::uint8_t>(words.matches(case_folded_copy(value)));
        continue;
      }
      rules::ps::regex_match found;
      for (const auto& r : regexes) {
        try {
          if (r.search(value, found)) flags[id] = 1;
        } catch (const std::runtime_error&) {
          // Boost.Regex's complexity limit on a directory value: not a match.
        }
      }
    }
  }
  return flags;
}

}  // namespace

std::vector<std::uint8_t> group_member_flags(const directory::directory_index& dir,
                                             const source_span& where, std::string_view parameter,
                                             const std::vector<std::string>& groups,
                                             bool with_group, std::vector<diagnostic>& problems) {
  std::vector<std::uint8_t> flags(dir.size(), 0);
  for (const auto& g : groups) {
    const auto id = resolve_one(dir, where, parameter, g, "group", problems);
    if (!id) continue;
    if (with_group) flags[*id] = 1;
    for (const std::uint32_t m : dir.members_of(*id)) flags[m] = 1;
  }
  return flags;
}

policy::scoped_policy compile_scoped_policy(const directory::directory_index* dir,
                                            const rules::antispam_policy& policy,
                                            std::vector<diagnostic>& problems) {
  policy::scoped_policy out;
  out.policy = &policy;
  if (dir == nullptr) return out;
  if (!policy.sent_to_member_of.empty()) {
    out.in_groups = group_member_flags(*dir, policy.where, "SentToMemberOf",
                                       policy.sent_to_member_of, true, problems);
  }
  if (!policy.except_sent_to_member_of.empty()) {
    out.in_except_groups = group_member_flags(*dir, policy.where, "ExceptIfSentToMemberOf",
                                              policy.except_sent_to_member_of, true, problems);
  }
  return out;
}

bool directory_reads_recipients(rules::condition_kind k) noexcept {
  return k == kind::sent_to_member_of || k == kind::between_member_of ||
         k == kind::recipient_ad_attribute_contains_words ||
         k == kind::recipient_ad_attribute_matches_patterns || k == kind::ad_comparison ||
         k == kind::manager_for_evaluated_user || k == kind::sender_management_relationship;
}

void compile_directory_condition(const directory::directory_index* dir, const rules::condition& c,
                                 compiled_condition& out, std::vector<diagnostic>& problems) {
  out.not_equal = c.qualifier == "NotEqual";
  out.for_recipient = c.qualifier == "Recipient";
  out.sender_is_manager = c.qualifier == "Manager";
  if (c.kind == kind::ad_comparison && !c.values.empty() &&
      !directory::rule_attribute(c.values.front())) {
    problems.push_back({diag_code::bad_value, c.where,
                        fmt::format("ADComparisonAttribute '{}' is not an attribute it compares "
                                    "({})",
                                    c.values.front(), directory::attribute_names_list())});
    return;
  }
  if (c.kind == kind::sender_ad_attribute_contains_words ||
      c.kind == kind::sender_ad_attribute_matches_patterns ||
      c.kind == kind::recipient_ad_attribute_contains_words ||
      c.kind == kind::recipient_ad_attribute_matches_patterns) {
    if (dir == nullptr) split_attribute_values(c, problems);  // names checked all the same
  }
  if (dir == nullptr) return;
  switch (c.kind) {
    case kind::from_member_of:
    case kind::any_of_to_header_member_of:
    case kind::any_of_cc_header_member_of:
    case kind::any_of_to_cc_header_member_of:
      out.entry_in_set = member_flags(*dir, c, c.values, false, problems);
      break;
    case kind::sent_to_member_of:
      out.entry_in_set = member_flags(*dir, c, c.values, true, problems);
      break;
    case kind::between_member_of:
      out.entry_in_set = member_flags(*dir, c, c.values, true, problems);
      out.entry_in_set2 = member_flags(*dir, c, c.values2, true, problems);
      break;
    case kind::sender_ad_attribute_contains_words:
    case kind::recipient_ad_attribute_contains_words:
      out.entry_in_set = attribute_flags(*dir, c, false, problems);
      break;
    case kind::sender_ad_attribute_matches_patterns:
    case kind::recipient_ad_attribute_matches_patterns:
      out.entry_in_set = attribute_flags(*dir, c, true, problems);
      break;
    case kind::ad_comparison: {
      const auto attribute = *directory::rule_attribute(c.values.front());
      std::map<std::string, std::uint32_t> interned;
      out.entry_value.assign(dir->size(), 0);
      for (std::uint32_t id = 0; id < dir->size(); ++id) {
        const std::string_view value = dir->attribute(id, attribute);
        if (value.empty()) continue;
        const auto next = static_cast<std::uint32_t>(interned.size() + 1);
        out.entry_value[id] = interned.emplace(case_folded_copy(value), next).first->second;
      }
      break;
    }
    case kind::manager_for_evaluated_user: {
      std::vector<std::uint8_t> managers(dir->size(), 0);
      for (const auto& m : c.values) {
        if (const auto id = resolve_one(*dir, c, m, "user", problems)) managers[*id] = 1;
      }
      out.entry_in_set.assign(dir->size(), 0);
      for (std::uint32_t id = 0; id < dir->size(); ++id) {
        const auto manager = dir->manager_of(id);
        if (manager && managers[*manager] != 0) out.entry_in_set[id] = 1;
      }
      break;
    }
    default: break;  // SenderManagementRelationship reads the managers at run time
  }
}

void resolve_address_values(const directory::directory_index* dir, const rules::condition& c,
                            std::vector<std::string>& addresses,
                            std::vector<diagnostic>& problems) {
  for (const auto& value : c.values) {
    const std::vector<std::uint32_t> ids =
        dir == nullptr ? std::vector<std::uint32_t>() : dir->resolve(value);
    if (ids.empty() || ids.size() > 1) {
      // An address outside the directory stays as given; without a directory a name matches
      // nothing (the run says so once); with one, a name it does not hold is a mistake.
      if (dir != nullptr && (!looks_like_address(value) || ids.size() > 1)) {
        resolve_one(*dir, c, value, "recipient", problems);
        continue;
      }
      addresses.push_back(case_folded_copy(value));
      continue;
    }
    std::vector<std::uint32_t> entries = {ids.front()};
    if (c.kind == kind::sent_to) {
      const auto members = dir->members_of(ids.front());
      entries.insert(entries.end(), members.begin(), members.end());
    }
    for (const std::uint32_t id : entries) {
      for (const auto& a : dir->at(id).addresses) addresses.push_back(case_folded_copy(a));
    }
  }
  std::sort(addresses.begin(), addresses.end());
  addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
}

}  // namespace mfsim::compile_detail
