// mfsim: the command-line entry point; dispatches to one subcommand.
#include <fmt/format.h>

#include <cstdio>

#include "tools/build_info.h"
#include "tools/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "mfsim simulates Exchange Online mail flow for Cloudflare Area 1 (Email Security) in front "
      "of Microsoft 365:\ntransport rules, SCL, anti-spam verdicts and actions, quarantine "
      "policies, release paths and notifications.\n\n"
      "Start with:\n"
      "  mfsim presets                       list the built-in rule sets\n"
      "  mfsim run --rules uc4 corpus/samples  simulate use case 4 over the bundled samples\n"
      "  mfsim presets show uc4 > mine.yaml  start your own rule file from a preset\n",
      "mfsim"};
  app.set_version_flag("--version",
                       fmt::format("mfsim {}\ngit commit {}\nbuild type {}", mfsim::tools::kVersion,
                                   mfsim::tools::kGitCommit, mfsim::tools::kBuildType));
  app.require_subcommand(1);
  app.fallthrough(false);

  std::function<int()> run;
  mfsim::tools::register_run(app, run);
  mfsim::tools::register_presets(app, run);
  mfsim::tools::register_generate(app, run);
  mfsim::tools::register_check(app, run);
  mfsim::tools::register_diff(app, run);
  mfsim::tools::register_explain(app, run);
  mfsim::tools::register_agree(app, run);
  mfsim::tools::register_import(app, run);
  mfsim::tools::register_lint(app, run);
  mfsim::tools::register_merge(app, run);
  mfsim::tools::register_parity(app, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return mfsim::tools::kExitUsage;
  }
  return run ? run() : mfsim::tools::kExitUsage;
}
