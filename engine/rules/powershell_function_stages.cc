// A function the script defines as a pipeline's stage (`$domains | Add-Rule`, `1, 2 | F`): its
// begin block runs once, its process block once for each item piped in, with $_ (and a
// parameter declared ValueFromPipeline) set to the item, and its end block once, where $input
// holds the items (about_Functions, about_Functions_Advanced_Methods; decision 1165).
#include "engine/rules/powershell_function_stages.h"

#include <fmt/format.h>

#include <string>
#include <utility>

#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {

ps_value unbound_pipeline_parameter(parser& p, std::size_t start) {
  const std::string& name = p.frames_.back().piped_parameter;
  // A param( ) block ran the default already; a function Name($d = ...) has not.
  if (p.frames_.back().piped_default)
    return p.retyped(name, *p.frames_.back().piped_default, start);
  const auto f = p.functions_.find(ascii_lower_copy(p.frames_.back().function));
  if (f != p.functions_.end()) {
    for (const declared_parameter& d : p.declared_parameters(p.parameter_block_of(f->second))) {
      if (d.name != name) continue;
      if (d.default_value == std::string_view::npos)
        return p.retyped(name, p.unset_parameter(d.type, false, d.written, start), start);
      // The default, read where it is written, as run_function reads the others'.
      const std::size_t resume = p.i_;
      p.i_ = d.default_value;
      p.skip_separators();
      ps_value value = p.unary();
      p.unknowns_.clear();
      p.i_ = resume;
      return p.retyped(name, std::move(value), start);
    }
  }
  return plain(param_value{value_type::null, "", false, {}, p.at(start)});
}

bool takes_pipeline_value(std::string_view attribute) {
  // ValueFromPipeline, or ValueFromPipeline = $true; not ValueFromPipelineByPropertyName, which
  // binds an object's property, not the item itself.
  for (std::size_t at = attribute.find("valuefrompipeline"); at != std::string_view::npos;
       at = attribute.find("valuefrompipeline", at + 1)) {
    std::size_t k = at + 17;
    if (attribute.substr(k, 12) == "bypropertyna") continue;
    while (k < attribute.size() && (attribute[k] == ' ' || attribute[k] == '\t')) ++k;
    if (k < attribute.size() && attribute[k] == '=') {
      ++k;
      while (k < attribute.size() && (attribute[k] == ' ' || attribute[k] == '\t')) ++k;
      return attribute.substr(k, 6) != "$false";
    }
    return true;
  }
  return false;
}

void parser::run_function_stage(const ps_function& f, const ps_command& cmd,
                                std::vector<ps_value>& items, std::size_t stage) {
  const ps_function called = f;  // the body may define functions again
  std::vector<ps_value> got;
  {
    // The items, while the call runs: a change to a hash table reaches them.
    const held<std::vector<ps_value>*> live(held_items_, &items);
    output_capture capture(*this);
    run_function(called, cmd, stage, false, &items);
    got = capture.take();
  }
  std::vector<ps_value> out;
  for (const ps_value& value : got) {
    for (ps_value& one : pipeline_items(value)) out.push_back(std::move(one));
  }
  items = std::move(out);
}

void parser::bind_pipeline_input(const std::vector<declared_parameter>& declared,
                                 std::size_t start) {
  call_frame& frame = frames_.back();
  param_value input{value_type::list, "", false, {}, at(start)};
  for (const ps_value& item : *frame.piped) input.items.push_back(to_plain(item, start));
  unknowns_.clear();  // the items are known: a stage runs only over those
  will_assign("input");
  variables_["input"] = plain(std::move(input));
  for (const declared_parameter& p : declared) {
    if (!p.from_pipeline || frame.bound.contains(p.name)) continue;
    // The last item, as a body without a process block (the end block) sees it; the process
    // block binds each item in turn, and begin sees none (named_block).
    will_assign(p.name);
    constrain(p.name, declared_type(p.type));
    variables_[p.name] =
        retyped(p.name,
                frame.piped->empty() ? unset_parameter(p.type, false, p.written, start)
                                     : frame.piped->back(),
                start);
    frames_.back().bound.insert(p.name);  // a param( ) in the body leaves it
    frames_.back().piped_parameter = p.name;
    return;
  }
}

void parser::process_each_item(std::size_t open) {
  // Nested calls add frames: what this one needs is read before they do.
  const std::vector<ps_value>& items = *frames_.back().piped;
  const std::string parameter = frames_.back().piped_parameter;
  const current_item_scope item_variable(*this);
  const std::size_t construct = construct_start_;
  for (const ps_value& item : items) {
    unrolled_ += 1;
    const std::size_t before = statements_.size();
    variables_["_"] = item;
    variables_["psitem"] = item;
    // $input in a process block holds the item being processed (about_Automatic_Variables).
    param_value one{value_type::list, "", false, {}, at(open)};
    one.items.push_back(to_plain(item, open));
    unknowns_.clear();
    variables_["input"] = plain(std::move(one));
    if (!parameter.empty()) variables_[parameter] = retyped(parameter, item, open);
    i_ = open;
    try {
      block();
    } catch (const function_return&) {  // return ends the process block for this item only
      construct_start_ = construct;
      unknowns_.clear();
      i_ = open;
      skip_block(open);
    }
    charge_reread(open, open);
    unrolled_ += statements_.size() - before;
    if (unrolled_ > kMaxUnrolledStatements) {
      fail(open, fmt::format("the process block runs for its items to more than {} statements "
                             "(the PowerShell unrolling limit)",
                             kMaxUnrolledStatements));
    }
  }
  if (items.empty()) {
    i_ = open;
    skip_block(open);
  }
  // The process block took the items: the end block's $input is empty (decision 1198).
  variables_["input"] = plain(param_value{value_type::list, "", false, {}, at(open)});
}

}  // namespace mfsim::rules::ps
