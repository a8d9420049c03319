// `mfsim check`: evaluate a rule set over messages and compare every record with an
// expectations file (a blessed `mfsim run --format jsonl` baseline, or hand-written).
#include "tools/cmd_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "engine/escape.h"
#include "engine/json_failure.h"
#include "engine/json_text.h"
#include "engine/report/jsonl_writer.h"
#include "engine/terminal_text.h"
#include "pipeline/evaluate_corpus.h"
#include "pipeline/stop_signals.h"
#include "tools/command_guard.h"
#include "tools/commands.h"
#include "tools/evaluation_options.h"
#include "tools/expectations.h"
#include "tools/input_guard.h"
#include "tools/interrupted_report.h"
#include "tools/junit_xml.h"
#include "tools/messages.h"
#include "tools/output_file.h"
#include "tools/output_guard.h"
#include "tools/part_reader.h"
#include "tools/progress.h"
#include "tools/rule_source.h"
#include "tools/shard_part.h"
#include "tools/stdout_batches.h"

namespace mfsim::tools {
namespace {

constexpr int kExitDiffers = 1;

// One worker's memory: its scratch, and a second one for recipient forks (decisions 470-474).
struct check_worker {
  scratch working;
  pipeline::fork_memory forking;
};

// What a worker found for one message, as it travels to the writer.
struct message_result {
  std::string id;
  bool has_expectation = false;
  std::size_t expectation = 0;
  std::vector<field_mismatch> mismatches;
  std::string position;             // under --shard: its place in the walk ("I,E")
  std::uint64_t message_bytes = 0;  // for the progress line
};

struct check_counts {
  std::uint64_t messages = 0;
  std::uint64_t matched = 0;
  std::uint64_t differed = 0;
  std::uint64_t fields_differed = 0;
  std::uint64_t unexpected = 0;  // messages no expectation covers
  std::uint64_t missing = 0;     // expectations whose message was not read
};

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// The writer's side of a check: the text lines and the JUnit cases, message by message in
// input order, then the expectations no message met and the summary. Fed by `mfsim check`, and
// by `mfsim merge` from the parts of a sharded check.
class check_writer {
 public:
  check_writer(const check_arguments& args, const plan& compiled,
               const expectation_set& expectations)
      : args_(args),
        expectations_(expectations),
        seen_(expectations.entries().size(), false),
        junit_("mfsim check"),
        classname_("mfsim.check." + compiled.source().name) {
    junit_.add_property("rules", compiled.source().name + " (" + compiled.source().source + ")");
    junit_.add_property("expectations", args.expect);
  }

  void add(const message_result& got, std::string& pending) {
    ++counts_.messages;
    if (!got.has_expectation) {
      ++counts_.unexpected;
      if (first_unexpected_.empty()) first_unexpected_ = got.id;
      pending += fmt::format("{}: no expectation for this message{}\n", terminal_text(got.id),
                             args_.allow_unexpected ? " (warning: --allow-unexpected)" : "");
      if (args_.allow_unexpected)
        junit_.add_skipped(classname_, got.id, "no expectation for this message");
      else
        junit_.add_failure(classname_, got.id, "no expectation for this message", "");
      return;
    }
    if (got.expectation < seen_.size()) seen_[got.expectation] = true;
    if (got.mismatches.empty()) {
      ++counts_.matched;
      junit_.add_pass(classname_, got.id);
      return;
    }
    ++counts_.differed;
    counts_.fields_differed += got.mismatches.size();
    std::string details;
    for (const auto& m : got.mismatches) {
      const std::string line = fmt::format("{}: expected {}, got {}", m.field, m.expected, m.got);
      pending += fmt::format("{}: {}\n", terminal_text(got.id), terminal_text(line));
      details += line + "\n";
    }
    junit_.add_failure(
        classname_, got.id,
        fmt::format("{} from the expectation",
                    got.mismatches.size() == 1
                        ? std::string("1 field differs")
                        : plural(got.mismatches.size(), "field", "fields") + " differ"),
        details);
  }

