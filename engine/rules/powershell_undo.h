// Internal to the PowerShell importer: undoing what reading an operand -and or -or does not
// evaluate changed (decisions 1167, 1220): the scope that journals the parser's changes and
// undoes them when it ends, and the journal entries for the state the journaled containers of
// powershell_parser_state.h do not hold (powershell_undo.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "engine/rules/powershell_parser_state.h"

namespace mfsim::rules::ps {

// While it lives, the parser's changes are journaled (undo_); when it ends they are undone, and
// the flags and lists the parser keeps outside the journal (warnings given, statements read,
// errors, output captured) are as they were. Scopes nest: each undoes its own.
class undone_reading {
 public:
  explicit undone_reading(parser_state& p);
  ~undone_reading();
  undone_reading(const undone_reading&) = delete;
  undone_reading& operator=(const undone_reading&) = delete;
  // The errors recorded meanwhile stay: a parse error in the operand is the script's error.
  void keep_errors() noexcept { keep_errors_ = true; }

 private:
  parser_state& p_;
  bool warned_unordered_;
  bool warned_add_output_;
  std::size_t statements_, dsc_rules_, warnings_, unknowns_, errors_, decided_,
      decided_environment_, variable_changes_, file_writes_, unknowns_ignored_, construct_start_;
  std::string jump_label_;
  std::size_t captured_ = 0;  // what the innermost capture held
  bool keep_errors_ = false;
};

// Whether `value` holds the hash table `table_id`, anywhere a change to it reaches (share_table).
[[nodiscard]] bool reaches_table(const ps_value& value, std::uint64_t table_id);
[[nodiscard]] bool reaches_table(const param_value& value, std::uint64_t table_id);

// Before frames_[frame]'s put-aside value or type of `name` changes: journals what gives it back.
void keep_frame_entry(parser_state& p, std::size_t frame, const std::string& name);
// Before a change to the hash table `table_id` reaches them: journals what gives back the values
// calls put aside, loops and pipelines hold and captures collected that hold it.
// Each holder is journaled once per operand, and each copy journaled is charged to `charge`
// first (the budget of table changes), so that a hostile script's copies stay bounded.
void keep_what_table_reaches(parser_state& p, std::uint64_t table_id,
                             const std::function<void(std::size_t)>& charge);

}  // namespace mfsim::rules::ps
