// Pipelines over values the script knows: `$domains | Where-Object { $_ -like '*.com' } |
// Sort-Object -Unique | ForEach-Object { New-TransportRule ... }` and `$names = $words |
// ForEach-Object { "Area 1 $_" }`. Each stage mfsim can run gets the items of the one before,
// as PowerShell streams them (about_Pipelines); from the first it cannot, what the pipeline
// outputs is known only when the script runs (docs/decisions.md 444).
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "engine/case_fold.h"
#include "engine/rules/powershell_cmdlet_catalog.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_runner.h"
#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {
namespace {

// Items the stages of a script's pipelines pass on, and pairs Sort-Object and Select-Object
// -Unique compare, at most: 200 Sort-Object stages over 100,000 items took 24 s, -Unique over
// 40,000 numbers compares 800 million pairs.
constexpr std::size_t kMaxPipelineWork = 5000000;

bool is_null(const ps_value& v) {
  return v.kind == ps_kind::plain && v.value.type == value_type::null;
}

bool named(const ps_element& e, std::string_view name) {
  return e.is_parameter && ascii_iequals(e.name, name);
}

// The value of parameter element `k` (-Name:value or -Name value); k moves past it.
const param_value* parameter_value(const ps_command& cmd, std::size_t& k) {
  const ps_element& e = cmd.elements[k];
  if (e.has_value) return &e.value;
  if (k + 1 >= cmd.elements.size() || cmd.elements[k + 1].is_parameter) return nullptr;
  return &cmd.elements[++k].value;
}

// Whether the switch `e` is on: written alone, or given $true or a number other than 0 (a
// [long] 0 included, whose Int64 mark shares a boolean's `flag`); nullopt for another value,
// such as a text, which PowerShell's binder refuses a switch.
std::optional<bool> switch_on(const ps_element& e) {
  if (!e.has_value) return true;
  if (e.value.type == value_type::boolean) return e.value.flag;
  if (e.value.type != value_type::number) return std::nullopt;
  const std::optional<double> n = invariant_number_in(e.value.text);
  if (!n) return std::nullopt;
  return *n != 0;
}

std::optional<std::size_t> count_of(const param_value* v) {
  if (v == nullptr || v->type != value_type::number) return std::nullopt;
  const std::optional<long long> n = whole_number_in(v->text);
  if (!n || *n < 0) return std::nullopt;
  return static_cast<std::size_t>(*n);
}

}  // namespace

current_item_scope::current_item_scope(parser& p) : p_(p) {
  std::size_t k = 0;
  for (const char* name : {"_", "psitem"}) {
    if (const auto it = p_.variables_.find(name); it != p_.variables_.end()) saved_[k] = it->second;
    p_.will_assign(name);
    ++k;
  }
  // Put aside, and still reached by changes to a hash table it is (decision 447).
  for (auto& saved : saved_) {
    if (saved) p_.held_values_.push_back(&*saved);
  }
}

current_item_scope::~current_item_scope() {
  for (const auto& saved : saved_) {
    if (saved) p_.held_values_.pop_back();
  }
  std::size_t k = 0;
  for (const char* name : {"_", "psitem"}) {
    if (saved_[k])
      p_.variables_[name] = std::move(*saved_[k]);
    else
      p_.variables_.erase(name);
    ++k;
  }
}

std::vector<ps_value> pipeline_items(const ps_value& value) {
  std::vector<ps_value> items;
  if (value.kind != ps_kind::plain || value.value.type != value_type::list) {
    items.push_back(value);  // $null too: PowerShell sends it down the pipeline once
    return items;
  }
  for (const param_value& item : value.value.items)
    items.push_back(item.type == value_type::mapping ? table_from_mapping(item) : plain(item));
  return items;
}

