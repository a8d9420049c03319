// `mfsim run`: evaluate a rule set over messages and print one record per message.
#include "tools/cmd_run.h"

#include <fmt/format.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "corpus/message_source.h"
#include "engine/engine.h"
#include "engine/report/html_run_report.h"
#include "engine/report/jsonl_writer.h"
#include "engine/report/run_summary.h"
#include "engine/report/table_writer.h"
#include "engine/terminal_text.h"
#include "pipeline/evaluate_corpus.h"
#include "pipeline/stop_signals.h"
#include "tools/commands.h"
#include "tools/evaluation_options.h"
#include "tools/input_guard.h"
#include "tools/interrupted_report.h"
#include "tools/messages.h"
#include "tools/output_file.h"
#include "tools/output_guard.h"
#include "tools/progress.h"
#include "tools/rule_source.h"
#include "tools/shard_part.h"

namespace mfsim::tools {
namespace {

constexpr std::size_t kFlushBytes = 1 << 16;

// One worker thread's state: its scratch and its share of the counts.
struct worker_state {
  scratch working;
  pipeline::fork_memory forking;  // recipient forks (decisions 470-474)
  report::run_summary summary;
  explicit worker_state(const plan& p) : summary(p) {}
};

// What a worker hands the writer for one message.
struct message_result {
  std::string text;         // the table row or JSONL record
  report::message_row row;  // for --report
  std::size_t message_bytes = 0;
};

}  // namespace

int run_command(const run_arguments& args) {
  command_inputs inputs{args.paths, rule_files(args.rules)};
  add_evaluation_files(args.evaluation.manifest, args.evaluation.mailbox_state,
                       args.evaluation.directory, inputs);
  const std::string output = output_path(args.output);
  const std::vector<std::pair<std::string, std::string>> outputs = {{"-o", output},
                                                                    {"--report", args.report}};
  if (refuse_conflicting_outputs("run", outputs, inputs)) return kExitUsage;
  // Until its own page replaces it, --report says the run did not finish (decision 582), and -o,
  // a part too, holds a line that no reader takes for records (decision 701): a run that fails
  // or is killed leaves no records of the run before for a check or a merge to pass on.
  replace_last_records("run", output);
  if (args.shard.empty())
    replace_last_run_output("run", "--report", args.report, unfinished_report_html("run"));
  // A run that cannot run still replaces its --report file: a CI job that publishes it after
  // the failed step showed the last run's report (decision 571). Created only then, so that no
  // temporary file is open while the rule set loads, when a signal still kills the process.
  const auto not_run = [&](std::string_view why) {
    output_file report;
    const bool asked = !args.report.empty() && args.shard.empty() &&
                       open_before_run("run", "--report", args.report, report);
    return report_not_run("run", report, asked, why);
  };
  // An output whose folder is missing or read-only fails now, not after the run (decision 781).
  if (refuse_uncreatable_outputs("run", {{"--report", args.report}})) return kExitUsage;
  if (refuse_uncreatable_outputs("run", {{"-o", output}})) return not_run("-o cannot be written");
  // A directory that does not load is named as what failed, not as the rule set that read it
  // (decision 883), as diff does.
  if (!directory_loads(args.evaluation)) return not_run("the --directory files do not load");
  const std::shared_ptr<const plan> compiled = load_plan(args.rules, args.evaluation);
  if (!compiled) return not_run("the rule set does not load");
  const std::optional<evaluation_setup> setup = prepare_evaluation("run", args.evaluation);
  if (!setup) return not_run("an evaluation option or file is not valid");
  if (refuse_inputs_twice("run", args.paths))
    return not_run("the paths name the same messages twice");
  const std::optional<shard_setup> shard =
      prepare_shard("run", args.shard, args.paths, setup->read);
  if (!shard) return kExitUsage;
  const corpus::shard_selection* selection = shard->get();
  if (selection && (args.format == "table" || !args.report.empty())) {
    tell(
        "mfsim run: --shard writes JSONL parts: --format table and --report belong to "
        "`mfsim merge`\n");
    return kExitUsage;
  }

  output_file out;
  if (const std::string error = out.open(output); !error.empty()) {
    tell("mfsim run: {}\n", error);
    (void)not_run("-o cannot be written");  // still exit 1: an I/O failure stopped the run
    return kExitIoFailure;
  }
  // --report is created now, so that an unwritable path fails before the run, not after it.
  output_file report_file;
  if (!open_before_run("run", "--report", args.report, report_file)) return kExitIoFailure;
  const bool table = selection == nullptr &&
                     (args.format.empty() ? (output.empty() && ::isatty(STDOUT_FILENO) != 0)
                                          : args.format == "table");
  const std::size_t jobs = setup->jobs;
  progress bar = corpus_progress(args.quiet, args.paths, selection);
  const bool stdout_is_terminal = output.empty() && ::isatty(STDOUT_FILENO) != 0;
  const report::table_writer table_out(*compiled, table ? terminal_columns(STDOUT_FILENO) : 0);
  pipeline::per_worker<worker_state> workers(jobs, *compiled);
  std::optional<report::html_run_report> html;
  if (!args.report.empty()) html.emplace(*compiled);

  pipeline::stop_on_signals stop;  // Ctrl-C: what was read is still written and counted
  std::string pending = table ? table_out.header() : std::string();
  if (selection) {
    const nlohmann::json options = {{"rules", args.rules},
                                    {"evaluation", describe_evaluation(args.evaluation)},
                                    {"paths", args.paths}};
    std::vector<std::string> files = rule_files(args.rules);
    append_evaluation_files(args.evaluation, files);
    pending += part_header("run", options, files, *selection);
  }
  std::uint64_t records = 0;
  pipeline::message_stages<message_result, worker_state> stages;
  stages.process = [&](worker_state& state, const corpus::corpus_message& m, message_result& r) {
    outcome unreadable;  // only a message that could not be fully read needs its own copy
    const outcome& result =
        pipeline::evaluate_message(*compiled, m, *setup, state.working, unreadable);
    r.text.clear();
    // Recipient forks (decision 472): none for plans that read no recipient (uc4).
    const recipient_forks* forks =
        pipeline::message_forks(*compiled, m, *setup, state.working, state.forking);
    if (table) {
      table_out.append_row(r.text, m.id, result, forks);
    } else if (selection) {
      std::string record;
      report::append_record(record, m.id, result, *compiled, forks);
      append_positioned(r.text, walk_position(m.input_position, m.entry), record);
    } else {
      report::append_record(r.text, m.id, result, *compiled, forks);
    }
    state.summary.add(result);
    if (html) r.row = report::make_row(m.id, result, compiled.get(), forks);
    r.message_bytes = m.whole_size();
  };
  stages.consume = [&](message_result& result) {
    pending += result.text;
    if (html) html->add(std::move(result.row));
    bar.add(result.message_bytes);
    ++records;
    if (pending.size() >= kFlushBytes) {
      if (stdout_is_terminal) bar.clear();  // rows to the same terminal start on a clean line
      out.write(pending);
      pending.clear();
      // A closed pipe or a full disk: reading on could write nothing more.
      if (out.failed()) stop.flag().store(true, std::memory_order_relaxed);
    }
  };
  pipeline::evaluate_corpus(args.paths, reading_for({compiled.get()}, *setup), workers, stages,
                            &stop.flag(), selection);
  bar.finish();
  // An interrupted part has no trailer: merge refuses it as incomplete.
  if (selection && stop.signal_number() == 0)
    pending += part_trailer(records, nlohmann::json::object());

  report::run_summary summary(*compiled);
  for (std::size_t w = 0; w < workers.size(); ++w) summary.merge(workers[w].summary);
  if (table) {
    pending += '\n';
    pending += table_out.legend();
    pending += summary.format();
  }
  out.write(pending);
  const int signal_number = stop.signal_number();
  std::string error;
  const bool written = out.close(signal_number == 0, error);
  if (!written) {
    // The records did not reach the output (a write, or the rename that puts them in place,
    // failed, or another process replaced it): the reason follows.
    tell("mfsim run: messages read: {}; the output failed, so it does not hold these records\n",
         summary.messages());
  } else if (!args.quiet || signal_number != 0) {
    tell("mfsim run: {}{}\n", summary.accounting_line(),
         signal_number != 0 ? "; interrupted: the messages after these were not read" : "");
    tell_passed_over("run", *setup);  // after the accounting line: nothing passed over unsaid
  }
  // A shard reads only its share of the messages: the manifest's other entries are not unused.
  if (setup->manifest && !args.quiet && selection == nullptr) {
    const auto unused = setup->manifest->unused();
    if (unused.count != 0) {
      tell("mfsim run: warning: {} manifest entries matched no message (first: {})\n", unused.count,
           terminal_text(unused.first));
    }
  }
  if (!written) {
    tell("mfsim run: {}\n", error);
    // The last run's --report is replaced: a run whose records are lost has none (decision 583).
    if (html)
      write_in_place("run", "--report", report_file, output_failed_report_html("run", error));
    return kExitIoFailure;
  }
  if (html && signal_number != 0) {
    // The last run's --report is replaced, not left in place (decision 529).
    write_in_place("run", "--report", report_file, interrupted_report_html("run", signal_number));
  }
  if (html && signal_number == 0) {
    std::string report_error;
    report_file.write(html->render());
    if (!report_file.close(true, report_error)) {
      tell("mfsim run: --report: {}\n", report_error);
      return kExitIoFailure;
    }
  }
  if (signal_number != 0) {
    if (!output.empty()) tell("mfsim run: partial output kept in {}\n", out.final_name(false));
    return 128 + signal_number;
  }
  return kExitOk;
}

}  // namespace mfsim::tools
