// Internal to the PowerShell importer: the parser's class, shared by the files that implement
// it (the values it holds are powershell_value.h's). powershell_parser.cc reads statements and
// assignments, powershell_commands.cc a command's elements, powershell_expressions.cc operators
// and casts, powershell_members.cc members and indexes, powershell_values.cc plain values and
// hash tables written, powershell_command_values.cc commands written where a value goes,
// powershell_table_keys.cc hash tables' keys, powershell_tables.cc and
// powershell_table_changes.cc hash tables read and changed, powershell_comparisons.cc,
// powershell_string_operators.cc, powershell_arithmetic.cc and powershell_ranges.cc operators,
// powershell_strings.cc strings and here-strings, powershell_blocks.cc foreach and statement
// dispatch, powershell_conditionals.cc if and try, powershell_skipping.cc text passed over and
// constructs not read, powershell_harmless.cc constructs skipped for changing nothing,
// powershell_loops.cc and powershell_switch.cc loops, switch, break and continue,
// powershell_known_pipelines.cc and powershell_pipelines.cc pipelines, powershell_output.cc what
// statements output, powershell_parameters.cc param( ) blocks, powershell_functions.cc functions
// the script defines, powershell_other_scripts.cc other scripts and script blocks,
// powershell_dsc.cc Microsoft365DSC configurations, powershell_budget.cc what values cost.
// powershell_write_output.cc: Write-Output where its output is kept.
// powershell_inline_assignments.cc: ++, -- and ($x = value) inside expressions.
// powershell_typed_lists.cc: what typed lists convert their items to.
// powershell_method_arguments.cc: the argument list of .Method(...) and [type]::Method(...).
// powershell_format_operator.cc: the format operator -f.
// powershell_parser_parts.h: the types and helpers the parser's files share;
// powershell_parser_state.h: what the parser holds while it reads; powershell_undo.h: undoing
// what reading an operand -and or -or does not evaluate changed.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/rules/powershell_parser_parts.h"
#include "engine/rules/powershell_parser_state.h"

namespace mfsim::rules::ps {

class parser : public parser_state {
 public:
  parser(std::string_view text, const position_map& where, const script_context& context,
         std::vector<diagnostic>& errors, std::vector<diagnostic>& warnings);

  std::vector<ps_statement> parse();

  // ---- powershell_parser.cc: characters, statements, plain values; powershell_commands.cc:
  // a command and its elements ----
  [[nodiscard]] bool eof() const noexcept { return i_ >= s_.size(); }
  [[nodiscard]] char peek(std::size_t k = 0) const noexcept {
    return i_ + k < s_.size() ? s_[i_ + k] : '\0';
  }
  [[nodiscard]] std::size_t match(std::span<const std::string_view> set,
                                  std::size_t k = 0) const noexcept;
  [[nodiscard]] source_span at(std::size_t offset) const { return where_(offset); }
  // Records the error (a syntax error unless said otherwise) and throws syntax_failure.
  [[noreturn]] void fail(std::size_t offset, std::string message,
                         diag_code code = diag_code::syntax_error);
  // A syntax error PowerShell's parser finds before the script runs (throws parse_failure).
  [[noreturn]] void fail_parse(std::size_t offset, std::string message);
  void warn(std::size_t offset, std::string message);
  [[nodiscard]] std::string found_at(std::size_t offset) const;
  // "unexpected 'x'", or "unexpected end of the line/file": found_at's words read after
  // "unexpected" ("unexpected the end of the file" was what a missing ')' said).
  [[nodiscard]] std::string unexpected_at(std::size_t offset) const;
  [[nodiscard]] std::string word_at(std::size_t offset) const;  // letters, digits, '-', '.'

  void skip_inline_space();
  void skip_separators();
  // After a binary operator or a comma: the operand may follow on a later line, but a ';' ends
  // the statement (`$x = 1 + ; 'b'` is PowerShell's parse error, not '1b').
  void skip_line_breaks();
  [[nodiscard]] bool at_statement_end() const noexcept {
    return eof() || peek() == '\n' || peek() == ';' || i_ == clause_end_;
  }
  [[nodiscard]] std::size_t dash_length() const noexcept;  // a '-' or a typographic dash at i_
  [[nodiscard]] bool at_parameter() const noexcept;
  [[nodiscard]] bool at_single_quote() const noexcept;
  [[nodiscard]] bool at_double_quote() const noexcept;

