// The corpus generator: deterministic bytes, the three formats, the mix, refusals, and the
// differential check: `mfsim run` over a generated corpus must print the generator's truth.
#include "corpus/generator/generator.h"

#include <doctest/doctest.h>

#include <climits>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/json_text.h"
#include "engine/rules/presets.h"
#include "tests/support/build_paths.h"
#include "tests/support/process.h"

using mfsim::test::lines_of;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

namespace fs = std::filesystem;

namespace {

const char* kContractFields[] = {
    "id",     "disposition", "sender_ip", "sender_ip_source", "in_egress",         "rules",
    "scl",    "scl_source",  "verdict",   "action",           "quarantine_policy", "release",
    "notify", "expires",     "error"};

// Every file under `dir`, by path relative to it.
std::map<std::string, std::string> files_under(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file())
      out[fs::relative(e.path(), dir).string()] = read_file(e.path().string());
  }
  return out;
}

mfsim::corpus::generator_result generate(const std::string& preset, const std::string& out,
                                         std::uint64_t count, std::uint64_t seed,
                                         mfsim::corpus::output_format format,
                                         const std::string& mix = "") {
  const auto set = mfsim::rules::load_preset(preset);
  REQUIRE(set.has_value());
  mfsim::corpus::generator_options options;
  options.count = count;
  options.seed = seed;
  options.format = format;
  options.out = out;
  if (!mix.empty()) options.mix = mfsim::corpus::parse_mix(mix);
  return mfsim::corpus::generate(*set, options);
}

std::vector<nlohmann::json> truth_records(const std::string& truth_path) {
  std::vector<nlohmann::json> out;
  for (const auto& line : lines_of(read_file(truth_path))) out.push_back(mfsim::parse_json(line));
  return out;
}

// Generates with the command line, runs `mfsim run` over the result, and compares every contract
// field of every record with the truth, naming each mismatch (the first 25 in full).
void check_run_against_truth(const std::string& rules, const std::string& format, int count,
                             int seed) {
  CAPTURE(rules);
  CAPTURE(format);
  CAPTURE(seed);
  const temp_dir tmp;
  const std::string out = tmp.path() + "/corpus";
  const auto g = run_mfsim({"generate", "--count", std::to_string(count), "--seed",
                            std::to_string(seed), "--format", format, "--rules", rules, "-q", out});
  REQUIRE_MESSAGE(g.exit_code == 0, g.err);
  const auto r = run_mfsim({"run", "--rules", rules, "--format", "jsonl", "-q", out});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto truth = lines_of(read_file(out + ".truth.jsonl"));
  const auto got = lines_of(r.out);
  REQUIRE(truth.size() == static_cast<std::size_t>(count));
  REQUIRE(got.size() == truth.size());
  int mismatches = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const auto want = mfsim::parse_json(truth[i]);
    const auto have = mfsim::parse_json(got[i]);
    for (const char* field : kContractFields) {
      if (have.contains(field) && have[field] == want[field]) continue;
      if (++mismatches <= 25) {
        FAIL_CHECK(want["id"].get<std::string>()
                   << ": " << field << " expected " << want[field].dump() << ", got "
                   << (have.contains(field) ? have[field].dump() : "(missing)"));
      }
    }
  }
  CHECK_MESSAGE(mismatches == 0, mismatches << " field mismatches in " << count << " messages");
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

}  // namespace