  // The expectations without a message and the summary; returns whether the check failed.
  bool finish(std::string& pending) {
    for (std::size_t k = 0; k < seen_.size(); ++k) {
      if (seen_[k]) continue;
      ++counts_.missing;
      const expectation& e = expectations_.entries()[k];
      pending += fmt::format("{}:{}: {}: expected, but no message with this id was read{}\n",
                             expectations_name(), e.line, terminal_text(e.id),
                             args_.allow_missing ? " (warning: --allow-missing)" : "");
      const std::string message =
          fmt::format("no message with this id was read ({}:{})", expectations_source(), e.line);
      if (args_.allow_missing)
        junit_.add_skipped(classname_, e.id, message);
      else
        junit_.add_failure(classname_, e.id, message, "");
    }
    hint_at_spelling(pending);
    // A check that read nothing checked nothing: an empty folder (a checkout without its
    // corpus, a path spelt wrong) against an empty expectations file must not pass a CI gate.
    const bool nothing_read = counts_.messages == 0;
    if (nothing_read) {
      pending += "mfsim check: no message was read from the PATHs given: nothing was checked\n";
      junit_.add_error(classname_, "(no messages)",
                       "no message was read from the PATHs given: nothing was checked",
                       "no-messages");
    }
    // Messages, but not one met an expectation: --allow-unexpected and --allow-missing excused
    // each of them, and nothing was checked (decision 525). Without them, each already fails the
    // check. No expectation at all is what a command that failed writes (`mfsim run ... |
    // mfsim check --expect -` after the run stopped): said so, lenient or not (decision 586).
    const bool nothing_compared = !nothing_read && counts_.matched + counts_.differed == 0;
    const bool none_expected = expectations_.entries().empty();
    if (nothing_compared && (args_.allow_unexpected || none_expected)) {
      const std::string why =
          none_expected ? " holds no expectation: nothing was checked (was it written by a "
                          "command that failed?)"
                        : "no message read has an expectation: nothing was checked";
      pending += fmt::format("mfsim check: {}{}\n", none_expected ? expectations_name() : "", why);
      junit_.add_error(classname_, "(no expectation met)",
                       (none_expected ? expectations_source() : "") + why, "nothing-checked");
    }
    const bool failed = nothing_read || nothing_compared || counts_.differed > 0 ||
                        (counts_.unexpected > 0 && !args_.allow_unexpected) ||
                        (counts_.missing > 0 && !args_.allow_missing);
    pending += fmt::format(
        "mfsim check: {} against {} in {}: {} match, {} differ ({}); {} without an "
        "expectation{}; {} without a message{}\n",
        plural(counts_.messages, "message", "messages"),
        plural(expectations_.entries().size(), "expectation", "expectations"), expectations_name(),
        counts_.matched, counts_.differed, plural(counts_.fields_differed, "field", "fields"),
        plural(counts_.unexpected, "message", "messages"),
        counts_.unexpected > 0 && args_.allow_unexpected ? " (allowed)" : "",
        plural(counts_.missing, "expectation", "expectations"),
        counts_.missing > 0 && args_.allow_missing ? " (allowed)" : "");
    pending += failed ? "check FAILED\n" : "check passed\n";
    return failed;
  }

  // Writes the JUnit file when --junit was given, into `file` (opened before the run by check,
  // opened here when `open_now`); false (after saying why) when it failed.
  bool write_junit(const char* command, output_file& file, bool open_now) const {
    if (args_.junit.empty()) return true;
    std::string error = open_now ? file.open(args_.junit) : std::string();
    if (error.empty()) {
      file.write(junit_.document());
      file.close(true, error);
    }
    if (error.empty()) return true;
    tell("mfsim {}: --junit: {}\n", command, error);
    return false;
  }

 private:
  // Where the expectations came from, as the summary, the hints and the JUnit file name it:
  // `--expect -` is standard input. expectations_name() is that, shown inert on a terminal.
  [[nodiscard]] std::string expectations_source() const {
    return tools::expectations_source(args_.expect);
  }
  [[nodiscard]] std::string expectations_name() const {
    return terminal_text(expectations_source());
  }

  // Messages without an expectation and expectations without a message, one pair of which
  // names one file by two spellings: the paths were given otherwise than when blessing.
  void hint_at_spelling(std::string& pending) const {
    if (first_unexpected_.empty() || counts_.missing == 0) return;
    for (std::size_t k = 0; k < seen_.size(); ++k) {
      const expectation& e = expectations_.entries()[k];
      if (seen_[k] || !ids_may_name_one_file(first_unexpected_, e.id)) continue;
      pending += fmt::format(
          "mfsim check: hint: {} was read and {} expected ({}{}): ids are the paths as given, "
          "so give the paths as when the expectations were written, from the same folder\n",
          terminal_text(first_unexpected_), terminal_text(e.id),
          args_.expect == "-" ? std::string("standard input, line ")
                              : terminal_text(args_.expect) + ":",
          e.line);
      return;
    }
    hint_at_other_corpus(pending);
  }