  void statement();
  void assignment();
  // `input | Cmdlet ...` as a value only the running script knows; `in_parens`: it ends at ')'.
  ps_value piped_value(ps_value input, std::size_t start, bool in_parens = false);
  [[nodiscard]] std::string to_text_brief(const ps_value& value) const;  // for a message
  ps_command command();
  void command_element(ps_command& cmd);
  bool skip_redirection();  // at 2>$null, > file, ...: read and dropped
  param_value argument();
  param_value argument_item();
  // The inside of @( ... ) or ( ... ). With `whole`, an @( ) that holds only a value the run
  // knows (a Get- query) puts that value there and gives an empty list: how many objects it is
  // only the tenant knows (docs/decisions.md 543).
  param_value expression_list(std::size_t start, bool array,
                              std::optional<ps_value>* whole = nullptr);
  std::string single_quoted();
  param_value bare_word();
  void append_flat(param_value& list, param_value item, std::size_t offset);
  // The unknown uses recorded since `first`, removed from unknowns_ and appended to `parts`: a
  // value built from several (a list, a string) carries them to where it is used.
  void take_unknowns_since(std::size_t first, std::vector<std::string>& parts);
  // Decides what becomes of values the script cannot know, now that the parameter is known.
  void settle_unknowns(ps_command& cmd, std::size_t first_unknown);
  void emit(ps_statement statement);

  // ---- powershell_budget.cc: what values cost (kMaxValueBytes); fail() past it ----
  void charge(const param_value& value, std::size_t offset);
  // Charges a text value of `text_bytes`, before it is built where it could be large.
  void charge_text(std::size_t text_bytes, std::size_t offset);
  void charge_bytes(std::size_t bytes, std::size_t offset);
  // A pass of foreach or a function call read the script from `from` to i_ again.
  void charge_reread(std::size_t from, std::size_t offset);
  // Charges a copy of a hash table or created object (`$h` read again), before it is made.
  void charge_table(const ps_value& value, std::size_t offset);

  // ---- powershell_expressions.cc ----
  ps_value expression();  // operators, comma lists, unary -not and casts
  ps_value logical();     // -and / -or
  // The operand -and or -or does not evaluate, read and its effects undone (powershell_
  // unevaluated.cc).
  void unevaluated_operand();
  // ---- powershell_bitwise.cc: -band, -bor, -bxor, -shl, -shr, -bnot ----
  ps_value bitwise();  // -band / -bor / -bxor
  ps_value bitwise_operation(std::string_view name, ps_value left, ps_value right, std::size_t op);
  ps_value bitwise_not(std::size_t start);  // at -bnot
  ps_value comparison();                    // -eq -lt -like -match -contains -in ... and -join
  ps_value additive();                      // + and -
  ps_value plus(ps_value left, ps_value right, std::size_t op);  // left + right, at `op`
  // ---- powershell_arithmetic.cc: -, *, /, % on whole numbers, * repeating texts and arrays ----
  ps_value multiplicative();  // *, /, %
  ps_value arithmetic(char op, ps_value left, ps_value right, std::size_t offset);
  // x op y (+, -, *, /, %) on two numbers: whole when both are and the result is, else a Double
  // (decision 864); fail() at `offset` past the range, on a Decimal or a division by zero.
  param_value compute(char op, const param_value& x, const param_value& y, std::size_t offset);
  // At one of `operators` used as arithmetic (not `-=`, `--`, `-eq`).
  [[nodiscard]] bool at_arithmetic_operator(std::string_view operators) const noexcept;
  ps_value format();      // -f (powershell_format_operator.cc)
  ps_value range();       // a..b (powershell_ranges.cc)
  ps_value comma_list();  // a, b, c
  ps_value unary();       // -not, !, [cast]
  ps_value postfix();     // primary then .Member, .Method(...), [index] (powershell_members.cc)
  // `value`.1 from `i_` at the '.': a hash table's value of the Int32 key the digits write
  // ($Matches.1), $null for none; fail() for a member number of anything else.
  ps_value numbered_member(ps_value value, std::size_t start);
  // `$list.Name`: the property of each item that has it (powershell_members.cc).
  ps_value member_of_each(const ps_value& list, std::string_view member, std::size_t start);
  // `text.Trim(...)`, `.TrimStart(...)` and `.TrimEnd(...)` (`method` lower-cased), and
  // `text.Split(separator)` (powershell_string_methods.cc).
  std::string trim_call(std::string_view text, std::string_view method,
                        const std::vector<ps_value>& args, std::size_t start);
  ps_value split_call(const std::string& text, const ps_value& separator, std::size_t start);
  ps_value substring_call(const std::string& text, const std::vector<ps_value>& args,
                          std::size_t start);
  ps_value primary();
  // Whether the value at `at` is an operator's operand (after `+`, `,`, `-eq`, ...), where no
  // command starts.
  [[nodiscard]] bool after_operator(std::size_t at) const;
  // The number `literal` (the numeric literal `word`, after a '-' when `negative`) writes, or
  // the error that says why mfsim refuses it.
  std::string literal_number(const numeric_literal& literal, std::string_view word, bool negative,
                             std::size_t start);
  ps_value variable();       // $name, ${name}, $env:NAME
  ps_value subexpression();  // $( ... )
  // ---- powershell_command_values.cc: commands written where a value goes ----
  ps_value command_value();  // the result of a command written where a value goes
  // Whether a command starts at i_ where a value goes: a Verb-Noun word, or the name of a
  // function the script defined.
  [[nodiscard]] bool at_command_word() const;
  // What New-X / Set-X gives: the object, its properties the parameters written.
  [[nodiscard]] ps_value created_value(const ps_command& cmd, std::size_t start) const;
  // What Get-X (and the stages after it) gives: a tenant query.
  [[nodiscard]] ps_value query_value(const ps_statement& st, std::size_t start) const;
  // At the '|' after `$p`, which holds what a Get-X found (one object the script created, or a
  // built-in one such as Default), piped to a cmdlet that changes the organisation: the
  // statement runs as `Get-X 'id' | Set-X ...`, the object binding -Identity (decision 1166);
  // false, i_ unchanged, for anything else.
  bool piped_query_object(const ps_value& input);
  [[nodiscard]] static bool is_changing_command(std::string_view name);  // New-, Set-, ...
  // `{ ... } | Cmdlet ... | ...` from the current place on: the stages appended to `pipeline`,
  // their script blocks passed over (filters over objects only a tenant has).
  void read_stages(std::vector<ps_command>& pipeline);
  ps_value quarantine_permissions_value(const ps_command& cmd, std::size_t start);
  // ---- powershell_values.cc ----
  // `$name.Add(value)` on the list `$name` holds: appends to it (List[T].Add, ArrayList.Add,
  // HashSet[T].Add), counts a change and gives what Add returns; nullopt when `$name` holds no
  // list, an error when it holds an array (fixed-size in PowerShell).
  std::optional<ps_value> add_to_variable(const std::string& name,
                                          const std::vector<ps_value>& args, std::size_t start);

