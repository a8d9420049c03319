// Standard output gathered and written in batches beside the progress line on standard error.
#pragma once

#include <cstddef>
#include <string>

#include "tools/progress.h"

namespace mfsim::tools {

// What check and diff print as they read: text gathered in pending(), written once it holds
// kFlushBytes or at flush(). When standard output is the terminal the progress line is drawn
// on, the line is taken off first, so that the text starts on a clean line. A failed write is
// remembered, and reading goes on: the verdict still counts every message.
class stdout_batches {
 public:
  static constexpr std::size_t kFlushBytes = std::size_t{1} << 16;

  explicit stdout_batches(progress& bar);

  [[nodiscard]] std::string& pending() noexcept { return pending_; }
  void flush_when_full() {
    if (pending_.size() >= kFlushBytes) flush();
  }
  void flush();
  // flush(), then standard output's own buffer; false when any write failed.
  [[nodiscard]] bool finish();

 private:
  progress& bar_;
  bool stdout_is_terminal_;
  std::string pending_;
  bool failed_ = false;
};

}  // namespace mfsim::tools
