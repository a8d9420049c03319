// `mfsim presets` and `mfsim presets show NAME`: the built-in rule sets.
#include <fmt/format.h>

#include "engine/rules/presets.h"
#include "tools/commands.h"

namespace mfsim::tools {

void register_presets(CLI::App& app, std::function<int()>& run) {
  CLI::App* cmd = app.add_subcommand(
      "presets",
      "List the built-in rule sets (Cloudflare's Area 1 + Office 365 use cases), or print one\n"
      "as a YAML rule file to start your own from.");
  auto name = std::make_shared<std::string>();
  CLI::App* show = cmd->add_subcommand("show", "Print a preset as YAML: mfsim presets show uc4");
  show->add_option("name", *name, "Preset name")->required();

  cmd->callback([cmd, show, name, &run] {
    if (show->parsed()) {
      run = [name] {
        const auto yaml = rules::preset_yaml(*name);
        if (!yaml) {
          fmt::print(stderr, "mfsim presets show: no preset named '{}' (see `mfsim presets`)\n",
                     *name);
          return kExitUsage;
        }
        fmt::print("{}", *yaml);
        return kExitOk;
      };
      return;
    }
    (void)cmd;
    run = [] {
      for (const auto& p : rules::preset_list()) fmt::print("{:<14} {}\n", p.name, p.summary);
      return kExitOk;
    };
  });
}

}  // namespace mfsim::tools
