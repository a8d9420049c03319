// PowerShell's blocks as configuration scripts use them: a block's statements, the keyword
// that starts each, foreach and ForEach-Object over known arrays (unrolled, within a budget),
// statements that start with a value, and a specific error for each construct that is not read
// (filters, classes, ...), which is skipped whole: one error per construct. if and try are
// powershell_conditionals.cc's; for, while, do, break and continue powershell_loops.cc's.
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>

#include "engine/rules/powershell_cmdlet_catalog.h"
#include "engine/rules/powershell_function_stages.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_piped_values.h"
#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {
namespace {

struct unread_construct {
  std::string_view keyword;
  std::string_view message;
  bool has_block = true;  // skipped up to its closing '}', else to the end of its line
};

constexpr unread_construct unread[] = {
    {"filter", "filter definitions are not read"},
    {"workflow", "workflows are not read"},
    {"class", "class definitions are not read"},
    {"enum", "enum definitions are not read"},
    {"trap", "trap blocks are not read"},
    {"data", "data sections are not read"},
    {"begin", "begin / process / end blocks are not read"},
    {"process", "begin / process / end blocks are not read"},
    {"end", "begin / process / end blocks are not read"},
    {"dynamicparam", "dynamicparam blocks are not read"},
    {"using", "expected namespace, module or assembly after using (about_Using)", false},
    {"throw", "throw stops the script here: mfsim reads scripts that run to their end", false},
    {"else", "else without if"},
    {"elseif", "elseif without if"},
    {"catch", "catch without try"},
    {"finally", "finally without try"},
};

}  // namespace

bool parser::next_word_is(std::string_view word) {
  const std::string w = word_at(i_);
  if (!ascii_iequals(w, word)) return false;
  i_ += w.size();
  return true;
}

void parser::not_read(std::size_t start, std::string_view what) {
  out_.push_back(diagnostic{diag_code::syntax_error, at(start), std::string(what)});
  for (const auto& u : unread) {
    if (u.message == what && !u.has_block) throw syntax_failure{};
  }
  // Inside an if, foreach or try, the whole outermost construct is passed over, as after any
  // error in it: its later statements would otherwise run as if outside it.
  skip_construct(construct_start_ != std::string_view::npos ? construct_start_ : start);
  construct_start_ = std::string_view::npos;  // skipped already
  throw syntax_failure{};
}

void parser::block() {
  const std::size_t start = i_;
  const nesting_guard guard(*this, start, "{");
  ++i_;
  while (true) {
    skip_separators();
    if (eof()) fail(start, "'{' is not closed by '}': the file ends first");
    if (peek() == '}') {
      ++i_;
      return;
    }
    statement();
  }
}

bool parser::keyword_statement(std::string_view word) {
  const std::size_t start = i_;
  const std::string lower = ascii_lower_copy(std::string(word));
  const bool outermost = construct_start_ == std::string_view::npos;
  const auto open_construct = [&] {
    if (outermost) construct_start_ = start;
  };
  if (lower == "foreach") return open_construct(), foreach_statement(start), true;
  if (lower == "if") return open_construct(), if_statement(start), true;
  if (lower == "try") return open_construct(), try_statement(start), true;
  if (lower == "switch") return open_construct(), switch_statement(start), true;
  if (lower == "while") return open_construct(), while_statement(start), true;
  if (lower == "do") return open_construct(), do_statement(start), true;
  if (lower == "for") return open_construct(), for_statement(start), true;
  if (lower == "break" || lower == "continue") jump_statement(start, lower == "break");
  if (lower == "configuration") return open_construct(), configuration(start), true;
  if (lower == "param") {
    i_ += word.size();
    skip_separators();
    if (peek() != '(') fail(i_, "expected '(' after param");
    param_block(start);
    return true;
  }
  if (lower == "function") return function_definition(start), true;
  if (lower == "using") {
    // `using namespace System.Net`, `using module X`, `using assembly X` (about_Using): type
    // names shortened, a module or an assembly loaded on the machine; no rule (decision 796).
    std::size_t k = i_ + word.size();
    while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
    const std::string kind = ascii_lower_copy(word_at(k));
    if (kind == "namespace" || kind == "module" || kind == "assembly") {
      skip_rest_of_line();
      return true;
    }
  }
  const bool in_script_block =
      !frames_.empty() || script_blocks_ > 0 ||
      std::any_of(jump_targets_.begin(), jump_targets_.end(),
                  [](const jump_target& t) { return t.kind == jump_kind::pipeline; });
  // Ends the function's call, or the ForEach-Object script block's run for this item
  // (about_Return), or a & { } / . { } block, after outputting the value it returns.
  if (lower == "return" && in_script_block) return_statement(start);
  if (lower == "exit" || lower == "return") {
    // The script stops here; what follows is never run.
    while (!at_statement_end()) ++i_;
    skip_separators();
    if (!eof() && peek() != '}') {
      warn(start, fmt::format("{} stops the script: the rest of the file is not read", lower));
    }
    throw script_exit{};
  }
  if (named_block(lower)) return true;
  for (const auto& u : unread) {
    if (lower == u.keyword) not_read(start, u.message);
  }
  return false;
}

