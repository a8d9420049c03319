// The worst shapes of input the unit tests feed the scanners, at growing sizes: Google
// Benchmark fits each one's time to O(N), so a scan that turns quadratic shows here as a fitted
// complexity other than N (and as an RMS far from 0), not as a timed unit test that a loaded or
// sanitized machine fails. docs/benchmarks.md, "Hostile shapes".
#include <benchmark/benchmark.h>

#include <string>

#include "engine/mail/header_scanner.h"
#include "engine/mail/sensitive_info.h"

namespace {

namespace mail = mfsim::mail;

// A header block of `bytes` built from `line`, then an empty line and a body.
std::string header_of(std::size_t bytes, const std::string& line, const std::string& end) {
  std::string message;
  message.reserve(bytes + line.size() + 8);
  while (message.size() < bytes) message += line;
  message += end;
  return message;
}

// Scans `message` with limits that let the whole header be read, so the work grows with N.
void scan_shape(benchmark::State& state, const std::string& message) {
  mail::scan_limits limits;
  limits.max_fields = 1u << 22;
  limits.max_header_bytes = message.size() + 1;
  mail::header_block block;
  for (auto _ : state) {
    mail::scan_headers(message, limits, block);
    benchmark::DoNotOptimize(block.fields.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * message.size()));
  state.SetComplexityN(static_cast<std::int64_t>(message.size()));
}

void hostile_many_short_fields(benchmark::State& state) {
  scan_shape(state, header_of(static_cast<std::size_t>(state.range(0)),
                              "X-Filler: 0123456789abcdef\r\n", "\r\nbody"));
}

// Lines ended by a bare CR: each is a field of its own.
void hostile_bare_cr_lines(benchmark::State& state) {
  scan_shape(state, header_of(static_cast<std::size_t>(state.range(0)), "A: 1\r", "\n"));
}

// Lines that are no field: each needs a look ahead for a continuation.
void hostile_stray_lines(benchmark::State& state) {
  scan_shape(state,
             "A: 1\n" + header_of(static_cast<std::size_t>(state.range(0)), "stray\n", "\nbody"));
}

// One field folded over and over.
void hostile_folded_field(benchmark::State& state) {
  scan_shape(state, "Subject: a\r\n" + header_of(static_cast<std::size_t>(state.range(0)),
                                                 " folded\r\n", "\r\nbody"));
}

// Every sensitive information type over a text of its worst candidates (tests/dlp_test.cc
// holds the same text at 1 MiB and checks what is found).
void hostile_sensitive_types(benchmark::State& state) {
  const auto bytes = static_cast<std::size_t>(state.range(0));
  std::string words;  // every word a candidate for some type
  while (words.size() < bytes) {
    words += "visa 4111111111111111 ssn 078-05-1120 DEUT DEFF 500 AB 12 34 56 C AB1234563 ";
    words += "S1234567D A123456(3) CGC 2720 529.982.247-25 131052-308T 12.345.678-5 1234567TW ";
  }
  const std::string digits(bytes, '7');  // one number as long as the text
  std::string spaced(bytes, '1');        // digits apart: separators a number may hold
  for (std::size_t i = 1; i < spaced.size(); i += 2) spaced[i] = ' ';
  const std::string* const texts[] = {&words, &digits, &spaced};
  mail::sensitive_scan_limits limits;
  limits.max_bytes = words.size();
  limits.max_instances = words.size();
  for (auto _ : state) {
    std::size_t found = 0;
    for (const auto& info : mail::sensitive_types()) {
      for (const std::string* text : texts)
        found += mail::scan_sensitive(info.type, *text, 0, 100, limits).count;
    }
    benchmark::DoNotOptimize(found);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * 3 * bytes));
  state.SetComplexityN(static_cast<std::int64_t>(bytes));
}

}  // namespace

BENCHMARK(hostile_many_short_fields)->RangeMultiplier(4)->Range(1 << 14, 1 << 20)->Complexity();
BENCHMARK(hostile_bare_cr_lines)->RangeMultiplier(4)->Range(1 << 14, 1 << 20)->Complexity();
BENCHMARK(hostile_stray_lines)->RangeMultiplier(4)->Range(1 << 14, 1 << 20)->Complexity();
BENCHMARK(hostile_folded_field)->RangeMultiplier(4)->Range(1 << 14, 1 << 20)->Complexity();
BENCHMARK(hostile_sensitive_types)->RangeMultiplier(4)->Range(1 << 14, 1 << 20)->Complexity();
