// The engine's parts one by one over the benchmark corpus (issue 4): RFC 2047 decoding of the
// header values that need it, sender IP lookups in range sets of growing size, and whole-word
// matching with growing word lists, and the sensitive information types over 1 MB of text beside
// a floor over the same bytes, and a subject pattern searched byte by byte and by character. Each
// reports items (values, lookups, texts) or bytes a second.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/corpus_fixture.h"
#include "engine/case_fold.h"
#include "engine/compile/exchange_pattern.h"
#include "engine/eval/word_matcher.h"
#include "engine/mail/header_scanner.h"
#include "engine/mail/rfc2047.h"
#include "engine/mail/sensitive_info.h"
#include "engine/net/ip_range_set.h"

namespace {

using mfsim::bench::bench_corpus;

// The unfolded values of the corpus's header fields named `name`, collected once.
std::vector<std::string> corpus_values(std::string_view name, bool encoded_only) {
  std::vector<std::string> values;
  mfsim::mail::header_block block;
  for (const auto& m : bench_corpus().messages) {
    mfsim::mail::scan_headers(m, {}, block);
    for (const auto& f : block.fields) {
      if (!mfsim::mail::header_name_equals(f.name, name)) continue;
      std::string value;
      mfsim::mail::unfold_value(f.raw_value, value);
      if (!encoded_only || value.find("=?") != std::string::npos) values.push_back(value);
    }
  }
  return values;
}

// Every Subject and From value of the corpus that holds an encoded word, decoded.
void rfc2047_decode_corpus(benchmark::State& state) {
  static const std::vector<std::string> values = [] {
    std::vector<std::string> all = corpus_values("Subject", true);
    for (auto& v : corpus_values("From", true)) all.push_back(std::move(v));
    return all;
  }();
  std::string out;
  for (auto _ : state) {
    for (const auto& v : values) {
      out.clear();
      benchmark::DoNotOptimize(mfsim::mail::decode_rfc2047(v, out));
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * values.size()));
  state.counters["values"] = static_cast<double>(values.size());
}
BENCHMARK(rfc2047_decode_corpus);

// A set of N ranges (IPv4 /24s and IPv6 /48s, in turn) and 4,096 addresses to look up, about
// one in eight inside a range.
void ip_range_set_lookup_ranges(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  mfsim::net::ip_range_set set;
  std::string error;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::string text = i % 2 == 0 ? fmt::format("10.{}.{}.0/24", (i >> 8) & 255, i & 255)
                                        : fmt::format("2001:db8:{:x}::/48", i);
    set.add(*mfsim::net::parse_ip_range(text, error));
  }
  set.finish();
  std::vector<mfsim::net::ip_address> addresses;
  std::uint32_t seed = 12345;
  for (int k = 0; k < 4096; ++k) {
    seed = seed * 1664525u + 1013904223u;
    const std::uint32_t pick = seed >> 8;
    addresses.push_back(
        pick % 8 == 0 ? mfsim::net::ip_address::from_v4(0x0A000000u | (pick & 0xFFFFu) << 8 | 7u)
                      : mfsim::net::ip_address::from_v4(pick | 0x40000000u));
  }
  for (auto _ : state) {
    std::size_t hits = 0;
    for (const auto& a : addresses) hits += set.contains(a) ? 1 : 0;
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * addresses.size()));
}
BENCHMARK(ip_range_set_lookup_ranges)->Arg(10)->Arg(1000)->Arg(100000);

// A list of N made-up words (none occurs) against every case-folded Subject of the corpus: the
// whole text searched each time, the matcher's worst case.
void word_matcher_subjects(benchmark::State& state) {
  static const std::vector<std::string> subjects = [] {
    std::vector<std::string> lowered;
    for (const auto& v : corpus_values("Subject", false))
      lowered.push_back(mfsim::case_folded_copy(v));
    return lowered;
  }();
  std::vector<std::string> words;
  for (int i = 0; i < state.range(0); ++i) words.push_back(fmt::format("zq{}word", i));
  const mfsim::eval::word_matcher matcher(words);
  for (auto _ : state) {
    std::size_t matched = 0;
    for (const auto& s : subjects) matched += matcher.matches(s) ? 1 : 0;
    benchmark::DoNotOptimize(matched);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * subjects.size()));
}
BENCHMARK(word_matcher_subjects)->Arg(1)->Arg(10)->Arg(100);