// A function's begin, process and end blocks run in that order, process once: a call without
// pipeline input (about_Functions_Advanced_Methods; decision 1138), else once per item piped in
// (decision 1165). They share the function's
// scope, so each is read where it is written, if written in that order.
bool parser::named_block(const std::string& lower) {
  const int order = lower == "begin" ? 1 : lower == "process" ? 2 : lower == "end" ? 3 : 0;
  if (order == 0 || frames_.empty() || frames_.back().body_depth != depth_) return false;
  std::size_t k = i_ + lower.size();
  while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t' || s_[k] == '\r' || s_[k] == '\n')) ++k;
  if (k >= s_.size() || s_[k] != '{') return false;
  if (frames_.back().named_block >= order) {
    fail(i_, fmt::format("{} {{ }} after a later block of the function {}: mfsim reads "
                         "begin, process and end blocks written in the order they run",
                         lower, frames_.back().function));
  }
  frames_.back().named_block = order;
  i_ = k;
  // $input is empty in begin: the items come later (decision 1198); process sets its own.
  const bool piped = frames_.back().piped != nullptr;
  std::optional<ps_value> all_input;
  // The ValueFromPipeline parameter is not bound yet in begin (decision 1215): its last item,
  // which end sees, is put aside, where a change to a hash table still reaches it.
  const std::string parameter = piped && order == 1 ? frames_.back().piped_parameter : "";
  ps_value last_item;
  const held<ps_value*> kept(held_values_, &last_item);
  if (piped && order == 1) {
    all_input = variables_["input"];
    variables_["input"] = plain(param_value{value_type::list, "", false, {}, at(k)});
    if (!parameter.empty()) {
      last_item = variables_[parameter];
      variables_[parameter] = unbound_pipeline_parameter(*this, k);
    }
  }
  const std::size_t construct = construct_start_;
  try {
    if (order == 2 && piped) {
      process_each_item(k);
    } else {
      block();
    }
  } catch (const function_return&) {
    // Each named block runs as a script block of its own: return leaves this one, and the
    // function's later blocks still run (about_Return; decision 1197).
    construct_start_ = construct;
    unknowns_.clear();
    i_ = k;
    skip_block(k);
  }
  if (all_input) variables_["input"] = std::move(*all_input);
  if (!parameter.empty()) variables_[parameter] = std::move(last_item);
  return true;
}

