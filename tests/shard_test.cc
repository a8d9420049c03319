// --shard K/N and `mfsim merge` (issue 17): every message in exactly one shard, shards balanced
// by bytes, and merged parts byte-identical to the single process in any order.
#include "corpus/shard.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/json_text.h"
#include "tests/support/build_paths.h"
#include "tests/support/corpora.h"
#include "tests/support/process.h"

using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;
namespace corpus = mfsim::corpus;
namespace fs = std::filesystem;

namespace {

// Which shard each input of `paths` falls in, input path -> shard.
std::map<std::string, std::uint32_t> shards_of(const std::vector<std::string>& paths,
                                               std::uint32_t count) {
  const corpus::walk_totals totals = corpus::measure_walk(paths);
  REQUIRE(totals.error.empty());
  std::map<std::string, std::uint32_t> out;
  for (std::uint32_t k = 1; k <= count; ++k) {
    const corpus::shard_selection selection{{k, count}, totals};
    corpus::walk_shard(paths, &selection, [&](corpus::input_ref&& input) {
      CHECK_MESSAGE(out.emplace(input.path, k).second, input.path << " in two shards");
    });
  }
  return out;
}

// Bytes per shard over the inputs of `paths`.
std::vector<std::uint64_t> shard_bytes(const std::vector<std::string>& paths, std::uint32_t count) {
  const corpus::walk_totals totals = corpus::measure_walk(paths);
  std::vector<std::uint64_t> bytes(count, 0);
  for (std::uint32_t k = 1; k <= count; ++k) {
    const corpus::shard_selection selection{{k, count}, totals};
    corpus::walk_shard(paths, &selection,
                       [&](corpus::input_ref&& input) { bytes[k - 1] += input.size; });
  }
  return bytes;
}

// Runs `mfsim ARGS --shard K/N` for every K, writing the parts to `dir`; returns their paths.
// `allowed`: the exit statuses a shard may end with (diff and check: 1 when something moved).
std::vector<std::string> write_parts(const temp_dir& dir, std::vector<std::string> args,
                                     std::uint32_t count, const std::set<int>& allowed = {0}) {
  std::vector<std::string> parts;
  for (std::uint32_t k = 1; k <= count; ++k) {
    auto shard_args = args;
    shard_args.insert(shard_args.begin() + 1,
                      {"--shard", std::to_string(k) + "/" + std::to_string(count)});
    const auto r = run_mfsim(shard_args);
    INFO(r.err);
    REQUIRE(allowed.count(r.exit_code) == 1);
    parts.push_back(dir.write(args[0] + "-part-" + std::to_string(k), r.out));
  }
  return parts;
}

// Every order of the parts merges to `expected` (all orders for 3 parts, some for more).
void check_merges(const std::vector<std::string>& parts, const std::string& expected,
                  int expected_exit, const std::vector<std::string>& merge_options = {}) {
  auto order = parts;
  std::sort(order.begin(), order.end());
  int tried = 0;
  do {
    std::vector<std::string> args{"merge"};
    args.insert(args.end(), merge_options.begin(), merge_options.end());
    args.insert(args.end(), order.begin(), order.end());
    const auto r = run_mfsim(args);
    INFO(r.err);
    CHECK(r.exit_code == expected_exit);
    CHECK(r.out == expected);
  } while (std::next_permutation(order.begin(), order.end()) && ++tried < 6);
}

}  // namespace

TEST_CASE("--shard K/N: K counts from 1; 0, K > N and bad forms are refused with a reason") {
  std::string error;
  const auto spec = corpus::parse_shard("2/8", error);
  REQUIRE(spec);
  CHECK(spec->number == 2);
  CHECK(spec->count == 8);
  CHECK(corpus::parse_shard("1/1", error));
  CHECK_FALSE(corpus::parse_shard("0/3", error));
  CHECK(error.find("JOB_COMPLETION_INDEX") != std::string::npos);
  CHECK_FALSE(corpus::parse_shard("4/3", error));
  CHECK_FALSE(corpus::parse_shard("1/0", error));
  CHECK_FALSE(corpus::parse_shard("2", error));
  CHECK_FALSE(corpus::parse_shard("a/3", error));
  CHECK_FALSE(corpus::parse_shard("1/3x", error));
}

