// `mfsim lint --rules R`: findings about a rule set, with positions and suggested fixes.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "engine/engine.h"
#include "engine/escape.h"
#include "engine/lint/lint.h"
#include "engine/report/jsonl_writer.h"
#include "engine/terminal_text.h"
#include "tools/commands.h"
#include "tools/output_file.h"
#include "tools/rule_source.h"

namespace mfsim::tools {
namespace {

struct lint_arguments {
  std::string rules;
  std::string format = "text";
  std::vector<std::string> defines;  // --define NAME=VALUE for scripts
};

std::string json_line(const lint::finding& f) {
  std::string out = "{\"id\":";
  append_json_string(out, f.id);
  out += ",\"severity\":";
  append_json_string(out, lint::to_string(f.level));
  out += ",\"file\":";
  append_json_string(out, f.where.file);
  out += fmt::format(",\"line\":{},\"col\":{},\"message\":", f.where.line, f.where.col);
  append_json_string(out, f.message);
  out += ",\"fix\":";
  append_json_string(out, f.fix);
  out += "}\n";
  return out;
}

int lint_command(const lint_arguments& args) {
  rules::rule_set set;
  try {
    set = load_rules(args.rules, args.defines);
    // What run refuses, lint refuses too: a pattern Boost.Regex does not compile is found when
    // the plan is compiled, not when the file is read.
    (void)compile(set);
  } catch (const load_error& e) {
    print_diagnostics(e.diagnostics());
    return kExitUsage;
  }
  const auto findings = lint::lint_rule_set(set);
  std::string out;
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& f : findings) {
    ++counts[static_cast<int>(f.level)];
    out += args.format == "jsonl" ? json_line(f) : lint::format_text(f);
  }
  if (args.format != "jsonl") {
    const std::string source = terminal_text(set.source);  // a file name: shown inert
    // The loader's own warnings (a cmdlet skipped, an object the script never created) were
    // printed above as it read the file; the summary counts them apart from the findings.
    const std::size_t load_warnings = set.imported.warnings.size();
    const std::string loaded =
        load_warnings == 0 ? std::string()
                           : fmt::format("; loading it warned {} time(s), above", load_warnings);
    out += findings.empty() ? fmt::format("{}: no findings{}\n", source, loaded)
                            : fmt::format("{}: {} error(s), {} warning(s), {} info{}\n", source,
                                          counts[0], counts[1], counts[2], loaded);
  }
  // 1 means findings: an output that cannot be written is told apart as check and diff do.
  if (write_standard_output("lint", out) != kExitOk) return kExitUsage;
  return lint::has_problems(findings) ? 1 : kExitOk;
}

}  // namespace

void register_lint(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<lint_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "lint",
      "Check a rule set for mistakes that load fine but misbehave with Area 1 and Exchange\n"
      "Online (docs/lint.md lists every finding). Prints each finding with file:line:col and a\n"
      "fix, then a summary, to standard output; load warnings go to stderr.\n\n"
      "Examples:\n"
      "  mfsim lint --rules uc4-2023-01\n"
      "  mfsim lint --rules exported-rules.xml,antispam.json --format jsonl\n\n"
      "Exit status: 0 clean (info findings allowed); 1 a warning or an error; 2 usage error,\n"
      "a rule file that does not load, or output that cannot be written.");
  cmd->add_option("--rules", args->rules,
                  "A built-in preset or a rule file of any supported format (several joined by "
                  "commas)")
      ->required();
  add_rule_load_options(*cmd);
  add_define_option(*cmd, args->defines);
  cmd->add_option("--format", args->format, "text (default) or jsonl: one JSON object per finding")
      ->check(CLI::IsMember({"text", "jsonl"}));
  cmd->callback([args, &run] { run = [args] { return lint_command(*args); }; });
}

}  // namespace mfsim::tools