  // ---- powershell_table_changes.cc: hash tables changed, and shared (decision 447) ----
  // `table` with an identity of its own: a hash table the script makes (@{ }, .Clone(), +).
  ps_value identified(ps_value table);
  // A statement `$name.Key = value`, `$name[key] = value`, `$a.B[0].C = value`, ... from i_ (at
  // '$'): sets the entry of the hash table the chain before the last member or index gives;
  // false, i_ unmoved, when the statement is not one.
  bool member_assignment(std::size_t start);
  // `.Add(key, value)` and `.Remove(key)` on `table` (`written` before the '.', for messages):
  // the table changed, shared; nullopt when `method` is neither.
  std::optional<ps_value> change_by_method(const ps_value& table, std::string_view written,
                                           std::string_view method,
                                           const std::vector<ps_value>& args, std::size_t start);
  // `left + right`, two hash tables: a new table with both's keys (one in both is an error).
  ps_value table_sum(const ps_value& left, const ps_value& right, std::size_t offset);
  // An error when `value`, set into the table `table_id` (`written`), holds that table.
  void refuse_cycle(std::uint64_t table_id, const ps_value& value, std::string_view written,
                    std::size_t start);
  // The table `table_id` has changed: `change` (its key and new value) is made, or with
  // `removed` its key removed, in every variable, caller's saved value, array, table and held
  // item list holding that table; an error while a loop walks its keys. `changed_through`
  // (lower-cased) is the variable the change was written through, if any, for the warning
  // about `$b = $a`.
  void share_table(std::uint64_t table_id, const ps_entry& change, bool removed,
                   const std::string& changed_through, std::size_t offset);
  // Set-QuarantinePermissions -QuarantinePermissionsObject $p -PermissionTo* ...: changes the
  // bits the variable holds (powershell_command_values.cc).
  void set_quarantine_permissions(const ps_command& cmd, std::size_t start);
  // The -PermissionTo* switches of `cmd` from element `from` on, set or cleared in `bits`.
  void apply_permission_switches(const ps_command& cmd, std::size_t start, std::uint32_t& bits);
  // The variable an argument read from `start` to the current place is, alone ("$perms" ->
  // "perms"), else empty.
  [[nodiscard]] std::string variable_between(std::size_t start) const;
  ps_value hash_table();                                               // @{ ... }
  param_value rest_of_argument(std::size_t start, param_value first);  // after the first item
  std::vector<ps_entry> table_entries(std::size_t start, std::string_view opener);
  ps_value cast(std::size_t start, std::string_view type, ps_value value);
  // ---- powershell_method_arguments.cc ----
  // The arguments of a method call `callee(...)` (".Add", "[IO.File]::WriteAllText"), i_ at its
  // '(' and then past its ')': full expressions, separated by commas (PowerShell's
  // argument-expression-list).
  std::vector<ps_value> method_arguments(std::string_view callee, std::size_t start);
  // ---- powershell_static_calls.cc ----
  // `[type]::Method(...)` from `i_` at its `::` (`start` at its '['): the [System.IO.File]
  // methods the cmdlet reference's examples use, else fail() as before.
  ps_value static_call(std::string_view type, std::size_t start);
  // [string]::IsNullOrEmpty(...) / ::IsNullOrWhiteSpace(...) at the '(' after `member`; nullopt
  // for another member.
  std::optional<ps_value> string_test(std::string_view member, std::size_t start);
  // ---- powershell_typed_lists.cc ----
  // `item` converted to what the typed list `list` holds ([string], [int]), as .NET converts a
  // List[T]'s or HashSet[T]'s items; fail() at `offset` as the cast [int] does when it cannot.
  param_value list_item_of(const ps_value& list, param_value item, std::size_t offset);
  // The empty collection `made` of the type written `type` ([List[int]]::new(), New-Object).
  [[nodiscard]] ps_value typed_collection(new_collection made, std::string_view type,
                                          std::size_t start);
  // What the variable `lower` holds when assigned `value`: converted to the type a typed
  // assignment or a parameter declared for it (typed_variables_; about_Variables, "type-
  // constrained"), a list type's array converted to that list again; else `value` as it is.
  // fail() at `offset` where the conversion fails, as PowerShell's assignment does.
  ps_value retyped(const std::string& lower, ps_value value, std::size_t offset);
  // Makes $lower (lower-cased) keep values of `type` (as written, without brackets) from now
  // on, where cast() converts to it; any other type leaves it unconstrained (decision 979).
  void constrain(const std::string& lower, std::string_view type);
  param_value to_plain(ps_value value, std::size_t offset);  // records unknown parts
  [[nodiscard]] bool at_operator(std::string_view name) const noexcept;
  bool truthy(const ps_value& value);                // records the tenant queries it decides
  std::string to_text(const ps_value& value) const;  // as PowerShell writes it into a string
  // Whether to_text(value) joins items with a $OFS only the running script knows: the text
  // is then one too ("$list", [string]$list, 'a' + $list; decision 866).
  [[nodiscard]] bool joined_by_unknown_ofs(const ps_value& value) const;
  ps_value lookup(std::string_view name, std::size_t start);
  // "; did you mean '$false'?" for a variable no statement assigned whose name is close to
  // $true, $false, $null or a variable assigned so far; empty when none is (decision 469).
  const std::string& unassigned_hint(const std::string& lower);

