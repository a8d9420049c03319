// Shard selection: a byte-balanced cut of the deterministic walk.
#include "corpus/shard.h"

#include <algorithm>
#include <charconv>

#include "engine/fnv1a.h"

namespace mfsim::corpus {
namespace {

constexpr std::uint32_t kMaxShards = 100000;

bool parse_number(std::string_view text, std::uint32_t& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::optional<shard_spec> parse_shard(std::string_view text, std::string& error) {
  const std::size_t slash = text.find('/');
  shard_spec spec;
  if (slash == std::string_view::npos || !parse_number(text.substr(0, slash), spec.number) ||
      !parse_number(text.substr(slash + 1), spec.count)) {
    error = "'" + std::string(text) + "' is not K/N (shard K of N, for example 2/8)";
    return std::nullopt;
  }
  if (spec.count == 0 || spec.count > kMaxShards) {
    error = "N in K/N must be 1 to " + std::to_string(kMaxShards);
    return std::nullopt;
  }
  if (spec.number == 0) {
    error =
        "shards are numbered from 1 to N; from a 0-based index (JOB_COMPLETION_INDEX, a Slurm "
        "array 0-" +
        std::to_string(spec.count - 1) + ") give $((INDEX + 1))/" + std::to_string(spec.count);
    return std::nullopt;
  }
  if (spec.number > spec.count) {
    error = "shard " + std::to_string(spec.number) + " of " + std::to_string(spec.count) +
            ": K must be 1 to N";
    return std::nullopt;
  }
  return spec;
}

walk_totals measure_walk(const std::vector<std::string>& paths, const std::atomic<bool>* stop,
                         const read_options& options) {
  walk_totals totals;
  totals.digest = kFnv1aOffset;
  walk_inputs(
      paths,
      [&](input_ref&& input) {
        if (input.must_read_in_order && totals.error.empty()) {
          totals.error = input.path == "-"
                             ? "standard input cannot be sharded: every shard would need it"
                             : input.path + ": a FIFO cannot be sharded: it can be read once only";
        }
        ++totals.inputs;
        totals.bytes += input.size;
        fnv1a(totals.digest, input.path);
        fnv1a(totals.digest, std::string_view("\0", 1));
        fnv1a(totals.digest, std::to_string(input.size));
        fnv1a(totals.digest, std::string_view("\0", 1));
      },
      stop, options);
  return totals;
}

std::uint32_t shard_of(std::uint64_t bytes_before, std::uint64_t size, std::uint64_t position,
                       const walk_totals& totals, std::uint32_t count) {
  // 128-bit: twice a petabyte walk times 100000 shards does not fit 64 bits.
  __extension__ typedef unsigned __int128 wide;
  std::uint64_t index = 0;
  if (totals.bytes == 0) {
    index = totals.inputs == 0
                ? 0
                : static_cast<std::uint64_t>(static_cast<wide>(position) * count / totals.inputs);
  } else {
    const wide twice_midpoint = static_cast<wide>(bytes_before) * 2 + size;
    index =
        static_cast<std::uint64_t>(twice_midpoint * count / (static_cast<wide>(totals.bytes) * 2));
  }
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(index, count - 1)) + 1;
}

void walk_shard(const std::vector<std::string>& paths, const shard_selection* selection,
                const std::function<void(input_ref&&)>& sink, const std::atomic<bool>* stop,
                const read_options& options) {
  if (selection == nullptr) {
    walk_inputs(paths, sink, stop, options);
    return;
  }
  std::uint64_t bytes_before = 0;
  walk_inputs(
      paths,
      [&](input_ref&& input) {
        const std::uint64_t before = bytes_before;
        bytes_before += input.size;
        if (shard_of(before, input.size, input.position, selection->totals,
                     selection->spec.count) == selection->spec.number)
          sink(std::move(input));
      },
      stop, options);
}

}  // namespace mfsim::corpus
