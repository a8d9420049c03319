// Temporary output files removed when a signal ends the process. An output is written under a
// temporary name beside its path (output_file) and renamed at its end; SIGINT, SIGTERM or SIGHUP
// with their default action, before a command installs its own handler (pipeline::
// stop_on_signals) or after it, would end the process with that file left in the folder.
#pragma once

#include <string>

namespace mfsim::tools {

// Installs, for SIGINT, SIGTERM and SIGHUP whose action is the default, a handler that removes
// the temporary files remembered now and then ends the process by the same signal, as the default
// action would (an ignored signal stays ignored). Called once, from main, before any command.
void remove_temporary_outputs_on_signals();

// Remembers the temporary file `name` in the folder open as `folder` until forget_temporary
// (before the file is renamed or removed, or after: a name already gone is no harm). Returns the
// slot to forget, or -1 when all are taken (that file is then not removed by a signal).
[[nodiscard]] int remember_temporary(int folder, const std::string& name);
void forget_temporary(int slot);

}  // namespace mfsim::tools
