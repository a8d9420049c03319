// Naming the argument CLI11 did not recognise, with the name the user probably meant.
#include "tools/unknown_arguments.h"

#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "engine/rules/validate.h"

namespace mfsim::tools {
namespace {

// The subcommand the parse reached last: `presets show`, `run`, or the top level itself.
const CLI::App& deepest_parsed(const CLI::App& app) {
  const CLI::App* at = &app;
  for (;;) {
    const auto parsed = at->get_subcommands();
    if (parsed.empty()) return *at;
    at = parsed.front();
  }
}

std::string command_name(const CLI::App& app) {
  std::string name;
  for (const CLI::App* at = &app; at != nullptr; at = at->get_parent()) {
    name = name.empty() ? at->get_name() : at->get_name() + " " + name;
  }
  return name;
}

std::optional<std::string> unknown_option(const CLI::App& app, std::string_view given) {
  const std::string_view name = given.substr(0, given.find('='));  // --rule=uc4
  std::vector<std::string> spelt;  // every option's names, "--rules", "-o", ...
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& l : option->get_lnames()) spelt.push_back("--" + l);
    for (const std::string& s : option->get_snames()) spelt.push_back("-" + s);
  }
  const std::vector<std::string_view> candidates(spelt.begin(), spelt.end());
  std::string hint = rules::did_you_mean(name, candidates);
  if (hint.empty() && name.find_first_of("./") != std::string_view::npos) {
    hint = fmt::format(" (a path that starts with '-' is given as ./{})", name);
  }
  return fmt::format("{}: unknown option '{}'{}", command_name(app), name, hint);
}

std::optional<std::string> unknown_subcommand(const CLI::App& app, std::string_view given) {
  std::vector<std::string_view> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  return fmt::format("{}: unknown subcommand '{}'{}", command_name(app), given,
                     rules::did_you_mean(given, names));
}

}  // namespace

std::optional<std::string> unrecognised_argument(const CLI::App& app) {
  const CLI::App& reached = deepest_parsed(app);
  const std::vector<std::string> left = reached.remaining();
  if (left.empty()) return std::nullopt;
  // `mfsim runn ...`, `mfsim presets shw uc4`: the first word left was meant as a subcommand.
  if (!reached.get_subcommands({}).empty() && left.front()[0] != '-') {
    return unknown_subcommand(reached, left.front());
  }
  for (const std::string& arg : left) {
    if (arg.size() > 1 && arg[0] == '-') return unknown_option(reached, arg);
  }
  return std::nullopt;
}

}  // namespace mfsim::tools
