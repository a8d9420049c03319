// Rules at scale (issue 16): a rule set of N rules mixing header words, sender IP ranges and
// subject patterns, evaluated over the corpus and compiled, beside one rule of each kind. The
// issue's targets: 10,000 rules cost at most 3x one rule per message, and compile in under a
// second.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <string>

#include "bench/corpus_fixture.h"
#include "engine/engine.h"
#include "engine/rules/load_native.h"
#include "engine/rules/rule_set.h"

namespace {

using mfsim::bench::bench_corpus;

enum class rule_kind { words, ip_ranges, patterns, mixed };

// Rule i: words on a header most messages carry, an IPv4 or IPv6 range, or a subject pattern
// (in turn when mixed). None matches the corpus (the words and addresses are made up): the
// rule-by-rule worst case, and what the rule index (decisions.md 295-299) must make cheap.
std::string rules_yaml(int n, rule_kind only) {
  static constexpr const char* kHeaders[] = {"Received", "Authentication-Results", "Subject",
                                             "From", "Content-Type"};
  std::string yaml = "mfsim: 1\ntransport_rules:\n";
  for (int i = 0; i < n; ++i) {
    yaml += fmt::format("  - Name: rule {}\n", i);
    const int kind = only == rule_kind::mixed ? i % 3 : static_cast<int>(only);
    switch (kind) {
      case 0:
        yaml += fmt::format(
            "    HeaderContainsMessageHeader: {1}\n"
            "    HeaderContainsWords: [zq{0}alpha, zq{0}beta, zq{0}gamma]\n",
            i, kHeaders[i % 5]);
        break;
      case 1:
        if (i % 2 == 0) {
          yaml += fmt::format("    SenderIpRanges: [10.{}.{}.0/24, 192.0.2.{}]\n", (i >> 8) & 255,
                              i & 255, i % 250);
        } else {
          yaml += fmt::format("    SenderIpRanges: ['2001:db8:{:x}::/48']\n", i);
        }
        break;
      default: yaml += fmt::format("    SubjectMatchesPatterns: 'zq{}[0-9]+ invoice'\n", i); break;
    }
    yaml += "    SetSCL: 5\n";
  }
  return yaml;
}

std::string mixed_rules_yaml(int n) { return rules_yaml(n, rule_kind::mixed); }

void evaluate_rules_of(benchmark::State& state, int n, rule_kind kind) {
  const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(rules_yaml(n, kind), "b"));
  const auto& c = bench_corpus();
  mfsim::scratch s;
  const mfsim::run_options options;
  for (auto _ : state) {
    std::size_t matched = 0;
    for (const auto& m : c.messages) matched += mfsim::evaluate(*plan, m, options, s).rules.size();
    benchmark::DoNotOptimize(matched);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.messages.size()));
}

void evaluate_rules(benchmark::State& state, rule_kind kind) {
  evaluate_rules_of(state, static_cast<int>(state.range(0)), kind);
}

// The target: /10000 costs at most 3x /1 (and /3, one rule of each kind) per message.
void evaluate_mixed_n_rules(benchmark::State& state) { evaluate_rules(state, rule_kind::mixed); }
BENCHMARK(evaluate_mixed_n_rules)
    ->Arg(1)
    ->Arg(3)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond);

// The same mixed rules under the names issue 4 gave them: evaluate_rules_1 ... _1000.
const bool kEvaluateRulesRegistered = [] {
  for (const int n : {1, 10, 100, 1000}) {
    benchmark::RegisterBenchmark(fmt::format("evaluate_rules_{}", n).c_str(),
                                 [n](benchmark::State& state) {
                                   state.SetLabel(fmt::format("{} mixed rules", n));
                                   evaluate_rules_of(state, n, rule_kind::mixed);
                                 })
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

// Each kind alone, so that a regression in one index shows by itself.
void evaluate_word_rules(benchmark::State& state) { evaluate_rules(state, rule_kind::words); }
void evaluate_ip_rules(benchmark::State& state) { evaluate_rules(state, rule_kind::ip_ranges); }
void evaluate_pattern_rules(benchmark::State& state) { evaluate_rules(state, rule_kind::patterns); }
BENCHMARK(evaluate_word_rules)->Arg(1)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(evaluate_ip_rules)->Arg(1)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(evaluate_pattern_rules)->Arg(1)->Arg(10000)->Unit(benchmark::kMillisecond);

// Loading the YAML is timed apart from compiling it.
void compile_mixed_n_rules(benchmark::State& state) {
  const mfsim::rules::rule_set set =
      mfsim::rules::load_rule_set_yaml(mixed_rules_yaml(static_cast<int>(state.range(0))), "b");
  for (auto _ : state) benchmark::DoNotOptimize(mfsim::compile(set));
}
BENCHMARK(compile_mixed_n_rules)->Arg(3)->Arg(10000)->Unit(benchmark::kMillisecond);

void load_mixed_n_rules(benchmark::State& state) {
  const std::string yaml = mixed_rules_yaml(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(mfsim::rules::load_rule_set_yaml(yaml, "b"));
}
BENCHMARK(load_mixed_n_rules)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
