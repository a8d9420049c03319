// Naming the argument the command line did not recognise, with the name the user meant.
#include "tools/unknown_arguments.h"

#include <fmt/format.h>

#include <string_view>

#include "engine/rules/validate.h"

namespace mfsim::tools {
namespace {

std::string closest_of(std::string_view given, const std::vector<std::string>& names) {
  const std::vector<std::string_view> candidates(names.begin(), names.end());
  return rules::did_you_mean(given, candidates);
}

}  // namespace

std::optional<std::string> unrecognised_argument(const unparsed_command& command) {
  if (command.left.empty()) return std::nullopt;
  // `mfsim runn ...`, `mfsim presets shw uc4`: the first word left was meant as a subcommand.
  const std::string& first = command.left.front();
  if (!command.subcommands.empty() && first[0] != '-') {
    return fmt::format("{}: unknown subcommand '{}'{}", command.name, first,
                       closest_of(first, command.subcommands));
  }
  for (const std::string& arg : command.left) {
    if (arg.size() < 2 || arg[0] != '-') continue;
    const std::string name = arg.substr(0, arg.find('='));  // --rule=uc4
    std::string hint = closest_of(name, command.options);
    if (hint.empty() && name.find_first_of("./") != std::string::npos) {
      hint = fmt::format(" (a path that starts with '-' is given as ./{})", name);
    }
    return fmt::format("{}: unknown option '{}'{}", command.name, name, hint);
  }
  return std::nullopt;
}

}  // namespace mfsim::tools