  // ---- powershell_ranges.cc ----
  // `array[index]`, or the slice `array[0..2]` / `array[1, 3]`: the items at those indexes.
  ps_value element_at(const ps_value& array, const ps_value& index, std::size_t start);

  // ---- powershell_tables.cc: the members of hash tables ----
  // .Keys, .Values, .Count, .GetEnumerator(), .ContainsKey(k), .Contains(k), .Clone() of `table`;
  // `args` null for a property. nullopt when `member` is none of them.
  std::optional<ps_value> table_member(const ps_value& table, std::string_view member,
                                       const std::vector<ps_value>* args, std::size_t start);
  // `$o.PSObject` at `.Properties` after it: the properties of the [pscustomobject] `object`,
  // each with a Name and a Value; an error for anything else.
  ps_value object_properties(const ps_value& object, std::size_t start);
  // The list of what `item_of` makes of each entry of `table`, in the order written.
  ps_value as_list_of(const ps_value& table, std::size_t start,
                      const std::function<ps_value(const ps_entry&)>& item_of);

  // ---- powershell_comparisons.cc: operands the script knows ----
  ps_value compare(const comparison_operator& op, const ps_value& left, const ps_value& right,
                   std::size_t offset);
  bool scalar_comparison(const comparison_operator& op, const param_value& left,
                         const param_value& right, std::size_t offset, bool record_matches = false);
  bool values_equal(const param_value& left, const param_value& right, bool case_sensitive);
  // A comparison's operand as text: a text where it is, any other written into `storage` (a
  // 100 MB text compared is not copied; decision 694).
  std::string_view operand_text(const param_value& v, std::string& storage) const;
  // <0, 0 or >0; fail() when the right operand cannot become the left one's type.
  int values_order(const param_value& left, const param_value& right, bool case_sensitive,
                   std::size_t offset);
  bool wildcard_match(std::string_view text, std::string_view pattern, bool case_sensitive,
                      std::size_t offset);
  bool regex_match(std::string_view text, std::string_view pattern, bool case_sensitive,
                   std::size_t offset, bool record_matches);
  // The error of a script whose regular expressions read past kMaxRegexReads, at the operator.
  [[noreturn]] void regex_budget_failed(std::string_view op, std::size_t offset);
  // $Matches: what each group captured, keyed by its name or number (powershell_regex.h).
  void set_matches(std::vector<std::pair<std::string, std::string>> groups, std::size_t offset);

