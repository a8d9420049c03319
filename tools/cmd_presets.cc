// `mfsim presets`, `mfsim presets show NAME` and `mfsim presets diff A B`: the built-in rule sets.
#include "tools/cmd_presets.h"

#include <fmt/format.h>

#include "engine/rules/presets.h"
#include "engine/rules/yaml_diff.h"
#include "tools/exit_status.h"
#include "tools/messages.h"
#include "tools/output_file.h"
#include "tools/rule_source.h"

namespace mfsim::tools {
namespace {

// How the names are built, printed after the list so that it explains itself.
constexpr const char* kNaming =
    "\n"
    "  Names (every line above starting in the first column is a preset):\n"
    "  ucN          Cloudflare's use case N for Area 1 as MX in front of Office 365, as corrected\n"
    "               on 2023-08-01 (header X-Area1Security-Disposition, word UCE)\n"
    "  ucN-2023-01  the same pages as first published (word SPAM, which Area 1 never writes)\n"
    "  ucN-2025-07  today's Email Security pages (header X-CFEmailSecurity-Disposition, junk\n"
    "               rule BULK only in use cases 2, 3, 5; Cloudflare keeps MALICIOUS and SPAM)\n"
    "  eop-*        Microsoft's Default, Standard and Strict anti-spam policies, no Cloudflare\n"
    "  Every ucN preset takes Cloudflare's current egress list (area1-office365). What changed\n"
    "  between two: mfsim presets diff uc4 uc4-2025-07\n";

}  // namespace

int presets_diff_command(const std::string& first, const std::string& second) {
  const auto a = rules::preset_yaml(first);
  const auto b = rules::preset_yaml(second);
  for (const auto* missing : {a ? nullptr : &first, b ? nullptr : &second}) {
    if (missing != nullptr) {
      tell("mfsim presets diff: no preset named '{}'{} (see `mfsim presets`)\n", *missing,
           closest_preset(*missing));
      return kExitUsage;
    }
  }
  const auto differences = rules::diff_yaml(*a, *b);
  std::string out = fmt::format("--- {}\n+++ {}\n", first, second);
  for (const auto& d : differences) out += fmt::format("{} {}\n", d.added ? '+' : '-', d.line);
  if (differences.empty()) out += "(the two presets are the same)\n";
  return write_standard_output("presets diff", out);
}

int presets_show_command(const std::string& name) {
  const auto yaml = rules::preset_yaml(name);
  if (!yaml) {
    tell("mfsim presets show: no preset named '{}'{} (see `mfsim presets`)\n", name,
         closest_preset(name));
    return kExitUsage;
  }
  return write_standard_output("presets show", *yaml);
}

int presets_list_command() {
  std::string out;
  for (const auto& p : rules::preset_list()) out += fmt::format("{:<13} {}\n", p.name, p.summary);
  return write_standard_output("presets", out + kNaming);
}

}  // namespace mfsim::tools
