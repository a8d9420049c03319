// Whole-message evaluation (scan, view, rules, policy) with the uc4 preset and with generated
// rule sets of growing size.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "bench/corpus_fixture.h"
#include "engine/engine.h"
#include "engine/rules/load_native.h"
#include "engine/rules/presets.h"

namespace {

using mfsim::bench::bench_corpus;

void run_over_corpus(benchmark::State& state, const mfsim::plan& plan) {
  const auto& c = bench_corpus();
  mfsim::scratch s;
  const mfsim::run_options options;
  for (auto _ : state) {
    std::size_t quarantined = 0;
    for (const auto& m : c.messages) {
      quarantined += mfsim::evaluate(plan, m, options, s).action == mfsim::final_action::quarantine;
    }
    benchmark::DoNotOptimize(quarantined);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.messages.size()));
}

void evaluate_uc4_corpus(benchmark::State& state) {
  const auto plan = mfsim::compile(*mfsim::rules::load_preset("uc4"));
  run_over_corpus(state, *plan);
}
BENCHMARK(evaluate_uc4_corpus);

// N rules, each with three words on a header nearly every corpus message has, and an exception
// on the Subject; no word occurs, so every rule is evaluated in full on every message.
void evaluate_words_n_rules(benchmark::State& state) {
  static constexpr const char* kHeaders[] = {"Received", "Authentication-Results", "Subject",
                                             "From", "X-MS-Exchange-Organization-SCL"};
  const auto n = static_cast<int>(state.range(0));
  std::string yaml = "mfsim: 1\ntransport_rules:\n";
  for (int i = 0; i < n; ++i) {
    yaml += fmt::format(
        "  - Name: rule {0}\n    HeaderContainsMessageHeader: {1}\n"
        "    HeaderContainsWords: [alpha{0}, beta{0}, gamma{0}]\n"
        "    ExceptIfSubjectContainsWords: [delta{0}, epsilon{0}]\n    SetSCL: 5\n",
        i, kHeaders[i % 5]);
  }
  const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(yaml, "bench.yaml"));
  run_over_corpus(state, *plan);
}
BENCHMARK(evaluate_words_n_rules)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);

// One rule that reads the body: each message's MIME structure is bounded for mimetic, parsed,
// and its text parts decoded and searched (no word occurs, so every message is read through).
void evaluate_body_words_corpus(benchmark::State& state) {
  const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(
      "mfsim: 1\ntransport_rules:\n  - Name: body words\n"
      "    SubjectOrBodyContainsWords: [zqxjv alpha, zqxjv beta]\n    SetSCL: 5\n",
      "bench.yaml"));
  run_over_corpus(state, *plan);
}
BENCHMARK(evaluate_body_words_corpus)->Unit(benchmark::kMillisecond);

// What every run pays before its first message: the uc4 preset through the YAML loader, then
// compiled. Serial, so it bounds what --jobs can gain on a small corpus.
void load_and_compile_uc4_preset(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(mfsim::compile(*mfsim::rules::load_preset("uc4")));
}
BENCHMARK(load_and_compile_uc4_preset)->Unit(benchmark::kMicrosecond);

void load_uc4_preset(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(mfsim::rules::load_preset("uc4"));
}
BENCHMARK(load_uc4_preset)->Unit(benchmark::kMicrosecond);

}  // namespace