  // ---- powershell_string_operators.cc: -split and -replace on operands the script knows ----
  ps_value apply_string_operator(const string_operator& op, const ps_value& left,
                                 const ps_value& right, std::size_t offset);
  // -split's third operand, `'SimpleMatch'` or `'RegexMatch, IgnoreCase'`: how the pattern is read.
  struct split_options {
    bool simple_match = false;  // the pattern is text
    bool ignore_case = false;   // even under -csplit
    std::string prefix;         // the regular expression options, as inline `(?m)`, `(?x)` ...
  };
  split_options read_split_options(std::string_view written, std::size_t offset);

  // ---- powershell_strings.cc ----
  std::string double_quoted();
  std::string here_string();  // at @" or @'
  void expand_dollar(std::string& text, std::size_t string_start);

  // ---- powershell_blocks.cc ----
  bool keyword_statement(std::string_view word);  // false: not a keyword
  bool named_block(const std::string& lower);     // a function's begin / process / end { }
  void foreach_statement(std::size_t start);
  // `input | Stage ...` at the stage, `input` known only when the script runs (or an object
  // New-X made): shown by output cmdlets, else an error.
  void foreach_object(const ps_value& input, std::size_t start);
  void unroll(std::string_view variable, const ps_value& items, std::size_t start);
  void block();  // { statements }, the '{' current
  [[noreturn]] void not_read(std::size_t start, std::string_view what);
  bool next_word_is(std::string_view word);
  void pipeline_block(const ps_statement& st, std::size_t start);  // Get-X | ForEach-Object {}
  void expression_statement(std::size_t start);

  // ---- powershell_conditionals.cc ----
  void if_statement(std::size_t start);
  void try_statement(std::size_t start);
  // ( ... ) of if/elseif; nullopt when it cannot be decided and skip_harmless_chain skipped
  // the rest of the chain.
  std::optional<ps_value> condition(std::size_t start);
  // The value of ( ... ) at its '(', i_ after the ')'; the queries it asks in decided_.
  ps_value condition_value();
  // The error for a condition known only when the script runs, at `at`; `consequence` says what
  // mfsim cannot do then ("mfsim cannot choose a branch").
  [[noreturn]] void undecidable(std::size_t at, const ps_value& value,
                                std::string_view consequence);
  // The warnings that the condition just decided asked the tenant or the machine's set-up.
  void warn_decided(std::size_t at, bool chosen);

  // ---- powershell_skipping.cc ----
  void skip_block(std::size_t start);  // { ... } unread, the '{' current
  // A query's -Filter { ... } after its parameter, read whole; false for another block.
  bool filter_block_argument(ps_command& cmd);
  // After an error: to the end of the current line, past any here-string opened on it (its
  // lines are not statements to read again).
  void skip_rest_of_line();
  void skip_parens(std::size_t start);  // ( ... ) unread, the '(' current
  [[nodiscard]] std::size_t block_end(std::size_t open) const noexcept;  // after the match
  void skip_construct(std::size_t start) noexcept;  // after an error inside a block
  // After an error at `failed_at` in the statement at `start`: the end of the outermost block
  // the statement opens up to the failure's line and does not close there (`$x |
  // ForEach-Object {`, `$h = @{`), else npos: its lines are no statements of their own. A ';'
  // after the failure that ends the statement first is put in `statement_end`.
  [[nodiscard]] std::size_t end_of_block_opened_in(
      std::size_t start, std::size_t failed_at,
      std::size_t* statement_end = nullptr) const noexcept;

  // ---- powershell_parameters.cc ----
  void param_block(std::size_t start);  // param( ... ), the '(' current
  ps_value define_as_declared(std::size_t name_start, std::size_t open, const std::string& type,
                              const script_define& define);
  // What a declared parameter not given holds: $null converted to its [type], or for a
  // mandatory one a value only the running script knows, named the script's or the function's.
  ps_value unset_parameter(std::string_view type, bool mandatory, std::string_view name,
                           std::size_t start);
  // `[type]$x = value` at the '[': assigns, converted to the type; false when not one.
  bool typed_assignment(std::size_t start);

  // ---- powershell_harmless.cc ----
  // At the ')' after the '(' `open` of a condition mfsim cannot decide (it depends on
  // `depends_on`): when no branch of the rest of the chain can change mail flow, warns, makes
  // what the branches assign known only when the script runs, leaves the place after the chain
  // and returns true; else changes nothing.
  // Inside a loop, a chain whose branch breaks or continues throws undecided_jump instead.
  bool skip_harmless_chain(std::size_t open, const ps_value& condition);
  // What the stretches [from, to) run, when none of them can change mail flow; else nullopt.
  [[nodiscard]] std::optional<harmless_reading> read_harmless(
      std::span<const std::pair<std::size_t, std::size_t>> stretches, bool owns_break = false);
  // After skipping a harmless stretch: what it assigns is known only when the script runs
  // ("assigned in a skipped `part`").
  void forget_assigned(const harmless_reading& reading, std::string_view part = "branch");
  // After skipping `what` ("if") at `where`: while a value collects output, what the stretch
  // may output is a value known only when the script runs.
  void output_skipped(const harmless_reading& reading, std::string_view what, std::size_t where,
                      std::string_view depends_on);

