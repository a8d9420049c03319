// A one-line progress display on stderr for long runs on a terminal.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace mfsim::corpus {
struct shard_selection;
}

namespace mfsim::tools {

class progress {
 public:
  // `enabled` false makes every call a no-op. `total_bytes` 0 means unknown (no ETA). The line
  // goes to `out`, redrawn at most once every `interval`.
  progress(bool enabled, std::uint64_t total_bytes, std::FILE* out = stderr,
           std::chrono::milliseconds interval = std::chrono::milliseconds(200));

  // Counts one message of `bytes` and redraws at most a few times a second.
  void add(std::uint64_t bytes);
  // Takes the line off the terminal, so that output written to the same terminal next (a
  // mismatch, a table row) starts on a clean line; the next add() draws it again.
  void clear();
  // Clears the line at the end.
  void finish() { clear(); }

 private:
  void draw();

  bool enabled_;
  std::uint64_t total_bytes_;
  std::FILE* out_;
  std::chrono::milliseconds interval_;
  bool drawn_ = false;  // the line is on the terminal
  std::uint64_t messages_ = 0;
  std::uint64_t bytes_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// The size of every regular file under `paths` (0 for stdin and special files): the total a
// progress display measures against. Cheap: stat only.
[[nodiscard]] std::uint64_t total_input_bytes(const std::vector<std::string>& paths);

// The progress line of a command over a corpus (run, check, diff): drawn when standard error
// is a terminal and `quiet` is false, measured against the bytes under `paths`, or under
// --shard against the shard's share of the bytes its walk measured.
[[nodiscard]] progress corpus_progress(bool quiet, const std::vector<std::string>& paths,
                                       const corpus::shard_selection* selection);

// The width in columns of the terminal on `fd`; 0 when `fd` is not a terminal.
[[nodiscard]] std::size_t terminal_columns(int fd);

}  // namespace mfsim::tools
