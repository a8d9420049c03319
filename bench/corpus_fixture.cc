// Loads the benchmark corpus (outside any timed region).
#include "bench/corpus_fixture.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mfsim::bench {

const corpus& bench_corpus() {
  static const corpus loaded = [] {
    const char* env = std::getenv("MFSIM_BENCH_CORPUS");
    const std::string dir = env != nullptr ? env : MFSIM_DEFAULT_BENCH_CORPUS;
    std::vector<std::filesystem::path> paths;
    std::error_code ec;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
      if (e.is_regular_file()) paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    corpus c;
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      c.bytes += s.str().size();
      c.messages.push_back(s.str());
    }
    if (c.messages.empty()) {
      std::fprintf(stderr, "mfsim_bench: no files in %s (set MFSIM_BENCH_CORPUS)\n", dir.c_str());
      std::exit(2);
    }
    return c;
  }();
  return loaded;
}

}  // namespace mfsim::bench
