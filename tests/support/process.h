// Test support: running the mfsim binary and making scratch directories.
#pragma once

#include <string>
#include <vector>

namespace mfsim::test {

struct command_result {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `mfsim ARGS...` (the binary under test) through /bin/sh from the source directory,
// with `stdin_text` on standard input. Arguments are quoted for the shell.
command_result run_mfsim(const std::vector<std::string>& args, const std::string& stdin_text = "");

// `arg` in single quotes for a shell command line, its own single quotes kept.
std::string shell_quote(const std::string& arg);

// Runs a shell command line from the source directory (no quoting applied).
command_result run_shell(const std::string& command_line);

// Runs `mfsim ARGS...` with standard input a FIFO in `dir` that the shell holds open, so that a
// command reading it waits there; once `file` holds `text` (30 s at most), sends it `signal`
// (TERM, KILL) and returns its exit status as the shell saw it (128 + N when the signal ended it).
int run_mfsim_stopped_waiting(const std::vector<std::string>& args, const std::string& dir,
                              const std::string& file, const std::string& text,
                              const std::string& signal);

// A fresh empty directory under /tmp, removed with everything in it when destroyed.
class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  // Writes `bytes` to path()/name (parent directories created) and returns the full path.
  std::string write(const std::string& name, const std::string& bytes) const;

 private:
  std::string path_;
};

// Reads a whole file; fails the current test when it cannot.
std::string read_file(const std::string& path);

// Splits text into lines (without the '\n').
std::vector<std::string> lines_of(const std::string& text);

}  // namespace mfsim::test
