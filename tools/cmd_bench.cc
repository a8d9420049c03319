// `mfsim bench`: mfsim end to end beside the floors, in one process and one run (issue 4), so
// that figures from noisy machines still compare: a floor that reads the same bytes and finds
// each header end, mimetic parsing the same header blocks, and `mfsim run` with one job and
// with N, rows interleaved round by round, the best round of each kept.
#include "tools/cmd_bench.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "engine/engine.h"
#include "engine/fnv1a.h"
#include "engine/report/jsonl_writer.h"
#include "engine/report/run_summary.h"
#include "engine/terminal_text.h"
#include "pipeline/evaluate_corpus.h"
#include "pipeline/stop_signals.h"
#include "tools/commands.h"
#include "tools/evaluation_options.h"
#include "tools/input_guard.h"
#include "tools/messages.h"
#include "tools/output_guard.h"
#include "tools/reading_floors.h"

namespace mfsim::tools {
namespace {

// One row of the table: its best round.
struct row {
  std::string name;
  double wall = std::numeric_limits<double>::infinity();
  double cpu = 0;
  std::size_t messages = 0;
  std::size_t jobs = 0;  // mfsim rows
  void keep(double w, double c) {
    if (w < wall) {
      wall = w;
      cpu = c;
    }
  }
};

// What one timed mfsim run gives besides its time.
struct run_counts {
  std::size_t records = 0;
  std::uint64_t digest = kFnv1aOffset;
};

// A worker's state, as run's: its scratch, its fork memory and its share of the run's counts.
struct worker_state {
  scratch working;
  pipeline::fork_memory forking;  // recipient forks, as run finds them (decisions 470, 497)
  report::run_summary summary;
  explicit worker_state(const plan& p) : summary(p) {}
};

// `mfsim run --format jsonl` over `paths` with `jobs` workers, the records written to
// /dev/null as run writes them to a file and counted as run counts them. With `fingerprint`,
// the records are also folded into `digest`: only in the untimed check after the rounds, as
// FNV-1a's one byte at a time cost 8% of a one-job row over phishing_pot x8 (decision 372).
run_counts run_mfsim(const plan& compiled, const evaluation_setup& setup,
                     const std::vector<std::string>& paths, std::size_t jobs, int sink,
                     std::atomic<bool>& stop, bool fingerprint) {
  run_counts counts;
  std::string pending;
  pipeline::per_worker<worker_state> workers(jobs, compiled);
  pipeline::message_stages<std::string, worker_state> stages;
  stages.process = [&](worker_state& state, const corpus::corpus_message& m, std::string& text) {
    outcome unreadable;
    const outcome& result =
        pipeline::evaluate_message(compiled, m, setup, state.working, unreadable);
    text.clear();
    const recipient_forks* forks =
        pipeline::message_forks(compiled, m, setup, state.working, state.forking);
    report::append_record(text, m.id, result, compiled, forks);
    state.summary.add(result);
  };
  stages.consume = [&](std::string& text) {
    if (fingerprint) fnv1a(counts.digest, text);
    ++counts.records;
    pending += text;
    if (pending.size() >= (1 << 16)) {
      if (::write(sink, pending.data(), pending.size()) < 0) throw std::runtime_error("/dev/null");
      pending.clear();
    }
  };
  pipeline::evaluate_corpus(paths, reading_for({&compiled}, setup), workers, stages, &stop);
  if (!pending.empty() && ::write(sink, pending.data(), pending.size()) < 0)
    throw std::runtime_error("/dev/null");
  report::run_summary summary(compiled);  // as run sums its workers' counts after the run
  for (std::size_t w = 0; w < workers.size(); ++w) summary.merge(workers[w].summary);
  return counts;
}

template <class Work>
void timed(row& r, Work&& work) {
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = floors::cpu_seconds();
  work();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.keep(wall, floors::cpu_seconds() - cpu_start);
}

std::string ratio(double numerator, double denominator) {
  return denominator > 0 ? fmt::format("{:.2f}x", numerator / denominator) : std::string("-");
}

void print_table(const std::vector<row>& rows, std::size_t files, std::size_t bytes,
                 std::size_t rounds, const bench_arguments& args) {
  fmt::print(
      "mfsim bench: {} files, {:.1f} MB, --rules {}, best of {} rounds (wall clock; CPU "
      "seconds beside)\n\n",
      files, static_cast<double>(bytes) / 1e6, terminal_text(args.rules), rounds);
  fmt::print(
      "| run | seconds | CPU seconds | messages/s | MB/s | vs floor | vs mimetic | vs --jobs 1 "
      "|\n");
  fmt::print("|---|---:|---:|---:|---:|---:|---:|---:|\n");
  const row& floor = rows[0];
  const row& mimetic = rows[1];
  for (const row& r : rows) {
    const bool mfsim = r.jobs != 0;
    fmt::print("| {} | {:.4f} | {:.4f} | {:.0f} | {:.0f} | {} | {} | {} |\n", r.name, r.wall, r.cpu,
               static_cast<double>(r.messages) / r.wall, static_cast<double>(bytes) / 1e6 / r.wall,
               ratio(floor.wall, r.wall), mfsim ? ratio(mimetic.wall, r.wall) : std::string(),
               mfsim ? ratio(rows[2].wall, r.wall) : std::string());
  }
}

void print_jsonl(const std::vector<row>& rows, std::size_t bytes) {
  const row& floor = rows[0];
  const row& mimetic = rows[1];
  for (const row& r : rows) {
    nlohmann::json line = {{"run", r.name},
                           {"wall_s", r.wall},
                           {"cpu_s", r.cpu},
                           {"messages", r.messages},
                           {"bytes", bytes},
                           {"messages_per_s", static_cast<double>(r.messages) / r.wall},
                           {"mb_per_s", static_cast<double>(bytes) / 1e6 / r.wall},
                           {"vs_floor", floor.wall / r.wall}};
    if (r.jobs != 0) {
      line["jobs"] = r.jobs;
      line["vs_mimetic"] = mimetic.wall / r.wall;
      line["vs_jobs_1"] = rows[2].wall / r.wall;
    }
    fmt::print("{}\n", line.dump());
  }
}

}  // namespace

int bench_command(const bench_arguments& args) {
  if (std::find(args.paths.begin(), args.paths.end(), "-") != args.paths.end()) {
    tell("mfsim bench: reads its inputs several times: standard input cannot be one\n");
    return kExitUsage;
  }
  const std::shared_ptr<const plan> compiled = load_plan(args.rules, args.evaluation);
  if (!compiled) return kExitUsage;
  const std::optional<evaluation_setup> setup = prepare_evaluation("bench", args.evaluation);
  if (!setup) return kExitUsage;
  if (refuse_inputs_twice("bench", args.paths)) return kExitUsage;
  const int sink = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (sink < 0) {
    tell("mfsim bench: cannot open /dev/null\n");
    return kExitIoFailure;
  }

  const std::vector<std::string> files = floors::list_files(args.paths);
  if (files.empty()) {
    tell("mfsim bench: no message files under the paths given: nothing to time\n");
    return kExitUsage;
  }
  floors::totals warm;  // one pass before the clock: the page cache holds the corpus
  floors::read_messages(files, warm, false);

  std::vector<row> rows = {{"floor: read every byte, find each header end"},
                           {"mimetic: the same reads, each header block parsed"},
                           {"mfsim --jobs 1"}};
  rows[2].jobs = 1;
  if (setup->jobs > 1) {
    rows.push_back({fmt::format("mfsim --jobs {}", setup->jobs)});
    rows.back().jobs = setup->jobs;
  }
  const bool show_progress = !args.quiet && ::isatty(STDERR_FILENO) != 0;
  // Ctrl-C ends the round under way, whose rows are dropped (a row cut short would look fast);
  // the rounds finished before it are reported.
  pipeline::stop_on_signals stop;
  std::vector<row> finished = rows;
  std::size_t rounds_done = 0;
  for (std::size_t round = 1; round <= args.rounds && !stop.flag().load(); ++round) {
    if (show_progress) fmt::print(stderr, "\rmfsim bench: round {} of {}", round, args.rounds);
    floors::totals floor;
    timed(rows[0], [&] { floors::read_messages(files, floor, false, &stop.flag()); });
    rows[0].messages = floor.messages;
    floors::totals parsed;
    timed(rows[1], [&] { floors::read_messages(files, parsed, true, &stop.flag()); });
    rows[1].messages = parsed.messages;
    for (std::size_t k = 2; k < rows.size(); ++k) {
      run_counts counts;
      timed(rows[k], [&] {
        counts = run_mfsim(*compiled, *setup, args.paths, rows[k].jobs, sink, stop.flag(), false);
      });
      rows[k].messages = counts.records;
    }
    if (stop.flag().load()) break;
    finished = rows;
    ++rounds_done;
  }
  // Every --jobs must write the same records: each mfsim row runs once more, untimed, its
  // records fingerprinted. A stop before the last of these ends leaves them unchecked.
  std::vector<run_counts> fingerprints;
  if (rows.size() > 3 && rounds_done == args.rounds && !stop.flag().load()) {
    if (show_progress)
      fmt::print(stderr, "\r\033[Kmfsim bench: comparing the records of each --jobs");
    for (std::size_t k = 2; k < rows.size(); ++k) {
      fingerprints.push_back(
          run_mfsim(*compiled, *setup, args.paths, rows[k].jobs, sink, stop.flag(), true));
    }
  }
  const bool compared = !fingerprints.empty() && !stop.flag().load();
  if (show_progress) fmt::print(stderr, "\r\033[K");
  ::close(sink);
  if (stop.signal_number() != 0) {
    if (rounds_done == 0) {
      tell(
          "mfsim bench: interrupted by signal {} before the first round ended: "
          "nothing to report\n",
          stop.signal_number());
      return 128 + stop.signal_number();
    }
    rows = finished;
  }

  if (args.format == "jsonl")
    print_jsonl(rows, warm.bytes_read);
  else
    print_table(rows, files.size(), warm.bytes_read, rounds_done, args);
  const bool identical =
      std::all_of(fingerprints.begin(), fingerprints.end(), [&](const run_counts& each) {
        return each.digest == fingerprints[0].digest && each.records == fingerprints[0].records;
      });
  if (compared && !identical) {
    tell(
        "mfsim bench: the records differ between --jobs 1 and --jobs {}: a bug, "
        "please report it with the corpus\n",
        setup->jobs);
    return kExitIoFailure;
  }
  if (stop.signal_number() != 0) {
    if (rounds_done < args.rounds) {
      tell(
          "mfsim bench: interrupted by signal {}: the best of the {} rounds "
          "finished, not {}\n",
          stop.signal_number(), rounds_done, args.rounds);
    } else {
      tell(
          "mfsim bench: interrupted by signal {} after the last round: the records of "
          "each --jobs were not compared\n",
          stop.signal_number());
    }
    return 128 + stop.signal_number();
  }
  return kExitOk;
}

}  // namespace mfsim::tools
