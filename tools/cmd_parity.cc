// `mfsim parity` (hidden): docs/parity.md from the parameter tables, or with --check FILE,
// whether FILE still equals what the tables give (the test that keeps the two together).
#include "tools/cmd_parity.h"

#include <fmt/format.h>

#include <string>

#include "engine/read_file.h"
#include "engine/rules/parity.h"
#include "engine/status.h"
#include "tools/exit_status.h"
#include "tools/messages.h"
#include "tools/output_file.h"

namespace mfsim::tools {

int parity_command(const std::string& check) {
  const std::string generated = rules::parity_markdown();
  // A full disk is an output failure (1), not a bug in mfsim (70).
  if (check.empty()) return write_standard_output("parity", generated);
  std::string current;
  try {
    current = read_whole_file(check, "parity document");
  } catch (const load_error& e) {
    tell("mfsim parity: {}\n", e.what());
    return kExitIoFailure;
  }
  if (current == generated) return kExitOk;
  tell(
      "mfsim parity: {} differs from the parameter tables; write it again with\n"
      "  mfsim parity > {}\n",
      check, check);
  return kExitIoFailure;
}

}  // namespace mfsim::tools
