// Wildcards in address parameters: Exchange compares -From and -SentTo with whole addresses
// (New-TransportRule: "You can use any value that uniquely identifies the sender"), so
// 'abuse@*' never matches; the *MatchesPatterns twins take patterns.
#include "engine/rules/address_wildcards.h"

#include <fmt/format.h>

namespace mfsim::rules {
namespace {

// The condition that matches patterns where `name` matches whole addresses; empty when none.
std::string pattern_twin(std::string_view name) {
  constexpr std::string_view except = "ExceptIf";
  const bool exception = name.substr(0, except.size()) == except;
  const std::string_view base = exception ? name.substr(except.size()) : name;
  std::string twin;
  if (base == "From") twin = "FromAddressMatchesPatterns";
  if (base == "SentTo") twin = "RecipientAddressMatchesPatterns";
  if (twin.empty()) return twin;
  return exception ? std::string(except) + twin : twin;
}

}  // namespace

bool report_address_wildcard(std::string_view name, std::string_view item, const source_span& where,
                             const std::string& ctx, param_style style,
                             std::vector<diagnostic>& out, bool transport_rule) {
  if (item.find_first_of("*?") == std::string_view::npos) return false;
  const std::string twin = transport_rule ? pattern_twin(name) : std::string();
  out.push_back(diagnostic{
      diag_code::bad_value, where,
      fmt::format("{} {}: '{}' has a wildcard, but {} takes whole addresses, so it would never "
                  "match{}",
                  param_label(name, style), ctx, item, param_label(name, style),
                  twin.empty() ? std::string()
                               : fmt::format("; to match a pattern use {} (a regular "
                                             "expression, such as '^abuse@')",
                                             param_label(twin, style)))});
  return true;
}

}  // namespace mfsim::rules
