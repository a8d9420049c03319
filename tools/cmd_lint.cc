// `mfsim lint --rules R`: findings about a rule set, with positions and suggested fixes.
#include "tools/cmd_lint.h"

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

}  // namespace

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

}  // namespace mfsim::tools
