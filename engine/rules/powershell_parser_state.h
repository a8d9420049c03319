// Internal to the PowerShell importer: what the parser holds while it reads a script (the text
// and where it is, variables, functions, budgets spent, warnings given), as the base of the
// parser's class (powershell_parser.h), whose files read and change it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/rules/powershell_parser_parts.h"
#include "engine/rules/powershell_undo_log.h"

namespace mfsim::rules::ps {

struct parser_state {
  parser_state(std::string_view text, const position_map& where, const script_context& context,
               std::vector<diagnostic>& errors, std::vector<diagnostic>& warnings)
      : s_(text), where_(where), context_(context), out_(errors), warnings_(warnings) {}

  std::string_view s_;
  const position_map& where_;
  const script_context& context_;
  std::vector<diagnostic>& out_;
  std::vector<diagnostic>& warnings_;
  std::size_t i_ = 0;
  // While an operand -and or -or does not evaluate is read (powershell_undo.cc): what undoes
  // its changes, and for the innermost one how many of each thing below that a change to a hash
  // table reaches there were when it began (those made later end before it is undone). The
  // journaled containers below record their changes in undo_, which is declared first.
  undo_log undo_;
  struct undo_reach {
    std::size_t held_values = 0, held_items = 0, held_lists = 0, frames = 0, captures = 0;
    std::size_t last_capture = 0;  // the values the innermost capture held
    // What this operand's journal already gives back, once each: a table changed many times
    // while many items hold it would copy every holder at every change (decision 1258).
    std::set<std::tuple<int, std::size_t, std::size_t>> kept_holders;
    std::set<std::pair<std::size_t, std::string>> kept_frame_entries;
  };
  std::vector<undo_reach> undo_reach_;
  bool warned_unordered_ = false;      // once per script: a hash table's keys were walked
  bool warned_add_output_ = false;     // once per script: an Add's result became output
  std::uint64_t tables_made_ = 0;      // identities given to hash tables so far
  std::size_t shared_table_work_ = 0;  // values looked through by share_table so far
  std::size_t postfix_stop_ = std::string_view::npos;  // member_assignment: the last accessor
  // Where the command argument being read starts: `Cmd $i++` there is no step in PowerShell's
  // argument mode, so postfix_increment leaves it alone.
  std::size_t argument_start_ = std::string_view::npos;
  // Where command arguments written as bare words that read as number literals (0.0, 1e3) are,
  // by line and column: PowerShell's argument mode makes them numbers, mfsim keeps texts.
  std::set<std::pair<int, int>> bare_numbers_;
  // `$b = $a` with a hash table in $a, by b lower-cased: for the warning when a change through
  // $b shows in $a; and the tables whose sharing was warned about.
  struct table_alias {
    std::string name;    // b, as written
    std::string source;  // a, as written
    int line = 0;
  };
  journaled_map<std::string, table_alias> table_aliases_{undo_};
  journaled_set<std::uint64_t> warned_shared_{undo_};
  // What loops, switches and pipelines hold outside variables while their blocks run (their
  // items, a $_ put aside): a change to a hash table reaches these too (share_table).
  std::vector<ps_value*> held_values_;
  std::vector<std::vector<ps_value>*> held_items_;
  std::vector<param_value*> held_lists_;
  // The tables whose .Keys, .Values or .GetEnumerator() a foreach, switch or pipeline walks now:
  // changing one meanwhile is PowerShell's error.
  struct table_walk {
    std::uint64_t table_id = 0;
    const char* what = "";  // "foreach", for the message
    int line = 0;
  };
  std::vector<table_walk> tables_walked_;
  // Variables a typed assignment or a parameter typed (`[int]$n = ...`, `[List[string]]$l =
  // ...`), lower-cased, and the type as written: what they are assigned later is converted to
  // it (decision 979), the array a list's `+=` makes too (decision 483).
  journaled_map<std::string, std::string> typed_variables_{undo_};
  journaled_map<std::string, ps_value> variables_{undo_};  // lower-cased name -> value
  journaled_set<std::string> defines_read_{undo_};  // lower-cased names of defines the script read
  journaled_set<std::string> defines_overriding_{undo_};  // defines that replaced an assignment
  journaled_set<std::string> created_{undo_};         // "noun|name", lower-cased: what New-X made
  journaled_set<std::string> configurations_{undo_};  // lower-cased Configuration names
  journaled_set<std::string> broken_{undo_};  // variables whose assignment failed: not errors again
  std::map<std::string, std::string> unassigned_hints_;  // unassigned_hint's answers, by name
  std::vector<ps_statement> statements_;
  std::vector<unknown_use> unknowns_;  // since the current command's argument began
  // Values only the running script knows that went to commands which may take anything (a
  // Write-Host, a Sort-Object stage), so far: a stage given one is not run.
  std::size_t unknowns_ignored_ = 0;
  int depth_ = 0;                        // ( ), @( ), @{ }, { } and $( ) open here
  bool commas_separate_ = false;         // in a method's arguments: a ',' ends the expression
  std::size_t value_bytes_ = 0;          // charged so far
  std::size_t reread_bytes_ = 0;         // read again by unrolling, so far (kMaxRereadBytes)
  std::size_t unrolled_ = 0;             // statements and passes made by loops and calls
  int script_blocks_ = 0;                // & { } and . { } running: return is theirs
  std::size_t output_redirections_ = 0;  // `> file` and `> $null` read so far: no output follows
  std::size_t pipeline_work_ = 0;        // items passed on and pairs compared by pipelines
  regex_budget regex_reads_;             // characters read by regular expressions so far
  // Microsoft365DSC: transport rules wait to be emitted in Priority order at the end of the
  // Configuration; resource types outside mail flow are warned about once.
  std::vector<std::pair<long long, ps_statement>> dsc_rules_;
  journaled_set<std::string> dsc_skipped_{undo_};
  std::size_t construct_start_ = std::string_view::npos;  // the outermost block statement
  std::vector<std::string> string_unknowns_;              // of the string just read
  // The queries a condition was decided on: of the tenant, and of the machine's set-up.
  std::vector<std::string> decided_;
  std::vector<std::string> decided_environment_;
  std::size_t variable_changes_ = 0;  // .Add() calls that changed a variable, so far
  std::size_t file_writes_ = 0;       // [System.IO.File]::Write...() calls, so far (a statement)
  journaled_map<std::string, ps_function> functions_{undo_};  // lower-cased name -> definition
  // One per function call under way: the caller's values of the variables the call assigned
  // (nullopt: the caller had none), and the parameters the call's arguments bound.
  struct call_frame {
    std::map<std::string, std::optional<ps_value>> saved;
    std::map<std::string, std::optional<std::string>> saved_types;  // typed_variables_'
    std::set<std::string> bound;
    std::string function;      // the function called, as written
    bool dot_sourced = false;  // `. F`: what it assigns is the caller's (decision 1070)
    // The nesting inside the body's braces, where begin / process / end blocks are written,
    // and the last of those read (0 none, 1 begin, 2 process, 3 end; decision 1138).
    int body_depth = -1;
    int named_block = 0;
    // A call as a pipeline's stage (`1, 2 | F`): the items piped in, which its process block
    // runs once for each, and the parameter declared ValueFromPipeline that binds each (lower-
    // cased; empty: none). nullptr: no pipeline input, process runs once.
    const std::vector<ps_value>* piped = nullptr;
    std::string piped_parameter;
    // That parameter's default as its param( ) block gave it, which begin sees: PowerShell
    // runs a default once (nullopt: none read yet).
    std::optional<ps_value> piped_default;
  };
  // The statement start of a `. F` whose F the script defines: call_function runs that call
  // dot-sourced (powershell_other_scripts.cc).
  std::size_t dot_sourced_call_at_ = std::string_view::npos;
  std::vector<call_frame> frames_;
  // One per capture under way (powershell_output.cc): what has been output to it so far.
  std::vector<std::vector<ps_value>> captures_;
  // The values only the running script knows in a function call's arguments, by the call's
  // position and the argument's index, until the call binds them.
  std::map<std::tuple<std::size_t, std::size_t, std::size_t>, std::vector<std::string>>
      call_unknowns_;
  // powershell_loops.cc: what break and continue act on, innermost last; the label of the one
  // under way; a label written before the loop keyword at pending_label_at_; the ')' a for
  // loop's initializer or step ends at (at_statement_end).
  std::vector<jump_target> jump_targets_;
  std::string jump_label_;
  std::string pending_label_;
  std::size_t pending_label_at_ = std::string_view::npos;
  std::size_t clause_end_ = std::string_view::npos;
  // Warnings given so far, by place and text: a loop's passes give each once.
  journaled_set<std::pair<std::size_t, std::string>> warned_{undo_};
};

}  // namespace mfsim::rules::ps
