// The benchmark corpus: every file of one directory, read into memory once, before timing.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace mfsim::bench {

struct corpus {
  std::vector<std::string> messages;
  std::size_t bytes = 0;
};

// The directory in $MFSIM_BENCH_CORPUS, else ../shared/corpora/phishing_pot. Exits with a
// message when it holds no files.
const corpus& bench_corpus();

}  // namespace mfsim::bench