  // ---- powershell_switch.cc ----
  // `switch [-Regex | -Wildcard | -Exact] [-CaseSensitive] (value) { clauses }` at the word
  // switch (what its clauses output goes to a value that collects it: `$x = switch ...`).
  void switch_statement(std::size_t start);
  switch_options switch_parameters();  // -Regex, -Wildcard, ... after the word switch
  // The clauses run for one item, from the body's '{' at `body`; i_ after its '}'.
  void switch_item(const ps_value& item, const switch_options& options, std::size_t body,
                   std::size_t start);
  // At a clause's condition: whether it holds for `item`; i_ after the condition.
  bool switch_condition(const ps_value& item, const switch_options& options);
  bool switch_matches(const ps_value& item, const ps_value& condition,
                      const switch_options& options, std::size_t offset);
  // The switch's value `depends_on` what mfsim cannot know: skipped when no clause can change
  // mail flow (read_harmless), i_ after it.
  bool skip_harmless_switch(std::size_t open, std::size_t body, std::string_view depends_on);
  void count_switch_work(std::size_t start);  // fail() past kMaxUnrolledStatements

  // ---- powershell_other_scripts.cc ----
  // `. ./x.ps1` or `& ./x.ps1` at the current place: warned about and passed over; false when
  // the statement is neither, or (`i_` then past the operator) `. F` or `& F` of a function F
  // the script defines, which the statement runs as a call.
  bool other_script(std::size_t start);
  // `. { ... }` or `& { ... }` at the '{': runs the block, `&` in a scope of its own; return ends
  // the block.
  void script_block(std::size_t start, bool dot);

  // ---- powershell_functions.cc ----
  void function_definition(std::size_t start);  // at the word `function`
  // Runs the statement's first command when it calls a function the script defined.
  // `output_redirected`: `F > $null`, its output goes no further.
  bool call_function(const ps_statement& st, std::size_t start, bool output_redirected = false);
  // `dot_sourced`: `. F`, whose assignments are its caller's (will_assign); `piped`: the items a
  // pipeline gives the call as a stage (powershell_function_stages.cc).
  void run_function(const ps_function& f, const ps_command& call, std::size_t start,
                    bool dot_sourced = false, const std::vector<ps_value>* piped = nullptr);
  [[nodiscard]] std::vector<declared_parameter> declared_parameters(std::size_t open) const;
  [[nodiscard]] std::size_t parameter_block_of(const ps_function& f) const;
  // Whether `f`, its parameters at `open`, is an advanced function (no $args).
  [[nodiscard]] bool is_advanced(const ps_function& f, std::size_t open) const;
  // fail() at `start` where `value`, given the [bool] or [switch] parameter `p`, is neither a
  // boolean nor a number (nor, for a [switch], $null), as PowerShell's binder refuses it (decision
  // 1068); a bare word that reads as a number literal (0.0, bare_numbers_) becomes that number,
  // a quoted text never (decision 1117).
  void refuse_non_boolean(const ps_command& call, const declared_parameter& p, ps_value& value,
                          std::size_t start);
  // `takes_args`: a function that is not advanced puts extra positional values in $args.
  void bind_arguments(const ps_function& f, const std::vector<declared_parameter>& declared,
                      const ps_command& call, std::size_t start, bool takes_args);
  ps_value argument_value(const ps_command& call, std::size_t index) const;
  // Before $name (lower-cased) is assigned: inside a function, the caller's value is kept, to
  // come back when the call ends (a function's assignments are its own, as in PowerShell), and
  // the caller's type constraint with it: the function's variable is a new one, untyped.
  void will_assign(const std::string& name);
  // Ends the innermost call frame: the caller's values of what it assigned come back.
  void leave_frame();

