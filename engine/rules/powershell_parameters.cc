// The parameters a script or function declares and is not given: `param( [type]$Name =
// default, ... )` read, each left unset taking its type's empty value or its default, a
// --define converted to its declared type, a Mandatory one known only when the script runs
// (decisions 424, 437).
#include <fmt/format.h>

#include <string>
#include <utility>

#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {
namespace {

// What an unset script or function parameter of a type holds: $null converted to the type.
ps_value typed_default(std::string_view type, const source_span& where) {
  if (type == "[string]") return plain(param_value{value_type::text, "", false, {}, where});
  if (type == "[int]" || type == "[int32]" || type == "[long]" || type == "[int64]" ||
      type == "[double]") {
    return plain(param_value{value_type::number, "0", false, {}, where});
  }
  if (type == "[bool]" || type == "[switch]") {
    return plain(param_value{value_type::boolean, "", false, {}, where});
  }
  return plain(param_value{value_type::null, "", false, {}, where});
}

// The declared types a --define's text is converted to (the casts cast() reads; [bool] is
// left out: a define's "false" is a non-empty text, which [bool] would make $true).
bool defined_as_type(std::string_view type) {
  return type == "[string]" || type == "[int]" || type == "[int32]" || type == "[long]" ||
         type == "[int64]" || type == "[string[]]" || type == "[array]";
}

}  // namespace

ps_value parser::unset_parameter(std::string_view type, bool mandatory, std::string_view name,
                                 std::size_t start) {
  // Not given and not mandatory: $null converted to the declared type, as PowerShell binds
  // it ([string] "", [int] 0, [bool] and [switch] $false).
  ps_value value = typed_default(type, at(start));
  if (mandatory) {
    value.kind = ps_kind::unknown;
    value.value = param_value{value_type::text, fmt::format("${}", name), false, {}, at(start)};
    value.unknown_parts.push_back(
        frames_.empty()
            ? fmt::format("${} (a mandatory parameter of the script)", name)
            : fmt::format("${} (a mandatory parameter of the function {}, not given at its call)",
                          name, frames_.back().function));
  }
  return value;
}

// A --define's text converted to the parameter's declared type. A text the type refuses
// (`--define Days=abc` for `[int]$Days`) is an error at the parameter that names the define:
// the text comes from the command line, not from the script. The rest of the param( ) block is
// passed over with it, so that its closing ')' is not read as a statement of its own.
ps_value parser::define_as_declared(std::size_t name_start, std::size_t open,
                                    const std::string& type, const script_define& define) {
  try {
    return cast(name_start, type.substr(1, type.size() - 2),
                plain({value_type::text, define.value, false, {}, at(name_start)}));
  } catch (const syntax_failure&) {
    if (!out_.empty()) {
      out_.back().message = fmt::format("{} {}={}: {}", define.option, define.name, define.value,
                                        out_.back().message);
    }
    const std::size_t end = block_end(open);
    i_ = end == std::string_view::npos ? s_.size() : end;
    throw;
  }
}

// param( [attributes] [type]$Name = default, ... ): a parameter with a default takes it unless
// --define gives one; without a default it is known only when the script runs.
void parser::param_block(std::size_t start) {
  const nesting_guard guard(*this, start, "param(");
  const std::size_t block_open = i_;
  ++i_;
  bool mandatory = false;
  std::string type;  // the parameter's [type], lower-cased, as "[string]"
  while (true) {
    skip_separators();
    if (eof()) fail(start, "param( is not closed by ')'");
    if (peek() == ')') {
      ++i_;
      return;
    }
    if (peek() == ',') {
      ++i_;
      continue;
    }
    if (peek() == '[') {
      const std::size_t open = i_;
      skip_parens(i_);  // [Parameter(Mandatory)], [string], [ValidateSet(...)]
      const std::string attribute = ascii_lower_copy(std::string(s_.substr(open, i_ - open)));
      if (attribute.find("mandatory") != std::string::npos &&
          attribute.find("$false") == std::string::npos) {
        mandatory = true;
      }
      if (attribute.find('(') == std::string::npos) type = attribute;
      continue;
    }
    if (peek() != '$')
      fail(i_, fmt::format("expected a parameter ($Name) in param( ), found {}", found_at(i_)));
    const std::size_t name_start = i_;
    ++i_;
    std::string name;
    while (is_ident(peek())) name += peek(), ++i_;
    skip_separators();
    const auto define =
        std::find_if(context_.defines.begin(), context_.defines.end(),
                     [&](const script_define& d) { return ascii_iequals(d.name, name); });
    const bool defined = define != context_.defines.end();
    ps_value value = unset_parameter(type, mandatory, name, start);
    const bool has_default = peek() == '=';
    if (has_default) {
      ++i_;
      skip_separators();
      value = unary();  // a comma here separates parameters, not array items
      unknowns_.clear();
    }
    // In a function, what the call's arguments bound stays (powershell_functions.cc).
    const std::string lower = ascii_lower_copy(name);
    const bool bound = !frames_.empty() && frames_.back().bound.contains(lower);
    if (bound && has_default && lower == frames_.back().piped_parameter) {
      frames_.back().piped_default = std::move(value);  // for begin (decision 1215)
    } else if (!defined && !bound) {
      will_assign(lower);
      constrain(lower, declared_type(type));
      variables_[lower] = retyped(lower, std::move(value), name_start);
    } else if (defined && !bound && defined_as_type(type)) {
      // --define gives a text; PowerShell binds it converted to the declared type, as a typed
      // assignment converts its value (decision 425).
      will_assign(lower);
      defines_read_.insert(lower);
      variables_[lower] = define_as_declared(name_start, block_open, type, *define);
    }
    mandatory = false;
    type.clear();
  }
}

}  // namespace mfsim::rules::ps
