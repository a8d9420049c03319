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
//   mfsim_read_floor mbox        FILE      16 MiB reads, memchr for every envelope line
//
// Directories are walked (sorted) before the clock starts.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "tools/reading_floors.h"

namespace floors = mfsim::tools::floors;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s read-all|header-only|mimetic|mbox PATH...\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  const std::vector<std::string> files = floors::list_files({argv + 2, argv + argc});
  floors::totals t;
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = floors::cpu_seconds();
  if (mode == "read-all") {
    floors::read_all(files, t);
  } else if (mode == "header-only") {
    floors::read_header_blocks(files, t, false);
  } else if (mode == "mimetic") {
    floors::read_header_blocks(files, t, true);
  } else if (mode == "mbox" && files.size() == 1) {
    floors::split_mbox(files.front(), t);
  } else {
    std::fprintf(stderr, "unknown mode or not one mbox file: %s\n", mode.c_str());
    return 2;
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // `items`: mimetic's fields, or the mbox's entries, as bench/run_scaling.py reads them.
  std::printf(
      "{\"mode\": \"%s\", \"wall_s\": %.6f, \"cpu_s\": %.6f, \"files\": %zu, \"bytes_read\": %zu, "
      "\"header_bytes\": %zu, \"items\": %zu}\n",
      mode.c_str(), wall, floors::cpu_seconds() - cpu_start, t.files, t.bytes_read, t.header_bytes,
      t.items);
  return 0;
}
