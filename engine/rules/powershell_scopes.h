// Internal to the PowerShell importer: what holds for as long as a construct is read: the
// innermost target of break and continue, a level of nesting, what a loop holds for changes to
// reach, a capture of output, and $_ with $PSItem while a switch or pipeline block runs.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {

// Makes `target` the innermost thing break and continue act on for as long as it lives.
class jump_scope {
 public:
  jump_scope(parser& p, jump_target target) : p_(p) {
    p_.jump_targets_.push_back(std::move(target));
  }
  ~jump_scope() { p_.jump_targets_.pop_back(); }
  jump_scope(const jump_scope&) = delete;
  jump_scope& operator=(const jump_scope&) = delete;

 private:
  parser& p_;
};

// Counts one level of nesting for as long as it lives; fails past kMaxNesting. Inside it a
// comma makes an array, unless `commas_separate` (a method's argument list, where it separates
// the arguments): ( ), @( ), { } and [ ] inside an argument make arrays again.
class nesting_guard {
 public:
  nesting_guard(parser& p, std::size_t offset, std::string_view what, bool commas_separate = false);
  ~nesting_guard() {
    --p_.depth_;
    p_.commas_separate_ = outer_commas_separate_;
  }
  nesting_guard(const nesting_guard&) = delete;
  nesting_guard& operator=(const nesting_guard&) = delete;

 private:
  parser& p_;
  bool outer_commas_separate_;
};

// Puts `entry` on one of the parser's registries (held_items_, tables_walked_, ...) for as long
// as it lives (decision 447): what a loop holds outside variables, which a change to a hash
// table must reach.
template <typename T>
class held {
 public:
  held(std::vector<T>& registry, T entry) : registry_(registry) {
    registry_.push_back(std::move(entry));
  }
  ~held() { registry_.pop_back(); }
  held(const held&) = delete;
  held& operator=(const held&) = delete;

 private:
  std::vector<T>& registry_;
};

// Collects what is output while it lives (powershell_output.cc): a function called where a
// value goes, or a statement assigned.
class output_capture {
 public:
  explicit output_capture(parser& p);
  ~output_capture();
  output_capture(const output_capture&) = delete;
  output_capture& operator=(const output_capture&) = delete;
  std::vector<ps_value> take();  // what was output so far

 private:
  parser& p_;
};

// $_ and $PSItem while a switch or a pipeline's script block runs: given back as they were when
// it ends, unset if they were (powershell_known_pipelines.cc).
class current_item_scope {
 public:
  explicit current_item_scope(parser& p);
  ~current_item_scope();
  current_item_scope(const current_item_scope&) = delete;
  current_item_scope& operator=(const current_item_scope&) = delete;

 private:
  parser& p_;
  std::optional<ps_value> saved_[2];  // $_, $PSItem
};

// `$script:name` while it lives (powershell_functions.cc): where a call has made its own
// variable of that name, the script's one, the value and type the outermost call put aside, is
// the one read and assigned (about_Scopes; decision 1101), and the function's own comes back
// when it ends. Outside a call, or where no call made its own, it changes nothing.
class script_variable_scope {
 public:
  script_variable_scope(parser& p, std::string name);
  ~script_variable_scope();
  script_variable_scope(const script_variable_scope&) = delete;
  script_variable_scope& operator=(const script_variable_scope&) = delete;

 private:
  parser& p_;
  std::string name_;
  std::optional<std::size_t> outermost_;  // frames_' call that put the script's variable aside
  std::optional<ps_value> own_;           // the function's own value and type, put aside
  std::optional<std::string> own_type_;
};

}  // namespace mfsim::rules::ps
