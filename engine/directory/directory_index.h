// Lookups over a loaded directory: an address to its entry (allocation-free, for evaluate()),
// an identity to the entries it names, group expansion and managers (for compile()).
//
// Immutable once built; any number of threads may read one index.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/directory/directory.h"

namespace mfsim::directory {

class directory_index {
 public:
  // Throws load_error with the position of each problem: a manager or member that names no
  // entry or several (bad_reference), an address that two entries claim (duplicate).
  explicit directory_index(directory d);

  [[nodiscard]] std::size_t size() const noexcept { return dir_.entries.size(); }
  [[nodiscard]] const entry& at(std::uint32_t id) const noexcept { return dir_.entries[id]; }

  struct address_hit {
    std::uint32_t entry = 0;
    bool primary = false;  // the entry's primary SMTP address (not a proxy address)
  };
  // The entry an SMTP address belongs to; `lower_address` must be case-folded.
  // Allocation-free: safe inside evaluate().
  [[nodiscard]] std::optional<address_hit> find_address(
      std::string_view lower_address) const noexcept;
  // The entry's manager, when it has one.
  [[nodiscard]] std::optional<std::uint32_t> manager_of(std::uint32_t id) const noexcept;
  // The primary address of the manager of the recipient at `lower_address` (for
  // AddManagerAsRecipientType and ModerateMessageByManager). Allocation-free.
  [[nodiscard]] std::optional<std::string_view> manager_address(
      std::string_view lower_address) const noexcept;

  // Every entry `identity` names, case-insensitively: an SMTP address (primary or proxy),
  // Name, Alias, DisplayName, or an Identity, DistinguishedName, Guid or UserPrincipalName the
  // files gave. Empty when none; more than one when the identity is ambiguous.
  [[nodiscard]] std::vector<std::uint32_t> resolve(std::string_view identity) const;
  // Every member of a group, nested groups expanded (the nested groups themselves included),
  // each once; the group itself is left out even when a cycle leads back to it. Non-recursive
  // and bounded by the directory's size, so nesting cycles and depth cost nothing extra.
  [[nodiscard]] std::vector<std::uint32_t> members_of(std::uint32_t group) const;
  // The value of an attribute ("" when unset): DisplayName, Email (the primary address unless
  // the files gave one) and Manager (as the files named the manager) come from the entry.
  [[nodiscard]] std::string_view attribute(std::uint32_t id, ad_attribute a) const noexcept;

 private:
  [[nodiscard]] std::optional<std::uint32_t> resolve_reference(std::string_view identity,
                                                               const source_span& where,
                                                               std::string_view role,
                                                               std::vector<diagnostic>& out) const;

  directory dir_;
  std::vector<std::pair<std::string, address_hit>> addresses_;     // lower-cased, sorted
  std::vector<std::pair<std::string, std::uint32_t>> identities_;  // lower-cased, sorted
  std::vector<std::uint32_t> manager_;                             // kNoEntry when none
  std::vector<std::vector<std::uint32_t>> direct_members_;
};

}  // namespace mfsim::directory
