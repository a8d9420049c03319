// Writing the JSONL record of each message (report::append_record) on its own: the outcomes of
// uc4 over the corpus are computed before timing, so what is timed is the writer alone. Each
// message has a scratch of its own: an outcome's views (the disposition, ...) point into the
// scratch that made it, which the next evaluation would overwrite.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "bench/corpus_fixture.h"
#include "engine/engine.h"
#include "engine/report/jsonl_writer.h"
#include "engine/rules/presets.h"

namespace {

using mfsim::bench::bench_corpus;

void report_append_record_uc4_corpus(benchmark::State& state) {
  const auto& c = bench_corpus();
  const auto plan = mfsim::compile(*mfsim::rules::load_preset("uc4"));
  const mfsim::run_options options;
  std::vector<std::unique_ptr<mfsim::scratch>> scratches;
  std::vector<mfsim::outcome> outcomes;
  std::vector<std::string> ids;
  outcomes.reserve(c.messages.size());
  for (std::size_t k = 0; k < c.messages.size(); ++k) {
    scratches.push_back(std::make_unique<mfsim::scratch>());
    outcomes.push_back(mfsim::evaluate(*plan, c.messages[k], options, *scratches.back()));
    // As long as the ids of a walked corpus: a folder, a copy's folder, a file name.
    ids.push_back(fmt::format("/tmp/mfsim-scaling/copy{}/sample-{}.eml", k % 8, k));
  }
  // The records written from the kept outcomes must be those written as each was made.
  std::string out;
  std::string expected;
  for (std::size_t k = 0; k < outcomes.size(); ++k)
    mfsim::report::append_record(out, ids[k], outcomes[k], *plan);
  for (std::size_t k = 0; k < c.messages.size(); ++k) {
    mfsim::scratch fresh;
    mfsim::report::append_record(expected, ids[k],
                                 mfsim::evaluate(*plan, c.messages[k], options, fresh), *plan);
  }
  if (out != expected) {
    state.SkipWithError("a kept outcome no longer gives its record");
    return;
  }
  for (auto _ : state) {
    out.clear();
    for (std::size_t k = 0; k < outcomes.size(); ++k)
      mfsim::report::append_record(out, ids[k], outcomes[k], *plan);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * outcomes.size()));
  state.counters["record_bytes"] =
      static_cast<double>(out.size()) / static_cast<double>(outcomes.size());
}
BENCHMARK(report_append_record_uc4_corpus)->Unit(benchmark::kMicrosecond);

}  // namespace
