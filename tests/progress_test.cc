// The progress line (tools/progress.h): drawn on its stream, taken off before other output to
// the same terminal, and silent when disabled.
#include "tools/progress.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace {

using mfsim::tools::progress;

// What `p` wrote to its temporary file.
std::string written(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  char buffer[256];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, f)) out.append(buffer, n);
  return out;
}

}  // namespace

TEST_SUITE("progress line") {
  TEST_CASE("drawn, cleared before other output, drawn again, cleared at the end") {
    std::FILE* f = std::tmpfile();
    REQUIRE(f != nullptr);
    progress p(true, 4'000'000, f, std::chrono::milliseconds(0));
    p.add(1'000'000);
    p.clear();
    p.clear();  // nothing on the terminal: nothing to take off
    p.add(1'000'000);
    p.finish();
    const std::string out = written(f);
    std::fclose(f);
    const std::string cleared = "\r\033[K";
    CHECK(out.starts_with("\r1 messages, 1.0 MB, "));
    CHECK(out.find(", 25%, ETA ") != std::string::npos);
    const auto first_clear = out.find(cleared);
    REQUIRE(first_clear != std::string::npos);
    CHECK(out.substr(first_clear + cleared.size()).starts_with("\r2 messages, 2.0 MB, "));
    CHECK(out.find(", 50%, ETA ") != std::string::npos);
    CHECK(out.ends_with(cleared));
    CHECK(out.find(cleared + cleared) == std::string::npos);
  }

  TEST_CASE("disabled, or never drawn: nothing is written") {
    std::FILE* f = std::tmpfile();
    REQUIRE(f != nullptr);
    progress off(false, 0, f, std::chrono::milliseconds(0));
    off.add(10);
    off.finish();
    progress slow(true, 0, f, std::chrono::hours(1));  // the first redraw is an hour away
    slow.add(10);
    slow.finish();
    CHECK(written(f).empty());
    std::fclose(f);
  }
}
