// run_reporting_escapes(): see command_guard.h.
#include "tools/command_guard.h"

#include <cstdio>
#include <exception>
#include <new>

#include "engine/terminal_text.h"
#include "pipeline/ordered_stages.h"
#include "tools/exit_status.h"

namespace mfsim::tools {

int run_reporting_escapes(const std::function<int()>& command, std::FILE* messages) {
  try {
    return command();
  } catch (const pipeline::workers_refused& e) {
    std::fprintf(messages, "mfsim: %s\n", terminal_text(e.what(), 1024).c_str());
    return kExitUsage;
  } catch (const std::bad_alloc&) {
    std::fputs("mfsim: out of memory\n", messages);
  } catch (const std::exception& e) {
    std::fprintf(messages, "mfsim: internal error, please report it: %s\n",
                 terminal_text(e.what(), 1024).c_str());
  }
  return kExitInternalError;
}

int stopped_by_signal(const char* command, int signal_number, std::string_view left_out) {
  std::fflush(stdout);
  std::fprintf(stderr,
               "mfsim %s: interrupted by signal %d: the messages after these were not read; %.*s\n",
               command, signal_number, static_cast<int>(left_out.size()), left_out.data());
  return 128 + signal_number;
}

}  // namespace mfsim::tools
