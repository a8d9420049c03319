// `mfsim run`: evaluate a rule set over messages and print one record per message.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <optional>

#include "corpus/message_source.h"
#include "engine/engine.h"
#include "engine/mail/rfc5322_date.h"
#include "engine/report/jsonl_writer.h"
#include "engine/report/run_summary.h"
#include "engine/report/table_writer.h"
#include "tools/commands.h"
#include "tools/rule_source.h"

namespace mfsim::tools {
namespace {

struct run_arguments {
  std::string rules;
  std::string format;  // "", "table" or "jsonl"
  std::string client_ip;
  std::string now;
  std::string message_verdict = "use";
  bool quiet = false;
  std::vector<std::string> paths;
};

constexpr std::size_t kFlushBytes = 1 << 16;

// Buffered stdout that remembers a write failure (a closed pipe, a full disk).
class output {
 public:
  void write(std::string& buffer, bool force = false) {
    if (buffer.empty() || (!force && buffer.size() < kFlushBytes)) return;
    if (std::fwrite(buffer.data(), 1, buffer.size(), stdout) != buffer.size()) failed_ = true;
    buffer.clear();
  }
  bool finish() {
    if (std::fflush(stdout) != 0) failed_ = true;
    return !failed_;
  }

 private:
  bool failed_ = false;
};

int usage_error(const std::string& message) {
  fmt::print(stderr, "mfsim run: {}\n", message);
  return kExitUsage;
}

int run_command(const run_arguments& args) {
  std::shared_ptr<const plan> compiled;
  try {
    compiled = compile(load_rules(args.rules));
  } catch (const load_error& e) {
    for (const auto& d : e.diagnostics()) fmt::print(stderr, "{}\n", format_diagnostic(d));
    return kExitUsage;
  }

  run_options options;
  if (!args.client_ip.empty()) {
    options.client_ip = net::ip_address::parse(args.client_ip);
    if (!options.client_ip) return usage_error("--client-ip '" + args.client_ip + "' is not an IP address");
  }
  if (!args.now.empty()) {
    options.now = mail::parse_iso8601(args.now);
    if (!options.now) {
      return usage_error("--now '" + args.now + "' is not an ISO 8601 date (2024-03-20 or 2024-03-20T09:41:11Z)");
    }
  }
  options.ignore_message_verdict = args.message_verdict == "ignore";

  const bool table = args.format.empty() ? ::isatty(STDOUT_FILENO) != 0 : args.format == "table";
  const report::table_writer table_out(*compiled);
  report::run_summary summary(*compiled);
  scratch s;
  output out;
  std::string buffer;
  if (table) buffer += table_out.header();

  corpus::read_messages(args.paths, [&](const corpus::corpus_message& m) {
    const outcome& evaluated = evaluate(*compiled, m.bytes, options, s);
    const outcome* result = &evaluated;
    outcome unreadable;  // only a message that could not be read needs its own copy
    if (!m.read_error.empty()) {
      unreadable = evaluated;
      unreadable.error = m.read_error;
      result = &unreadable;
    }
    if (table) table_out.append_row(buffer, m.id, *result);
    else report::append_record(buffer, m.id, *result, *compiled);
    summary.add(*result);
    out.write(buffer);
  });

  if (table) {
    buffer += '\n';
    buffer += table_out.legend();
    buffer += summary.format();
  }
  out.write(buffer, true);
  const bool written = out.finish();
  if (!args.quiet) fmt::print(stderr, "mfsim run: {}\n", summary.accounting_line());
  if (!written) {
    fmt::print(stderr, "mfsim run: writing the output failed; the records above are incomplete\n");
    return kExitIoFailure;
  }
  return kExitOk;
}

}  // namespace

void register_run(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<run_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "run",
      "Evaluate a rule set over messages: one outcome per message (rules fired, SCL, verdict,\n"
      "action, quarantine policy, release path, notification, expiry).\n\n"
      "Examples:\n"
      "  mfsim run --rules uc4 corpus/samples\n"
      "  mfsim run --rules my-rules.yaml --format jsonl mail/ > outcomes.jsonl\n"
      "  mfsim run --rules uc4 --client-ip 104.30.32.7 message.eml   # replay as if via Area 1\n");
  cmd->add_option("--rules", args->rules,
                  "A built-in preset (see `mfsim presets`) or a YAML rule-set file")
      ->required();
  cmd->add_option("--format", args->format,
                  "table (default on a terminal) or jsonl (default otherwise): one JSON object "
                  "per message, fields as in the run contract")
      ->check(CLI::IsMember({"table", "jsonl"}));
  cmd->add_option("--client-ip", args->client_ip,
                  "Connecting IP to assume for every message, overriding the headers");
  cmd->add_option("--now", args->now,
                  "ISO 8601 clock for messages without a date (expiry falls back to it)");
  cmd->add_option("--message-verdict", args->message_verdict,
                  "use: the verdict Microsoft recorded on the message counts (default); "
                  "ignore: evaluate as if none were recorded")
      ->check(CLI::IsMember({"use", "ignore"}));
  cmd->add_flag("-q,--quiet", args->quiet, "No accounting line on stderr");
  cmd->add_option("paths", args->paths,
                  "Message files, mbox files, directories (walked recursively, sorted), or - "
                  "for standard input")
      ->required()
      ->check(CLI::ExistingPath | CLI::IsMember({"-"}));
  cmd->callback([args, &run] { run = [args] { return run_command(*args); }; });
}

}  // namespace mfsim::tools
