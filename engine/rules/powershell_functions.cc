// Functions a script defines and then calls (`function Connect { ... }`, `function
// Add-Rule($Name, $Text) { New-TransportRule ... }`): each call runs the body with its arguments
// bound to the declared parameters, as PowerShell does (about_Functions). A function's
// assignments are its own; it reads the caller's variables. Calls count against the unrolling
// budget and nest at most kMaxCallDepth deep (docs/decisions.md 412).
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "engine/rules/powershell_numeric_literals.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"
#include "engine/rules/powershell_undo.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {
std::string without_scope(std::string name, bool* outlives) {
  constexpr std::string_view kScopes[] = {"global:", "script:", "local:", "private:"};
  for (const auto scope : kScopes) {
    if (name.size() > scope.size() && ascii_iequals(name.substr(0, scope.size()), scope)) {
      if (outlives != nullptr) *outlives = scope == "global:" || scope == "script:";
      return name.substr(scope.size());
    }
  }
  return name;
}

void parser::function_definition(std::size_t start) {
  i_ += 8;  // "function"
  skip_inline_space();
  std::string name;
  while (!eof() && (is_ident(peek()) || peek() == '-' || peek() == ':' || peek() == '.'))
    name += peek(), ++i_;
  name = without_scope(std::move(name));
  if (name.empty()) fail(i_, fmt::format("expected the function's name, found {}", found_at(i_)));
  skip_inline_space();
  ps_function f;
  f.name = name;
  if (peek() == '(') {
    const std::size_t open = i_;
    skip_parens(start);
    // `function Name() { param(...) }`: empty parentheses leave the body's param( ) to declare.
    const std::string_view inside = s_.substr(open + 1, i_ - open - 2);
    if (inside.find_first_not_of(" \t\r\n") != std::string_view::npos) f.parameters = open;
  }
  skip_separators();
  if (peek() != '{')
    fail(i_, fmt::format("expected '{{' after function {}, found {}", name, found_at(i_)));
  f.body = i_;
  skip_block(start);
  functions_[ascii_lower_copy(name)] = std::move(f);
}

// The '(' of the function's parameters: after its name, or its body's leading param( ).
std::size_t parser::parameter_block_of(const ps_function& f) const {
  if (f.parameters != std::string_view::npos) return f.parameters;
  std::size_t k = f.body + 1;
  while (k < s_.size()) {
    const char c = s_[k];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';') {
      ++k;
    } else if (c == '#') {
      while (k < s_.size() && s_[k] != '\n') ++k;
    } else if (s_.substr(k, 2) == "<#") {
      const std::size_t e = s_.find("#>", k + 2);
      if (e == std::string_view::npos) return e;
      k = e + 2;
    } else if (c == '[') {  // [CmdletBinding()], [OutputType(...)]
      k = block_end(k);
      if (k == std::string_view::npos) return k;
    } else {
      break;
    }
  }
  if (!ascii_iequals(word_at(k), "param")) return std::string_view::npos;
  k += 5;
  while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t' || s_[k] == '\r' || s_[k] == '\n')) ++k;
  return k < s_.size() && s_[k] == '(' ? k : std::string_view::npos;
}

// The parameters declared in `( [attributes] [type]$Name = default, ... )`, in order.
std::vector<declared_parameter> parser::declared_parameters(std::size_t open) const {
  std::vector<declared_parameter> out;
  if (open == std::string_view::npos) return out;
  const std::size_t close = block_end(open);
  if (close == std::string_view::npos) return out;
  declared_parameter next;
  for (std::size_t k = open + 1; k + 1 < close;) {
    const char c = s_[k];
    if (c == '[') {
      const std::size_t end = block_end(k);
      if (end == std::string_view::npos) break;
      const std::string attribute = ascii_lower_copy(std::string(s_.substr(k, end - k)));
      if (attribute == "[switch]" || attribute == "[system.management.automation.switchparameter]")
        next.is_switch = true;
      if (attribute.find("mandatory") != std::string::npos &&
          attribute.find("$false") == std::string::npos)
        next.mandatory = true;
      next.from_pipeline = next.from_pipeline || takes_pipeline_value(attribute);
      if (attribute.find('(') == std::string::npos) next.type = attribute;
      k = end;
    } else if (c == '$') {
      ++k;
      while (k < close && is_ident(s_[k])) next.written += s_[k], ++k;
      next.name = ascii_lower_copy(next.written);
      while (k < close && (s_[k] == ' ' || s_[k] == '\t' || s_[k] == '\r' || s_[k] == '\n')) ++k;
      if (k < close && s_[k] == '=') next.default_value = k + 1;
      // To the ',' that ends this parameter, past any nested ( ), @( ), @{ } or quotes.
      while (k + 1 < close && s_[k] != ',') {
        if (s_[k] == '(' || s_[k] == '{' || s_[k] == '[' || s_[k] == '\'' || s_[k] == '"') {
          const std::size_t end =
              s_[k] == '\'' || s_[k] == '"' ? s_.find(s_[k], k + 1) + 1 : block_end(k);
          if (end == std::string_view::npos || end == 0) return out;
          k = end;
        } else {
          ++k;
        }
      }
      out.push_back(std::move(next));
      next = {};
    } else {
      ++k;
    }
  }
  return out;
}

