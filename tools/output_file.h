// Where `mfsim run` writes records: standard output, or a file written under a temporary name
// and renamed into place only when the run completes.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace mfsim::tools {

class output_file {
 public:
  output_file() = default;
  // An output opened and never closed (the run failed or stopped) leaves no temporary file.
  ~output_file();
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;

  // `path` empty means standard output. A regular file (or a new name) is written as
  // PATH.tmp-XXXXXX (created exclusively, mkstemp) next to PATH's real location; a device or
  // FIFO is written in place. Opening early checks that the path is writable before any work.
  // Returns an error text, empty on success.
  std::string open(const std::string& path);
  // Buffered write; remembers a failure (closed pipe, full disk) instead of throwing.
  void write(const std::string& text);
  // True once a write failed: the run stops (nothing more can be written).
  [[nodiscard]] bool failed() const noexcept { return failed_; }
  // Completes the output: flushes, and renames the temporary file to PATH when `complete`;
  // when not complete (an interrupted run), keeps what was written as PATH.partial.
  // Returns false when anything failed; `error` then says what.
  bool close(bool complete, std::string& error);
  [[nodiscard]] std::string final_name(bool complete) const;

 private:
  std::string open_in_place();

  std::FILE* file_ = stdout;
  std::string path_;
  std::string temp_path_;
  bool failed_ = false;
  int failure_errno_ = 0;  // the first failure's, for the message (later calls change errno)
  bool in_place_ = false;  // a device or FIFO: no temporary file, no rename
};

// The file an `-o` option names, "" for standard output: `-o -` is standard output, as the
// output guard has always taken it (decision 702).
[[nodiscard]] inline std::string output_path(const std::string& given) {
  return given == "-" ? std::string() : given;
}

// Where a chain of symlinks at `path` ends, followed one link at a time so that a link whose
// target does not exist yet still names it: the file an output_file opened on `path` writes.
[[nodiscard]] std::string link_target(std::string path);

// The name an interrupted run leaves its output under (output_file::close).
[[nodiscard]] inline std::string partial_name(const std::string& path) { return path + ".partial"; }

// Writes a command's whole output to standard output and flushes it. A failed write (a full
// disk, /dev/full) prints "mfsim COMMAND: writing the output failed" and gives kExitIoFailure;
// otherwise kExitOk.
[[nodiscard]] int write_standard_output(const char* command, std::string_view text);

}  // namespace mfsim::tools
