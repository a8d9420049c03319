// mfsim: the command-line entry point; dispatches to one subcommand.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/terminal_text.h"
#include "pipeline/warm_heap.h"
#include "tools/build_info.h"
#include "tools/command_guard.h"
#include "tools/commands.h"
#include "tools/interrupted_report.h"
#include "tools/temporary_outputs.h"
#include "tools/unknown_arguments.h"

namespace {

// The subcommands, in the order --help lists them.
struct subcommand {
  std::string_view name;
  void (*add)(CLI::App& app, std::function<int()>& run);
};
constexpr subcommand kSubcommands[] = {
    {"run", mfsim::tools::register_run},           {"presets", mfsim::tools::register_presets},
    {"generate", mfsim::tools::register_generate}, {"check", mfsim::tools::register_check},
    {"diff", mfsim::tools::register_diff},         {"explain", mfsim::tools::register_explain},
    {"agree", mfsim::tools::register_agree},       {"import", mfsim::tools::register_import},
    {"lint", mfsim::tools::register_lint},         {"merge", mfsim::tools::register_merge},
    {"bench", mfsim::tools::register_bench},       {"parity", mfsim::tools::register_parity},
};

// Building every subcommand's options took about 0.9 ms of each start (decision 336): when
// the first argument names a subcommand only that one is built, and its options, --help and
// errors read the same. Anything else (--help, --version, a misspelt name) builds them all.
void add_subcommands(CLI::App& app, std::function<int()>& run, int argc, char** argv) {
  const std::string_view first = argc > 1 ? argv[1] : "";
  for (const subcommand& s : kSubcommands) {
    if (s.name == first) {
      s.add(app, run);
      return;
    }
  }
  for (const subcommand& s : kSubcommands) s.add(app, run);
}

// After a failed parse: the subcommand it reached last (`presets show`, `run`, or the top level).
const CLI::App& reached_subcommand(const CLI::App& app) {
  const CLI::App* reached = &app;
  while (!reached->get_subcommands().empty()) reached = reached->get_subcommands().front();
  return *reached;
}

// After a failed parse: the subcommand it reached last, what it could not place, and the names
// it knows.
mfsim::tools::unparsed_command what_was_left(const CLI::App& app) {
  const CLI::App* reached = &reached_subcommand(app);
  mfsim::tools::unparsed_command command;
  for (const CLI::App* at = reached; at != nullptr; at = at->get_parent()) {
    command.name = command.name.empty() ? at->get_name() : at->get_name() + " " + command.name;
  }
  command.left = reached->remaining();
  for (const CLI::Option* option : reached->get_options()) {
    for (const std::string& l : option->get_lnames()) command.options.push_back("--" + l);
    for (const std::string& s : option->get_snames()) command.options.push_back("-" + s);
  }
  for (const CLI::App* sub : reached->get_subcommands({})) {
    command.subcommands.push_back(sub->get_name());
  }
  return command;
}

// A `run`, `merge`, `import`, `check` or `diff` whose command line does not parse (a misspelt
// option in a CI script) ran nothing: its -o no longer holds the last run's records, or rule set,
// for a check or a later --rules to take (decisions 703 and 720), and a --report or --junit file
// says the command did not run (decision 784). Every other word may be an input; those the outputs
// were given are not.
void replace_outputs_of_unparsed_command(const CLI::App& app, int argc, char** argv) {
  const CLI::App& reached = reached_subcommand(app);
  const std::string name = reached.get_name();
  if (name != "run" && name != "merge" && name != "import" && name != "check" && name != "diff")
    return;
  const auto given = [&](const char* option) {
    const CLI::Option* o = reached.get_option_no_throw(option);
    return o == nullptr || o->results().empty() ? std::string() : o->results().back();
  };
  const mfsim::tools::unparsed_outputs outputs{given("-o"), given("--report"), given("--junit")};
  if (outputs.records.empty() && outputs.report.empty() && outputs.junit.empty()) return;
  constexpr std::array<std::string_view, 3> kOutputOptions = {"--output", "--report", "--junit"};
  std::vector<std::string> words;
  for (int k = 2; k < argc; ++k) {
    const std::string_view word = argv[k];
    const auto assigns = [&](std::string_view o) { return word.starts_with(std::string(o) + "="); };
    if (word == "-o" || std::ranges::find(kOutputOptions, word) != kOutputOptions.end()) {
      ++k;
    } else if (std::ranges::none_of(kOutputOptions, assigns)) {
      words.emplace_back(word);
    }
  }
  mfsim::tools::replace_outputs_after_usage_error(name.c_str(), outputs, words);
}

int parse_and_run(int argc, char** argv) {
  CLI::App app{
      "mfsim simulates Exchange Online mail flow for Cloudflare Area 1 (Email Security) in front "
      "of Microsoft 365:\ntransport rules, SCL, anti-spam verdicts and actions, quarantine "
      "policies, release paths and notifications.\n\n"
      "Start with:\n"
      "  mfsim presets                       list the built-in rule sets\n"
      "  mfsim run --rules uc4 corpus/samples  simulate use case 4 over the bundled samples\n"
      "  mfsim presets show uc4 > mine.yaml  start your own rule file from a preset\n\n"
      "mfsim SUBCOMMAND --help says what a subcommand reads and writes, its exit statuses and\n"
      "examples (man mfsim has them all). Any subcommand exits 70 on a bug in mfsim (\"internal\n"
      "error, please report it\").\n",
      "mfsim"};
  app.set_version_flag("--version",
                       fmt::format("mfsim {}\ngit commit {}\nbuild type {}", mfsim::tools::kVersion,
                                   mfsim::tools::kGitCommit, mfsim::tools::kBuildType));
  app.require_subcommand(1);
  app.fallthrough(false);

  std::function<int()> run;
  add_subcommands(app, run, argc, argv);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    replace_outputs_of_unparsed_command(app, argc, argv);
    // CLI11 quotes the values it refuses (a path that does not exist, which may come from a
    // glob over hostile file names): each line is made inert before it reaches the terminal.
    std::ostringstream said;
    // A misspelt option or subcommand is named as such, not as what CLI11 made of the rest.
    if (const auto unknown = mfsim::tools::unrecognised_argument(what_was_left(app))) {
      said << *unknown << "\nRun with --help for more information.\n";
    } else {
      app.exit(e, said, said);
    }
    const std::string text = said.str();
    for (std::size_t from = 0; from < text.size();) {
      const std::size_t end = std::min(text.find('\n', from), text.size());
      std::string line;
      mfsim::append_terminal_text(line, std::string_view(text).substr(from, end - from));
      std::fprintf(stderr, "%s\n", line.c_str());
      from = end + 1;
    }
    return mfsim::tools::kExitUsage;
  }
  if (!run) return mfsim::tools::kExitUsage;
  return mfsim::tools::run_reporting_escapes(run, stderr);
}

