// --define NAME=VALUE for scripts and Microsoft365DSC configurations, the recognition of a
// configuration's `Configuration NAME {` line.
#include <fmt/format.h>

#include <algorithm>

#include "engine/rules/load_any.h"
#include "engine/rules/load_powershell.h"

namespace mfsim::rules {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

bool starts_configuration(std::string_view line) noexcept {
  std::size_t k = 0;
  while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) ++k;
  constexpr std::string_view keyword = "configuration";
  if (line.size() - k < keyword.size() + 2) return false;
  if (!ascii_iequals(line.substr(k, keyword.size()), keyword)) return false;
  k += keyword.size();
  if (line[k] != ' ' && line[k] != '\t') return false;
  while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) ++k;
  const std::size_t name = k;
  while (k < line.size() && (is_name_char(line[k]) || line[k] == '-')) ++k;
  if (k == name) return false;
  while (k < line.size() && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r')) ++k;
  return k >= line.size() || line[k] == '\n' || line[k] == '{' || line[k] == '#';
}

std::optional<std::string> check_define_option(std::string_view define, std::string_view option) {
  const std::size_t eq = define.find('=');
  std::string_view name = define.substr(0, eq);
  if (!name.empty() && name.front() == '$') name.remove_prefix(1);
  if (eq == std::string_view::npos || name.empty() ||
      !std::all_of(name.begin(), name.end(), is_name_char)) {
    return fmt::format(
        "{} '{}': expected NAME=VALUE, NAME a variable name such as OrganizationName", option,
        define);
  }
  return std::nullopt;
}

std::string define_options_named(const std::vector<std::string>& define_options) {
  const bool base = std::find(define_options.begin(), define_options.end(), "--base-define") !=
                    define_options.end();
  const bool plain = std::any_of(define_options.begin(), define_options.end(),
                                 [](const std::string& o) { return o != "--base-define"; });
  if (!base) return "--define";
  return plain ? "--define and --base-define" : "--base-define";
}

script_context script_context_of(const import_options& options) {
  script_context context;
  for (std::size_t k = 0; k < options.defines.size(); ++k) {
    const std::string& define = options.defines[k];
    std::string option(options.define_option(k));
    const std::size_t eq = define.find('=');
    std::string name = define.substr(0, eq);
    if (!name.empty() && name.front() == '$') name.erase(0, 1);
    std::string value = eq == std::string::npos ? "" : define.substr(eq + 1);
    // A NAME given twice has the last value, as on any command line: every reader takes the one
    // entry (decision 584); the first read and the last assigned before.
    const auto given =
        std::find_if(context.defines.begin(), context.defines.end(),
                     [&](const script_define& d) { return ascii_iequals(d.name, name); });
    if (given != context.defines.end()) {
      given->value = std::move(value);
      given->option = std::move(option);
    } else {
      context.defines.push_back({std::move(name), std::move(value), std::move(option)});
    }
  }
  context.accepted_domains = options.accepted_domains;
  return context;
}

}  // namespace mfsim::rules