TEST_SUITE("generator") {
  TEST_CASE("the same seed and arguments give the same bytes, in every format") {
    for (const auto format : {mfsim::corpus::output_format::dir, mfsim::corpus::output_format::mbox,
                              mfsim::corpus::output_format::maildir}) {
      const temp_dir tmp;
      const std::string out = tmp.path() + "/c";
      generate("uc4", out, 200, 42, format);
      const auto first = files_under(tmp.path());
      fs::remove_all(out);
      fs::remove(out + ".truth.jsonl");
      generate("uc4", out, 200, 42, format);
      const auto second = files_under(tmp.path());
      CHECK(first.size() >= 2);
      CHECK(first == second);
    }
  }

  TEST_CASE("different seeds give different messages") {
    const temp_dir a, b;
    generate("uc4", a.path() + "/c", 100, 1, mfsim::corpus::output_format::dir);
    generate("uc4", b.path() + "/c", 100, 2, mfsim::corpus::output_format::dir);
    const auto fa = files_under(a.path() + "/c"), fb = files_under(b.path() + "/c");
    REQUIRE(fa.size() == 100);
    REQUIRE(fb.size() == 100);
    int same = 0;
    for (const auto& [name, bytes] : fa) same += fb.at(name) == bytes;
    CHECK(same <= 1);  // an empty message may come out in both
  }

  TEST_CASE("mfsim run prints the truth for uc4 in every format" *
            doctest::test_suite("e2e: generator")) {
    check_run_against_truth("uc4", "dir", 300, 11);
    check_run_against_truth("uc4", "mbox", 300, 12);
    check_run_against_truth("uc4", "maildir", 300, 13);
  }

  TEST_CASE("mfsim run prints the truth for uc4-2023-01 in every format" *
            doctest::test_suite("e2e: generator")) {
    check_run_against_truth("uc4-2023-01", "dir", 300, 21);
    check_run_against_truth("uc4-2023-01", "mbox", 300, 22);
    check_run_against_truth("uc4-2023-01", "maildir", 300, 23);
  }

  TEST_CASE("mfsim run prints the truth for the other use-case presets" *
            doctest::test_suite("e2e: generator")) {
    // Area 1 quarantine (uc1, uc2), junk rules (uc1-uc3, uc5) and hosted quarantine (uc5).
    check_run_against_truth("uc1", "dir", 300, 31);
    check_run_against_truth("uc2", "mbox", 300, 32);
    check_run_against_truth("uc3", "maildir", 300, 33);
    check_run_against_truth("uc5", "dir", 300, 34);
  }

  TEST_CASE("mfsim run prints the truth for a rule file within the oracle's model" *
            doctest::test_suite("e2e: generator")) {
    // Priorities out of file order, Audit mode, SCL -1 with StopRuleProcessing, a rule's SCL
    // 0..4 (forces nothing), hosted quarantine, literal, CIDR and range entries of both
    // families; and an anti-spam policy with other actions, tags, threshold and retention.
    const temp_dir tmp;
    auto yaml = mfsim::rules::preset_yaml("uc4");
    REQUIRE(yaml.has_value());
    const std::pair<const char*, const char*> policy_changes[] = {
        {"  HighConfidenceSpamAction: Quarantine\n", "  HighConfidenceSpamAction: Delete\n"},
        {"  PhishSpamAction: Quarantine\n", "  PhishSpamAction: AddXHeader\n"},
        {"  HighConfidencePhishQuarantineTag: UserNotifyAdminRelease\n",
         "  HighConfidencePhishQuarantineTag: UserNotifyUserRelease\n"},  // release becomes request
        {"  BulkSpamAction: MoveToJmf\n",
         "  BulkSpamAction: Quarantine\n  BulkQuarantineTag: NotificationEnabledPolicy\n"},
        {"  BulkThreshold: 7\n", "  BulkThreshold: 5\n"},
        {"  QuarantineRetentionPeriod: 15\n", "  QuarantineRetentionPeriod: 30\n"}};
    for (const auto& change : policy_changes) {  // not a binding: clang 14 cannot capture one
      const auto& from = change.first;
      const auto& to = change.second;
      const auto at = yaml->find(from);
      REQUIRE_MESSAGE(at != std::string::npos, from);
      yaml->replace(at, std::string_view(from).size(), to);
    }
    const std::string file = tmp.write("custom.yaml", *yaml + R"(  - Name: Audit suspicious
    Priority: 4
    Mode: Audit
    HeaderContainsMessageHeader: X-Area1Security-Disposition
    HeaderContainsWords: [SUSPICIOUS]
    SetSCL: 9
  - Name: Bulk skips filtering
    Priority: 2
    HeaderContainsMessageHeader: X-Area1Security-Disposition
    HeaderContainsWords: [BULK]
    SenderIpRanges: [$area1-office365]
    SetSCL: -1
    StopRuleProcessing: true
  - Name: Documentation senders to hosted quarantine
    Priority: 3
    HeaderContainsMessageHeader: X-Area1Security-Disposition
    HeaderContainsWords: [MALICIOUS, "UCE"]
    SenderIpRanges: [192.0.2.0/24, 2001:db8::/32, 198.51.100.10-198.51.100.200]
    Quarantine: true
  - Name: Spoof lowered
    Priority: 5
    HeaderContainsMessageHeader: x-area1security-disposition
    HeaderContainsWords: [spoof]
    SetSCL: 3
)");
    check_run_against_truth(file, "dir", 600, 41);
  }

  TEST_CASE("the mix is respected within tolerance") {
    for (const std::string& mix :
         {std::string(mfsim::corpus::kDefaultMix),
          std::string("MALICIOUS=5,SUSPICIOUS=5,SPOOF=5,UCE=10,BULK=10,none=65"),
          std::string("uce=1.5,SPAM=3.5,none=5")}) {
      CAPTURE(mix);
      const temp_dir tmp;
      constexpr int n = 2000;
      const auto result =
          generate("uc4", tmp.path() + "/c", n, 7, mfsim::corpus::output_format::dir, mix);
      std::map<std::string, int> seen;
      for (const auto& r : truth_records(result.truth_path)) {
        seen[r["disposition"].is_null() ? "" : r["disposition"].get<std::string>()]++;
      }
      const auto entries = mfsim::corpus::parse_mix(mix);
      double total = 0;
      for (const auto& e : entries) total += static_cast<double>(e.weight);
      for (const auto& e : entries) {
        const double p = static_cast<double>(e.weight) / total;
        const double expected = p * n;
        const double tolerance = 4.5 * std::sqrt(n * p * (1 - p)) + 2;
        CAPTURE(e.disposition);
        CHECK(std::abs(seen[e.disposition] - expected) <= tolerance);
        seen.erase(e.disposition);
      }
      CHECK(seen.empty());  // no disposition outside the mix
    }
  }

  TEST_CASE("a corpus has the variety it promises") {
    const temp_dir tmp;
    constexpr int n = 3000;
    const auto result = generate("uc4", tmp.path() + "/c", n, 5, mfsim::corpus::output_format::dir,
                                 "MALICIOUS=10,SUSPICIOUS=10,SPOOF=10,UCE=20,BULK=10,none=40");
    std::set<std::string> sources, verdicts, actions;
    int egress_2023 = 0, ipv6 = 0, not_egress = 0;
    for (const auto& r : truth_records(result.truth_path)) {
      sources.insert(r["sender_ip_source"].get<std::string>());
      verdicts.insert(r["verdict"].get<std::string>());
      actions.insert(r["action"].get<std::string>());
      if (r["sender_ip"].is_string()) {
        const auto ip = r["sender_ip"].get<std::string>();
        egress_2023 += ip.rfind("134.195.27.", 0) == 0;
        ipv6 += ip.find(':') != std::string::npos;
      }
      not_egress += !r["in_egress"].get<bool>();
    }
    CHECK(sources == std::set<std::string>{"x-forefront-antispam-report", "x-sender-ip",
                                           "authentication-results", "received-spf", "received",
                                           "none"});
    CHECK(verdicts == std::set<std::string>{"not_spam", "skipped", "bulk", "spam", "spoof",
                                            "high_confidence_spam", "phish",
                                            "high_confidence_phish", "malware"});
    CHECK(actions == std::set<std::string>{"deliver", "junk", "quarantine"});
    CHECK(egress_2023 > 20);
    CHECK(ipv6 > 10);
    CHECK(not_egress > n / 10);

    std::size_t smallest = SIZE_MAX, largest = 0;
    int crlf = 0, lf = 0, bare_cr = 0, nul = 0, b_encoded = 0, folded = 0, lower = 0,
        from_lines = 0, cat_phsh = 0;
    for (const auto& [name, bytes] : files_under(tmp.path() + "/c")) {
      if (bytes.empty()) continue;
      std::size_t separator = bytes.find("\r\n\r\n");
      if (separator == std::string::npos) separator = bytes.find("\n\n");
      if (separator != std::string::npos) {
        const std::size_t body = bytes.size() - separator;
        smallest = std::min(smallest, body);
        largest = std::max(largest, body);
      }
      (bytes.find("\r\n") != std::string::npos ? crlf : lf)++;
      for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
        if (bytes[i] == '\r' && bytes[i + 1] != '\n') {
          ++bare_cr;
          break;
        }
      }
      nul += bytes.find('\0') != std::string::npos;
      b_encoded += bytes.find("X-Area1Security-Disposition: =?") != std::string::npos;
      folded += bytes.find("X-Area1Security-Disposition:\n") != std::string::npos ||
                bytes.find("X-Area1Security-Disposition:\r\n") != std::string::npos;
      lower += bytes.find("x-area1security-disposition:") != std::string::npos;
      from_lines += bytes.find("\nFrom ") != std::string::npos;
      cat_phsh += bytes.find("CAT:PHSH;") != std::string::npos;
    }
    CHECK(smallest < 500);  // bodies from a few hundred bytes to about 200 KB
    CHECK(largest > 100000);
    CHECK(largest < 240000);
    CHECK(crlf > n / 3);
    CHECK(lf > n / 5);
    CHECK(bare_cr > 5);
    CHECK(nul > 5);
    CHECK(b_encoded > 10);
    CHECK(folded > 10);
    CHECK(lower > 10);
    CHECK(from_lines > 20);
    CHECK(cat_phsh > 20);
  }

  TEST_CASE("dir names sort in generation order and the truth lies beside OUT") {
    const temp_dir tmp;
    const auto result =
        generate("uc4", tmp.path() + "/c/", 12, 3, mfsim::corpus::output_format::dir);
    CHECK(result.run_path == tmp.path() + "/c");
    CHECK(result.truth_path == tmp.path() + "/c.truth.jsonl");
    const auto files = files_under(tmp.path() + "/c");
    REQUIRE(files.size() == 12);
    CHECK(files.begin()->first == "000001.eml");
    CHECK(files.rbegin()->first == "000012.eml");
    const auto truth = truth_records(result.truth_path);
    REQUIRE(truth.size() == 12);
    CHECK(truth[0]["id"] == tmp.path() + "/c/000001.eml");
    CHECK(truth[11]["id"] == tmp.path() + "/c/000012.eml");
  }

  TEST_CASE("an mbox quotes From_ lines and has one envelope per message") {
    const temp_dir tmp;
    const auto result =
        generate("uc4", tmp.path() + "/c", 1000, 9, mfsim::corpus::output_format::mbox);
    const auto files = files_under(tmp.path() + "/c");
    REQUIRE(files.size() == 1);
    const std::string& mbox = files.at("messages.mbox");
    CHECK(mbox.rfind("From MAILER-DAEMON ", 0) == 0);
    CHECK(count_of(mbox, "\n\nFrom MAILER-DAEMON ") + 1 == 1000);
    CHECK(count_of(mbox, "\nFrom ") ==
          count_of(mbox, "\nFrom MAILER-DAEMON "));  // the others are quoted
    CHECK(count_of(mbox, "\n>From ") > 10);
    const auto truth = truth_records(result.truth_path);
    CHECK(truth.back()["id"] == tmp.path() + "/c/messages.mbox#1000");
  }

  TEST_CASE("a Maildir has cur, new and an empty tmp, with unique names") {
    const temp_dir tmp;
    generate("uc4", tmp.path() + "/c", 250, 4, mfsim::corpus::output_format::maildir);
    for (const char* sub : {"cur", "new", "tmp"}) CHECK(fs::is_directory(tmp.path() + "/c/" + sub));
    CHECK(fs::is_empty(tmp.path() + "/c/tmp"));
    const auto files = files_under(tmp.path() + "/c");
    CHECK(files.size() == 250);
    int fresh = 0;
    for (const auto& [name, bytes] : files) {
      if (name.rfind("new/", 0) == 0) {
        ++fresh;
        CHECK(name.find(":2,") == std::string::npos);
      } else {
        CHECK(name.find(":2,S") != std::string::npos);
      }
    }
    CHECK(fresh == 25);
  }

  TEST_CASE("bad options are refused with a message and exit status 2" *
            doctest::test_suite("e2e: generator")) {
    CHECK_THROWS_WITH_AS(mfsim::corpus::parse_mix("UCE"), doctest::Contains("NAME=WEIGHT"),
                         mfsim::corpus::generator_error);
    CHECK_THROWS_WITH_AS(mfsim::corpus::parse_mix("UCE=x"), doctest::Contains("weight of UCE"),
                         mfsim::corpus::generator_error);
    CHECK_THROWS_WITH_AS(mfsim::corpus::parse_mix("UCE=1.2345"),
                         doctest::Contains("three decimals"), mfsim::corpus::generator_error);
    CHECK_THROWS_WITH_AS(mfsim::corpus::parse_mix("UCE=1,uce=2"), doctest::Contains("twice"),
                         mfsim::corpus::generator_error);
    CHECK_THROWS_WITH_AS(mfsim::corpus::parse_mix("UCE=0,none=0"),
                         doctest::Contains("every weight is 0"), mfsim::corpus::generator_error);
    CHECK_THROWS_WITH_AS(mfsim::corpus::parse_mix("U CE=1"),
                         doctest::Contains("not a disposition name"),
                         mfsim::corpus::generator_error);
    const auto mix = mfsim::corpus::parse_mix(" uce = 2.5 , None=1");
    REQUIRE(mix.size() == 2);
    CHECK(mix[0].disposition == "UCE");
    CHECK(mix[0].weight == 2500);
    CHECK(mix[1].disposition.empty());

    const temp_dir tmp;
    const auto bad_format =
        run_mfsim({"generate", "--count", "3", "--format", "eml", tmp.path() + "/a"});
    CHECK(bad_format.exit_code == 2);
    CHECK(bad_format.err.find("dir, mbox, maildir") != std::string::npos);
    const auto bad_mix =
        run_mfsim({"generate", "--count", "3", "--mix", "UCE=", tmp.path() + "/a"});
    CHECK(bad_mix.exit_code == 2);
    CHECK(bad_mix.err.find("--mix") != std::string::npos);
    tmp.write("full/x.eml", "Subject: x\n\nx\n");
    const auto not_empty = run_mfsim({"generate", "--count", "3", tmp.path() + "/full"});
    CHECK(not_empty.exit_code == 2);
    CHECK(not_empty.err.find("not empty") != std::string::npos);
    const auto no_preset =
        run_mfsim({"generate", "--count", "3", "--rules", "uc9", tmp.path() + "/b"});
    CHECK(no_preset.exit_code == 2);
    // The truth file never lands on the rule file it is computed from.
    const std::string yaml = run_mfsim({"presets", "show", "uc4"}).out;
    const std::string rules = tmp.write("rules.yaml", yaml);
    const auto onto_rules = run_mfsim(
        {"generate", "--count", "2", "--rules", rules, "--truth", rules, tmp.path() + "/d"});
    CHECK(onto_rules.exit_code == 2);
    CHECK(onto_rules.err.find("--truth " + rules + ": is the input") != std::string::npos);
    CHECK(read_file(rules) == yaml);
    // A rule name the oracle names in its refusal is shown inert, past a NUL too.
    std::string evil = yaml;
    const std::string name = "- Name: Area 1 User Quarantine Message\n";
    evil.replace(evil.find(name), name.size(),
                 "- Name: \"R\\e[31m\\0z\"\n    PrependSubject: '[x] '\n");
    const auto refused = run_mfsim(
        {"generate", "--count", "2", "--rules", tmp.write("evil.yaml", evil), tmp.path() + "/e"});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("rule 'R\\x1b[31m\\x00z'") != std::string::npos);
    CHECK(refused.err.find('\x1b') == std::string::npos);
    // CLI11 2.1 read "-1" as 2^64 - 1 and clamped longer numbers: another corpus than asked.
    for (const char* seed : {"-1", "18446744073709551616", "0x5", ""}) {
      INFO(seed);
      const auto bad_seed =
          run_mfsim({"generate", "--count", "3", "--seed", seed, tmp.path() + "/c"});
      CHECK(bad_seed.exit_code == 2);
      CHECK(bad_seed.err.find("is not a whole number from 0 to 18446744073709551615") !=
            std::string::npos);
    }
  }

  TEST_CASE("a rule set the oracle cannot predict is refused, naming what it lacks" *
            doctest::test_suite("e2e: generator")) {
    auto set = mfsim::rules::load_preset("uc4");
    REQUIRE(set.has_value());
    CHECK(mfsim::corpus::oracle_unsupported(*set).empty());
    auto subject = *set;
    mfsim::rules::condition words;  // by member: the condition keeps growing fields
    words.kind = mfsim::rules::condition_kind::subject_contains_words;
    words.values = {"x"};
    subject.transport_rules[0].conditions.push_back(words);
    CHECK(mfsim::corpus::oracle_unsupported(subject).find("SubjectContainsWords") !=
          std::string::npos);
    auto other_header = *set;
    other_header.transport_rules[1].conditions[0].header_name = "X-Other";
    CHECK(mfsim::corpus::oracle_unsupported(other_header).find("X-Other") != std::string::npos);
    auto redirect = *set;
    redirect.transport_rules[0].actions.redirect_message_to = {"audit@contoso.example"};
    CHECK(mfsim::corpus::oracle_unsupported(redirect).find("RedirectMessageTo") !=
          std::string::npos);

    const temp_dir tmp;
    const auto yaml = mfsim::rules::preset_yaml("uc4");
    REQUIRE(yaml.has_value());
    const std::string file = tmp.write(
        "subject.yaml",
        *yaml + "  - Name: Invoices\n    SubjectContainsWords: [invoice]\n    SetSCL: 6\n");
    const auto r = run_mfsim({"generate", "--count", "3", "--rules", file, tmp.path() + "/c"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("does not model the condition SubjectContainsWords (rule 'Invoices')") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(tmp.path() + "/c"));
  }

  TEST_CASE("a script as --rules takes --define, --strict and --max-errors; its check passes" *
            doctest::test_suite("e2e: generator")) {
    const temp_dir tmp;
    // $Word is known only with --define; the connector is skipped with a warning (--strict: error).
    const std::string script =
        tmp.write("area1.ps1",
                  "New-InboundConnector -Name 'Area 1' -SenderIPAddresses 104.30.32.0/24\n"
                  "New-TransportRule -Name 'Area 1 UCE' -Priority 0 -HeaderContainsMessageHeader "
                  "'X-Area1Security-Disposition' -HeaderContainsWords $Word -SenderIpRanges "
                  "104.30.32.0/24 -SetSCL 5\n");
    const std::string out = tmp.path() + "/c";
    const auto generated =
        run_mfsim({"generate", "--count", "30", "--rules", script, "--define", "Word=UCE", out});
    REQUIRE_MESSAGE(generated.exit_code == 0, generated.err);
    // The summary names the command that checks the corpus against its truth: it passes.
    const std::string check = "  check:  mfsim check --rules " + script +
                              " --define Word=UCE --expect " + out + ".truth.jsonl " + out;
    CHECK(generated.err.find(check + "\n") != std::string::npos);
    const auto checked = run_mfsim({"check", "--rules", script, "--define", "Word=UCE", "--expect",
                                    out + ".truth.jsonl", out});
    CHECK_MESSAGE(checked.exit_code == 0, checked.err);
    // A path with a space and a quote is quoted: the printed command runs as printed.
    const std::string spaced = tmp.path() + "/Area 1's corpus";
    const auto quoted =
        run_mfsim({"generate", "--count", "5", "--rules", script, "--define", "Word=UCE", spaced});
    REQUIRE_MESSAGE(quoted.exit_code == 0, quoted.err);
    const std::size_t at = quoted.err.find("  check:  mfsim check ");
    REQUIRE(at != std::string::npos);
    const std::string printed = quoted.err.substr(at + 10, quoted.err.find('\n', at) - at - 10);
    CHECK(printed.find("'" + tmp.path() + "/Area 1'\\''s corpus'") != std::string::npos);
    const auto rerun = mfsim::test::run_shell(mfsim::test::mfsim_binary() + printed.substr(5));
    CHECK_MESSAGE(rerun.exit_code == 0, printed << "\n" << rerun.err);

    const auto strict = run_mfsim({"generate", "--count", "3", "--rules", script, "--define",
                                   "Word=UCE", "--strict", tmp.path() + "/s"});
    CHECK(strict.exit_code == 2);
    CHECK(strict.err.find("(--strict) [unknown_key]") != std::string::npos);
    const std::string bad = tmp.write("bad.ps1",
                                      "New-TransportRule a -SetSLC 5\n"
                                      "New-TransportRule b -SetSLC 5\n"
                                      "New-TransportRule c -SetSLC 5\n");
    const auto capped =
        run_mfsim({"generate", "--count", "3", "--rules", bad, "--max-errors", "1", out + "2"});
    CHECK(capped.exit_code == 2);
    CHECK(lines_of(capped.err).size() == 2);
    CHECK(capped.err.find("... and 2 more (--max-errors 0 shows all)") != std::string::npos);
  }
}
