// `mfsim check`: evaluate a rule set over messages and compare every record with an
// expectations file (a blessed `mfsim run --format jsonl` baseline, or hand-written).
#include <fmt/format.h>

#include <cstdio>
#include <optional>

#include "engine/report/jsonl_writer.h"
#include "pipeline/evaluate_corpus.h"
#include "tools/commands.h"
#include "tools/evaluation_options.h"
#include "tools/expectations.h"
#include "tools/junit_xml.h"
#include "tools/output_file.h"

namespace mfsim::tools {
namespace {

constexpr int kExitDiffers = 1;
constexpr std::size_t kFlushBytes = 1 << 16;

struct check_arguments {
  std::string rules;
  std::string expect;
  std::string junit;
  bool allow_missing = false;
  bool allow_unexpected = false;
  evaluation_arguments eval;
  std::vector<std::string> paths;
};

// What a worker found for one message.
struct message_result {
  std::string id;
  std::optional<std::size_t> expectation;  // index into the expectations; none: not covered
  std::vector<field_mismatch> mismatches;
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

int check_command(const check_arguments& args) {
  const auto compiled = load_plan(args.rules);
  if (!compiled) return kExitUsage;
  const auto setup = prepare_evaluation("check", args.eval);
  if (!setup) return kExitUsage;
  const record_schema schema(*compiled);
  expectation_set expectations;
  try {
    expectations = expectation_set::load(args.expect, schema);
  } catch (const load_error& e) {
    for (const auto& d : e.diagnostics()) fmt::print(stderr, "{}\n", format_diagnostic(d));
    fmt::print(stderr, "mfsim check: {}: not a valid expectations file ({})\n", args.expect,
               plural(e.diagnostics().size(), "problem", "problems"));
    return kExitUsage;
  }

  pipeline::per_worker<scratch> scratches(setup->jobs);
  std::vector<bool> seen(expectations.entries().size(), false);
  check_counts counts;
  junit_report junit("mfsim check");
  junit.add_property("rules", compiled->source().name + " (" + compiled->source().source + ")");
  junit.add_property("expectations", args.expect);
  const std::string classname = "mfsim.check." + compiled->source().name;
  std::string pending;
  bool write_failed = false;
  const auto flush = [&] {
    if (!pending.empty() &&
        std::fwrite(pending.data(), 1, pending.size(), stdout) != pending.size()) {
      write_failed = true;
    }
    pending.clear();
  };

  pipeline::message_stages<message_result, scratch> stages;
  stages.process = [&](scratch& working, const corpus::corpus_message& m, message_result& out) {
    outcome copy;
    const outcome& result = pipeline::evaluate_message(*compiled, m, *setup, working, copy);
    out.id.assign(m.id);
    out.expectation = expectations.find(m.id);
    out.mismatches.clear();
    if (!out.expectation) return;
    std::string line;
    report::append_record(line, m.id, result, *compiled);
    try {
      out.mismatches = compare_record(nlohmann::json::parse(line),
                                      expectations.entries()[*out.expectation], schema);
    } catch (const nlohmann::json::exception& e) {
      out.mismatches.push_back(
          {"(record)", "a record", std::string("unreadable record: ") + e.what()});
    }
  };
  stages.consume = [&](message_result& got) {
    ++counts.messages;
    if (!got.expectation) {
      ++counts.unexpected;
      pending += fmt::format("{}: no expectation for this message{}\n", got.id,
                             args.allow_unexpected ? " (warning: --allow-unexpected)" : "");
      if (args.allow_unexpected)
        junit.add_skipped(classname, got.id, "no expectation for this message");
      else
        junit.add_failure(classname, got.id, "no expectation for this message", "");
    } else {
      seen[*got.expectation] = true;
      if (got.mismatches.empty()) {
        ++counts.matched;
        junit.add_pass(classname, got.id);
      } else {
        ++counts.differed;
        counts.fields_differed += got.mismatches.size();
        std::string details;
        for (const auto& m : got.mismatches) {
          const std::string line =
              fmt::format("{}: expected {}, got {}", m.field, m.expected, m.got);
          pending += fmt::format("{}: {}\n", got.id, line);
          details += line + "\n";
        }
        junit.add_failure(classname, got.id,
                          fmt::format("{} differ from the expectation",
                                      plural(got.mismatches.size(), "field", "fields")),
                          details);
      }
    }
    if (pending.size() >= kFlushBytes) flush();
  };
  pipeline::evaluate_corpus(args.paths, setup->read, scratches, stages);

  for (std::size_t k = 0; k < seen.size(); ++k) {
    if (seen[k]) continue;
    ++counts.missing;
    const expectation& e = expectations.entries()[k];
    pending +=
        fmt::format("{}:{}: {}: expected, but no message with this id was read{}\n", args.expect,
                    e.line, e.id, args.allow_missing ? " (warning: --allow-missing)" : "");
    const std::string message =
        fmt::format("no message with this id was read ({}:{})", args.expect, e.line);
    if (args.allow_missing)
      junit.add_skipped(classname, e.id, message);
    else
      junit.add_failure(classname, e.id, message, "");
  }

  const bool failed = counts.differed > 0 || (counts.unexpected > 0 && !args.allow_unexpected) ||
                      (counts.missing > 0 && !args.allow_missing);
  pending += fmt::format(
      "mfsim check: {} against {} in {}: {} match, {} differ ({}); {} without an expectation{}; {} "
      "without a message{}\n",
      plural(counts.messages, "message", "messages"),
      plural(expectations.entries().size(), "expectation", "expectations"), args.expect,
      counts.matched, counts.differed, plural(counts.fields_differed, "field", "fields"),
      plural(counts.unexpected, "message", "messages"),
      counts.unexpected > 0 && args.allow_unexpected ? " (allowed)" : "",
      plural(counts.missing, "expectation", "expectations"),
      counts.missing > 0 && args.allow_missing ? " (allowed)" : "");
  pending += failed ? "check FAILED\n" : "check passed\n";
  flush();
  if (std::fflush(stdout) != 0) write_failed = true;

  if (!args.junit.empty()) {
    output_file file;
    std::string error = file.open(args.junit);
    if (error.empty()) {
      file.write(junit.document());
      file.close(true, error);
    }
    if (!error.empty()) {
      fmt::print(stderr, "mfsim check: --junit: {}\n", error);
      return kExitUsage;
    }
  }
  if (write_failed) {
    fmt::print(stderr, "mfsim check: could not write to standard output\n");
    return kExitUsage;
  }
  return failed ? kExitDiffers : kExitOk;
}

}  // namespace

void register_check(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<check_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Regression check: evaluate a rule set over messages and compare each record with an\n"
      "expectations file (one JSON object per message id with any subset of the record's\n"
      "fields; `mfsim run --format jsonl` output is one). Prints each mismatch and a summary.\n\n"
      "Examples:\n"
      "  mfsim run --rules uc4 --format jsonl corpus/samples > baseline.jsonl   # bless\n"
      "  mfsim check --rules my-rules.yaml --expect baseline.jsonl corpus/samples\n"
      "  mfsim check --rules uc4 --expect expected.jsonl --junit check.xml --allow-missing "
      "mail/\n\n"
      "Exit status: 0 every message matched its expectation; 1 a field differs, or a message\n"
      "has no expectation, or an expectation has no message (each of the last two only a\n"
      "warning with --allow-unexpected / --allow-missing); 2 usage error, a rule file or an\n"
      "expectations file that does not load (file:line:col), or output that cannot be written.");
  cmd->add_option("--rules", args->rules,
                  "A built-in preset (see `mfsim presets`) or a rule-set file")
      ->required();
  cmd->add_option("--expect", args->expect,
                  "The expectations file: JSONL, one object per message with \"id\" and the fields "
                  "to check")
      ->required();
  cmd->add_option("--junit", args->junit,
                  "Also write JUnit XML to FILE: one testcase per message (and per expectation "
                  "without a message), a failure listing its mismatches");
  cmd->add_flag("--allow-missing", args->allow_missing,
                "Expectations whose message id was not among the messages read are warnings, "
                "not failures");
  cmd->add_flag("--allow-unexpected", args->allow_unexpected,
                "Messages that no expectation covers are warnings, not failures");
  add_evaluation_options(*cmd, args->eval, true);
  cmd->add_option("paths", args->paths,
                  "Message files, mbox files, Maildirs and directories, or - for standard input "
                  "(give them as when the expectations were made: ids are the paths)")
      ->required()
      ->check(CLI::ExistingPath | CLI::IsMember({"-"}));
  cmd->callback([args, &run] { run = [args] { return check_command(*args); }; });
}

}  // namespace mfsim::tools
