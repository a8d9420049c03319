// `mfsim parity` (hidden): docs/parity.md from the parameter tables, or with --check FILE,
// whether FILE still equals what the tables give (the test that keeps the two together).
#include <fmt/format.h>

#include <memory>

#include "engine/read_file.h"
#include "engine/rules/parity.h"
#include "engine/status.h"
#include "tools/commands.h"
#include "tools/messages.h"
#include "tools/output_file.h"

namespace mfsim::tools {

void register_parity(CLI::App& app, std::function<int()>& run) {
  CLI::App* cmd = app.add_subcommand(
      "parity",
      "Print docs/parity.md (what mfsim does with each Exchange parameter) to standard output:\n"
      "  mfsim parity > docs/parity.md\n"
      "Exit status: 0 written, or with --check equal; 1 it differs, or a file could not be read\n"
      "or written.");
  cmd->group("");  // for maintainers: not in --help, the man page or the completion
  auto check = std::make_shared<std::string>();
  cmd->add_option("--check", *check,
                  "Compare FILE with what the tables give instead; exit 1 when they differ");
  cmd->callback([check, &run] {
    run = [check] {
      const std::string generated = rules::parity_markdown();
      // A full disk is an output failure (1), not a bug in mfsim (70).
      if (check->empty()) return write_standard_output("parity", generated);
      std::string current;
      try {
        current = read_whole_file(*check, "parity document");
      } catch (const load_error& e) {
        tell("mfsim parity: {}\n", e.what());
        return kExitIoFailure;
      }
      if (current == generated) return kExitOk;
      tell(
          "mfsim parity: {} differs from the parameter tables; write it again with\n"
          "  mfsim parity > {}\n",
          *check, *check);
      return kExitIoFailure;
    };
  });
}

}  // namespace mfsim::tools