TEST_CASE("shard_of cuts the walk's bytes into equal ranges by each input's midpoint") {
  corpus::walk_totals totals;
  totals.inputs = 4;
  totals.bytes = 400;
  // Four inputs of 100 bytes: one per shard of 4, two per shard of 2.
  for (std::uint64_t k = 0; k < 4; ++k) {
    CHECK(corpus::shard_of(k * 100, 100, k, totals, 4) == k + 1);
    CHECK(corpus::shard_of(k * 100, 100, k, totals, 2) == k / 2 + 1);
  }
  // No bytes at all: dealt out by position.
  totals.bytes = 0;
  CHECK(corpus::shard_of(0, 0, 0, totals, 2) == 1);
  CHECK(corpus::shard_of(0, 0, 3, totals, 2) == 2);
  // Huge walks do not overflow.
  totals.bytes = std::uint64_t{1} << 62;
  CHECK(corpus::shard_of(totals.bytes - 10, 10, 3, totals, 100000) == 100000);
}

TEST_CASE("every input of a walk falls in exactly one shard, shards in walk order") {
  temp_dir dir;
  for (int k = 0; k < 40; ++k)
    dir.write("mail/m" + std::to_string(k),
              std::string(static_cast<std::size_t>(100 + k * 37), 'x'));
  dir.write("mail/box.mbox", "From a\nSubject: 1\n\nx\n\nFrom b\nSubject: 2\n\ny\n");
  const std::vector<std::string> paths{dir.path() + "/mail"};
  std::vector<std::string> walked;
  corpus::walk_inputs(paths, [&](corpus::input_ref&& input) { walked.push_back(input.path); });
  for (const std::uint32_t count : {1u, 2u, 3u, 7u, 41u, 60u}) {
    const auto shard = shards_of(paths, count);
    CHECK(shard.size() == walked.size());
    std::uint32_t previous = 1;
    for (const auto& path : walked) {
      REQUIRE(shard.count(path) == 1);
      CHECK(shard.at(path) >= previous);  // contiguous ranges of the walk
      previous = shard.at(path);
    }
  }
}

TEST_CASE("shards of the public corpora are balanced by bytes within 10%" *
          doctest::test_suite("corpora")) {
  for (const char* name : {"spamassassin", "phishing_pot", "torture"}) {
    if (!mfsim::test::corpus_dir(name)) return;  // skipped, with the reason
  }
  const fs::path corpora = mfsim::test::corpora_root();
  for (const std::uint32_t count : {2u, 3u, 4u, 8u}) {
    const auto bytes = shard_bytes({corpora.string()}, count);
    std::uint64_t total = 0;
    for (const auto b : bytes) total += b;
    const double share = static_cast<double>(total) / count;
    for (std::uint32_t k = 0; k < count; ++k) {
      INFO("shard " << k + 1 << "/" << count << ": " << bytes[k] << " bytes, share " << share);
      CHECK(static_cast<double>(bytes[k]) <= share * 1.10);
      CHECK(static_cast<double>(bytes[k]) >= share * 0.90);
    }
  }
}