void parser::foreach_statement(std::size_t start) {
  i_ += 7;  // "foreach"
  skip_inline_space();
  if (peek() != '(') fail(i_, fmt::format("expected '(' after foreach, found {}", found_at(i_)));
  ++i_;
  skip_inline_space();
  if (peek() != '$') fail(i_, "expected the loop variable ($name) after foreach (");
  ++i_;
  std::string name;
  while (is_ident(peek())) name += peek(), ++i_;
  skip_inline_space();
  if (!next_word_is("in")) fail(i_, fmt::format("expected 'in' after foreach (${}", name));
  skip_inline_space();
  const std::size_t items_start = i_;
  ps_value items = expression();
  skip_separators();
  if (peek() != ')')
    fail(i_, fmt::format("expected ')' after the foreach list, found {}", found_at(i_)));
  ++i_;
  skip_separators();
  if (peek() != '{')
    fail(i_, fmt::format("expected '{{' after foreach ( ), found {}", found_at(i_)));
  if (items.kind == ps_kind::tenant_query) {
    warn(items_start, fmt::format("foreach over {}: only a tenant knows what it returns; mfsim "
                                  "reads the script as run against a tenant that has none, so "
                                  "the loop runs for no object",
                                  items.value.text));
    skip_block(start);
    return;
  }
  if (items.kind == ps_kind::table && items.unknown_parts.empty()) {
    // foreach does not enumerate a hash table: one pass, with the table itself (about_Foreach;
    // its entries are .GetEnumerator()'s).
    param_value one{value_type::list, "", false, {}, items.value.where};
    one.items.push_back(to_plain(items, items_start));
    unknowns_.clear();
    const jump_scope scope(*this, {jump_kind::loop, take_label(start)});
    unroll(name, plain(std::move(one)), start);
    return;
  }
  if (items.kind != ps_kind::plain || !items.unknown_parts.empty()) {
    fail(items_start, fmt::format("foreach over {}: the items are known only when the script "
                                  "runs against a tenant, so mfsim cannot unroll the loop",
                                  unknown_list(items)));
  }
  const jump_scope scope(*this, {jump_kind::loop, take_label(start)});
  unroll(name, items, start);
}

void parser::unroll(std::string_view variable, const ps_value& items, std::size_t start) {
  const std::size_t body = i_;
  // The items, held where a change to a hash table one of them is reaches it (decision 447).
  param_value list{value_type::list, "", false, {}, items.value.where};
  if (items.value.type == value_type::list)
    list.items = items.value.items;
  else if (items.value.type != value_type::null)
    list.items.push_back(items.value);
  const held<param_value*> live(held_lists_, &list);
  std::optional<held<table_walk>> walk;
  if (items.walks_table != 0)
    walk.emplace(tables_walked_, table_walk{items.walks_table, "foreach", at(start).line});
  const std::string lower = ascii_lower_copy(std::string(variable));
  will_assign(lower);
  if (lower == "_") will_assign("psitem");
  loop_text loop("foreach", start);
  loop.body = body;
  loop.end = block_end(body);
  loop.reread.emplace_back(body, loop.end);
  for (const auto& item : list.items) {
    unrolled_ += 1;
    const std::size_t before = statements_.size();
    // A hash table the array holds is one again in the loop (`foreach ($r in $rules) { $r.Name }`).
    const ps_value value =
        item.type == value_type::mapping ? table_from_mapping(item) : plain(item);
    // A typed variable converts each item as an assignment does (decision 1027).
    variables_[lower] = retyped(lower, value, start);
    if (lower == "_") variables_["psitem"] = value;
    const pass_end end = loop_pass(loop);  // break and continue (decision 451)
    if (end == pass_end::skipped) return;
    charge_reread(body, start);
    unrolled_ += statements_.size() - before;
    if (unrolled_ > kMaxUnrolledStatements) {
      fail(start, fmt::format("foreach unrolls to more than {} statements and iterations (the "
                              "PowerShell unrolling limit)",
                              kMaxUnrolledStatements));
    }
    if (end == pass_end::broke) break;
  }
  if (list.items.empty()) skip_block(start);
}