std::optional<std::vector<ps_value>> parser::run_block_per_item(std::vector<ps_value>& items,
                                                                std::size_t stage, bool filter) {
  const std::size_t body = i_;
  const current_item_scope item_variable(*this);  // $_ / $PSItem, as before the pipeline after
  // break and continue do not end a pipeline (decision 452): an error where they are.
  const jump_scope scope(*this, {jump_kind::pipeline, {}});
  const std::size_t construct = construct_start_;
  std::vector<ps_value> out;
  // The items, and what the block gave so far: a change to a hash table reaches them.
  const held<std::vector<ps_value>*> live(held_items_, &items);
  const held<std::vector<ps_value>*> given(held_items_, &out);
  bool undecided = false;
  for (const ps_value& item : items) {
    unrolled_ += 1;
    const std::size_t before = statements_.size();
    variables_["_"] = item;
    variables_["psitem"] = item;
    std::vector<ps_value> got;
    {
      output_capture capture(*this);
      i_ = body;
      try {
        block();
      } catch (const function_return&) {  // return: the block is done with this item
        construct_start_ = construct;
        unknowns_.clear();
        i_ = body;
        skip_block(stage);
      }
      got = capture.take();
    }
    charge_reread(body, stage);
    unrolled_ += statements_.size() - before;
    if (unrolled_ > kMaxUnrolledStatements) {
      fail(stage, fmt::format("the pipeline runs its script blocks to more than {} statements and "
                              "items (the PowerShell unrolling limit)",
                              kMaxUnrolledStatements));
    }
    if (!filter) {
      for (const ps_value& value : got) {
        for (ps_value& one : pipeline_items(value)) out.push_back(std::move(one));
      }
      continue;
    }
    const ps_value kept = collected(std::move(got), stage);
    if (unknown_or_query(kept)) {
      // Which items pass is known only when the script runs: so is the pipeline's output.
      undecided = true;
      break;
    }
    if (truthy(kept)) out.push_back(item);
  }
  if (items.empty() || undecided) {
    i_ = body;
    skip_block(stage);
  }
  if (undecided) return std::nullopt;
  return out;
}

bool parser::sort_items(const ps_command& cmd, std::vector<ps_value>& items, std::size_t stage) {
  bool descending = false, unique = false, case_sensitive = false;
  std::string property;
  for (std::size_t k = 0; k < cmd.elements.size(); ++k) {
    const ps_element& e = cmd.elements[k];
    if (named(e, "Descending") || named(e, "Unique") || named(e, "CaseSensitive")) {
      const std::optional<bool> on = switch_on(e);
      if (!on) return false;
      (named(e, "Descending") ? descending : named(e, "Unique") ? unique : case_sensitive) = *on;
    } else if ((named(e, "Property") || (!e.is_parameter && k == 0))) {
      const param_value* v = e.is_parameter ? parameter_value(cmd, k) : &e.value;
      if (v == nullptr || v->type != value_type::text) return false;
      property = v->text;
    } else {
      return false;
    }
  }
  std::vector<param_value> keys;
  for (const ps_value& item : items) {
    if (property.empty()) {
      if (item.kind != ps_kind::plain) return false;
      keys.push_back(item.value);
      continue;
    }
    const ps_entry* e = item.kind == ps_kind::table ? find_entry(item.entries, property) : nullptr;
    if (e == nullptr || e->value.kind != ps_kind::plain) return false;
    keys.push_back(e->value.value);
  }
  std::vector<std::size_t> order(items.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    count_pipeline_work(1, stage);
    const int c = values_order(keys[a], keys[b], case_sensitive, stage);
    return descending ? c > 0 : c < 0;
  });
  std::vector<ps_value> sorted;
  for (std::size_t n = 0; n < order.size(); ++n) {
    const std::size_t k = order[n];
    if (unique && n > 0 && values_equal(keys[order[n - 1]], keys[k], case_sensitive)) continue;
    sorted.push_back(std::move(items[k]));
  }
  items = std::move(sorted);
  return true;
}

bool parser::select_items(const ps_command& cmd, std::vector<ps_value>& items, std::size_t stage) {
  std::optional<std::size_t> first, last, skip;
  bool unique = false;
  std::string expand;
  for (std::size_t k = 0; k < cmd.elements.size(); ++k) {
    const ps_element& e = cmd.elements[k];
    if (named(e, "First") || named(e, "Last") || named(e, "Skip")) {
      const std::optional<std::size_t> n = count_of(parameter_value(cmd, k));
      if (!n) return false;
      (named(e, "First") ? first : named(e, "Last") ? last : skip) = n;
    } else if (named(e, "Unique")) {
      const std::optional<bool> on = switch_on(e);
      if (!on) return false;
      unique = *on;
    } else if (named(e, "ExpandProperty")) {
      const param_value* v = parameter_value(cmd, k);
      if (v == nullptr || v->type != value_type::text) return false;
      expand = v->text;
    } else {
      return false;  // -Property projections build objects mfsim does not model
    }
  }
  // PowerShell's SelectObjectCommand passes $null items over, picks the items (-Skip from the
  // start, with -First or alone; from the end with -Last alone; -First and -Last keep both
  // ends), and only then expands and keeps the unique ones.
  std::erase_if(items, is_null);
  const std::size_t n = items.size(), skipped = std::min(n, skip.value_or(0));
  const std::size_t first_n = first.value_or(0), last_n = last.value_or(0);
  std::vector<ps_value> picked;
  const auto pick = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) picked.push_back(std::move(items[k]));
  };
  if (first_n > 0) {
    const std::size_t head_end = skipped + std::min(first_n, n - skipped);
    pick(skipped, head_end);
    if (last_n > 0) pick(std::max(head_end, n - std::min(last_n, n)), n);
  } else if (last_n > 0) {
    const std::size_t end = n - skipped;
    pick(end - std::min(last_n, end), end);
  } else if (!first && !last) {
    pick(skipped, n);
  }  // -First 0, -Last 0: none
  items = std::move(picked);
  if (!expand.empty()) {
    std::vector<ps_value> values;
    for (const ps_value& item : items) {
      const ps_entry* e = item.kind == ps_kind::table ? find_entry(item.entries, expand) : nullptr;
      if (e == nullptr) return false;
      for (ps_value& one : pipeline_items(e->value)) {
        if (!is_null(one)) values.push_back(std::move(one));
      }
    }
    items = std::move(values);
  }
  return !unique || unique_items(items, stage);
}

