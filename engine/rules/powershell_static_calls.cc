// `[System.IO.File]::Method(...)`, as the Exchange cmdlet reference's own examples write a
// rule collection out (Export-TransportRuleCollection) and read one in
// (Import-TransportRuleCollection -FileData): a file of the machine running the script. Writing
// one changes nothing in the organisation; what reading one gives is known only when the script
// runs (docs/decisions.md 540). Any other class's static member is a value known only when the
// script runs (decision 790).
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "engine/rules/dotnet_string_methods.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"
#include "engine/utf8.h"

namespace mfsim::rules::ps {
namespace {

constexpr std::string_view writing_methods[] = {"WriteAllBytes", "WriteAllText", "WriteAllLines",
                                                "AppendAllText", "AppendAllLines"};
constexpr std::string_view reading_methods[] = {"ReadAllBytes", "ReadAllText", "ReadAllLines",
                                                "Exists"};

bool listed(std::span<const std::string_view> names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](std::string_view n) { return ascii_iequals(n, name); });
}

bool is_file_class(std::string_view type) {
  return ascii_iequals(type, "System.IO.File") || ascii_iequals(type, "IO.File");
}

bool is_string_class(std::string_view type) {
  return ascii_iequals(type, "string") || ascii_iequals(type, "System.String");
}

}  // namespace

ps_value parser::static_call(std::string_view type, std::size_t start) {
  const std::size_t colons = i_;
  std::string member;
  i_ += 2;
  while (is_ident(peek())) member += peek(), ++i_;
  if (member.empty()) {
    i_ = colons;
    fail(start,
         fmt::format("expected a member name after [{}]::, found {}", type, found_at(colons + 2)));
  }
  if (is_string_class(type) && peek() == '(') {
    if (std::optional<ps_value> tested = string_test(member, start)) return std::move(*tested);
  }
  const bool file = is_file_class(type);
  const bool writes = file && listed(writing_methods, member);
  if (!file || !(writes || listed(reading_methods, member))) {
    // Any other class's property or method (a TLS setting, a certificate, an escaped URL, an
    // HTTP status): .NET gives it on the machine that runs the script, so it is a value known
    // only then, an error only where a rule needs it (docs/decisions.md 790).
    std::string called = fmt::format("[{}]::{}", type, member);
    if (peek() == '(') {
      static_cast<void>(method_arguments(called, start));  // a variable they name must exist
      called += "(...)";
    }
    return unknown_value(std::move(called), at(start));
  }
  const std::string& method = member;
  if (peek() != '(') {
    i_ = colons;
    fail(start, fmt::format("[{}]::{} is a method: give its arguments in ( )", type, member));
  }
  // The arguments are read (a variable they name must exist) and their values dropped: the
  // file's path and content are the machine's business.
  static_cast<void>(method_arguments(fmt::format("[{}]::{}", type, method), start));
  if (writes) {
    ++file_writes_;
    return plain({value_type::null, "", false, {}, at(start)});  // a void method
  }
  const std::string written(s_.substr(start, std::min<std::size_t>(i_ - start, 80)));
  return unknown_value(written, at(start));
}

// String.IsNullOrEmpty(value) and String.IsNullOrWhiteSpace(value) of a value the script knows:
// PowerShell passes $null as null and converts anything else to its text first (decision 1184).
std::optional<ps_value> parser::string_test(std::string_view member, std::size_t start) {
  const bool white_space = ascii_iequals(member, "IsNullOrWhiteSpace");
  if (!white_space && !ascii_iequals(member, "IsNullOrEmpty")) return std::nullopt;
  const std::string called = fmt::format("[string]::{}", member);
  const std::vector<ps_value> args = method_arguments(called, start);
  if (args.size() != 1) {
    fail(start, fmt::format("{}() takes one value, found {}", called, args.size()));
  }
  const ps_value& arg = args.front();
  if (unknown_or_query(arg) || joined_by_unknown_ofs(arg)) {
    return unknown_value(called + "(...)", at(start));
  }
  bool result = arg.kind == ps_kind::plain && arg.value.type == value_type::null;
  if (!result) {
    const std::u32string chars = code_points(to_text(arg));
    result = white_space ? std::all_of(chars.begin(), chars.end(), is_dotnet_white_space)
                         : chars.empty();
  }
  return plain({value_type::boolean, "", result, {}, at(start)});
}

}  // namespace mfsim::rules::ps
