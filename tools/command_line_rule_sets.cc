// The command lines of the subcommands about rule sets themselves (presets, generate, import,
// lint, parity): options, checks and --help.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "corpus/generator/generator.h"
#include "tools/cmd_generate.h"
#include "tools/cmd_import.h"
#include "tools/cmd_lint.h"
#include "tools/cmd_parity.h"
#include "tools/cmd_presets.h"
#include "tools/command_line_options.h"
#include "tools/commands.h"

namespace mfsim::tools {

void register_presets(CLI::App& app, std::function<int()>& run) {
  CLI::App* cmd = app.add_subcommand(
      "presets",
      "List the built-in rule sets (Cloudflare's use cases for Microsoft 365, Microsoft's own\n"
      "policies), print one as a YAML rule file to start your own from, or compare two.\n"
      "Reads no file; writes to standard output.\n\n"
      "Examples:\n"
      "  mfsim presets\n"
      "  mfsim presets show uc4 > my-rules.yaml\n"
      "  mfsim presets diff uc4 uc4-2025-07\n\n"
      "Exit status: 0 printed (presets diff: whether or not they differ); 1 the output could\n"
      "not be written; 2 usage error or no preset of that name.");
  auto name = std::make_shared<std::string>();
  CLI::App* show = cmd->add_subcommand("show", "Print a preset as YAML: mfsim presets show uc4");
  show->add_option("name", *name, "Preset name")->required();
  auto first = std::make_shared<std::string>();
  auto second = std::make_shared<std::string>();
  CLI::App* diff = cmd->add_subcommand(
      "diff",
      "What changed between two presets, setting by setting ('-' only in the first, '+' only\n"
      "in the second): mfsim presets diff uc4 uc4-2025-07");
  diff->add_option("first", *first, "Preset name")->required();
  diff->add_option("second", *second, "Preset name")->required();

  cmd->callback([show, diff, name, first, second, &run] {
    if (show->parsed()) {
      run = [name] { return presets_show_command(*name); };
      return;
    }
    if (diff->parsed()) {
      run = [first, second] { return presets_diff_command(*first, *second); };
      return;
    }
    run = [] { return presets_list_command(); };
  });
}

void register_generate(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<generate_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Write a synthetic corpus of Exchange Online messages behind Area 1 (Received chains, EOP\n"
      "verdict headers, dispositions in the mix asked for, egress and other senders, folded and\n"
      "encoded headers, some damaged messages) and the truth file: for every message, the\n"
      "contract fields (id ... error) that `mfsim run --rules PRESET --format jsonl OUT` must\n"
      "print, worked out from what was written. `mfsim check --rules PRESET --expect\n"
      "OUT.truth.jsonl OUT` compares them.\n\n"
      "Examples:\n"
      "  mfsim generate --count 1000 --seed 7 corpus-7              # corpus-7/000001.eml ...\n"
      "  mfsim generate --count 500 --format mbox --rules uc4-2023-01 spam-study\n"
      "  mfsim generate --count 2000 --mix UCE=50,none=50 --format maildir md\n\n"
      "The truth goes to OUT.truth.jsonl beside OUT (never inside it). The same arguments give "
      "the\n"
      "same bytes. Exit status: 0 written; 1 writing failed; 2 usage error, OUT not empty, or a\n"
      "rule set using what the generator cannot predict (only the use-case presets' features).");
  cmd->add_option("--count", args->count, "Number of messages to write")
      ->required()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  cmd->add_option("--seed", args->seed, "Seed of the generator (default 1)")
      ->check(
          [](const std::string& text) {
            // CLI11 2.1 reads "-1" as 2^64 - 1 and clamps a longer number: both would name
            // another corpus than the one asked for.
            std::uint64_t value = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            return ec == std::errc() && end == text.data() + text.size() && !text.empty()
                       ? std::string()
                       : fmt::format("'{}' is not a whole number from 0 to 18446744073709551615",
                                     text);
          },
          "0..2^64-1");
  cmd->add_option("--mix", args->mix,
                  "Disposition classes and weights, e.g. "
                  "MALICIOUS=5,SUSPICIOUS=5,SPOOF=5,UCE=10,BULK=10,none=65 "
                  "(default " +
                      std::string(corpus::kDefaultMix) + ")");
  cmd->add_option("--format", args->format,
                  "dir (OUT/000001.eml ...), mbox (OUT/messages.mbox) or maildir (OUT/cur, "
                  "OUT/new, OUT/tmp)")
      ->capture_default_str();
  cmd->add_option("--rules", args->rules, "The preset (or rule file) the truth is computed for")
      ->capture_default_str();
  add_rule_load_options(*cmd);
  add_define_option(*cmd, args->defines);
  cmd->add_option("--truth", args->truth, "Where to write the truth (default OUT.truth.jsonl)");
  cmd->add_flag("-q,--quiet", args->quiet, "No summary on stderr");
  cmd->add_option("out", args->out, "The corpus directory: created, or an existing empty one")
      ->required();
  cmd->callback([args, &run] { run = [args] { return generate_command(*args); }; });
}

void register_import(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<import_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Convert Exchange Online configuration to an mfsim YAML rule file: PowerShell scripts\n"
      "(New-TransportRule, Set-HostedContentFilterPolicy, New-QuarantinePolicy, ...),\n"
      "Microsoft365DSC configurations (Export-M365DSCConfiguration),\n"
      "Export-TransportRuleCollection XML, or Get-TransportRule / Get-HostedContentFilterPolicy /\n"
      "Get-QuarantinePolicy | ConvertTo-Json or Export-Clixml output. Several files make one\n"
      "rule set.\n\n"
      "Examples:\n"
      "  mfsim import rules.ps1 -o rules.yaml\n"
      "  mfsim import Rules.xml antispam.json quarantine.json -o tenant.yaml\n"
      "  mfsim import rules.json --egress-list preset:area1-office365-2022\n"
      "  mfsim import rules-clixml.xml -o rules.yaml   # Get-TransportRule | Export-Clixml\n"
      "  mfsim import M365TenantConfig.ps1 --define OrganizationName=contoso.onmicrosoft.com\n\n"
      "Writes the YAML to standard output or -o FILE, the load warnings and a summary to stderr.\n"
      "Exit status: 0 written; 1 the output could not be written; 2 usage error, a file that\n"
      "does not load (file:line:col), or -o naming an input or a folder that is missing or\n"
      "unwritable.");
  cmd->add_option("files", args->files, "Rule files (the format is recognised by content)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", args->output,
                  "Write the YAML to FILE (via a temporary file renamed at the end; until then "
                  "a FILE an import wrote holds a line saying the import did not finish, which no "
                  "command loads as rules) instead of stdout (-o - is stdout)");
  cmd->add_option("--egress-list", args->egress_list,
                  "Area 1's egress addresses for in_egress: preset:area1-office365 (default), "
                  "preset:area1-office365-2022, preset:area1-full, none, or IP entries "
                  "separated by commas");
  add_define_option(*cmd, args->defines);
  cmd->add_flag("-q,--quiet", args->quiet, "No summary line on stderr");
  add_rule_load_options(*cmd);
  cmd->callback([args, &run] { run = [args] { return import_command(*args); }; });
}

