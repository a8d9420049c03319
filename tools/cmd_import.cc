// `mfsim import FILE... [-o OUT]`: converts Exchange exports and scripts to an mfsim YAML file.
#include "tools/cmd_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "engine/engine.h"
#include "engine/rules/load_any.h"
#include "engine/rules/write_yaml.h"
#include "engine/terminal_text.h"
#include "tools/commands.h"
#include "tools/interrupted_report.h"
#include "tools/messages.h"
#include "tools/output_file.h"
#include "tools/output_guard.h"
#include "tools/rule_source.h"

namespace mfsim::tools {
namespace {

// A SenderIpRanges list that holds exactly an IP list's entries is written as `$name`, as the
// presets do: the file reads shorter, and a list that differs stands out.
void refer_to_ip_lists(rules::rule_set& set) {
  const auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  for (auto& rule : set.transport_rules) {
    for (auto* list : {&rule.conditions, &rule.exceptions}) {
      for (auto& c : *list) {
        if (c.kind != rules::condition_kind::sender_ip_ranges) continue;
        const auto values = sorted(c.values);
        for (const auto& ip : set.ip_lists) {
          if (!ip.entries.empty() && sorted(ip.entries) == values) {
            c.values = {"$" + ip.name};
            break;
          }
        }
      }
    }
  }
}

}  // namespace

int import_command(const import_arguments& args) {
  // The YAML must not land on a file it is made from (`import rules.yaml -o rules.yaml`), and a
  // path that cannot be written fails before the work.
  const std::string output = output_path(args.output);
  if (refuse_conflicting_outputs("import", {{"-o", output}}, command_inputs{{}, args.files})) {
    return kExitUsage;
  }
  // Until its YAML replaces it, -o holds a line that no rule-file reader takes for rules
  // (decision 720): an import that fails leaves no rule set of the import before for a later
  // `--rules` to load as if this one had made it.
  replace_last_records("import", output);
  output_file out;
  // A folder missing or read-only is a usage error, as a misspelt option (decision 781).
  if (!open_before_run("import", "-o", output, out)) return kExitUsage;
  rules::import_options options;
  options.egress_list = args.egress_list;
  options.strict = rule_loading().strict;
  options.defines = args.defines;
  rules::rule_set set;
  try {
    set = rules::load_rule_files(args.files, options);
    (void)compile(set);  // no YAML that run would refuse (a pattern that does not compile)
  } catch (const load_error& e) {
    print_diagnostics(e.diagnostics());
    return kExitUsage;
  } catch (const std::invalid_argument& e) {
    tell("mfsim import: --egress-list: {}\n", e.what());
    return kExitUsage;
  }
  print_diagnostics(set.imported.warnings);
  // Its first line, as kImportedYamlFirstLine says, tells a later import's -o that the file is
  // mfsim's own (decision 722).
  std::string comment(kImportedYamlFirstLine.substr(2));
  // YAML allows no control characters but tab and line ends, not even in a comment, and a
  // line end in a name would end the comment: names are written as a terminal shows them.
  for (const auto& file : args.files) comment += "\n  " + terminal_text(file);
  comment += fmt::format("\nArea 1 egress list: {} (--egress-list; see docs/import.md)",
                         terminal_text(args.egress_list));
  refer_to_ip_lists(set);
  out.write(rules::write_rule_set_yaml(set, comment));
  if (std::string error; !out.close(true, error)) {
    tell("mfsim import: {}\n", error);
    return kExitIoFailure;
  }
  if (!args.quiet) {
    // The scoped anti-spam policies are counted too: leaving them out read as if the
    // script's New-HostedContentFilterPolicy had been dropped.
    tell(
        "mfsim import: {} transport rule(s), {} quarantine policy(ies), anti-spam policy "
        "'{}'{}, egress list '{}'\n",
        set.transport_rules.size(), set.quarantine_policies.size(), set.antispam.name,
        set.scoped_antispam.empty()
            ? std::string()
            : fmt::format(" and {} scoped by recipient", set.scoped_antispam.size()),
        set.area1.egress_list.empty() ? std::string("none") : set.area1.egress_list);
    const auto& report = set.imported;
    if (report.ignored_commands + report.skipped_commands + report.warnings.size() > 0) {
      tell(
          "mfsim import: {} command(s) ignored (output, session and read-only "
          "cmdlets), {} skipped (outside mail-flow simulation), {} warning(s)\n",
          report.ignored_commands, report.skipped_commands, report.warnings.size());
    }
  }
  return kExitOk;
}

}  // namespace mfsim::tools