void parser::foreach_object(const ps_value& input, std::size_t start) {
  const std::size_t cmd_start = i_;
  std::string name;
  if (peek() == '%') {
    name = "%";
    ++i_;
  } else {
    name = word_at(i_);
    i_ += name.size();
  }
  if (functions_.contains(ascii_lower_copy(name))) {
    // Known items run through run_known_pipeline (decision 1165): these are known only when
    // the script runs.
    fail(start,
         fmt::format("{} piped to the function {}: the items are known only when the script "
                     "runs, so mfsim cannot run the function for each",
                     unknown_list(input), name),
         diag_code::bad_value);
  }
  if (!(name == "%" || ascii_iequals(name, "ForEach-Object") || ascii_iequals(name, "foreach"))) {
    if (powershell::classify_other_cmdlet(powershell::cmdlet_of_alias(name)) ==
        powershell::other_cmdlet::output) {
      // `$rules | Format-Table`, `$x | select Name | ft`: the value is shown, nothing changes;
      // the stages go to the runner as a pipeline of their own, which ignores and counts them.
      i_ = cmd_start;
      ps_statement shown;
      shown.pipeline.push_back(command());
      skip_inline_space();
      while (peek() == '|') {
        ++i_;
        skip_separators();
        shown.pipeline.push_back(command());
        skip_inline_space();
      }
      if (!at_statement_end() && peek() != '}') {
        fail(i_, fmt::format("{}", unexpected_at(i_)));
      }
      emit(std::move(shown));
      return;
    }
    fail(cmd_start, fmt::format("a value piped to {}: mfsim reads values piped only to "
                                "ForEach-Object {{ ... }}, Where-Object {{ ... }}, Sort-Object, "
                                "Select-Object and output cmdlets (Format-Table, ...)",
                                name.empty() ? found_at(cmd_start) : name));
  }
  // Known items run through run_known_pipeline: these are known only when the script runs.
  fail(start,
       fmt::format("{} piped to {}: the items are known only when the script runs, so mfsim "
                   "cannot unroll the loop",
                   unknown_list(input), name),
       diag_code::bad_value);
}

void parser::pipeline_block(const ps_statement& st, std::size_t start) {
  const ps_command& first = st.pipeline.front();
  const bool query = first.name.size() > 4 && ascii_iequals(first.name.substr(0, 4), "Get-");
  if (!query) {
    fail(i_, fmt::format("a script block after {} is read only when a Get- query or a known "
                         "array is piped to ForEach-Object",
                         st.pipeline.back().name));
  }
  warn(start, fmt::format("{} | {} {{ ... }}: only a tenant knows what {} returns; mfsim reads "
                          "the script as run against a tenant that has none, so the block "
                          "runs for no object",
                          first.name, st.pipeline.back().name, first.name));
  skip_block(start);
  // The stages after the block get no object either: read, and passed over
  // (Get-MessageTrace | Where-Object { ... } | Format-Table ...).
  std::vector<ps_command> later;
  read_stages(later);
  unknowns_.clear();
  if (!at_statement_end() && peek() != '}') fail(i_, fmt::format("{}", unexpected_at(i_)));
}

