// `mfsim generate`: write a synthetic corpus and the records `mfsim run` must print for it.
#include "tools/cmd_generate.h"

#include <fmt/format.h>

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

}  // namespace mfsim::tools