  // ---- powershell_output.cc: what functions and statements output ----
  // Sends `value` to the output of the innermost capture (a function called where a value
  // goes, or a statement assigned), else to the host, where it changes nothing.
  void output(ps_value value, std::size_t offset);
  // What a statement-level command outputs while a capture is under way: the object New-X
  // creates, the query Get-X is; nullopt for what outputs nothing (Write-Host, Set-X, ...).
  std::optional<ps_value> command_output(const ps_statement& st, std::size_t start);
  // The value of what a capture collected: $null, the one item, or an array of them.
  ps_value collected(std::vector<ps_value> items, std::size_t start);
  // Runs `f` for `st` (its first command), collecting what it outputs; the stages after it
  // make the result known only when the script runs.
  ps_value function_value(const ps_function& f, const ps_statement& st, std::size_t start);
  // `$x = if (...) { ... }`, `$x = foreach (...) { ... }`, ...: runs the statement at i_,
  // collecting what it outputs; nullopt (nothing read) when no such statement starts there.
  std::optional<ps_value> statement_value(std::size_t start);
  // `return value` in a function: the value is output, and the call ends.
  [[noreturn]] void return_statement(std::size_t start);
  // ---- powershell_write_output.cc ----
  // `Write-Output a, b` (echo, write; -InputObject, -NoEnumerate, either as -Name:value) while a
  // function runs or a capture is under way: each value is output; with -NoEnumerate an array
  // is one item (marked unenumerated_at). False, i_ unmoved, when the statement is not one (a
  // pipeline). `in_value`: it ends at a ')' too.
  bool write_output(std::size_t start, bool in_value = false);
  // `$x = Write-Output ...`, `@(Write-Output ...)`: what it outputs, or nullopt (i_ unmoved)
  // when no Write-Output that mfsim runs starts at i_.
  std::optional<ps_value> write_output_value(std::size_t start);
  // Whether the Write-Output whose arguments start at `from` is one write_output() reads whole:
  // no pipeline or redirection follows, and no parameter but -InputObject and -NoEnumerate.
  // Reads nothing, so that nothing is read twice when the answer is no.
  [[nodiscard]] bool write_output_reads_whole(std::size_t from) const noexcept;
  // An error where the array `item` Write-Output -NoEnumerate output would become one item of
  // another array, which mfsim's flat arrays cannot hold; `where` says what holds it.
  void refuse_nested(const ps_value& item, std::string_view where);

  // ---- powershell_known_pipelines.cc: pipelines over values the script knows ----
  // `input | Stage | ...` from the '|' at i_ to the end of the statement (or the ')' when
  // `in_parens`): ForEach-Object { }, Where-Object { }, Sort-Object, Select-Object and Out-Null
  // run on the items; from the first other stage on (every stage unless `run`: `input` is
  // known only when the script runs), the stages are read and not run.
  known_pipeline run_known_pipeline(const ps_value& input, std::size_t start, bool in_parens,
                                    bool run = true);
  // One stage, the command read and i_ at its script block if it has one; false when mfsim
  // cannot run it (nothing changed).
  bool run_stage(const ps_command& cmd, std::vector<ps_value>& items, std::size_t stage);
  // ---- powershell_function_stages.cc ----
  // A function the script defines as a pipeline's stage (`$domains | Add-Rule`): its begin
  // block runs once, its process block once per item, its end block once; `items` becomes what
  // it outputs.
  void run_function_stage(const ps_function& f, const ps_command& cmd, std::vector<ps_value>& items,
                          std::size_t stage);
  // In a call given pipeline input, bound after its arguments: $input, and the parameter
  // declared ValueFromPipeline (the last item, as its end block sees it).
  void bind_pipeline_input(const std::vector<declared_parameter>& declared, std::size_t start);
  // The process block at `open` (its '{') run once per item piped in, $_ and the
  // ValueFromPipeline parameter set to it; i_ after the block.
  void process_each_item(std::size_t open);
  // The script block at i_ run once per item with $_ set: what it outputs, or (`filter`) the
  // items for which its output is true; nullopt, i_ past the block, when that is known only
  // when the script runs.
  std::optional<std::vector<ps_value>> run_block_per_item(std::vector<ps_value>& items,
                                                          std::size_t stage, bool filter);
  // The block at i_ of a stage that is not run: passed over, or an error when it could change
  // mail flow.
  void skip_unrun_block(const ps_command& cmd, std::size_t stage);
  bool sort_items(const ps_command& cmd, std::vector<ps_value>& items, std::size_t stage);
  // After an error in the stage block at `block`: i_ past the block and the stages after it.
  void skip_pipeline_after(std::size_t block);
  bool select_items(const ps_command& cmd, std::vector<ps_value>& items, std::size_t stage);
  bool unique_items(std::vector<ps_value>& items, std::size_t stage);  // -Unique, with case
  // Items passed on and pairs compared by pipelines, in all: fail() past kMaxPipelineWork.
  void count_pipeline_work(std::size_t units, std::size_t stage);

