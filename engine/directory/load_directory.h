// Reading `--directory` files into a directory (docs/directory.md).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/directory/directory.h"
#include "engine/directory/directory_index.h"

namespace mfsim::directory {

// Reads every `--directory` value, in order, into one directory and indexes it. A value is
// FILE (.yaml/.yml: the mfsim_directory format; otherwise what ConvertTo-Json, Export-Clixml
// or Export-Csv wrote from Get-Recipient or Get-User) or GROUP=FILE (such an export of
// Get-DistributionGroupMember GROUP: every object or row is a member of GROUP). Records of the same
// object in several files are merged. Throws load_error with file:line:col for every problem found
// (all files are read first).
[[nodiscard]] std::shared_ptr<const directory_index> load_directory(
    const std::vector<std::string>& specs);

// A `--directory` value split: GROUP=FILE, unless the whole value names an existing file (a file
// name may hold '='); `group` is empty for FILE.
struct directory_spec {
  std::string group;
  std::string path;
};
[[nodiscard]] directory_spec split_directory_spec(const std::string& spec);

namespace detail {
class directory_builder;
// The readers behind load_directory; each appends its problems to `out`.
void load_directory_yaml(std::string_view text, const std::string& file, directory_builder& builder,
                         std::vector<diagnostic>& out);
void load_directory_csv(std::string_view text, const std::string& file,
                        const std::string& group_name, directory_builder& builder,
                        std::vector<diagnostic>& out);
// ConvertTo-Json and Export-Clixml exports (load_directory_export.cc).
void load_directory_export(std::string_view text, const std::string& file,
                           const std::string& group_name, directory_builder& builder,
                           std::vector<diagnostic>& out);
}  // namespace detail

}  // namespace mfsim::directory