void register_lint(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<lint_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "lint",
      "Check a rule set for mistakes that load fine but misbehave with Area 1 and Exchange\n"
      "Online (docs/lint.md lists every finding). Prints each finding with file:line:col and a\n"
      "fix, then a summary, to standard output; load warnings go to stderr.\n\n"
      "Examples:\n"
      "  mfsim lint --rules uc4-2023-01\n"
      "  mfsim lint rules.ps1                       (the same as --rules rules.ps1)\n"
      "  mfsim lint --rules exported-rules.xml,antispam.json --format jsonl\n\n"
      "Exit status: 0 clean (info findings allowed); 1 a warning or an error finding; 2 usage\n"
      "error, a rule file that does not load, or output that cannot be written. Load warnings\n"
      "(on stderr) leave it as it is; with --strict they are errors, and it is 2.");
  // Also positional, as import's file is: `mfsim lint rules.ps1` is how admins first try it.
  cmd->add_option("--rules,rules", args->rules,
                  "A built-in preset or a rule file of any supported format (several joined by "
                  "commas); may be given without --rules")
      ->required();
  add_rule_load_options(*cmd);
  add_define_option(*cmd, args->defines);
  cmd->add_option("--format", args->format, "text (default) or jsonl: one JSON object per finding")
      ->check(CLI::IsMember({"text", "jsonl"}));
  cmd->callback([args, &run] { run = [args] { return lint_command(*args); }; });
}

void register_parity(CLI::App& app, std::function<int()>& run) {
  CLI::App* cmd = app.add_subcommand(
      "parity",
      "Print docs/parity.md (what mfsim does with each Exchange parameter) to standard output:\n"
      "  mfsim parity > docs/parity.md\n"
      "Exit status: 0 written, or with --check equal; 1 it differs, or a file could not be read\n"
      "or written.");
  cmd->group("");  // for maintainers: not in --help, the man page or the completion
  auto check = std::make_shared<std::string>();
  cmd->add_option("--check", *check,
                  "Compare FILE with what the tables give instead; exit 1 when they differ");
  cmd->callback([check, &run] { run = [check] { return parity_command(*check); }; });
}

}  // namespace mfsim::tools
