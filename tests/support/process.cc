// Running commands for end-to-end tests, and temporary directories.
#include "tests/support/process.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/build_paths.h"
#include "tests/support/stopped_waiting.h"

namespace mfsim::test {

std::string shell_quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

command_result run_shell(const std::string& command_line) {
  const temp_dir capture;
  const std::string out_path = capture.path() + "/out";
  const std::string err_path = capture.path() + "/err";
  const std::string full = "cd " + shell_quote(mfsim::test::source_dir()) + " && " + command_line +
                           " >" + shell_quote(out_path) + " 2>" + shell_quote(err_path);
  const int status = std::system(full.c_str());
  command_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

command_result run_mfsim(const std::vector<std::string>& args, const std::string& stdin_text) {
  const temp_dir input;
  const std::string in_path = input.write("stdin", stdin_text);
  std::string line = shell_quote(mfsim::test::mfsim_binary());
  for (const auto& a : args) line += " " + shell_quote(a);
  return run_shell(line + " <" + shell_quote(in_path));
}

command_result run_stopped_waiting(const std::string& command, const std::string& fifo,
                                   const std::string& ready, const std::string& signal) {
  const std::string wait_for_end =
      "for i in $(seq 300); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; "
      "kill -KILL $pid 2>/dev/null; wait $pid; echo $?";
  return run_shell("{ mkfifo " + shell_quote(fifo) + " && exec 3<>" + shell_quote(fifo) + "; " +
                   command + " & pid=$!; for i in $(seq 300); do " + ready +
                   " && break; sleep 0.1; done; kill -" + signal + " $pid; " + wait_for_end +
                   "; }");
}

int run_mfsim_stopped_waiting(const std::vector<std::string>& args, const std::string& dir,
                              const std::string& file, const std::string& text,
                              const std::string& signal) {
  const std::string fifo = dir + "/stdin-fifo";
  std::string command = shell_quote(mfsim::test::mfsim_binary());
  for (const auto& a : args) command += " " + shell_quote(a);
  const auto r = run_stopped_waiting(
      command + " <" + shell_quote(fifo) + " 2>/dev/null", fifo,
      "grep -q " + shell_quote(text) + " " + shell_quote(file) + " 2>/dev/null", signal);
  return std::atoi(r.out.c_str());
}

temp_dir::temp_dir() {
  std::string pattern = "/tmp/mfsim-test-XXXXXX";
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

temp_dir::~temp_dir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string temp_dir::write(const std::string& name, const std::string& bytes) const {
  const std::filesystem::path full = std::filesystem::path(path_) / name;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream out(full, std::ios::binary);
  out << bytes;
  REQUIRE(out.good());
  return full.string();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace mfsim::test