// [CmdletBinding()] or a [Parameter()] attribute makes a function advanced (about_Functions_
// Advanced): it takes no values beyond its parameters.
bool parser::is_advanced(const ps_function& f, std::size_t open) const {
  if (open == std::string_view::npos) return false;
  const std::size_t from = std::min(open, f.body);
  const std::size_t close = block_end(open);
  if (close == std::string_view::npos) return false;
  const std::string text = ascii_lower_copy(std::string(s_.substr(from, close - from)));
  return text.find("[cmdletbinding") != std::string::npos ||
         text.find("[parameter(") != std::string::npos;
}

void parser::will_assign(const std::string& name) {
  // A dot-sourced call assigns in its caller's scope (about_Scopes, "Using dot-source
  // notation with scope"): the frame whose variables these are is the nearest other one.
  auto frame = frames_.rbegin();
  while (frame != frames_.rend() && frame->dot_sourced) ++frame;
  if (frame == frames_.rend()) return;
  auto& saved = frame->saved;
  if (saved.contains(name)) return;
  keep_frame_entry(*this, static_cast<std::size_t>(frames_.rend() - frame) - 1, name);
  const auto it = variables_.find(name);
  saved[name] = it == variables_.end() ? std::nullopt : std::optional<ps_value>(it->second);
  const auto typed = typed_variables_.find(name);
  if (typed == typed_variables_.end()) {
    frame->saved_types[name] = std::nullopt;
  } else {
    frame->saved_types[name] = typed->second;
    typed_variables_.erase(name);
  }
}

namespace {

// `map[name] = *value`, or no `name` where `value` is nullopt.
template <typename Map>
void put_or_erase(Map& map, const std::string& name,
                  const std::optional<typename Map::mapped_type>& value) {
  if (value) {
    map[name] = *value;
  } else {
    map.erase(name);
  }
}

// What `map` holds under `name`, nullopt for nothing.
template <typename Map>
std::optional<typename Map::mapped_type> held_in(const Map& map, const std::string& name) {
  const auto it = map.find(name);
  return it == map.end() ? std::nullopt : std::optional<typename Map::mapped_type>(it->second);
}

}  // namespace

script_variable_scope::script_variable_scope(parser& p, std::string name)
    : p_(p), name_(std::move(name)) {
  for (std::size_t k = 0; k < p_.frames_.size() && !outermost_; ++k) {
    if (p_.frames_[k].saved.contains(name_)) outermost_ = k;
  }
  if (!outermost_) return;  // $name is the script's variable itself
  // Swap the function's own variable for the script's, value and type.
  own_ = held_in(p_.variables_, name_);
  own_type_ = held_in(p_.typed_variables_, name_);
  auto& frame = p_.frames_[*outermost_];
  put_or_erase(p_.variables_, name_, frame.saved[name_]);
  put_or_erase(p_.typed_variables_, name_, frame.saved_types[name_]);
}

script_variable_scope::~script_variable_scope() {
  if (!outermost_ || *outermost_ >= p_.frames_.size()) return;
  keep_frame_entry(p_, *outermost_, name_);
  auto& frame = p_.frames_[*outermost_];
  // What the script's variable now holds is put aside again, for the call's end to give back.
  frame.saved[name_] = held_in(p_.variables_, name_);
  frame.saved_types[name_] = held_in(p_.typed_variables_, name_);
  put_or_erase(p_.variables_, name_, own_);
  put_or_erase(p_.typed_variables_, name_, own_type_);
}

void parser::leave_frame() {
  for (auto& [name, value] : frames_.back().saved) {
    if (value)
      variables_[name] = std::move(*value);
    else
      variables_.erase(name);
  }
  for (auto& [name, type] : frames_.back().saved_types) {
    if (type)
      typed_variables_[name] = std::move(*type);
    else
      typed_variables_.erase(name);
  }
  frames_.pop_back();
}