// 1 MB of business text: words, amounts, dates, and now and then a keyword beside a number of
// each type, so that every type's patterns and evidence are exercised.
const std::string& sensitive_text() {
  static const std::string text = [] {
    const char* const lines[] = {
        "Please find the invoice for order 2024-118 attached; the amount of 1,250.00 is due ",
        "on 12/31/2024. Kind regards, the accounts team at Contoso (call 555 0199). ",
        "Card on file: visa 4111 1111 1111 1111, expiry 2/2027. SSN: 078-05-1120. ",
        "Wire to IBAN GB82 WEST 1234 5698 7654 32, SWIFT code DEUTDEFF500, ABA 021000021. ",
        "Checking account #: 12345678. Passport No 123456789. ITIN 912-78-1234. ",
        "National Insurance number AB 12 34 56 C, NHS number 943 476 5919, SIN 046-454-286, ",
        "tax file number 123 456 782, BSN 111222333 op 23-04-1980, DEA AB1234563, CPF "
        "529.982.247-25, RUT 12.345.678-5, HKID A123456(3), NRIC S1234567D, 131052-308T, "
        "Reisepass C123T45671, RRN 800101-1000008, BSB 062-000, MyKad 850512-14-5678. ",
        "The meeting moved to Thursday at 10:30 in room 4B; bring the quarterly figures. "};
    std::string all;
    for (std::size_t k = 0; all.size() < (1u << 20); ++k) {
      // Mostly ordinary prose: one line in eight holds numbers of each type.
      all += lines[(k % 8 == 7) ? 2 + (k / 8) % 5 : (k % 2 == 0 ? 0 : (k % 3 == 0 ? 7 : 1))];
    }
    return all;
  }();
  return text;
}

// Every type over the text at its recommended confidence (the condition's default).
void sensitive_scan(benchmark::State& state) {
  const auto& info = mfsim::mail::sensitive_types()[static_cast<std::size_t>(state.range(0))];
  const std::string& text = sensitive_text();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        mfsim::mail::scan_sensitive(info.type, text, info.recommended_confidence, 100));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.SetLabel(std::string(info.name));
}
BENCHMARK(sensitive_scan)->Apply([](benchmark::internal::Benchmark* b) {
  for (std::size_t k = 0; k < mfsim::mail::sensitive_types().size(); ++k) {
    b->Arg(static_cast<std::int64_t>(k));
  }
});

// The floor for sensitive_scan: the same bytes, finding where each word starts and nothing else.
void sensitive_scan_floor(benchmark::State& state) {
  const std::string& text = sensitive_text();
  for (auto _ : state) {
    std::size_t words = 0;
    bool in_word = false;
    for (const char c : text) {
      const bool alnum = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
      words += alnum && !in_word ? 1 : 0;
      in_word = alnum;
    }
    benchmark::DoNotOptimize(words);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(sensitive_scan_floor);

// One subject pattern over every decoded Subject of the corpus (decision 851): arg 0 an ASCII
// pattern over the subjects as they are (ASCII ones searched byte by byte), 1 the same with
// "é" after each subject (all searched by character, through ICU), 2 a Cyrillic class.
void subject_pattern_search(benchmark::State& state) {
  std::vector<std::string> subjects;
  for (const auto& raw : corpus_values("Subject", false)) {
    std::string decoded;
    mfsim::mail::decode_rfc2047(raw, decoded);
    if (state.range(0) == 1) decoded += "é";
    subjects.push_back(std::move(decoded));
  }
  const auto re = mfsim::compile_detail::compile_exchange_pattern(
      state.range(0) == 2 ? "[а-я]{3}\\s+\\d" : "(re|fw)\\W+\\w+\\s+\\d");
  mfsim::rules::ps::regex_match found;
  std::size_t matched = 0;
  for (auto _ : state) {
    for (const auto& s : subjects) matched += re.search(s, found) ? 1 : 0;
  }
  benchmark::DoNotOptimize(matched);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * subjects.size()));
}
BENCHMARK(subject_pattern_search)->Arg(0)->Arg(1)->Arg(2);

}  // namespace