  // ---- powershell_loops.cc ----
  // A loop under way: its keyword, where it starts, its body's '{', where the statement ends,
  // its condition and step, and the stretches each pass reads again (judged by read_harmless).
  struct loop_text {
    loop_text(std::string_view word, std::size_t at) : keyword(word), start(at) {}
    std::string_view keyword;  // "foreach", "for", "while" or "do"
    std::size_t start = 0;
    std::size_t body = 0;
    std::size_t end = 0;  // after the loop statement
    std::vector<std::pair<std::size_t, std::size_t>> reread;
    // while / do: the condition's '('; for: its first character; npos: none (always true).
    std::size_t condition = std::string_view::npos;
    bool bare_condition = false;  // for: the condition is not in parentheses of its own
    bool test_after = false;      // do: the condition after each pass
    bool until = false;           // do ... until: passes go on while the condition is false
    std::size_t step = std::string_view::npos;        // for: the step's first character
    std::size_t clause_end = std::string_view::npos;  // for: the ')' that ends the step
  };
  enum class pass_end { next, broke, skipped };
  void while_statement(std::size_t start);
  void do_statement(std::size_t start);
  void for_statement(std::size_t start);
  // break / continue [label]: throws loop_break / loop_continue to the loop it ends.
  [[noreturn]] void jump_statement(std::size_t start, bool is_break);
  // `:name` before a loop keyword, at the ':'.
  void labelled_statement(std::size_t start);
  // The label written before the loop keyword at `start`, lower-cased, or empty.
  std::string take_label(std::size_t start);
  // Runs the loop's passes while its condition holds, within the unrolling budget.
  void run_loop(loop_text& loop);
  // One pass of the body: catches break, continue (the loop's own) and undecided_jump; after
  // them i_ is past the body.
  pass_end loop_pass(const loop_text& loop);
  // The condition before or after a pass: nullopt when it cannot be decided and the loop,
  // which changes no mail flow, was skipped.
  std::optional<bool> loop_test(loop_text& loop, bool first);
  // A loop whose passes depend on what only the running script knows (its condition at `at`,
  // or an if in it that breaks or continues it): skipped with a warning when it cannot change
  // mail flow, else the error of an undecided condition.
  void skip_undecided_loop(const loop_text& loop, std::size_t at, const ps_value& condition,
                           bool from_if);
  // A for loop's initializer or step at i_: statements separated by ',' up to ';', a line
  // break or the loop's ')'.
  void for_clause(const loop_text& loop);
  // The loop's body after `after` ("while ( )"): its '{', i_ past its '}'.
  std::size_t loop_body(std::size_t start, std::string_view after);
  // $i++, $i--, ++$i, --$i and $i -= n as statements; false when the statement is none of them.
  bool counter_statement(std::size_t start);
  // ---- powershell_inline_assignments.cc: ++, -- and ($x = value) ----
  // `$written_name` changed by `op` ("++", "--", or "-=" by `amount`), written `what` at
  // `start` (its '$' at `dollar`): the new value stored, and {old, new} given (--define wins:
  // the value stays). A value only the running script knows gives one too.
  std::pair<ps_value, ps_value> change_counter(std::string_view written_name, std::string_view op,
                                               const std::optional<ps_value>& amount,
                                               std::string_view what, std::size_t start,
                                               std::size_t dollar);
  // `++$a` / `--$a` inside an expression, at i_: the new value; nullopt, i_ unmoved, when none
  // is there.
  std::optional<ps_value> prefix_increment();
  // `$a++` / `$a--` inside an expression, `$a` read from `start` to i_: the old value; nullopt
  // when no ++ or -- follows.
  std::optional<ps_value> postfix_increment(std::size_t start);
  // `($x = value)` inside ( ) at `open`, i_ at the '$': assigns, and gives the value assigned
  // (about_Assignment_Operators); nullopt, i_ unmoved, when no assignment starts there.
  std::optional<ps_value> parenthesized_assignment(std::size_t open);
  // `$b = value` right after the '=' of `$a = `: assigns $b and gives its value; nullopt, i_
  // unmoved, when no assignment starts there.
  std::optional<ps_value> chained_assignment();

  // ---- powershell_dsc.cc ----
  void configuration(std::size_t start);
  void node_block(std::size_t start);
  void resource_block(std::size_t start, const std::string& resource);
};

// What the script's user can do about the unknown value `what`: a literal, --define NAME=VALUE
// for a variable, --accepted-domain for the tenant's domains (powershell_unknowns.cc).
[[nodiscard]] std::string how_to_give(std::string_view what);
// Whether `text` holds a typographic quote or dash, which PowerShell reads as an ASCII one
// (powershell_parser.cc) and block_end does not: where block_end skips such a text, it may end
// elsewhere than PowerShell's block (powershell_harmless.cc).
[[nodiscard]] bool typographic(std::string_view text);
// Whether mfsim simulates the Microsoft365DSC resource type `resource`; else warns once per type
// (powershell_dsc_map.cc).
bool dsc_resource_simulated(parser& p, std::string_view resource, std::size_t start);
// Turns one Microsoft365DSC resource block into the cmdlet it stands for (powershell_dsc_map.cc).
// Returns false (after a warning or error through `p`) when the block creates nothing.
bool dsc_resource_command(parser& p, std::string_view resource, std::size_t start,
                          const std::vector<ps_entry>& properties, ps_command& out);

}  // namespace mfsim::rules::ps