// The value of the call's element `index`: what a variable held, whole (a hash table stays
// one), else the value with the parts only the running script knows.
ps_value parser::argument_value(const ps_command& call, std::size_t index) const {
  const ps_element& e = call.elements[index];
  if (!e.variable.empty()) {
    if (const auto it = variables_.find(e.variable); it != variables_.end()) return it->second;
  }
  ps_value v = plain(e.value);
  const auto key = std::tuple<std::size_t, std::size_t, std::size_t>(
      static_cast<std::size_t>(call.where.line), static_cast<std::size_t>(call.where.col), index);
  if (const auto it = call_unknowns_.find(key); it != call_unknowns_.end()) {
    v.unknown_parts = it->second;
    if (e.value.type == value_type::text && v.unknown_parts.size() == 1 &&
        e.value.text == v.unknown_parts.front())
      v.kind = ps_kind::unknown;
  }
  return v;
}

// PowerShell's parameter binder gives a [bool] or [switch] parameter only a boolean or a number
// (0 is $false), and a [switch] $null too, and refuses anything else, a text 'False' among them
// (ArgumentTypeConverterAttribute.CheckBoolValue, "InvalidCastExceptionUnsupportedParameterType";
// decision 1068), where the cast [bool] would make any non-empty text $true.
void parser::refuse_non_boolean(const ps_command& call, const declared_parameter& p,
                                ps_value& value, std::size_t start) {
  std::string type = ascii_lower_copy(std::string(declared_type(p.type)));
  if (type.starts_with("system.")) type.erase(0, 7);
  if (type != "bool" && type != "boolean" && type != "switch" &&
      type != "management.automation.switchparameter")
    return;
  if (is_unknown(value) || value.kind == ps_kind::tenant_query) return;
  const value_type given = value.value.type;
  const bool is_switch = type == "switch" || type == "management.automation.switchparameter";
  if (value.kind == ps_kind::plain &&
      (given == value_type::boolean || given == value_type::number ||
       (given == value_type::null && is_switch)))
    return;
  // A bare 0.0 or 1e3 is a number in PowerShell's argument mode, which mfsim reads as a text;
  // a quoted '1' stays a text, which the binder refuses (decision 1117).
  const source_span& where = value.value.where;
  if (value.kind == ps_kind::plain && given == value_type::text &&
      bare_numbers_.contains({where.line, where.col})) {
    const std::optional<numeric_literal> number = numeric_literal_of(value.value.text);
    if (number && number->refused.empty()) {
      param_value read{value_type::number, number->value, false, {}, value.value.where};
      read.is_double = number->is_double;
      mark_int64(read, number->is_int64);
      value = plain(std::move(read));
      return;
    }
  }
  const std::string what =
      value.kind == ps_kind::plain && given == value_type::text
          ? fmt::format("the text '{}'", shortened_at(value.value.text, kQuotedPatternBytes))
      : value.kind == ps_kind::plain && given == value_type::list ? std::string("an array")
      : value.kind == ps_kind::plain && given == value_type::null ? std::string("$null")
                                                                  : std::string("an object");
  fail(start,
       fmt::format("{} -{}: cannot convert {} to [{}]: PowerShell binds a [{}] parameter "
                   "only a boolean or a number, such as $true, $false, 1 or 0",
                   call.name, p.written, what, declared_type(p.type), declared_type(p.type)));
}

void parser::bind_arguments(const ps_function& f, const std::vector<declared_parameter>& declared,
                            const ps_command& call, std::size_t start, bool takes_args) {
  std::set<std::string> bound;
  const auto bind = [&](const declared_parameter& p, ps_value value) {
    refuse_non_boolean(call, p, value, start);
    will_assign(p.name);
    constrain(p.name, declared_type(p.type));
    variables_[p.name] = retyped(p.name, std::move(value), start);
    bound.insert(p.name);
  };
  const auto find = [&](std::string_view written) -> const declared_parameter* {
    std::vector<const declared_parameter*> starting;
    for (const auto& p : declared) {
      if (ascii_iequals(p.name, written)) return &p;
      if (p.name.size() > written.size() &&
          ascii_iequals(p.name.substr(0, written.size()), written))
        starting.push_back(&p);
    }
    if (starting.size() > 1) {  // PowerShell: "the parameter name 'Al' is ambiguous"
      std::string names;
      for (const auto* p : starting) names += (names.empty() ? "" : ", ") + p->written;
      fail(start, fmt::format("{} -{}: -{} is ambiguous: {}", call.name, written, written, names));
    }
    return starting.empty() ? nullptr : starting.front();
  };
  std::vector<std::size_t> positional;
  for (std::size_t k = 0; k < call.elements.size(); ++k) {
    const ps_element& e = call.elements[k];
    if (!e.is_parameter) {
      positional.push_back(k);
      continue;
    }
    const declared_parameter* p = find(e.name);
    if (p == nullptr) {
      fail(start, fmt::format("{} -{}: the function {} declares no such parameter", call.name,
                              e.name, f.name));
    }
    if (e.has_value) {
      bind(*p, argument_value(call, k));
    } else if (p->is_switch || k + 1 >= call.elements.size() || call.elements[k + 1].is_parameter) {
      if (!p->is_switch) {
        fail(start, fmt::format("{} -{}: the parameter needs a value", call.name, e.name));
      }
      bind(*p, plain(param_value{value_type::boolean, "True", true, {}, e.where}));
    } else {
      bind(*p, argument_value(call, ++k));
    }
  }
  std::size_t next = 0;
  // $args: the values left over, in a function that is not advanced (about_Automatic_Variables).
  ps_value args = plain(param_value{value_type::list, "", false, {}, call.where});
  for (const std::size_t k : positional) {
    while (next < declared.size() &&
           (bound.contains(declared[next].name) || declared[next].is_switch))
      ++next;
    if (next < declared.size()) {
      bind(declared[next], argument_value(call, k));
    } else if (takes_args) {
      const ps_value extra = argument_value(call, k);
      if (extra.kind != ps_kind::plain || !extra.unknown_parts.empty()) {
        args = unknown_value(fmt::format("$args (the values a call of {} gave, one of them {})",
                                         f.name, to_text_brief(extra)),
                             call.where);
      } else if (args.kind == ps_kind::plain) {
        args.value.items.push_back(extra.value);
      }
    } else {
      fail(start, fmt::format("{}: more values than the function {} has parameters for", call.name,
                              f.name));
    }
  }
  if (takes_args) {
    will_assign("args");
    variables_["args"] = std::move(args);
  }
  frames_.back().bound = std::move(bound);
}