TEST_SUITE("e2e: shard and merge") {
  TEST_CASE("run --shard K/3: the parts merge, in any order, into the single run's bytes") {
    temp_dir dir;
    const std::vector<std::string> args{"run",      "--rules", "uc4",           "-q",
                                        "--format", "jsonl",   "corpus/samples"};
    const auto single = run_mfsim(args);
    REQUIRE(single.exit_code == 0);
    const auto parts = write_parts(dir, {"run", "--rules", "uc4", "-q", "corpus/samples"}, 3);
    check_merges(parts, single.out, 0);
    // Each part is JSONL: a header, one positioned record per message, a trailer.
    std::size_t records = 0;
    for (const auto& p : parts) {
      const auto lines = mfsim::test::lines_of(read_file(p));
      REQUIRE(lines.size() >= 2);
      CHECK(lines.front().rfind("{\"mfsim_part\":", 0) == 0);
      CHECK(lines.back().rfind("{\"mfsim_part_end\":", 0) == 0);
      for (std::size_t k = 1; k + 1 < lines.size(); ++k) {
        CHECK(lines[k].rfind("{\"walk_position\":[", 0) == 0);
        CHECK(nlohmann::json::accept(lines[k]));
      }
      records += lines.size() - 2;
    }
    CHECK(records == mfsim::test::lines_of(single.out).size());
    // A part whose line ends became CRLF on its way (a Windows agent, autocrlf) merges the same.
    std::string crlf;
    for (const char c : read_file(parts[1]))
      crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    const auto crlf_merge = run_mfsim({"merge", parts[0], dir.write("crlf-part", crlf), parts[2]});
    CHECK(crlf_merge.exit_code == 0);
    CHECK(crlf_merge.out == single.out);
    // -o writes the same bytes; --report the single run's HTML report.
    const auto out = dir.path() + "/merged.jsonl";
    CHECK(run_mfsim({"merge", "-o", out, "--report", dir.path() + "/merged.html", parts[2],
                     parts[0], parts[1]})
              .exit_code == 0);
    CHECK(read_file(out) == single.out);
    REQUIRE(run_mfsim({"run", "--rules", "uc4", "-q", "--format", "jsonl", "--report",
                       dir.path() + "/single.html", "corpus/samples"})
                .exit_code == 0);
    CHECK(read_file(dir.path() + "/merged.html") == read_file(dir.path() + "/single.html"));
  }

  TEST_CASE("diff --shard K/2 (table and jsonl) and its HTML report merge into the single bytes") {
    temp_dir dir;
    for (const char* format : {"table", "jsonl"}) {
      INFO(format);
      const std::vector<std::string> args{"diff", "--base",   "eop-default", "--rules",       "uc4",
                                          "-q",   "--format", format,        "corpus/samples"};
      const auto single = run_mfsim(args);
      REQUIRE(single.exit_code == 1);  // some message changed
      const auto parts = write_parts(dir, args, 2, {0, 1});
      check_merges(parts, single.out, 1);
    }
    // --report on merge writes the single diff's HTML report.
    const std::vector<std::string> args{"diff", "--base", "eop-default",   "--rules",
                                        "uc4",  "-q",     "corpus/samples"};
    auto with_report = args;
    with_report.insert(with_report.end() - 1, {"--report", dir.path() + "/single.html"});
    REQUIRE(run_mfsim(with_report).exit_code == 1);
    const auto parts = write_parts(dir, args, 3, {0, 1});
    const auto merged =
        run_mfsim({"merge", "--report", dir.path() + "/merged.html", parts[1], parts[2], parts[0]});
    CHECK(merged.exit_code == 1);
    CHECK(read_file(dir.path() + "/merged.html") == read_file(dir.path() + "/single.html"));

    // A merge job that holds only the parts: the rule files are gone, the names are in the header.
    const auto base = dir.write("base.yaml", run_mfsim({"presets", "show", "eop-default"}).out);
    const std::vector<std::string> from_file{"diff", "--base",        base, "--rules", "uc4",
                                             "-q",   "corpus/samples"};
    const auto whole = run_mfsim(from_file);
    REQUIRE(whole.exit_code == 1);
    const auto file_parts = write_parts(dir, from_file, 2, {0, 1});
    std::filesystem::remove(base);
    check_merges(file_parts, whole.out, 1);

    // Run parts merge without their rule file too; only --report needs it, and says so.
    const auto rules = dir.write("rules.yaml", run_mfsim({"presets", "show", "uc4"}).out);
    const auto run_parts = write_parts(dir, {"run", "--rules", rules, "-q", "corpus/samples"}, 2);
    std::filesystem::remove(rules);
    CHECK(run_mfsim({"merge", run_parts[0], run_parts[1]}).exit_code == 0);
    const auto no_rules =
        run_mfsim({"merge", "--report", dir.path() + "/r.html", run_parts[0], run_parts[1]});
    CHECK(no_rules.exit_code == 2);
    CHECK(no_rules.err.find("cannot be read from here") != std::string::npos);
  }

  TEST_CASE("check --shard with --junit, and agree --shard, merge into the single bytes") {
    temp_dir dir;
    const auto baseline =
        run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q", "corpus/samples"});
    const auto expect = dir.write("expect.jsonl", baseline.out);
    const std::vector<std::string> check{"check",    "--rules", "uc2",
                                         "--expect", expect,    "corpus/samples"};
    auto with_junit = check;
    with_junit.insert(with_junit.end() - 1, {"--junit", dir.path() + "/single.xml"});
    const auto single = run_mfsim(with_junit);
    const auto parts = write_parts(dir, check, 3, {0, 1});
    check_merges(parts, single.out, single.exit_code, {"--junit", dir.path() + "/merged.xml"});
    CHECK(read_file(dir.path() + "/merged.xml") == read_file(dir.path() + "/single.xml"));

    for (const char* format : {"text", "jsonl"}) {
      const std::vector<std::string> agree{"agree",    "--rules",  "eop-default", "--mailbox-state",
                                           "recorded", "--format", format,        "corpus/samples"};
      const auto whole = run_mfsim(agree);
      REQUIRE(whole.exit_code == 0);
      check_merges(write_parts(dir, agree, 3), whole.out, 0);
    }
  }

  TEST_CASE("check --shard exits 1 for its own mismatches; merge judges missing messages") {
    temp_dir dir;
    const auto baseline =
        run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q", "corpus/samples"});
    // One expectation no message meets: no shard can tell, only the merge.
    const auto expect = dir.write("expect.jsonl", baseline.out + "{\"id\":\"nowhere.eml\"}\n");
    const auto matching =
        write_parts(dir, {"check", "--rules", "uc4", "--expect", expect, "corpus/samples"}, 3);
    CHECK(run_mfsim({"merge", matching[0], matching[1], matching[2]}).exit_code == 1);

    int failed_shards = 0;
    for (std::uint32_t k = 1; k <= 3; ++k) {
      const auto r = run_mfsim({"check", "--shard", std::to_string(k) + "/3", "--rules", "uc2",
                                "--expect", expect, "corpus/samples"});
      bool differs = false;
      for (const auto& line : mfsim::test::lines_of(r.out)) {
        const auto record = mfsim::parse_json(line);
        if (record.contains("mismatches") && !record["mismatches"].empty()) differs = true;
      }
      INFO(r.err);
      CHECK(r.exit_code == (differs ? 1 : 0));
      CHECK((r.err.find("`mfsim merge` the parts") != std::string::npos) == differs);
      failed_shards += differs ? 1 : 0;
    }
    CHECK(failed_shards > 0);
  }

  TEST_CASE("merge refuses parts run with another --max-message-bytes, --directory or --define") {
    temp_dir dir;
    const std::string users = dir.write("users.yaml",
                                        "mfsim_directory: 1\nrecipients:\n  - Name: ceo\n    "
                                        "PrimarySmtpAddress: ceo@contoso.com\n");
    const std::string script =
        dir.write("rules.ps1",
                  "New-TransportRule -Name W -HeaderContainsMessageHeader "
                  "X-Area1Security-Disposition -HeaderContainsWords $Word -SetSCL 9\n");
    // Shard K of 2 of `args` over the samples, written to a file named after K.
    const auto part = [&](std::vector<std::string> args, const std::string& name) {
      args.insert(args.begin() + 1, {"--shard", name.back() == '1' ? "1/2" : "2/2", "-q"});
      args.push_back("corpus/samples");
      const auto r = run_mfsim(args);
      REQUIRE(r.exit_code == 0);
      return dir.write(name, r.out);
    };
    const std::vector<std::vector<std::string>> differing = {
        {"--max-message-bytes", "100"},
        {"--directory", users},
        {"--directory",
         "Finance=" + dir.write("members.csv", "PrimarySmtpAddress\nceo@contoso.com\n")},
    };
    for (const auto& extra : differing) {
      INFO(extra.back());
      std::vector<std::string> with = {"run", "--rules", "uc4"};
      with.insert(with.end(), extra.begin(), extra.end());
      const auto merged =
          run_mfsim({"merge", part({"run", "--rules", "uc4"}, "plain-1"), part(with, "with-2")});
      CHECK(merged.exit_code == 2);
      // Named by the option that differs.
      CHECK(merged.err.find("their options differ (" + extra.front()) != std::string::npos);
    }
    // --define: a value given to one part only, or another value.
    const std::vector<std::string> run = {"run", "--rules", script};
    auto malicious = run, uce = run;
    malicious.insert(malicious.end(), {"--define", "Word=MALICIOUS"});
    uce.insert(uce.end(), {"--define", "Word=UCE"});
    CHECK(run_mfsim({"merge", part(malicious, "m-1"), part(uce, "u-2")}).exit_code == 2);
    CHECK(run_mfsim({"merge", part(malicious, "m-1"), part(malicious, "m-2")}).exit_code == 0);
    // A --directory file edited between the parts: its digest differs.
    const std::string first = part({"run", "--rules", "uc4", "--directory", users}, "d-1");
    dir.write("users.yaml",
              read_file(users) + "  - Name: cfo\n    PrimarySmtpAddress: cfo@contoso.com\n");
    const std::string second = part({"run", "--rules", "uc4", "--directory", users}, "d-2");
    CHECK(run_mfsim({"merge", first, second}).exit_code == 2);
  }

  TEST_CASE("merge --report never reads a rule file a tampered part names as a device") {
    // A part whose header names /dev/zero as its rule file: merge --report re-read it for its
    // digest forever. It is no regular file: it is not read.
    temp_dir dir;
    std::vector<std::string> parts;
    for (const char* shard : {"1/2", "2/2"}) {
      const auto r = run_mfsim({"run", "--rules", "uc4", "--shard", shard, "-q", "corpus/samples"});
      REQUIRE(r.exit_code == 0);
      const std::size_t end = r.out.find('\n');
      nlohmann::json header = mfsim::parse_json(r.out.substr(0, end));
      header["mfsim_part"]["files"] = {{"/dev/zero", "0"}};
      header["mfsim_part"]["options"]["rules"] = "/dev/zero";
      parts.push_back(dir.write(std::string("p") + shard[0], header.dump() + r.out.substr(end)));
    }
    const auto merged =
        mfsim::test::run_shell("timeout 30 '" + mfsim::test::mfsim_binary() + "' merge --report '" +
                               dir.path() + "/r.html' '" + parts[0] + "' '" + parts[1] + "'");
    CHECK(merged.exit_code == 2);
    CHECK(merged.err.find("is no regular file") != std::string::npos);
  }

  TEST_CASE("merge refuses parts of different runs, missing, duplicated or incomplete shards") {
    temp_dir dir;
    const auto parts = write_parts(dir, {"run", "--rules", "uc4", "-q", "corpus/samples"}, 3);
    const auto other =
        run_mfsim({"run", "--shard", "2/3", "--rules", "uc2", "-q", "corpus/samples"});
    const auto other_part = dir.write("other", other.out);
    const auto cut =
        dir.write("cut", read_file(parts[1]).substr(0, read_file(parts[1]).size() / 2));
    const auto refused = [&](const std::vector<std::string>& args, const char* says) {
      auto all = args;
      all.insert(all.begin(), "merge");
      const auto r = run_mfsim(all);
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      CHECK_MESSAGE(r.err.find(says) != std::string::npos, r.err);
    };
    refused({parts[0], other_part, parts[2]}, "different runs");
    refused({parts[0], other_part, parts[2]}, "rules");
    refused({parts[0], parts[2]}, "missing 1 of 3 shards: 2/3");
    refused({parts[0], parts[1], parts[1], parts[2]}, "given twice");
    refused({parts[0], cut, parts[2]}, "incomplete");
    refused({"corpus/samples/01-uce-from-egress.eml"}, "not a part");
    // A header whose shard is not [K, N] as --shard K/N allows is refused, not trusted.
    const std::string first = read_file(parts[0]);
    const std::size_t shard_at = first.find(",\"shard\":[1,3]}");
    REQUIRE(shard_at != std::string::npos);
    for (const char* shard :
         {"[\"a\",\"b\"]", "[1,-3]", "[1.5,3]", "[4,3]", "[0,3]", "[1,99999999999]", "[null,3]"}) {
      INFO(shard);
      std::string edited = first;
      edited.replace(shard_at, 15, std::string(",\"shard\":") + shard + "}");
      refused({dir.write("edited", edited), parts[1], parts[2]},
              "the part header's shard is not K of N");
    }
    // Headers mfsim never writes: refused with a reason, not an escaped exception (exit 2).
    const std::size_t about_end = first.find(",\"shard\":[");
    const std::string tail = first.substr(about_end);
    const auto header_refused = [&](const std::string& about, const char* says) {
      INFO(about);
      refused({dir.write("edited", "{\"mfsim_part\":" + about + tail), parts[1], parts[2]}, says);
    };
    header_refused("5", "does not name its command and options");
    header_refused("{\"command\":5,\"options\":{}}", "does not name its command and options");
    header_refused("{\"command\":\"run\"}", "does not name its command and options");
    std::vector<std::string> typed;  // --rules an array where mfsim writes a string
    for (const auto& p : parts) {
      std::string text = read_file(p);
      const std::size_t rules_at = text.find("\"rules\":\"uc4\"");
      REQUIRE(rules_at != std::string::npos);
      text.replace(rules_at, 13, "\"rules\":[\"uc4\"]");
      std::string name = "typed";
      name += std::to_string(typed.size());
      typed.push_back(dir.write(name, text));
    }
    refused({typed[0], typed[1], typed[2], "--report", dir.path() + "/r.html"},
            "the parts are not as mfsim writes them: type must be string, but is array");
    // A record of another shape says which and what, without nlohmann's tag.
    const auto diff_part = run_mfsim({"diff", "--shard", "1/1", "--base", "uc4-2023-01", "--rules",
                                      "uc4", "-q", "corpus/samples"});
    std::string changed = diff_part.out;
    const std::size_t transition_at = changed.find("\"transition\":[\"");
    REQUIRE(transition_at != std::string::npos);
    changed.replace(transition_at, 15, "\"transition\":[5,\"");
    const auto r = run_mfsim({"merge", dir.write("changed", changed)});
    CHECK(r.exit_code == 2);
    CHECK(r.err ==
          "mfsim merge: a changed record cannot be read: type must be string, but is number\n");
  }

  TEST_CASE("--shard refuses standard input, table output and a per-shard --report") {
    CHECK(run_mfsim({"run", "--rules", "uc4", "--shard", "1/2", "-"}, "").exit_code == 2);
    CHECK(run_mfsim(
              {"run", "--rules", "uc4", "--shard", "1/2", "--format", "table", "corpus/samples"})
              .exit_code == 2);
    CHECK(run_mfsim({"run", "--rules", "uc4", "--shard", "0/2", "corpus/samples"}).exit_code == 2);
  }
}
