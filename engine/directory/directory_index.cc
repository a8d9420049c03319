// The directory's lookups: sorted address and identity tables, managers and group members
// resolved once when the index is built.
#include "engine/directory/directory_index.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "engine/ascii.h"
#include "engine/case_fold.h"

namespace mfsim::directory {
namespace {

constexpr std::uint32_t kNoEntry = std::numeric_limits<std::uint32_t>::max();

template <typename Value>
auto lower_bound_of(const std::vector<std::pair<std::string, Value>>& table, std::string_view key) {
  return std::lower_bound(table.begin(), table.end(), key,
                          [](const auto& item, std::string_view k) { return item.first < k; });
}

}  // namespace

directory_index::directory_index(directory d) : dir_(std::move(d)) {
  std::vector<diagnostic> problems;
  const auto count = static_cast<std::uint32_t>(dir_.entries.size());
  for (std::uint32_t id = 0; id < count; ++id) {
    const entry& e = dir_.entries[id];
    for (const auto& a : e.addresses) {
      const std::string lower = case_folded_copy(a);
      addresses_.push_back({lower, {id, ascii_iequals(a, e.primary_address)}});
      identities_.push_back({lower, id});
    }
    for (const std::string* text : {&e.name, &e.alias, &e.display_name}) {
      if (!text->empty()) identities_.push_back({case_folded_copy(*text), id});
    }
    for (const auto& other : e.other_identities)
      identities_.push_back({case_folded_copy(other), id});
  }
  std::sort(addresses_.begin(), addresses_.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.entry < b.second.entry;
  });
  // At most kMaxDirectoryProblems, as each file is read for (decision 633): a million
  // references to no one kept 400 MB of diagnostics.
  const auto over_budget = [&](const source_span& where) {
    if (problems.size() <= kMaxDirectoryProblems) return false;
    problems.back() = {diag_code::bad_reference, where,
                       fmt::format("more than {} problems (the limit kMaxDirectoryProblems): "
                                   "the directory's other addresses and references are not "
                                   "checked",
                                   kMaxDirectoryProblems)};
    return true;
  };
  for (std::size_t k = 1; k < addresses_.size(); ++k) {
    const auto& [address, hit] = addresses_[k];
    if (address != addresses_[k - 1].first) continue;
    const entry& first = dir_.entries[addresses_[k - 1].second.entry];
    problems.push_back({diag_code::duplicate, dir_.entries[hit.entry].where,
                        fmt::format("address '{}' belongs to two recipients (the other is at "
                                    "line {})",
                                    address, first.where.line)});
    if (over_budget(dir_.entries[hit.entry].where)) throw load_error(std::move(problems));
  }
  std::sort(identities_.begin(), identities_.end());
  identities_.erase(std::unique(identities_.begin(), identities_.end()), identities_.end());

  manager_.assign(count, kNoEntry);
  direct_members_.resize(count);
  for (std::uint32_t id = 0; id < count; ++id) {
    const entry& e = dir_.entries[id];
    if (!e.manager.empty()) {
      if (auto m = resolve_reference(e.manager, e.where, "manager", problems)) manager_[id] = *m;
      if (over_budget(e.where)) throw load_error(std::move(problems));
    }
    for (std::size_t k = 0; k < e.members.size(); ++k) {
      const source_span& where = k < e.member_where.size() ? e.member_where[k] : e.where;
      if (auto m = resolve_reference(e.members[k], where, "member", problems)) {
        direct_members_[id].push_back(*m);
      }
      if (over_budget(where)) throw load_error(std::move(problems));
    }
  }
  if (!problems.empty()) throw load_error(std::move(problems));
}

std::optional<std::uint32_t> directory_index::resolve_reference(
    std::string_view identity, const source_span& where, std::string_view role,
    std::vector<diagnostic>& out) const {
  const auto ids = resolve(identity);
  if (ids.size() == 1) return ids.front();
  out.push_back({diag_code::bad_reference, where,
                 ids.empty() ? fmt::format("{} '{}' names no recipient or group of the directory",
                                           role, identity)
                             : fmt::format("{} '{}' is ambiguous: it names {} recipients; give "
                                           "an email address",
                                           role, identity, ids.size())});
  return std::nullopt;
}

std::optional<directory_index::address_hit> directory_index::find_address(
    std::string_view lower_address) const noexcept {
  const auto it = lower_bound_of(addresses_, lower_address);
  if (it == addresses_.end() || it->first != lower_address) return std::nullopt;
  return it->second;
}

std::optional<std::uint32_t> directory_index::manager_of(std::uint32_t id) const noexcept {
  if (id >= manager_.size() || manager_[id] == kNoEntry) return std::nullopt;
  return manager_[id];
}

std::optional<std::string_view> directory_index::manager_address(
    std::string_view lower_address) const noexcept {
  const auto hit = find_address(lower_address);
  if (!hit) return std::nullopt;
  const auto manager = manager_of(hit->entry);
  if (!manager || dir_.entries[*manager].primary_address.empty()) return std::nullopt;
  return std::string_view(dir_.entries[*manager].primary_address);
}

std::vector<std::uint32_t> directory_index::resolve(std::string_view identity) const {
  const std::string key = case_folded_copy(identity);
  std::vector<std::uint32_t> ids;
  for (auto it = lower_bound_of(identities_, key); it != identities_.end() && it->first == key;
       ++it) {
    ids.push_back(it->second);
  }
  return ids;
}

std::vector<std::uint32_t> directory_index::members_of(std::uint32_t group) const {
  std::vector<std::uint32_t> out;
  if (group >= direct_members_.size()) return out;
  std::vector<char> seen(direct_members_.size(), 0);
  seen[group] = 1;
  std::vector<std::uint32_t> pending(direct_members_[group].rbegin(),
                                     direct_members_[group].rend());
  while (!pending.empty()) {
    const std::uint32_t id = pending.back();
    pending.pop_back();
    if (seen[id] != 0) continue;  // a cycle or a member reached twice
    seen[id] = 1;
    out.push_back(id);
    for (auto m = direct_members_[id].rbegin(); m != direct_members_[id].rend(); ++m) {
      if (seen[*m] == 0) pending.push_back(*m);
    }
  }
  return out;
}

std::string_view directory_index::attribute(std::uint32_t id, ad_attribute a) const noexcept {
  const entry& e = dir_.entries[id];
  switch (a) {
    case ad_attribute::display_name: return e.display_name;
    case ad_attribute::manager: return e.manager;
    case ad_attribute::email: {
      const std::string& given = e.attributes.get(a);
      return given.empty() ? std::string_view(e.primary_address) : std::string_view(given);
    }
    default: return e.attributes.get(a);
  }
}

}  // namespace mfsim::directory