// A standard descriptor the caller closed (`mfsim run - <&-`, a daemon) would be the number
// the next open() or eventfd() gets: `-` would then read mfsim's own stop eventfd and wait
// forever, and records could land in a rule file. Each closed one is held by /dev/null: opened
// for writing in place of standard input, so that reading `-` fails with EBADF as on a closed
// descriptor; for reading in place of standard output, so that the records' writes fail and
// the run exits 1; for writing in place of standard error, whose messages the caller chose not
// to see.
void hold_closed_standard_descriptors() {
  for (const int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    // The lowest free number: this one, as the lower ones are open or held already.
    (void)::open("/dev/null", fd == STDOUT_FILENO ? O_RDONLY : O_WRONLY);
  }
}

}  // namespace

int main(int argc, char** argv) {
  hold_closed_standard_descriptors();
  // A reader that closes the pipe early (`mfsim run ... | head`) makes a write fail with EPIPE,
  // which mfsim reports and exits 1 for (the contract's I/O failure), instead of being killed
  // by SIGPIPE with status 141 and no word.
  std::signal(SIGPIPE, SIG_IGN);
  // So does a write past the file size limit (`ulimit -f`): EFBIG, exit 1 and no temporary file
  // left, instead of SIGXFSZ's core dump beside a PATH.tmp-XXXXXX (decision 963).
  std::signal(SIGXFSZ, SIG_IGN);
  // An output's temporary file is removed when a signal ends the process (decision 885).
  mfsim::tools::remove_temporary_outputs_on_signals();
  // Before the rule set is loaded, so that what it, the walk and the writer allocate comes from
  // pages made resident in one call, not faulted in one by one (decision 359). Each helper of
  // the pipeline warms its own heap.
  mfsim::pipeline::warm_thread_heap();
  const int status = parse_and_run(argc, argv);
  // Whatever reached standard output (help, a list) must have been written: a full disk is a
  // failure, not a silent 0. Commands that write it themselves have said so already.
  if ((std::fflush(stdout) != 0 || std::ferror(stdout) != 0) && status == mfsim::tools::kExitOk) {
    std::fputs("mfsim: writing to standard output failed\n", stderr);
    return mfsim::tools::kExitIoFailure;
  }
  return status;
}
