// Header scanning over a real corpus, against a floor that reads the same bytes and against
// mimetic parsing the same headers.
#include <benchmark/benchmark.h>
#include <mimetic/mimetic.h>

#include <cstring>

#include "bench/corpus_fixture.h"
#include "engine/mail/header_scanner.h"

namespace {

using mfsim::bench::bench_corpus;

void set_counters(benchmark::State& state) {
  const auto& c = bench_corpus();
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.messages.size()));
}

// The floor: visit every line end of the header block and stop at the first empty line, the
// least work any header scanner must do on the same bytes.
void floor_read_corpus(benchmark::State& state) {
  const auto& c = bench_corpus();
  for (auto _ : state) {
    std::size_t lines = 0;
    for (const auto& m : c.messages) {
      const char* p = m.data();
      const char* end = p + m.size();
      while ((p = static_cast<const char*>(
                  std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr) {
        ++lines;
        ++p;
        if (p < end && (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n'))) break;
      }
    }
    benchmark::DoNotOptimize(lines);
  }
  set_counters(state);
}
BENCHMARK(floor_read_corpus);

// Scans every message of the corpus with `scan` (scan_headers or its reference) per iteration.
template <typename Scan>
void scan_every_message(benchmark::State& state, Scan scan) {
  const auto& c = bench_corpus();
  mfsim::mail::header_block block;
  const mfsim::mail::scan_limits limits;
  for (auto _ : state) {
    std::size_t fields = 0;
    for (const auto& m : c.messages) {
      scan(m, limits, block);
      fields += block.fields.size();
    }
    benchmark::DoNotOptimize(fields);
  }
  set_counters(state);
}

void header_scanner_scan_corpus(benchmark::State& state) {
  scan_every_message(state, mfsim::mail::scan_headers);
}
BENCHMARK(header_scanner_scan_corpus);

// The reference scan that takes every folded line on its own: what taking plain continuation
// lines at once saves.
void header_scanner_scan_line_by_line_corpus(benchmark::State& state) {
  scan_every_message(state, mfsim::mail::scan_headers_line_by_line);
}
BENCHMARK(header_scanner_scan_line_by_line_corpus);

// mimetic with body, preamble and child parts ignored: its header parse alone.
void mimetic_parse_headers_corpus(benchmark::State& state) {
  const auto& c = bench_corpus();
  const int header_only = mimetic::imBody | mimetic::imChildParts | mimetic::imPreamble;
  for (auto _ : state) {
    std::size_t fields = 0;
    for (const auto& m : c.messages) {
      mimetic::MimeEntity entity(m.begin(), m.end(), header_only);
      fields += entity.header().size();
    }
    benchmark::DoNotOptimize(fields);
  }
  set_counters(state);
}
BENCHMARK(mimetic_parse_headers_corpus);

}  // namespace
