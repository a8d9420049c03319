// The guard around every subcommand (tools/command_guard.h): what an escaped exception becomes.
#include "tools/command_guard.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <new>
#include <stdexcept>
#include <string>

#include "tools/exit_status.h"

namespace {

// What run_reporting_escapes wrote to its messages, and the status it returned.
std::pair<int, std::string> guarded(const std::function<int()>& command) {
  std::FILE* messages = std::tmpfile();
  REQUIRE(messages != nullptr);
  const int status = mfsim::tools::run_reporting_escapes(command, messages);
  std::rewind(messages);
  std::string text;
  for (int c; (c = std::fgetc(messages)) != EOF;) text += static_cast<char>(c);
  std::fclose(messages);
  return {status, text};
}

}  // namespace

TEST_SUITE("command guard") {
  TEST_CASE(
      "a command's own status passes through; an escaped exception is exit 70, said plainly") {
    const auto ok = guarded([] { return 1; });
    CHECK(ok.first == 1);
    CHECK(ok.second.empty());

    // The text may come from the data (a file name in a library's message): escaped.
    const auto bug = guarded([]() -> int { throw std::out_of_range("slot \x1b[2J of 3"); });
    CHECK(bug.first == mfsim::tools::kExitInternalError);
    CHECK(bug.first == 70);
    CHECK(bug.second == "mfsim: internal error, please report it: slot \\x1b[2J of 3\n");

    const auto memory = guarded([]() -> int { throw std::bad_alloc(); });
    CHECK(memory.first == 70);
    CHECK(memory.second == "mfsim: out of memory\n");
  }
}
