// Reading and evaluating a corpus from disk (issue 16): every file read whole, or only up to
// the end of its header block as a header-only plan allows (read_options::header_block_only),
// with the uc4 preset. Unlike the other benchmarks the files are read inside the timing (the
// page cache warm), since reading less is the point.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "corpus/message_source.h"
#include "engine/compile/message_reads.h"
#include "engine/engine.h"
#include "engine/rules/presets.h"

namespace {

std::string corpus_dir() {
  const char* dir = std::getenv("MFSIM_BENCH_CORPUS");
  return dir != nullptr && *dir != '\0' ? dir : MFSIM_DEFAULT_BENCH_CORPUS;
}

void read_and_evaluate(benchmark::State& state, bool header_block_only) {
  const auto plan = mfsim::compile(*mfsim::rules::load_preset("uc4"));
  mfsim::corpus::read_options read;
  read.header_block_only = header_block_only && mfsim::reads_of(*plan).header_block_only();
  mfsim::scratch s;
  const mfsim::run_options options;
  std::uint64_t messages = 0, bytes = 0;
  for (auto _ : state) {
    messages = bytes = 0;
    mfsim::corpus::read_messages(
        {corpus_dir()},
        [&](const mfsim::corpus::corpus_message& m) {
          const auto& out =
              mfsim::evaluate(*plan, mfsim::message_prefix{m.bytes, m.whole_size()}, options, s);
          benchmark::DoNotOptimize(out.action);
          ++messages;
          bytes += m.whole_size();
        },
        nullptr, read);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * messages));
}

void corpus_read_whole_evaluate_uc4(benchmark::State& state) { read_and_evaluate(state, false); }
BENCHMARK(corpus_read_whole_evaluate_uc4)->Unit(benchmark::kMillisecond);

void corpus_read_header_only_evaluate_uc4(benchmark::State& state) {
  read_and_evaluate(state, true);
}
BENCHMARK(corpus_read_header_only_evaluate_uc4)->Unit(benchmark::kMillisecond);

}  // namespace
