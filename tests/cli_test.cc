// End-to-end tests of the mfsim command line: exit codes, formats, errors, whole corpora.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/json_text.h"
#include "tests/support/build_paths.h"
#include "tests/support/corpora.h"
#include "tests/support/process.h"

using mfsim::test::lines_of;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

namespace {

const char* kContractFields[] = {
    "id",     "disposition", "sender_ip", "sender_ip_source", "in_egress",         "rules",
    "scl",    "scl_source",  "verdict",   "action",           "quarantine_policy", "release",
    "notify", "expires",     "error"};

std::vector<nlohmann::json> parse_records(const std::string& out) {
  std::vector<nlohmann::json> records;
  for (const auto& line : lines_of(out)) {
    nlohmann::json j;
    REQUIRE_NOTHROW(j = mfsim::parse_json(line));
    for (const char* field : kContractFields)
      REQUIRE_MESSAGE(j.contains(field), field << " in " << line);
    records.push_back(std::move(j));
  }
  return records;
}

std::size_t count_files(const std::string& dir) {
  std::size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

}  // namespace

TEST_SUITE("e2e: cli") {
  TEST_CASE("closed standard descriptors: '-' reads nothing, lost records exit 1, no hang") {
    const std::string mfsim =
        "timeout 30 '" + mfsim::test::mfsim_binary() + "' run --rules uc4 --format jsonl ";
    // stdin closed: the record for '-' says why it is empty (before: mfsim's own eventfd took
    // descriptor 0 and '-' waited on it until killed).
    const auto no_input = mfsim::test::run_shell(mfsim + "- <&-");
    CHECK(no_input.exit_code == 0);
    const auto records = parse_records(no_input.out);
    REQUIRE(records.size() == 1);
    CHECK(records[0]["error"] == "cannot read: Bad file descriptor");
    // stdout closed: the records are not written, and the run says so.
    const std::string samples = mfsim::test::source_dir() + "/corpus/samples";
    const auto no_output = mfsim::test::run_shell("( " + mfsim + "'" + samples + "' >&- )");
    CHECK(no_output.exit_code == 1);
    CHECK(no_output.err.find("writing standard output failed") != std::string::npos);
    // stderr closed: the caller does not want the messages; the records are whole.
    const auto quiet = mfsim::test::run_shell("( " + mfsim + "'" + samples + "' 2>&- )");
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.out == run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", samples}).out);
  }

  TEST_CASE("help teaches the commands and exits 0") {
    const auto top = run_mfsim({"--help"});
    CHECK(top.exit_code == 0);
    CHECK(top.out.find("mfsim run --rules uc4") != std::string::npos);
    const auto run = run_mfsim({"run", "--help"});
    CHECK(run.exit_code == 0);
    CHECK(run.out.find("--rules") != std::string::npos);
    CHECK(run.out.find("--client-ip") != std::string::npos);
    CHECK(run.out.find("Examples") != std::string::npos);
    // Only the subcommand named first is built (tools/main.cc): each one's help is whole, and
    // the top level lists them all.
    for (const char* name : {"run", "presets", "generate", "check", "diff", "explain", "agree",
                             "import", "lint", "merge", "bench"}) {
      CAPTURE(name);
      const auto help = run_mfsim({name, "--help"});
      CHECK(help.exit_code == 0);
      CHECK(help.out.find(std::string("Usage: mfsim ") + name) != std::string::npos);
      CHECK(top.out.find(std::string("  ") + name + " ") != std::string::npos);
      // A newcomer learns from --help alone how to call it and what its status means.
      CHECK(help.out.find("Examples:\n  mfsim ") != std::string::npos);
      CHECK(help.out.find("Exit status: ") != std::string::npos);
    }
    CHECK(top.out.find("exits 70 on a bug in mfsim") != std::string::npos);
  }

  TEST_CASE("usage errors exit 2 with a message") {
    CHECK(run_mfsim({}).exit_code == 2);
    CHECK(run_mfsim({"run", "corpus/samples"}).exit_code == 2);
    const auto missing = run_mfsim({"run", "--rules", "uc4", "no/such/path"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("no/such/path") != std::string::npos);
    const auto bad_ip = run_mfsim({"run", "--rules", "uc4", "--client-ip", "300.1.1.1", "-"});
    CHECK(bad_ip.exit_code == 2);
    CHECK(bad_ip.err.find("--client-ip '300.1.1.1' is not an IP address") != std::string::npos);
    const auto bad_now = run_mfsim({"run", "--rules", "uc4", "--now", "tomorrow", "-"});
    CHECK(bad_now.exit_code == 2);
    // An empty value (a script's unset variable) is not taken as the option left out.
    for (const std::string option : {"--client-ip", "--now"}) {
      const auto empty = run_mfsim({"run", "--rules", "uc4", option, "", "-"});
      CHECK(empty.exit_code == 2);
      CHECK(empty.err.find(option + ": must not be empty") != std::string::npos);
    }
    const auto bad_format = run_mfsim({"run", "--rules", "uc4", "--format", "xml", "-"});
    CHECK(bad_format.exit_code == 2);
    const auto unknown_preset = run_mfsim({"presets", "show", "uc42"});
    CHECK(unknown_preset.exit_code == 2);
    CHECK(unknown_preset.err.find("no preset named 'uc42'") != std::string::npos);
  }

  TEST_CASE("a bad rule file exits 2 and names file, line and column") {
    temp_dir dir;
    const std::string path = dir.write("bad.yaml",
                                       "mfsim: 1\n"
                                       "transport_rules:\n"
                                       "  - Name: r\n"
                                       "    SetScl: 5\n");
    const auto r = run_mfsim({"run", "--rules", path, "-"}, "Subject: x\n\n");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(path + ":4:5: error: unknown key 'SetScl'") != std::string::npos);
    CHECK(r.out.empty());
    const auto unreadable = run_mfsim({"run", "--rules", dir.path() + "/none.yaml", "-"});
    CHECK(unreadable.exit_code == 2);
  }

  TEST_CASE("presets are listed and printed as YAML that runs like the preset") {
    const auto list = run_mfsim({"presets"});
    CHECK(list.exit_code == 0);
    CHECK(list.out.find("uc4 ") != std::string::npos);
    CHECK(list.out.find("uc4-2023-01") != std::string::npos);
    const auto show = run_mfsim({"presets", "show", "uc4"});
    CHECK(show.exit_code == 0);
    temp_dir dir;
    const std::string path = dir.write("uc4.yaml", show.out);
    const auto from_preset =
        run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "corpus/samples"});
    const auto from_file =
        run_mfsim({"run", "--rules", path, "--format", "jsonl", "corpus/samples"});
    CHECK(from_preset.exit_code == 0);
    CHECK(from_file.exit_code == 0);
    CHECK(from_preset.out == from_file.out);
  }

  TEST_CASE("presets diff prints what changed between two presets, and names a bad one") {
    const auto d = run_mfsim({"presets", "diff", "uc4", "uc4-2025-07"});
    CHECK(d.exit_code == 0);
    CHECK(d.out.find("--- uc4\n+++ uc4-2025-07\n") == 0);
    CHECK(d.out.find("- area1.disposition_header = X-Area1Security-Disposition\n") !=
          std::string::npos);
    CHECK(d.out.find("+ area1.disposition_header = X-CFEmailSecurity-Disposition\n") !=
          std::string::npos);
    const auto same = run_mfsim({"presets", "diff", "eop-default", "eop-default"});
    CHECK(same.out.find("(the two presets are the same)") != std::string::npos);
    const auto bad = run_mfsim({"presets", "diff", "uc4", "uc9"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("no preset named 'uc9'") != std::string::npos);
    // The listing explains its names; every unindented line is a preset that loads.
    const auto list = run_mfsim({"presets"});
    CHECK(list.out.find("ucN-2025-07") != std::string::npos);
    for (std::size_t at = 0; at < list.out.size();) {
      const std::size_t end = list.out.find('\n', at);
      const std::string line = list.out.substr(at, end - at);
      at = end + 1;
      if (line.empty() || line[0] == ' ') continue;
      const std::string name = line.substr(0, line.find(' '));
      CHECK_MESSAGE(run_mfsim({"presets", "show", name}).exit_code == 0, name);
    }
  }

  TEST_CASE("standard input is one message with id -, or an mbox") {
    const auto one =
        run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-"},
                  "X-Area1Security-Disposition: MALICIOUS\nX-Sender-IP: 52.11.209.211\n\nx\n");
    CHECK(one.exit_code == 0);
    const auto records = parse_records(one.out);
    REQUIRE(records.size() == 1);
    CHECK(records[0]["id"] == "-");
    CHECK(records[0]["verdict"] == "high_confidence_spam");
    CHECK(records[0]["release"] == "request");
    const auto mbox = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-"},
                                "From a\nSubject: 1\n\nx\n\nFrom b\nSubject: 2\n\ny\n");
    const auto entries = parse_records(mbox.out);
    REQUIRE(entries.size() == 2);
    CHECK(entries[1]["id"] == "-#2");
  }

  TEST_CASE("--client-ip replays a message as if it came through Area 1") {
    const std::string message =
        "X-Area1Security-Disposition: UCE\nX-Sender-IP: 198.51.100.1\n\nx\n";
    const auto plain =
        parse_records(run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-"}, message).out);
    CHECK(plain[0]["action"] == "deliver");
    const auto replayed = parse_records(
        run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "--client-ip", "104.30.40.1", "-"},
                  message)
            .out);
    CHECK(replayed[0]["sender_ip"] == "104.30.40.1");
    CHECK(replayed[0]["sender_ip_source"] == "client-ip");
    CHECK(replayed[0]["action"] == "quarantine");
  }

  TEST_CASE("--message-verdict ignore evaluates as if Microsoft had recorded nothing") {
    const std::string message = "X-MS-Exchange-Organization-SCL: 9\n\nx\n";
    const auto used =
        parse_records(run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-"}, message).out);
    CHECK(used[0]["verdict"] == "high_confidence_spam");
    const auto ignored = parse_records(run_mfsim({"run", "--rules", "uc4", "--format", "jsonl",
                                                  "--message-verdict", "ignore", "-"},
                                                 message)
                                           .out);
    CHECK(ignored[0]["verdict"] == "not_spam");
    CHECK(ignored[0]["scl"].is_null());
  }

  TEST_CASE("--define with rules that cannot read it is said to have no effect") {
    temp_dir dir;
    const auto preset = run_mfsim({"run", "-q", "--rules", "uc4", "--define", "A=b", "-"}, "\n");
    CHECK(preset.exit_code == 0);
    CHECK(preset.err.find("--rules: warning: --define has no effect: 'uc4' is a built-in preset") !=
          std::string::npos);
    const std::string yaml = dir.write("rules.yaml", run_mfsim({"presets", "show", "uc4"}).out);
    const auto file = run_mfsim({"run", "-q", "--rules", yaml, "--define", "A=b", "-"}, "\n");
    CHECK(file.err.find(yaml + ":1:1: warning: --define has no effect on this file (mfsim YAML)") !=
          std::string::npos);
    // A script reads defines: no such warning (it names each one it never reads instead).
    const std::string script =
        dir.write("rules.ps1", "New-TransportRule a -SentTo \"x@$D\" -SetSCL 5\n");
    const auto read = run_mfsim({"run", "-q", "--rules", script, "--define", "D=c.com", "-"}, "\n");
    CHECK(read.err.find("has no effect") == std::string::npos);
  }

  TEST_CASE("recipients, accepted domains and extensions ignore the case of every script") {
    temp_dir dir;
    const std::string rules = dir.write("rules.yaml", R"(mfsim: 1
transport_rules:
  - Name: sent-to
    SentTo: ['élodie@example.com']
    SetSCL: 5
  - Name: domain
    RecipientDomainIs: ['bücher.de']
    SetSCL: 5
  - Name: in-org
    FromScope: InOrganization
    SetSCL: 5
  - Name: extension
    AttachmentExtensionMatchesWords: ['док']
    SetSCL: 5
)");
    const std::string message =
        "From: a@BÜCHER.de\r\nTo: x@example.org\r\nSubject: hi\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: "
        "text/plain\r\n\r\nbody\r\n--XX\r\nContent-Type: application/octet-stream\r\n"
        "Content-Disposition: attachment; filename=\"a.ДОК\"\r\n\r\nabc\r\n--XX--\r\n";
    const auto r = run_mfsim(
        {"run", "-q", "--rules", rules, "--format", "jsonl", "--rcpt", "ÉLODIE@example.com",
         "--rcpt", "y@BÜCHER.DE", "--accepted-domain", "BÜCHER.de", "-"},
        message);
    REQUIRE(r.exit_code == 0);
    CHECK(mfsim::parse_json(lines_of(r.out).at(0))["rules"] ==
          nlohmann::json::array({"sent-to", "domain", "in-org", "extension"}));
  }

  TEST_CASE("the table format ends with a legend and a summary") {
    const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "table", "corpus/samples"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("MESSAGE") == 0);
    CHECK(r.out.find("R1 = Area 1 User Quarantine Message") != std::string::npos);
    CHECK(r.out.find("Summary (uc4: preset:uc4)") != std::string::npos);
    CHECK(r.err.find("messages read: ") != std::string::npos);
  }

  TEST_CASE("output is byte-identical from run to run" * doctest::test_suite("corpora")) {
    const auto torture = mfsim::test::corpus_dir("torture");
    if (!torture) return;
    const auto a = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", torture->string()});
    const auto b = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", torture->string()});
    CHECK(a.exit_code == 0);
    CHECK(a.out == b.out);
  }

  TEST_CASE("every torture file yields records, one per message, all valid JSON" *
            doctest::test_suite("corpora")) {
    const auto torture = mfsim::test::corpus_dir("torture");
    if (!torture) return;
    const std::string dir = torture->string();
    const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q", dir});
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    const auto records = parse_records(r.out);
    std::set<std::string> files, ids;
    for (const auto& j : records) {
      const std::string id = j["id"];
      CHECK_MESSAGE(ids.insert(id).second, "duplicate id " << id);
      files.insert(id.substr(0, id.find('#', dir.size())));
    }
    CHECK(files.size() == count_files(dir));
    CHECK(records.size() >= files.size());
  }

  TEST_CASE("the phishing corpus runs to one record per file with exit 0" *
            doctest::test_suite("corpora")) {
    const auto phishing = mfsim::test::corpus_dir("phishing_pot");
    if (!phishing) return;
    const std::string dir = phishing->string();
    const auto r = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", dir});
    CHECK(r.exit_code == 0);
    const auto records = parse_records(r.out);
    CHECK(records.size() == count_files(dir));
    std::size_t with_ip = 0;
    for (const auto& j : records) with_ip += !j["sender_ip"].is_null();
    CHECK(with_ip >= 980);  // EOP stamped almost every message (corpora/README.md)
    CHECK(r.err.find("messages read: " + std::to_string(records.size())) != std::string::npos);
  }
}
