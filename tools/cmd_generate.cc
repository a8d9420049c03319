// `mfsim generate`: write a synthetic corpus and the records `mfsim run` must print for it.
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "corpus/generator/generator.h"
#include "engine/status.h"
#include "engine/terminal_text.h"
#include "tools/commands.h"
#include "tools/messages.h"
#include "tools/output_guard.h"
#include "tools/rule_source.h"
#include "tools/shard_part.h"

namespace mfsim::tools {
namespace {

struct generate_arguments {
  std::uint64_t count = 0;
  std::uint64_t seed = 1;
  std::string mix;
  std::string format = "dir";
  std::string rules = "uc4";
  std::string truth;
  std::string out;
  std::vector<std::string> defines;  // --define NAME=VALUE for a script given as --rules
  bool quiet = false;
};

int generate_command(const generate_arguments& args) {
  corpus::generator_options options;
  options.count = args.count;
  options.seed = args.seed;
  options.out = args.out;
  options.truth = args.truth;
  rules::rule_set set;
  try {
    if (!args.mix.empty()) options.mix = corpus::parse_mix(args.mix);
    options.format = corpus::parse_format(args.format);
    set = load_rules(args.rules, args.defines);
  } catch (const corpus::generator_error& e) {
    tell("mfsim generate: {}\n", terminal_text(e.what()));
    return kExitUsage;
  } catch (const load_error& e) {
    print_diagnostics(e.diagnostics());
    return kExitUsage;
  }
  // The truth file must not land on the rule file it is computed from (--truth rules.yaml).
  if (refuse_conflicting_outputs("generate", {{"--truth", corpus::truth_path(options)}},
                                 command_inputs{{}, rule_files(args.rules)})) {
    return kExitUsage;
  }
  const auto started = std::chrono::steady_clock::now();
  corpus::generator_result result;
  try {
    result = corpus::generate(set, options);
  } catch (const corpus::generator_error& e) {
    tell("mfsim generate: {}\n", terminal_text(e.what()));
    return kExitUsage;
  } catch (const corpus::generator_io_error& e) {
    tell("mfsim generate: {}\n", terminal_text(e.what()));
    return kExitIoFailure;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!args.quiet) {
    std::string defines;  // the check needs them to load the same script
    for (const std::string& d : args.defines) defines += " --define " + shell_word(d);
    tell(
        "mfsim generate: {} messages ({:.1f} MB) in {:.2f} s ({:.0f} messages/s)\n"
        "  corpus: {}\n  truth:  {}\n  check:  mfsim check --rules {}{} --expect {} {}\n",
        result.messages, static_cast<double>(result.bytes) / 1e6, seconds,
        seconds > 0 ? static_cast<double>(result.messages) / seconds : 0.0, result.run_path,
        result.truth_path, shell_word(args.rules), defines, shell_word(result.truth_path),
        shell_word(result.run_path));
  }
  return kExitOk;
}

}  // namespace

void register_generate(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<generate_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Write a synthetic corpus of Exchange Online messages behind Area 1 (Received chains, EOP\n"
      "verdict headers, dispositions in the mix asked for, egress and other senders, folded and\n"
      "encoded headers, some damaged messages) and the truth file: for every message, the\n"
      "contract fields (id ... error) that `mfsim run --rules PRESET --format jsonl OUT` must\n"
      "print, worked out from what was written. `mfsim check --rules PRESET --expect\n"
      "OUT.truth.jsonl OUT` compares them.\n\n"
      "Examples:\n"
      "  mfsim generate --count 1000 --seed 7 corpus-7              # corpus-7/000001.eml ...\n"
      "  mfsim generate --count 500 --format mbox --rules uc4-2023-01 spam-study\n"
      "  mfsim generate --count 2000 --mix UCE=50,none=50 --format maildir md\n\n"
      "The truth goes to OUT.truth.jsonl beside OUT (never inside it). The same arguments give "
      "the\n"
      "same bytes. Exit status: 0 written; 1 writing failed; 2 usage error, OUT not empty, or a\n"
      "rule set using what the generator cannot predict (only the use-case presets' features).");
  cmd->add_option("--count", args->count, "Number of messages to write")
      ->required()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  cmd->add_option("--seed", args->seed, "Seed of the generator (default 1)")
      ->check(
          [](const std::string& text) {
            // CLI11 2.1 reads "-1" as 2^64 - 1 and clamps a longer number: both would name
            // another corpus than the one asked for.
            std::uint64_t value = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            return ec == std::errc() && end == text.data() + text.size() && !text.empty()
                       ? std::string()
                       : fmt::format("'{}' is not a whole number from 0 to 18446744073709551615",
                                     text);
          },
          "0..2^64-1");
  cmd->add_option("--mix", args->mix,
                  "Disposition classes and weights, e.g. "
                  "MALICIOUS=5,SUSPICIOUS=5,SPOOF=5,UCE=10,BULK=10,none=65 "
                  "(default " +
                      std::string(corpus::kDefaultMix) + ")");
  cmd->add_option("--format", args->format,
                  "dir (OUT/000001.eml ...), mbox (OUT/messages.mbox) or maildir (OUT/cur, "
                  "OUT/new, OUT/tmp)")
      ->capture_default_str();
  cmd->add_option("--rules", args->rules, "The preset (or rule file) the truth is computed for")
      ->capture_default_str();
  add_rule_load_options(*cmd);
  add_define_option(*cmd, args->defines);
  cmd->add_option("--truth", args->truth, "Where to write the truth (default OUT.truth.jsonl)");
  cmd->add_flag("-q,--quiet", args->quiet, "No summary on stderr");
  cmd->add_option("out", args->out, "The corpus directory: created, or an existing empty one")
      ->required();
  cmd->callback([args, &run] { run = [args] { return generate_command(*args); }; });
}

}  // namespace mfsim::tools
