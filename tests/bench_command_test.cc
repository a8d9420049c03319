// `mfsim bench` (issue 4): the floors, mimetic and mfsim timed in one process; what it prints.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "engine/json_text.h"
#include "tests/support/build_paths.h"
#include "tests/support/process.h"

using mfsim::test::lines_of;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

namespace {

std::uintmax_t bytes_under(const std::string& folder) {
  std::uintmax_t total = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(folder))
    if (e.is_regular_file()) total += e.file_size();
  return total;
}

}  // namespace

TEST_SUITE("bench_command") {
  TEST_CASE("jsonl: a row each for the floor, mimetic and mfsim, counting what run counts") {
    const auto bench = run_mfsim({"bench", "--rules", "uc4", "--rounds", "1", "--jobs", "2",
                                  "--format", "jsonl", "corpus/samples"});
    REQUIRE(bench.exit_code == 0);
    const auto records = lines_of(
        run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q", "corpus/samples"}).out);
    const auto rows = lines_of(bench.out);
    REQUIRE(rows.size() == 4);
    const std::vector<std::string> names = {"floor: read every byte, find each header end",
                                            "mimetic: the same reads, each header block parsed",
                                            "mfsim --jobs 1", "mfsim --jobs 2"};
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const auto row = mfsim::parse_json(rows[k]);
      CHECK(row["run"] == names[k]);
      CHECK(row["messages"] == records.size());  // one message per file here, mbox entries too
      CHECK(row["bytes"] == bytes_under(mfsim::test::source_dir() + "/corpus/samples"));
      CHECK(row["wall_s"].get<double>() > 0);
      CHECK(row["cpu_s"].get<double>() >= 0);
      CHECK(row["vs_floor"].get<double>() > 0);
      CHECK(row.contains("vs_mimetic") == (k >= 2));
    }
    CHECK(mfsim::parse_json(rows[0])["vs_floor"] == 1.0);
    CHECK(mfsim::parse_json(rows[3])["jobs"] == 2);
  }

  TEST_CASE("the floor finds every mbox entry's header block, as mfsim reads them") {
    temp_dir dir;
    dir.write("in/a.eml", "Subject: a\n\nbody\n");
    std::string mbox;
    for (int k = 0; k < 3; ++k) mbox += "From x\nSubject: " + std::to_string(k) + "\n\nbody\n\n";
    dir.write("in/b.mbox", mbox);
    const auto bench = run_mfsim({"bench", "--rules", "uc4", "--rounds", "2", "--jobs", "1",
                                  "--format", "jsonl", dir.path() + "/in"});
    REQUIRE(bench.exit_code == 0);
    const auto rows = lines_of(bench.out);
    REQUIRE(rows.size() == 3);  // --jobs 1: no second mfsim row
    for (const auto& line : rows) CHECK(mfsim::parse_json(line)["messages"] == 4);
  }

  TEST_CASE("an mbox entry longer than the floor holds is counted once, and the next one found") {
    // 70 MB of body: past the 64 MiB the floor holds of one entry, which it reads past instead.
    temp_dir dir;
    std::string mbox = "From a\nSubject: one\n\nbody\n\nFrom b\nSubject: two\n\n";
    mbox.append(std::size_t{70} << 20, 'x');
    mbox += "\n\nFrom c\nSubject: three\n\nbody\n";
    dir.write("big.mbox", mbox);
    const auto bench = run_mfsim({"bench", "--rules", "uc4", "--rounds", "1", "--jobs", "1",
                                  "--format", "jsonl", dir.path() + "/big.mbox"});
    REQUIRE(bench.exit_code == 0);
    const auto rows = lines_of(bench.out);
    REQUIRE(rows.size() == 3);
    CHECK(mfsim::parse_json(rows[0])["messages"] == 3);
    CHECK(mfsim::parse_json(rows[1])["messages"] == 3);
    CHECK(mfsim::parse_json(rows[2])["messages"] == 3);  // the long one a record with an error
  }

  TEST_CASE("the table names each row and mfsim's ratios to the floor and mimetic") {
    const auto bench =
        run_mfsim({"bench", "--rules", "uc4", "--rounds", "1", "--jobs", "2", "corpus/samples"});
    REQUIRE(bench.exit_code == 0);
    CHECK(bench.out.find("| run | seconds | CPU seconds | messages/s | MB/s | vs floor | vs "
                         "mimetic | vs --jobs 1 |") != std::string::npos);
    CHECK(bench.out.find("| floor: read every byte, find each header end |") != std::string::npos);
    CHECK(bench.out.find("| mfsim --jobs 2 |") != std::string::npos);
    CHECK(bench.out.find("best of 1 rounds") != std::string::npos);
  }

  TEST_CASE("a stop signal reports the rounds finished before it, or says none ended") {
    // A round over a thousand messages takes a fraction of a second, a hundred take seconds:
    // two seconds in, some have ended and some not. A slow build (sanitizers) may not have
    // ended one yet: it is given eight.
    temp_dir dir;
    REQUIRE(run_mfsim({"generate", "--count", "1000", "--seed", "3", "--format", "dir",
                       dir.path() + "/many"})
                .exit_code == 0);
    mfsim::test::command_result rounds;
    for (const char* wait : {"2", "8"}) {
      rounds = mfsim::test::run_shell(
          "( '" + mfsim::test::mfsim_binary() + "' bench --rules uc4 --rounds 100 '" + dir.path() +
          "/many' & pid=$!; sleep " + wait + "; kill -TERM $pid; wait $pid )");
      if (rounds.err.find("before the first round ended") == std::string::npos) break;
    }
    CHECK(rounds.exit_code == 128 + 15);
    CHECK(rounds.out.find("| mfsim --jobs 1 |") != std::string::npos);
    CHECK(rounds.out.find("best of 100 rounds") == std::string::npos);
    CHECK(rounds.err.find("mfsim bench: interrupted by signal 15: the best of ") !=
          std::string::npos);
    CHECK(rounds.err.find(" rounds finished, not 100") != std::string::npos);
    // A FIFO no one writes holds the first round: nothing to report, and no table.
    dir.write("in/a.eml", "Subject: x\n\nbody\n");
    REQUIRE(mfsim::test::run_shell("mkfifo '" + dir.path() + "/never-written'").exit_code == 0);
    const auto none = mfsim::test::run_shell(
        "( '" + mfsim::test::mfsim_binary() + "' bench --rules uc4 '" + dir.path() + "/in' '" +
        dir.path() + "/never-written' & pid=$!; sleep 1; kill -TERM $pid; wait $pid )");
    CHECK(none.exit_code == 128 + 15);
    CHECK(none.out.empty());
    CHECK(none.err.find("before the first round ended: nothing to report") != std::string::npos);
  }

  TEST_CASE("standard input and bad values are usage errors") {
    const auto stdin_bench = run_mfsim({"bench", "--rules", "uc4", "-"}, "Subject: x\n\n");
    CHECK(stdin_bench.exit_code == 2);
    CHECK(stdin_bench.err.find("standard input cannot be one") != std::string::npos);
    CHECK(run_mfsim({"bench", "--rules", "uc4", "--rounds", "0", "corpus/samples"}).exit_code == 2);
    CHECK(run_mfsim({"bench", "--rules", "no-such-preset", "corpus/samples"}).exit_code == 2);
    temp_dir empty;
    const auto nothing = run_mfsim({"bench", "--rules", "uc4", empty.path()});
    CHECK(nothing.exit_code == 2);
    CHECK(nothing.err.find("no message files") != std::string::npos);
  }
}