void parser::run_function(const ps_function& f, const ps_command& call, std::size_t start,
                          bool dot_sourced, const std::vector<ps_value>* piped) {
  if (std::cmp_greater_equal(frames_.size(), kMaxCallDepth)) {
    fail(start, fmt::format("{}: function calls nest deeper than {} (recursion is not read)",
                            call.name, kMaxCallDepth));
  }
  unrolled_ += 1;
  if (unrolled_ > kMaxUnrolledStatements) {
    fail(start, fmt::format("function calls and foreach unroll to more than {} statements",
                            kMaxUnrolledStatements));
  }
  const std::size_t resume = i_;
  const std::size_t before = statements_.size();
  // An error in the body passes over the call (and the construct it is in), not the body's own
  // if or foreach: the parser resumes after the call.
  const std::size_t construct = construct_start_;
  frames_.emplace_back();
  frames_.back().function = f.name;
  frames_.back().dot_sourced = dot_sourced;
  frames_.back().piped = piped;
  const auto restore = [&] {
    leave_frame();
    i_ = resume;
    construct_start_ = construct;
  };
  try {
    const std::size_t open = parameter_block_of(f);
    const std::vector<declared_parameter> declared = declared_parameters(open);
    bind_arguments(f, declared, call, start, !is_advanced(f, open));
    if (piped != nullptr) bind_pipeline_input(declared, start);
    // Name( ... ) defaults: a param( ) in the body sets its own when its block is read.
    if (f.parameters != std::string_view::npos) {
      for (const auto& p : declared) {
        if (frames_.back().bound.contains(p.name)) continue;
        ps_value value = unset_parameter(p.type, p.mandatory, p.written, start);
        if (p.default_value != std::string_view::npos) {
          i_ = p.default_value;
          skip_separators();
          value = unary();
          unknowns_.clear();
        }
        will_assign(p.name);
        constrain(p.name, declared_type(p.type));
        variables_[p.name] = retyped(p.name, std::move(value), start);
      }
    }
    i_ = f.body;
    frames_.back().body_depth = depth_ + 1;
    try {
      block();
    } catch (const function_return&) {
    }
    charge_reread(f.body, start);
  } catch (...) {
    restore();
    throw;
  }
  restore();
  unrolled_ += statements_.size() - before;
  if (unrolled_ > kMaxUnrolledStatements) {
    fail(start, fmt::format("function calls and foreach unroll to more than {} statements",
                            kMaxUnrolledStatements));
  }
}

bool parser::call_function(const ps_statement& st, std::size_t start, bool output_redirected) {
  const auto it = functions_.find(ascii_lower_copy(st.pipeline.front().name));
  if (it == functions_.end()) return false;
  // `F | G` is piped_function_output's (decision 1213): here F is the statement's one command.
  const ps_function f = it->second;                // the body may define functions again
  const bool dot = dot_sourced_call_at_ == start;  // `. F`
  if (output_redirected) {
    const output_capture shown(*this);  // `F > $null`: the output goes no further
    run_function(f, st.pipeline.front(), start, dot);
  } else {
    run_function(f, st.pipeline.front(), start, dot);
  }
  return true;
}

}  // namespace mfsim::rules::ps