bool parser::unique_items(std::vector<ps_value>& items, std::size_t stage) {
  // Select-Object -Unique compares each item with those kept, with case (its reference says
  // so). Texts equal so have the same folded text: a text is compared only with the texts
  // kept of that folded text, and with the other values kept, which are few where a list is
  // long; any other value with everything kept, within the pipelines' budget.
  std::vector<ps_value> kept;
  std::unordered_map<std::string, std::vector<std::size_t>> texts;  // folded -> in `kept`
  std::vector<std::size_t> others;                                  // in `kept`
  std::vector<std::size_t> everything;                              // in `kept`
  const auto seen_in = [&](const std::vector<std::size_t>& candidates, const ps_value& item) {
    for (const std::size_t k : candidates) {
      count_pipeline_work(1, stage);
      if (values_equal(item.value, kept[k].value, true)) return true;
    }
    return false;
  };
  for (ps_value& item : items) {
    if (item.kind != ps_kind::plain) return false;
    if (item.value.type == value_type::text) {
      std::vector<std::size_t>& same = texts[case_folded_copy(item.value.text)];
      if (seen_in(same, item) || seen_in(others, item)) continue;
      same.push_back(kept.size());
    } else {
      if (seen_in(everything, item)) continue;
      others.push_back(kept.size());
    }
    everything.push_back(kept.size());
    kept.push_back(std::move(item));
  }
  items = std::move(kept);
  return true;
}

void parser::count_pipeline_work(std::size_t units, std::size_t stage) {
  pipeline_work_ = capped_sum(pipeline_work_, units);
  if (pipeline_work_ > kMaxPipelineWork) {
    fail(stage, fmt::format("pipelines sort, compare and pass on more than {} items (the "
                            "PowerShell unrolling limit)",
                            kMaxPipelineWork));
  }
}

bool parser::run_stage(const ps_command& cmd, std::vector<ps_value>& items, std::size_t stage) {
  count_pipeline_work(items.size(), stage);
  const bool block_next = peek() == '{';
  const auto only = [&](std::string_view parameter) {
    return cmd.elements.empty() || (cmd.elements.size() == 1 && named(cmd.elements[0], parameter) &&
                                    !cmd.elements[0].has_value);
  };
  if (const auto f = functions_.find(ascii_lower_copy(cmd.name));
      f != functions_.end() && !block_next) {
    run_function_stage(f->second, cmd, items, stage);
    return true;
  }
  if (ascii_iequals(cmd.name, "ForEach-Object") && block_next && only("Process")) {
    items = *run_block_per_item(items, stage, false);
    return true;
  }
  if (ascii_iequals(cmd.name, "Where-Object") && block_next && only("FilterScript")) {
    std::optional<std::vector<ps_value>> kept = run_block_per_item(items, stage, true);
    if (!kept) return false;  // read, and the stage's block passed
    items = std::move(*kept);
    return true;
  }
  if (block_next) return false;
  if (ascii_iequals(cmd.name, "ForEach-Object") && cmd.elements.size() == 1 &&
      !cmd.elements[0].is_parameter && cmd.elements[0].value.type == value_type::text) {
    // `ForEach-Object Name`: each item's key or property of that name, else its own member
    // (a hash table's Keys), else $null: ForEach-Object writes $null for an item that lacks
    // the member, unless strict mode is on (decision 690).
    const std::string& name = cmd.elements[0].value.text;
    std::vector<ps_value> values;
    bool warned = false;
    for (const ps_value& written : items) {
      const bool mapping =
          written.kind == ps_kind::plain && written.value.type == value_type::mapping;
      const ps_value item = mapping ? table_from_mapping(written.value) : written;
      if (item.kind != ps_kind::table) return false;
      const ps_entry* e = find_entry(item.entries, name);
      std::optional<ps_value> own;
      if (e == nullptr) own = table_member(item, name, nullptr, stage);
      const ps_value got = e != nullptr ? e->value
                           : own        ? *own
                                        : plain({value_type::null, "", false, {}, at(stage)});
      if (got.kind == ps_kind::plain && got.value.type == value_type::null) {
        if (e == nullptr && !own && !warned) {
          warned = true;  // once a stage: a parameter given $null is left out
          warn(stage, fmt::format("ForEach-Object {}: an item has no member {}, so it passes "
                                  "$null on, as PowerShell does without strict mode",
                                  name, name));
        }
        values.push_back(got);  // one $null, not an empty pipeline
        continue;
      }
      for (ps_value& one : pipeline_items(got)) values.push_back(std::move(one));
    }
    items = std::move(values);
    return true;
  }
  if (ascii_iequals(cmd.name, "Sort-Object")) return sort_items(cmd, items, stage);
  if (ascii_iequals(cmd.name, "Select-Object")) return select_items(cmd, items, stage);
  if (ascii_iequals(cmd.name, "Out-Null") && cmd.elements.empty()) {
    items.clear();
    return true;
  }
  return false;
}

