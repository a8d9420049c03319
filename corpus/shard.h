// Splitting the walk of a corpus into N shards balanced by bytes, the same way in every process,
// so that N processes (a Slurm array, a Kubernetes Indexed Job, Dask tasks) each evaluate their
// share and every message falls in exactly one shard.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/message_source.h"

namespace mfsim::corpus {

// `--shard K/N`: shard K of N, K counted from 1 (1..N), as in "part 2 of 3".
struct shard_spec {
  std::uint32_t number = 1;
  std::uint32_t count = 1;
};

// Parses "K/N" (1 <= K <= N <= 100000). On a bad value returns nullopt and says why in `error`
// (for K = 0 it says how to turn a 0-based index such as JOB_COMPLETION_INDEX into K).
[[nodiscard]] std::optional<shard_spec> parse_shard(std::string_view text, std::string& error);

// What every shard of one walk agrees on: counted in a first walk, before any input is read.
struct walk_totals {
  std::uint64_t inputs = 0;
  std::uint64_t bytes = 0;   // sum of input_ref::size
  std::uint64_t digest = 0;  // FNV-1a over each input's path and size, in walk order
  std::string error;         // set when the paths cannot be sharded (standard input, a FIFO)
};

// Walks `paths` (stat only, nothing is read) and totals the inputs.
[[nodiscard]] walk_totals measure_walk(const std::vector<std::string>& paths,
                                       const std::atomic<bool>* stop = nullptr,
                                       const read_options& options = {});

// The shard (1..count) an input belongs to: the walk's bytes are cut into `count` equal ranges
// and the input goes to the range holding its midpoint. Inputs are never split (an mbox stays
// whole), so a shard can be off its share by at most half an input on either side. When the
// walk holds no bytes at all, inputs are dealt out by position instead.
[[nodiscard]] std::uint32_t shard_of(std::uint64_t bytes_before, std::uint64_t size,
                                     std::uint64_t position, const walk_totals& totals,
                                     std::uint32_t count);

// One process's part of a sharded walk; `totals` come from measure_walk() over the same paths.
struct shard_selection {
  shard_spec spec;
  walk_totals totals;
};

// walk_inputs() restricted to the inputs of `selection` (every input when it is null);
// input_ref::position still counts every input of the whole walk.
// `options` must be those measure_walk() had (a large PST is walked as several inputs).
void walk_shard(const std::vector<std::string>& paths, const shard_selection* selection,
                const std::function<void(input_ref&&)>& sink,
                const std::atomic<bool>* stop = nullptr, const read_options& options = {});

}  // namespace mfsim::corpus
