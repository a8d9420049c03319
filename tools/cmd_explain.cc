// `mfsim explain`: how a rule set treats one message, step by step (Test-Message, offline).
#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>

#include "corpus/message_source.h"
#include "engine/explain/explanation.h"
#include "tools/commands.h"
#include "tools/evaluation_options.h"
#include "tools/explain_render.h"

namespace mfsim::tools {
namespace {

struct explain_arguments {
  std::string rules;
  std::string format = "text";
  evaluation_arguments eval;
  std::string message;
};

struct loaded_message {
  std::string id;
  std::string bytes;
  std::string read_error;
  std::uint32_t flags = 0;
};

std::vector<loaded_message> read_all(const std::string& path, const corpus::read_options& read) {
  std::vector<loaded_message> out;
  corpus::read_messages(
      {path},
      [&](const corpus::corpus_message& m) {
        out.push_back(
            {std::string(m.id), std::string(m.bytes), std::string(m.read_error), m.flags});
      },
      nullptr, read);
  return out;
}

// The message(s) MESSAGE names: a file (every entry of an mbox, PST or ZIP), a directory
// (every message in it), "-", or a record id: "PATH#N" for entry N of the mbox at PATH,
// "PATH#Inbox/3" in a PST, "PATH#attached/1" with --unwrap. Empty, with `error` set, when none.
std::vector<loaded_message> read_target(const std::string& target, const corpus::read_options& read,
                                        std::string& error) {
  std::error_code ec;
  if (target == "-" || std::filesystem::exists(target, ec)) return read_all(target, read);
  for (std::size_t hash = target.find('#'); hash != std::string::npos && hash + 1 < target.size();
       hash = target.find('#', hash + 1)) {
    const std::string base = target.substr(0, hash);
    if (base == "-" || std::filesystem::is_regular_file(base, ec)) {
      std::vector<loaded_message> all = read_all(base, read);
      for (auto& m : all) {
        if (m.id == target) return {std::move(m)};
      }
      error = fmt::format("{} holds {} message{}; there is no entry {}", base, all.size(),
                          all.size() == 1 ? "" : "s", target.substr(hash + 1));
      return {};
    }
  }
  error = fmt::format(
      "{}: no such file (give a message file, an mbox, PATH#N for one mbox entry, or -)", target);
  return {};
}

int explain_command(const explain_arguments& args) {
  const auto compiled = load_plan(args.rules);
  if (!compiled) return kExitUsage;
  const auto setup = prepare_evaluation("explain", args.eval);
  if (!setup) return kExitUsage;
  std::string error;
  const std::vector<loaded_message> messages = read_target(args.message, setup->read, error);
  if (!error.empty()) {
    fmt::print(stderr, "mfsim explain: {}\n", error);
    return kExitUsage;
  }
  if (messages.empty()) {
    fmt::print(stderr, "mfsim explain: {}: no message found\n", args.message);
    return kExitUsage;
  }
  scratch s;
  std::string out;
  for (std::size_t k = 0; k < messages.size(); ++k) {
    const loaded_message& m = messages[k];
    evaluation_trace trace;
    outcome copy;
    const outcome& record = pipeline::evaluate_message(
        *compiled, {m.id, m.bytes, m.read_error, m.flags}, *setup, s, copy, &trace);
    const explain::explanation explanation =
        explain::explain(*compiled, m.id, m.bytes, setup->options.limits, record, trace, s);
    if (args.format == "json") {
      // One JSON object per message, each on one line (a single message: one object).
      out += render_json(explanation, *compiled)
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      out += '\n';
    } else {
      if (k > 0) out += "\n" + std::string(78, '=') + "\n\n";
      out += render_text(explanation);
    }
  }
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    fmt::print(stderr, "mfsim explain: could not write to standard output\n");
    return kExitIoFailure;
  }
  return kExitOk;
}

}  // namespace

void register_explain(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<explain_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "explain",
      "Show how a rule set treats one message, step by step, like Exchange's Test-Message but\n"
      "offline: the Area 1 disposition, the connecting IP and the egress range it fell in (or\n"
      "the nearest miss), Microsoft's recorded verdict, every rule with each condition and\n"
      "exception (the header values it looked at, raw and decoded, and what matched where),\n"
      "StopRuleProcessing, the SCL path, the verdict and why, the action, and the quarantine\n"
      "policy's permissions, release path, notification and expiry.\n\n"
      "Examples:\n"
      "  mfsim explain --rules uc4 corpus/samples/01-uce-from-egress.eml\n"
      "  mfsim explain --rules uc4 'corpus/samples/30-mailbox.mbox#2'\n"
      "  mfsim explain --rules my-rules.yaml --client-ip 104.30.32.7 --format json - < msg.eml\n\n"
      "Exit status: 0 explained; 1 the output could not be written; 2 usage error, a rule file\n"
      "that does not load, or no such message.");
  cmd->add_option("--rules", args->rules,
                  "A built-in preset (see `mfsim presets`) or a rule-set file")
      ->required();
  cmd->add_option("--format", args->format,
                  "text (default): for reading; json: one JSON object per message (fields in "
                  "docs/check-diff-explain.md)")
      ->check(CLI::IsMember({"text", "json"}));
  add_evaluation_options(*cmd, args->eval, false);
  cmd->add_option("message", args->message,
                  "A message file, an mbox (every entry, or PATH#N for entry N), or - for standard "
                  "input")
      ->required();
  cmd->callback([args, &run] { run = [args] { return explain_command(*args); }; });
}

}  // namespace mfsim::tools