void parser::skip_unrun_block(const ps_command& cmd, std::size_t stage) {
  const std::size_t close = block_end(i_);
  const std::pair<std::size_t, std::size_t> body{i_, close == std::string_view::npos ? i_ : close};
  // A block mfsim does not run must not be one that would create or change rules.
  if (close != std::string_view::npos && !read_harmless({&body, 1})) {
    // The parser resumes after the pipeline, not inside the block.
    if (construct_start_ == std::string_view::npos) skip_pipeline_after(body.first);
    fail(stage,
         fmt::format("{} {{ ... }} runs for items known only when the script runs, and "
                     "its block can change mail flow: mfsim cannot tell what it does "
                     "(pipe an array the script writes)",
                     cmd.name),
         diag_code::bad_value);
  }
  skip_block(stage);
}

void parser::skip_pipeline_after(std::size_t block) {
  const std::size_t end = block_end(block);
  i_ = end == std::string_view::npos ? s_.size() : end;
  while (true) {
    skip_inline_space();
    if (peek() != '|') return;
    ++i_;
    skip_separators();
    while (!eof() && !at_statement_end() && peek() != '{' && peek() != '|') ++i_;
    if (peek() == '{') {
      const std::size_t close = block_end(i_);
      i_ = close == std::string_view::npos ? s_.size() : close;
    }
  }
}

known_pipeline parser::run_known_pipeline(const ps_value& input, std::size_t start, bool in_parens,
                                          bool run) {
  known_pipeline result;
  if (run) result.items = pipeline_items(input);
  bool first_stage = true;
  while (peek() == '|') {
    ++i_;
    skip_separators();
    const std::size_t stage = i_;
    if (!is_letter(peek()) && peek() != '%' && peek() != '?')
      fail(i_, fmt::format("expected a cmdlet after '|', found {}", found_at(i_)));
    const std::size_t ignored_before = unknowns_ignored_;
    const ps_command cmd = command();
    unknowns_.clear();
    skip_inline_space();
    // A stage given a value only the running script knows is not run: its items would be
    // chosen by a value mfsim does not have.
    const bool runs = run && result.unread.empty() && unknowns_ignored_ == ignored_before;
    bool ran = false;
    if (runs) {
      const std::size_t block = peek() == '{' ? i_ : std::string_view::npos;
      // The first stage walks .Keys as PowerShell does, live: a change to the table meanwhile is
      // an error (later stages may get the items after the walk has ended).
      std::optional<held<table_walk>> walk;
      if (input.walks_table != 0 && result.unread_commands.empty() && first_stage)
        walk.emplace(tables_walked_, table_walk{input.walks_table, "the pipeline", at(start).line});
      first_stage = false;
      try {
        ran = run_stage(cmd, result.items, stage);
      } catch (const syntax_failure&) {
        // An error in a stage's block: outside any block statement, the parser resumes after
        // the whole pipeline, not inside the block (whose '}' would be read as a statement).
        if (construct_start_ == std::string_view::npos && block != std::string_view::npos)
          skip_pipeline_after(block);
        throw;
      }
    }
    if (!ran) {
      if (powershell::applies_to_organisation(cmd.name)) {
        fail(stage, fmt::format("{} fed by '|': mfsim runs a cmdlet that changes the "
                                "organisation only as a statement of its own",
                                cmd.name));
      }
      result.unread += " | " + cmd.name;
      result.unread_commands.push_back(cmd);
      if (peek() == '{') skip_unrun_block(cmd, stage);
    }
    skip_inline_space();
  }
  if (!at_statement_end() && peek() != (in_parens ? ')' : '}'))
    fail(i_, fmt::format("{}", unexpected_at(i_)));
  (void)start;
  return result;
}

}  // namespace mfsim::rules::ps