void parser::expression_statement(std::size_t start) {
  if (peek() == '[' && ascii_iequals(word_at(i_ + 1), "CmdletBinding")) {
    skip_parens(start);  // [CmdletBinding(...)]: how the script binds, nothing it does
    return;
  }
  if (peek() == '[' && typed_assignment(start)) return;
  const std::size_t first_statement = statements_.size();
  const std::size_t changes_before = variable_changes_;
  const std::size_t writes_before = file_writes_;
  ps_value input = expression();
  unknowns_.clear();
  skip_inline_space();
  // `[Net.ServicePointManager]::SecurityProtocol = ...`, `[Console]::WriteLine(...)`: a .NET
  // setting or call of the session that runs the script, no rule's (decision 790).
  const bool static_member = input.kind == ps_kind::unknown && s_[start] == '[' &&
                             input.value.text.starts_with('[') &&
                             input.value.text.find("]::") != std::string::npos;
  if (static_member && peek() == '=' && peek(1) != '=') {
    ++i_;
    skip_inline_space();
    static_cast<void>(expression());  // a variable it names must exist
    unknowns_.clear();
    if (!at_statement_end() && peek() != '}') fail(i_, fmt::format("{}", unexpected_at(i_)));
    warn(start, fmt::format("{} = ...: a .NET setting of the session that runs the script, "
                            "which changes nothing mfsim simulates; the statement is skipped",
                            input.value.text));
    return;
  }
  if (static_member && (at_statement_end() || peek() == '}') && frames_.empty() &&
      captures_.empty()) {
    return;  // called for what it does on the machine; what it returns goes to the host
  }
  if (peek() == '|') {
    piped_statement(*this, std::move(input), start);
    return;
  }
  // [void](New-X ...) runs a command; $list.Add(x) changes a variable, and in a function outputs
  // what Add returns (an ArrayList's index), unless cast away; [IO.File]::WriteAllBytes() writes.
  const bool ran_command = statements_.size() > first_statement ||
                           variable_changes_ > changes_before || file_writes_ > writes_before;
  if (ran_command && (at_statement_end() || peek() == '}')) {
    const bool returned = input.kind != ps_kind::plain || input.value.type != value_type::null;
    if (statements_.size() == first_statement && returned &&
        !ascii_iequals(s_.substr(start, 6), "[void]")) {
      if (!captures_.empty() && !warned_add_output_) {
        // The classic slip: the caller's value gets the indexes before the items.
        warned_add_output_ = true;
        std::string_view call = s_.substr(start, std::min<std::size_t>(i_ - start, 60));
        while (!call.empty() && (call.back() == ' ' || call.back() == '\t')) call.remove_suffix(1);
        warn(start, fmt::format("{} outputs {}, which becomes part of the value this function or "
                                "statement gives, as in PowerShell; [void] or $null = discards it",
                                call,
                                input.value.type == value_type::number
                                    ? "the new item's index (ArrayList.Add)"
                                    : "whether the item was added (HashSet.Add)"));
      }
      output(std::move(input), start);
    }
    return;
  }
  if ((at_statement_end() || peek() == '}') && (!frames_.empty() || !captures_.empty())) {
    // A function's or an assigned statement's output, unless cast away with [void].
    if (!ascii_iequals(s_.substr(start, 6), "[void]")) output(std::move(input), start);
    return;
  }
  // `$rules`, `$list.Count`, `(Get-TransportRule X).WhenChanged`: shown by the host, as
  // Microsoft's examples do; a literal alone stays an error, more often a slip (decision 1137).
  if ((at_statement_end() || peek() == '}') && (s_[start] == '$' || s_[start] == '(')) return;
  if (at_statement_end() || peek() == '}') {
    fail(start,
         "a value alone is not a statement: expected a cmdlet, or an assignment such as "
         "$egress = '52.11.209.211', '104.30.32.0/24'");
  }
  fail(i_, fmt::format("{} after a value", unexpected_at(i_)));
}

bool parser::typed_assignment(std::size_t start) {
  const std::size_t close = block_end(i_);
  if (close == std::string_view::npos) return false;
  std::size_t k = close;
  while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
  if (k + 1 >= s_.size() || s_[k] != '$' || !is_letter(s_[k + 1])) return false;
  const std::size_t dollar = k++;
  std::string name;
  while (k < s_.size() && is_ident(s_[k])) name += s_[k++];
  while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
  const bool assigns =
      (k < s_.size() && s_[k] == '=' && s_.substr(k, 2) != "==") || s_.substr(k, 2) == "+=";
  if (!assigns) return false;
  // [type]$x = value: the variable keeps values converted to the type (about_Variables): the
  // type it had before does not convert this value, the new one converts the later ones.
  const std::string type(s_.substr(i_ + 1, close - i_ - 2));
  const std::string lower = ascii_lower_copy(name);
  will_assign(lower);
  typed_variables_.erase(lower);
  i_ = dollar;
  assignment();
  if (ps_value* const held = variables_.changeable(lower))
    *held = cast(start, type, std::move(*held));
  constrain(lower, type);
  return true;
}

}  // namespace mfsim::rules::ps
