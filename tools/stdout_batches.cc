// stdout_batches: check's and diff's standard output beside the progress line.
#include "tools/stdout_batches.h"

#include <unistd.h>

#include <cstdio>

namespace mfsim::tools {

stdout_batches::stdout_batches(progress& bar)
    : bar_(bar), stdout_is_terminal_(::isatty(STDOUT_FILENO) != 0) {}

void stdout_batches::flush() {
  if (pending_.empty()) return;
  if (stdout_is_terminal_) bar_.clear();
  if (std::fwrite(pending_.data(), 1, pending_.size(), stdout) != pending_.size()) failed_ = true;
  pending_.clear();
}

bool stdout_batches::finish() {
  flush();
  if (std::fflush(stdout) != 0) failed_ = true;
  return !failed_;
}

}  // namespace mfsim::tools