  // No message read has an expectation and no expectation names a message read, and no pair
  // of ids is one file spelt otherwise: the expectations were written for other mail (another
  // corpus, another folder), and the list of each would only bury that.
  void hint_at_other_corpus(std::string& pending) const {
    if (counts_.matched + counts_.differed > 0) return;
    const expectation& e = expectations_.entries().front();
    pending += fmt::format(
        "mfsim check: hint: no message read has an expectation in {}, and none of its {} names "
        "a message read ({} was read, {} expected on line {}): were the expectations written "
        "for other PATHs?\n",
        expectations_name(), plural(expectations_.entries().size(), "expectation", "expectations"),
        terminal_text(first_unexpected_), terminal_text(e.id), e.line);
  }

  const check_arguments& args_;
  const expectation_set& expectations_;
  std::vector<bool> seen_;
  std::string first_unexpected_;
  check_counts counts_;
  junit_report junit_;
  std::string classname_;
};

// One message of a check part: {"walk_position":[I,E],"id":...,"expectation":N or null,
// "mismatches":[[field, expected, got], ...]}.
void append_part_record(std::string& out, std::string_view position, const message_result& got) {
  nlohmann::json mismatches = nlohmann::json::array();
  for (const auto& m : got.mismatches) mismatches.push_back({m.field, m.expected, m.got});
  std::string record = "{\"id\":";
  append_json_string(record, got.id);
  record += ",\"expectation\":";
  record += got.has_expectation ? std::to_string(got.expectation) : "null";
  record += ",\"mismatches\":";
  record += mismatches.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  record += "}\n";
  append_positioned(out, position, record);
}

// Loads the rule set and the expectations as `mfsim check` does; nullopt after saying why.
struct check_inputs {
  std::shared_ptr<const plan> compiled;
  std::unique_ptr<record_schema> schema;
  expectation_set expectations;
};
std::optional<check_inputs> load_check_inputs(const char* command, const check_arguments& args) {
  check_inputs in;
  in.compiled = load_plan(args.rules, args.eval);
  if (!in.compiled) return std::nullopt;
  in.schema = std::make_unique<record_schema>();
  try {
    in.expectations = expectation_set::load(args.expect, *in.schema);
  } catch (const load_error& e) {
    // At most --max-errors of them, as for a rule file: the wrong file given (last run's JUnit
    // XML, a message) would give one per line.
    print_diagnostics(e.diagnostics());
    tell("mfsim {}: {}: not a valid expectations file ({})\n", command,
         expectations_source(args.expect), plural(e.diagnostics().size(), "problem", "problems"));
    return std::nullopt;
  }
  return in;
}

// Why the expectations cannot come from standard input with these options (decision 523);
// empty when they can, or are a file.
std::string expectations_from_stdin_conflict(const check_arguments& args) {
  if (args.expect != "-") return {};
  if (std::find(args.paths.begin(), args.paths.end(), "-") != args.paths.end())
    return "standard input cannot hold both the expectations and a message; give one as a file";
  if (!args.shard.empty()) {
    return "a --shard part names the expectations file for `mfsim merge`, which reads it "
           "again: give it as a file";
  }
  return {};
}

// A JUnit document of one errored case, `mfsim check`, saying why there is no verdict.
std::string no_verdict_junit(const std::string& message, std::string_view type) {
  junit_report junit("mfsim check");
  junit.add_error("mfsim.check", "mfsim check", message, type);
  return junit.document();
}

}  // namespace

std::string unfinished_check_junit() {
  return no_verdict_junit(
      "the check started and did not finish: it failed or was stopped (a signal, a timeout, a "
      "lack of memory) before writing this file (see the command's standard error): no verdict",
      "not-finished");
}

std::string not_run_check_junit(std::string_view why) {
  return no_verdict_junit(
      fmt::format("the check did not run: {} (see the command's standard error)", why), "not-run");
}

namespace {

// A check that cannot run still replaces its --junit file, with one errored case: a CI step that
// publishes the file after a failed step showed the last run's results as this one's.
int not_run(const check_arguments& args, std::string_view why) {
  if (args.junit.empty() || !args.shard.empty()) return kExitUsage;
  output_file file;
  // A file of another kind given to --junit is left (decision 880).
  if (open_before_run("check", "--junit", args.junit, file))
    write_in_place("check", "--junit", file, not_run_check_junit(why));
  return kExitUsage;
}

}  // namespace

int check_command(const check_arguments& args) {
  command_inputs read{args.paths, rule_files(args.rules)};
  read.files.push_back(args.expect);
  add_evaluation_files(args.eval.manifest, args.eval.mailbox_state, args.eval.directory, read);
  // The mismatches and the verdict (a part under --shard) go to standard output (decision 886).
  if (refuse_conflicting_outputs("check", {{kStandardOutput, ""}, {"--junit", args.junit}}, read))
    return kExitUsage;
  // Until its own file replaces it, --junit says the check did not finish: one killed while it
  // loads (before its signal handler) left the last run's verdict (decision 582).
  if (args.shard.empty())
    replace_last_run_output("check", "--junit", args.junit, unfinished_check_junit());
  if (const std::string why = expectations_from_stdin_conflict(args); !why.empty()) {
    tell("mfsim check: --expect -: {}\n", why);
    return not_run(args, "--expect - cannot be read with these options");
  }
  // A directory that does not load is named as what failed, not as the rule set that read it
  // (decision 883), as diff does.
  if (!directory_loads(args.eval)) return not_run(args, "the --directory files do not load");
  auto inputs = load_check_inputs("check", args);
  if (!inputs) return not_run(args, "the rule set or the expectations file does not load");
  const plan& compiled = *inputs->compiled;
  const record_schema& schema = *inputs->schema;
  const expectation_set& expectations = inputs->expectations;
  const auto setup = prepare_evaluation("check", args.eval);
  if (!setup) return not_run(args, "an evaluation option or file is not valid");
  if (refuse_inputs_twice("check", args.paths))
    return not_run(args, "the paths name the same messages twice");
  const std::optional<shard_setup> shard =
      prepare_shard("check", args.shard, args.paths, setup->read);
  if (!shard) return kExitUsage;
  const corpus::shard_selection* selection = shard->get();
  if (selection && !args.junit.empty()) {
    tell("mfsim check: --shard writes parts: --junit belongs to `mfsim merge`\n");
    return kExitUsage;
  }
  // --junit is created now, so that an unwritable path fails before the run, not after it.
  output_file junit_file;
  if (!open_before_run("check", "--junit", args.junit, junit_file)) return kExitUsage;

  pipeline::per_worker<check_worker> workers(setup->jobs);
  check_writer writer(args, compiled, expectations);
  // On a terminal, the progress line run shows; taken off before mismatches are written to the
  // same terminal.
  progress bar = corpus_progress(args.quiet, args.paths, selection);
  stdout_batches printed(bar);
  std::string& pending = printed.pending();
  std::uint64_t part_records = 0;
  if (selection) {
    const nlohmann::json options = {{"rules", args.rules},
                                    {"expect", args.expect},
                                    {"allow_missing", args.allow_missing},
                                    {"allow_unexpected", args.allow_unexpected},
                                    {"evaluation", describe_evaluation(args.eval)},
                                    {"paths", args.paths}};
    std::vector<std::string> files = rule_files(args.rules);
    files.push_back(args.expect);
    append_evaluation_files(args.eval, files);
    pending += part_header("check", options, files, *selection);
  }

  pipeline::message_stages<message_result, check_worker> stages;
  stages.process = [&](check_worker& state, const corpus::corpus_message& m, message_result& out) {
    outcome copy;
    const outcome& result = pipeline::evaluate_message(compiled, m, *setup, state.working, copy);
    out.id.assign(m.id);
    const auto index = expectations.find(m.id);
    out.has_expectation = index.has_value();
    out.expectation = index.value_or(0);
    out.mismatches.clear();
    if (selection) out.position = walk_position(m.input_position, m.entry);
    out.message_bytes = m.whole_size();
    if (!index) return;
    std::string line;
    // The record as `run` writes it, forks included (decision 474).
    report::append_record(
        line, m.id, result, compiled,
        pipeline::message_forks(compiled, m, *setup, state.working, state.forking));
    try {
      out.mismatches =
          compare_record(mfsim::parse_json(line), expectations.entries()[*index], schema);
    } catch (const nlohmann::json::exception& e) {
      out.mismatches.push_back(
          {"(record)", "a record", "unreadable record: " + json_exception_text(e)});
    }
  };
  // Under --shard: what this shard alone can tell fails the check (an expectation without a
  // message may be met by another shard: only merge can say).
  check_counts shard_counts;
  stages.consume = [&](message_result& got) {
    if (selection) {
      append_part_record(pending, got.position, got);
      ++part_records;
      if (!got.has_expectation) ++shard_counts.unexpected;
      if (!got.mismatches.empty()) ++shard_counts.differed;
    } else {
      writer.add(got, pending);
    }
    bar.add(got.message_bytes);
    printed.flush_when_full();
  };
  // SIGINT/SIGTERM: what was read is finished, then no verdict, and an interrupted part has no
  // trailer. The --junit file is replaced by one errored case: a CI job cancelled or timed out
  // that publishes it anyway showed the last run's results as this one's (decision 528).
  pipeline::stop_on_signals stop;
  pipeline::evaluate_corpus(args.paths, reading_for({&compiled}, *setup), workers, stages,
                            &stop.flag(), selection);
  bar.finish();
  if (const int signal_number = stop.signal_number(); signal_number != 0) {
    printed.flush();
    // Said only of a file that now holds that case: a user's file left as it is (decision 880),
    // or one whose write failed, says nothing of this check (decision 988).
    const bool junit_says_so =
        !args.junit.empty() &&
        write_in_place(
            "check", "--junit", junit_file,
            no_verdict_junit(fmt::format("the check was interrupted by signal {} before its end: "
                                         "no verdict",
                                         signal_number),
                             "interrupted"));
    return stopped_by_signal("check", signal_number,
                             junit_says_so ? "no verdict; the --junit file says so" : "no verdict");
  }
  tell_passed_over("check", *setup);

  bool failed = false;
  if (selection) {
    pending += part_trailer(part_records, nlohmann::json::object());
    failed = shard_counts.differed > 0 || (shard_counts.unexpected > 0 && !args.allow_unexpected);
    if (failed) {
      tell(
          "mfsim check: shard {}: {} differ, {} without an expectation; `mfsim merge` the parts "
          "for the mismatches\n",
          args.shard, plural(shard_counts.differed, "message", "messages"),
          plural(shard_counts.unexpected, "message", "messages"));
    }
  } else {
    failed = writer.finish(pending);
  }
  const bool written = printed.finish();
  if (!selection && !writer.write_junit("check", junit_file, false)) return kExitUsage;
  if (!written) {
    tell("mfsim check: could not write to standard output\n");
    return kExitUsage;
  }
  return failed ? kExitDiffers : kExitOk;
}

int merge_check(part_set& parts, const std::string& junit, std::string& merged,
                const std::function<void()>& drain, std::string& error) {
  const nlohmann::json& options = parts.header()["options"];
  check_arguments args;
  args.rules = options.value("rules", std::string());
  args.expect = options.value("expect", std::string());
  args.allow_missing = options.value("allow_missing", false);
  args.allow_unexpected = options.value("allow_unexpected", false);
  args.junit = junit;
  // The expectations are read again: they must be the file the shards compared with. A merge
  // in another folder than the shards' (a CI job of its own) finds no file by a relative path.
  const std::string recorded = part_header_digest(parts.header(), args.expect);
  const std::string digest = file_digest(args.expect);
  if (digest.empty() && !recorded.empty()) {
    error = args.expect +
            ": the expectations file the shards read, as the parts name it, cannot be read from "
            "here (run merge where the shards ran, or give the shards --expect as an absolute "
            "path)";
    return kExitUsage;
  }
  if (recorded != digest) {
    error = args.expect + ": not the expectations file the shards read (it changed since)";
    return kExitUsage;
  }
  auto inputs = load_check_inputs("merge", args);
  if (!inputs) {
    error = "the rule set or the expectations of the parts do not load";
    return kExitUsage;
  }
  check_writer writer(args, *inputs->compiled, inputs->expectations);
  part_record r;
  message_result got;
  while (parts.next(r, error)) {
    try {
      const auto record = mfsim::parse_json(r.record);
      got.id = record.at("id").get<std::string>();
      const auto& index = record.at("expectation");
      got.has_expectation = !index.is_null();
      got.expectation = got.has_expectation ? index.get<std::size_t>() : 0;
      got.mismatches.clear();
      for (const auto& m : record.at("mismatches"))
        got.mismatches.push_back(
            {m.at(0).get<std::string>(), m.at(1).get<std::string>(), m.at(2).get<std::string>()});
    } catch (const nlohmann::json::exception& e) {
      error = "a check record cannot be read: " + json_exception_text(e);
      return kExitUsage;
    }
    writer.add(got, merged);
    if (merged.size() >= stdout_batches::kFlushBytes) drain();
  }
  if (!error.empty()) return kExitUsage;
  const bool failed = writer.finish(merged);
  output_file junit_file;
  if (!writer.write_junit("merge", junit_file, true)) {
    error = "the JUnit file could not be written";
    return kExitUsage;
  }
  return failed ? kExitDiffers : kExitOk;
}

}  // namespace mfsim::tools
