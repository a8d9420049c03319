// The walk alone (issue 16): how many inputs a second the one walking thread lists, to set
// beside what one worker evaluates a second. With N workers the walk keeps up while it lists
// at least N times one worker's rate; past that the walk, not the workers, bounds the run.
// The tree is made in a temporary folder before timing: folders of empty files, the walk never
// opens a file. Three shapes: large folders (no stat per file, decision 311), small folders of
// `*.eml` files (not stat'ed either: each holds one message), and small folders of files with
// no extension (every entry stat'ed, so that a large mbox among them is split).
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "corpus/message_source.h"

namespace {

namespace fs = std::filesystem;

// `folders` folders of `files` empty files each, named `message-N` followed by `extension`,
// under a fresh temporary folder; removed when the benchmark ends.
class walk_tree {
 public:
  walk_tree(int folders, int files, const std::string& extension) {
    std::string pattern = (fs::temp_directory_path() / "mfsim-walk-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    root_ = pattern;
    for (int d = 0; d < folders; ++d) {
      const fs::path folder = root_ / ("folder-" + std::to_string(d));
      fs::create_directory(folder);
      for (int f = 0; f < files; ++f) {
        const std::string name = (folder / ("message-" + std::to_string(f) + extension)).string();
        const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) std::abort();
        ::close(fd);
      }
    }
  }
  ~walk_tree() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  walk_tree(const walk_tree&) = delete;
  walk_tree& operator=(const walk_tree&) = delete;
  [[nodiscard]] std::string root() const { return root_.string(); }

 private:
  fs::path root_;
};

void walk(benchmark::State& state) {
  const walk_tree tree(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)),
                       state.range(2) != 0 ? ".eml" : "");
  mfsim::corpus::read_options options;
  options.stat_every_file = false;  // as `mfsim run` walks (pipeline/evaluate_corpus.h)
  std::uint64_t inputs = 0;
  for (auto _ : state) {
    inputs = 0;
    mfsim::corpus::walk_inputs(
        {tree.root()},
        [&](mfsim::corpus::input_ref&& input) {
          benchmark::DoNotOptimize(input.path.data());
          ++inputs;
        },
        nullptr, options);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * inputs));
}
// 20,000 files: in 20 folders of 1,000 (no stat per file), and in 1,000 folders of 20, named
// `*.eml` (no stat) or with no extension (a stat each). The third argument: 1 for `.eml`.
BENCHMARK(walk)
    ->Args({20, 1000, 1})
    ->Args({1000, 20, 1})
    ->Args({1000, 20, 0})
    ->Unit(benchmark::kMillisecond);

}  // namespace
