// mfsim_read_floor: the least work a corpus run can do on the same files, timed the way
// bench/run_scaling.py times `mfsim run` (wall and CPU seconds), so that mfsim's figures are
// read against floors measured in the same run (the floors: tools/reading_floors.h, which
// `mfsim bench` times too).
//
//   mfsim_read_floor read-all    PATH...   open, one read of the whole file, memchr for the end
//                                          of the header block, close
//   mfsim_read_floor header-only PATH...   16 KiB reads until the end of the header block
//   mfsim_read_floor mimetic     PATH...   header-only reads, then mimetic parses the block
//                                          (from the line after an mbox envelope line)
//   mfsim_read_floor mbox        FILE      2 MiB reads, memchr for every envelope line
//
// --threads N before read-all, header-only or mbox: N threads share the work, taking runs of
// 16 files in turn (the mbox: each reads 1/N of its bytes), as `mfsim run --jobs N` shares it:
// how far reading alone scales on this machine.
//
// Directories are walked (sorted) before the clock starts. Exit status 2: a usage error, or a
// thread the system refused (fewer --threads then); 70: out of memory; no floor printed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <system_error>
#include <vector>

#include "tools/exit_status.h"
#include "tools/reading_floors.h"

namespace floors = mfsim::tools::floors;

int main(int argc, char** argv) {
  int first = 1;
  unsigned threads = 1;
  if (argc > 2 && std::strcmp(argv[1], "--threads") == 0) {
    threads = static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10));
    first = 3;
  }
  const std::string mode = argc > first ? argv[first] : "";
  // mimetic is timed on one thread only: nothing says its parser may run on several at once.
  if (argc < first + 2 || threads == 0 || threads > 1024 || (mode == "mimetic" && threads > 1)) {
    std::fprintf(stderr,
                 "usage: %s [--threads N] read-all|header-only|mbox PATH...\n"
                 "       %s mimetic PATH...\n",
                 argv[0], argv[0]);
    return 2;
  }
  const std::vector<std::string> files = floors::list_files({argv + first + 1, argv + argc});
  floors::totals t;
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = floors::cpu_seconds();
  try {
    if (mode == "read-all") {
      floors::share_files(files, threads, floors::read_all, t);
    } else if (mode == "header-only" || mode == "mimetic") {
      const bool parse = mode == "mimetic";
      floors::share_files(
          files, threads,
          [parse](std::span<const std::string> run, floors::totals& each) {
            floors::read_header_blocks(run, each, parse);
          },
          t);
    } else if (mode == "mbox" && files.size() == 1) {
      floors::split_mbox(files.front(), t, threads);
    } else {
      std::fprintf(stderr, "unknown mode or not one mbox file: %s\n", mode.c_str());
      return 2;
    }
  } catch (const std::system_error& e) {
    // As `mfsim run` says it (decision 1177): no floor is printed for fewer threads than asked.
    std::fprintf(stderr,
                 "%s: the system refused one of the %u threads --threads asks for (%s); give "
                 "fewer --threads, or allow more memory (ulimit -v) or processes (ulimit -u)\n",
                 argv[0], threads, e.code().message().c_str());
    return 2;
  } catch (const std::bad_alloc&) {  // a thread's read buffer (1247)
    std::fprintf(stderr,
                 "%s: out of memory reading on %u threads; give fewer --threads, or allow more "
                 "memory (ulimit -v)\n",
                 argv[0], threads);
    return mfsim::tools::kExitInternalError;  // as mfsim says out of memory
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // `items`: mimetic's fields, or the mbox's entries, as bench/run_scaling.py reads them.
  std::printf(
      "{\"mode\": \"%s\", \"threads\": %u, \"wall_s\": %.6f, \"cpu_s\": %.6f, \"files\": %zu, "
      "\"bytes_read\": %zu, \"header_bytes\": %zu, \"items\": %zu}\n",
      mode.c_str(), threads, wall, floors::cpu_seconds() - cpu_start, t.files, t.bytes_read,
      t.header_bytes, t.items);
  return 0;
}
