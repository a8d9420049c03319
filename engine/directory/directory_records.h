// What the directory readers share: filling an entry from a named field (a CSV column or a
// YAML key, spelled as the cmdlets print them), and merging the records of several files
// (Get-Recipient and Get-User of the same person) into one directory.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/directory/directory.h"

namespace mfsim::directory::detail {

enum class field_result { used, ignored, bad };

// Sets the field `column` of `e` from `value` (one text; EmailAddresses and Members may hold
// several, separated by spaces, ';' or ','). Unknown columns are `ignored` (an export has
// dozens mfsim does not read); a bad value is reported to `out` at `where`.
field_result set_field(entry& e, std::string_view column, std::string_view value,
                       const source_span& where, std::vector<diagnostic>& out);

// Adds one proxy address ("SMTP:a@b", "smtp:a@b" or a plain address); other address types
// (SIP:, X500:, SPO:) are skipped. Returns false for something that is not an address.
bool add_proxy_address(entry& e, std::string_view proxy);

// Whether `key` is a field set_field reads (for YAML's unknown-key check).
[[nodiscard]] const std::vector<std::string_view>& known_fields();

class directory_builder;

// The group a GROUP=FILE value names (kNoIndex for FILE alone), by name or address.
std::size_t add_named_group(const std::string& group_name, const std::string& file,
                            directory_builder& builder, std::vector<diagnostic>& out);

// Adds the record `e` of an export (a CSV row, a JSON or CLIXML object); with `group` (a
// GROUP=FILE export of Get-DistributionGroupMember) it is also a member of that group.
void add_exported_entry(entry e, std::size_t group, directory_builder& builder,
                        std::vector<diagnostic>& out);

// Collects entries from every file, merging the records that name the same object: the same
// Guid, DistinguishedName, Identity, Name or primary address. Earlier values win; address,
// member and identity lists are joined.
class directory_builder {
 public:
  // Adds a record; its primary address is completed from EmailAddresses when missing.
  // Returns the index of the entry it became or joined, or kNoIndex past kMaxEntries.
  static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);
  std::size_t add(entry e, std::vector<diagnostic>& out);
  [[nodiscard]] entry& at(std::size_t index) { return dir_.entries[index]; }
  [[nodiscard]] directory take() { return std::move(dir_); }

 private:
  directory dir_;
  // "kind:lower-cased value" -> entry. Hashed: a tree's walk per row took most of the time of
  // a large export (500,000 rows).
  std::unordered_map<std::string, std::size_t> keys_;
  bool full_ = false;  // kMaxEntries reached (said once)
};

}  // namespace mfsim::directory::detail
