// End-to-end checks that what mfsim writes cannot harm what it reads or the terminal it writes
// to (issue 19): outputs that are inputs are refused, its own output is never read back, text
// for terminals is inert, ids are lossless and unique, the regex budget holds per message, and
// the expectation, manifest and mailbox-state readers keep their budgets.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/json_text.h"
#include "tests/support/build_paths.h"
#include "tests/support/process.h"

using mfsim::test::command_result;
using mfsim::test::lines_of;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

namespace {

const std::string kMessage = "From: a@b.example\r\nSubject: hello\r\n\r\nbody\r\n";

std::vector<nlohmann::json> records_of(const command_result& r) {
  std::vector<nlohmann::json> out;
  for (const auto& line : lines_of(r.out)) out.push_back(mfsim::parse_json(line));
  return out;
}

std::vector<std::string> ids_of(const command_result& r) {
  std::vector<std::string> out;
  for (const auto& j : records_of(r)) out.push_back(j.at("id").get<std::string>());
  return out;
}

// An mbox of `count` short messages: as many records, to fill a pipe or a file size limit.
std::string mbox_of(int count) {
  std::string mbox;
  for (int k = 0; k < count; ++k)
    mbox += "From a@b.example Mon Jan  1 00:00:00 2024\nFrom: a@b.example\nSubject: hi\n\nbody\n\n";
  return mbox;
}

bool has_raw_control(const std::string& text) {
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && b != '\n') || b == 0x7f) return true;
  }
  return false;
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_SUITE("e2e: hostile_outputs") {
  TEST_CASE("-o onto an input file is refused before any work; the input is untouched") {
    const temp_dir dir;
    const std::string input = dir.write("in.eml", kMessage);
    const command_result r = run_mfsim({"run", "--rules", "uc4", "-o", input, input});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("-o " + input + ": is the input") != std::string::npos);
    CHECK(read_file(input) == kMessage);
    CHECK(files_in(dir.path()) == std::vector<std::string>{"in.eml"});
  }

  TEST_CASE("merge refuses -o, --report and --junit onto a part; the part is untouched") {
    const temp_dir dir;
    const std::string input = dir.write("in.eml", kMessage);
    const command_result part = run_mfsim({"run", "--shard", "1/1", "--rules", "uc4", "-q", input});
    REQUIRE(part.exit_code == 0);
    const std::string part_file = dir.write("part-1", part.out);
    for (const char* option : {"-o", "--report", "--junit"}) {
      const command_result r = run_mfsim({"merge", option, part_file, part_file});
      CHECK(r.exit_code == 2);
      CHECK(r.err.find(std::string(option) + " " + part_file + ": is the input") !=
            std::string::npos);
      CHECK(read_file(part_file) == part.out);
    }
    CHECK(files_in(dir.path()) == std::vector<std::string>{"in.eml", "part-1"});
  }

  TEST_CASE("outputs inside a walked folder, or onto rule and expectation files, are refused") {
    const temp_dir dir;
    dir.write("corpus/a.eml", kMessage);
    const std::string corpus = dir.path() + "/corpus";
    const std::string rules = dir.write("rules.yaml", run_mfsim({"presets", "show", "uc4"}).out);
    const std::string expect = dir.write("expect.jsonl", "");
    CHECK(run_mfsim({"run", "--rules", "uc4", "-o", corpus + "/out.jsonl", corpus}).exit_code == 2);
    CHECK(
        run_mfsim({"run", "--rules", "uc4", "--report", corpus + "/./r.html", corpus}).exit_code ==
        2);
    CHECK(run_mfsim({"run", "--rules", rules, "-o", rules, corpus}).exit_code == 2);
    CHECK(run_mfsim({"check", "--rules", "uc4", "--expect", expect, "--junit", expect, corpus})
              .exit_code == 2);
    CHECK(run_mfsim({"diff", "--base", "uc4", "--rules", rules, "--report", rules, corpus})
              .exit_code == 2);
    CHECK(files_in(corpus) == std::vector<std::string>{"a.eml"});
    CHECK(read_file(expect).empty());
  }

  TEST_CASE("an output through a dangling link into a walked folder is refused") {
    const temp_dir dir;
    dir.write("corpus/a.eml", kMessage);
    const std::string corpus = dir.path() + "/corpus";
    const std::string link = dir.path() + "/out.jsonl";
    // The link's target does not exist yet: writing through it creates it inside the corpus.
    std::filesystem::create_symlink(corpus + "/out.jsonl", link);
    const command_result r = run_mfsim({"run", "--rules", "uc4", "-o", link, corpus});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("would be read back by the walk of") != std::string::npos);
    const std::string junit = dir.path() + "/j.xml";
    std::filesystem::create_symlink(corpus + "/j.xml", junit);
    CHECK(run_mfsim({"check", "--rules", "uc4", "--expect", dir.write("e.jsonl", ""), "--junit",
                     junit, corpus})
              .exit_code == 2);
    CHECK(files_in(corpus) == std::vector<std::string>{"a.eml"});
  }

  TEST_CASE("standard input named twice is refused: the ids would repeat") {
    for (const char* command : {"run", "check", "diff", "agree"}) {
      CAPTURE(command);
      std::vector<std::string> args = {command, "--rules", "uc4"};
      if (std::string(command) == "check") args.insert(args.end(), {"--expect", "/dev/null"});
      if (std::string(command) == "diff") args.insert(args.end(), {"--base", "uc4"});
      args.insert(args.end(), {"-", "-"});
      const command_result r = run_mfsim(args, kMessage);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("'-' is given twice") != std::string::npos);
    }
  }

  TEST_CASE("paths that name the same messages twice are refused: the ids would repeat") {
    const temp_dir dir;
    const std::string mail = dir.path() + "/mail";
    dir.write("mail/cur/a.eml", kMessage);
    dir.write("mail/cur-x/b.eml", kMessage);
    std::filesystem::create_symlink(mail, dir.path() + "/link");
    const std::vector<std::vector<std::string>> twice = {
        {mail + "/cur/a.eml", mail + "/cur/a.eml"},  // one file twice
        {mail + "/cur", mail},                       // a folder inside another
        {mail, mail + "/cur-x", mail + "/cur/a.eml"},
        {mail + "/", mail + "/./"},
        {dir.path() + "/link/cur", mail + "/cur/a.eml"},  // through a symbolic link
    };
    for (const auto& paths : twice) {
      for (const char* command : {"run", "check", "diff"}) {
        CAPTURE(command);
        std::vector<std::string> args = {command, "--rules", "uc4"};
        if (std::string(command) == "check") args.insert(args.end(), {"--expect", "/dev/null"});
        if (std::string(command) == "diff") args.insert(args.end(), {"--base", "uc4"});
        args.insert(args.end(), paths.begin(), paths.end());
        const command_result r = run_mfsim(args);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("would be read twice") != std::string::npos);
      }
    }
    // Neighbours whose names share a start are no overlap.
    CHECK(run_mfsim({"run", "--rules", "uc4", "-q", mail + "/cur", mail + "/cur-x"}).exit_code ==
          0);
  }

  TEST_CASE("an input named OUT.partial is refused: an interrupted run would replace it") {
    const temp_dir dir;
    const std::string out = dir.path() + "/out.jsonl";
    const std::string input = dir.write("out.jsonl.partial", kMessage);
    const command_result r = run_mfsim({"run", "--rules", "uc4", "-o", out, input});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("would leave an interrupted run's records over the input") !=
          std::string::npos);
    CHECK(read_file(input) == kMessage);
  }

  TEST_CASE("paths the command line names reach the terminal inert, in CLI11's errors too") {
    const temp_dir dir;
    const std::string hostile = dir.path() + "/no\x1b[31mRED\x07";
    const command_result missing = run_mfsim({"run", "--rules", "uc4", hostile});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find('\x1b') == std::string::npos);
    CHECK(missing.err.find("no\\x1b[31mRED\\x07") != std::string::npos);
    CHECK(missing.err.find("Run with --help for more information.\n") != std::string::npos);
    const command_result output =
        run_mfsim({"run", "--rules", "uc4", "-o", hostile + "/out.jsonl", "corpus/samples"});
    CHECK(output.exit_code != 0);
    CHECK(output.err.find('\x1b') == std::string::npos);
    CHECK(output.err.find("cannot create ") != std::string::npos);
  }

  TEST_CASE("every message on standard error is inert: names from rule files, option values") {
    const temp_dir dir;
    const std::string evil = "P\x1b]0;pwned\x07\x1b[2J";
    const std::string script =
        dir.write("evil.ps1", "New-HostedContentFilterPolicy -Name \"" + evil +
                                  "\" -SpamAction Quarantine -MakeDefault\n");
    const command_result imported = run_mfsim({"import", script, "-o", dir.path() + "/o.yaml"});
    CHECK(imported.exit_code == 0);
    CHECK(imported.err.find("P\\x1b]0;pwned\\x07") != std::string::npos);
    const command_result now =
        run_mfsim({"run", "--rules", "uc4", "--now", evil, "corpus/samples"});
    CHECK(now.exit_code == 2);
    const command_result preset = run_mfsim({"presets", "show", evil});
    CHECK(preset.exit_code == 2);
    const std::string expect = dir.write("exp" + evil + ".jsonl", "junk\n");
    const command_result check =
        run_mfsim({"check", "--rules", "uc4", "--expect", expect, "corpus/samples"});
    CHECK(check.exit_code == 2);
    for (const command_result* r : {&imported, &now, &preset, &check}) {
      CHECK_FALSE(has_raw_control(r->err));
    }
  }

  TEST_CASE("an output onto a --directory file is refused, as GROUP=FILE too") {
    const temp_dir dir;
    const std::string corpus = dir.path() + "/corpus";
    dir.write("corpus/a.eml", kMessage);
    const std::string users = dir.write("users.yaml",
                                        "mfsim_directory: 1\nrecipients:\n  - Name: ceo\n"
                                        "    PrimarySmtpAddress: ceo@contoso.com\n");
    const std::string members = dir.write("members.csv", "PrimarySmtpAddress\nceo@contoso.com\n");
    const command_result onto_users =
        run_mfsim({"run", "--rules", "uc4", "--directory", users, "-o", users, corpus});
    CHECK(onto_users.exit_code == 2);
    CHECK(onto_users.err.find("-o " + users + ": is the input") != std::string::npos);
    CHECK(run_mfsim({"check", "--rules", "uc4", "--directory", "Finance=" + members, "--expect",
                     dir.write("expect.jsonl", ""), "--junit", members, corpus})
              .exit_code == 2);
    CHECK(read_file(users).starts_with("mfsim_directory: 1"));
    CHECK(read_file(members).starts_with("PrimarySmtpAddress"));
  }

  TEST_CASE("standard output redirected into the walked folder is not read back as a message") {
    const temp_dir dir;
    dir.write("corpus/a.eml", kMessage);
    const std::string corpus = dir.path() + "/corpus";
    // The shell creates out.jsonl before mfsim starts, so the walk finds it beside a.eml.
    // The group keeps these redirections from being overridden by run_shell's own.
    const command_result r = mfsim::test::run_shell(
        "{ '" + mfsim::test::mfsim_binary() + "' run --rules uc4 --format jsonl '" + corpus +
        "' > '" + corpus + "/out.jsonl' 2> '" + corpus + "/err.txt'; }");
    REQUIRE(r.exit_code == 0);
    const std::vector<std::string> lines = lines_of(read_file(corpus + "/out.jsonl"));
    REQUIRE(lines.size() == 1);
    CHECK(mfsim::parse_json(lines[0]).at("id") == corpus + "/a.eml");
  }

  TEST_CASE("standard output redirected into a large walked folder is not read back either") {
    // A folder of 64 entries or more is listed without a stat per file (decision 311): its
    // own output is recognised by the inode number the listing gives.
    const temp_dir dir;
    for (int k = 0; k < 70; ++k) dir.write("corpus/m" + std::to_string(100 + k) + ".eml", kMessage);
    const std::string corpus = dir.path() + "/corpus";
    const command_result r = mfsim::test::run_shell(
        "{ '" + mfsim::test::mfsim_binary() + "' run --jobs 2 --rules uc4 --format jsonl '" +
        corpus + "' > '" + corpus + "/out.jsonl' 2> '" + corpus + "/err.txt'; }");
    REQUIRE(r.exit_code == 0);
    const std::vector<std::string> lines = lines_of(read_file(corpus + "/out.jsonl"));
    REQUIRE(lines.size() == 70);
    CHECK(mfsim::parse_json(lines[69]).at("id") == corpus + "/m169.eml");
  }

  TEST_CASE("an unwritable --report fails before the run; a run leaves no temporary file behind") {
    const temp_dir dir;
    const std::string input = dir.write("corpus/a.eml", kMessage);
    const command_result bad =
        run_mfsim({"run", "--rules", "uc4", "--report", dir.path() + "/no/such/dir/r.html", input});
    CHECK(bad.exit_code == 2);  // refused before the run (decision 781)
    CHECK(bad.out.empty());     // no record was evaluated
    CHECK(bad.err.find("--report") != std::string::npos);
    const std::string out = dir.path() + "/out/o.jsonl";
    std::filesystem::create_directory(dir.path() + "/out");
    const command_result good = run_mfsim(
        {"run", "--rules", "uc4", "-o", out, "--report", dir.path() + "/out/r.html", input});
    CHECK(good.exit_code == 0);
    CHECK(files_in(dir.path() + "/out") == std::vector<std::string>{"o.jsonl", "r.html"});
    struct stat st {};
    REQUIRE(::stat(out.c_str(), &st) == 0);
    CHECK((st.st_mode & 0044) != 0);  // readable like any new file, not mkstemp's 0600
  }

  TEST_CASE("table output shows controls from file names and headers, on a terminal or not") {
    const temp_dir dir;
    const std::string evil = "\x1b]0;owned\x07\x1b[2J";
    dir.write("corpus/" + evil + ".eml",
              "From: a@b.example\r\nX-Area1Security-Disposition: =?utf-8?q?UCE=0D=0Afake_row?=\r\n"
              "Subject: x\r\n\r\nbody\r\n");
    const command_result r =
        run_mfsim({"run", "--rules", "uc4", "--format", "table", dir.path() + "/corpus"});
    CHECK(r.exit_code == 0);
    CHECK_FALSE(has_raw_control(r.out));
    CHECK(r.out.find("\\x1b]0;owned\\x07\\x1b[2J.eml") != std::string::npos);
    // The decoded CR LF stays inside its cell: no line starts with the injected text.
    for (const auto& line : lines_of(r.out)) CHECK(line.rfind("fake", 0) == std::string::npos);
  }

  TEST_CASE("check, diff and explain print controls from ids and rule names visibly") {
    const temp_dir dir;
    const std::string corpus = dir.path() + "/corpus";
    dir.write("corpus/\x1b[31mred\r.eml", kMessage);
    const std::string expect = dir.write("expect.jsonl", "");
    const std::string junit = dir.path() + "/junit.xml";
    const command_result check =
        run_mfsim({"check", "--rules", "uc4", "--expect", expect, "--junit", junit, corpus});
    CHECK(check.exit_code == 1);
    CHECK_FALSE(has_raw_control(check.out));
    CHECK(check.out.find("\\x1b[31mred\\r.eml") != std::string::npos);
    // In the JUnit attributes the CR is a character reference, so `name` reads back as the id.
    const std::string xml = read_file(junit);
    CHECK(xml.find('\r') == std::string::npos);
    CHECK(xml.find("red&#13;.eml") != std::string::npos);
    // ESC has no place in XML 1.0: written as the text shows it, not replaced by U+FFFD (two
    // ids differing by a control made one name).
    CHECK(xml.find("/corpus/\\x1b[31mred&#13;.eml\"") != std::string::npos);
    const command_result explain = run_mfsim({"explain", "--rules", "uc4", corpus});
    CHECK(explain.exit_code == 0);
    CHECK_FALSE(has_raw_control(explain.out));
    const command_result diff =
        run_mfsim({"diff", "--base", "uc4", "--rules", "eop-strict", corpus});
    CHECK_FALSE(has_raw_control(diff.out));
  }

  TEST_CASE("a failed write to standard output exits non-zero with a message, for every command") {
    // /dev/full takes nothing: each command must say so rather than exit 0 (an audit found
    // agree, presets and --help silent, and `presets show` and `parity` reported as an
    // internal error).
    // Lint exits 2, as check and diff do: its 1 means findings.
    for (const std::string args : {"presets", "presets show uc4", "presets diff uc4 uc2", "--help",
                                   "agree --rules uc4 corpus/samples", "lint --rules uc4",
                                   "run --rules uc4 --format jsonl corpus/samples",
                                   "import tests/testdata/import/uc4.ps1", "parity"}) {
      INFO(args);
      const int expected = args.rfind("lint", 0) == 0 ? 2 : 1;
      // The group keeps this redirection from being overridden by run_shell's own.
      std::string line = "{ '";
      line += mfsim::test::mfsim_binary();
      line += "' " + args + " > /dev/full; }";
      const command_result r = mfsim::test::run_shell(line);
      CHECK(r.exit_code == expected);
      CHECK(r.err.find("fail") != std::string::npos);
    }
  }

  TEST_CASE("a reader that closes the pipe early: exit 1 with a message, the run stopped") {
    // `mfsim run ... | head` gave status 141 (SIGPIPE) and no word; the contract's status for
    // an I/O failure that stopped the run is 1. An mbox of 30,000 messages gives more records
    // than a pipe holds, so mfsim is still writing when head has gone.
    const temp_dir dir;
    const std::string input = dir.write("big.mbox", mbox_of(30000));
    std::string line = "{ { '";
    line += mfsim::test::mfsim_binary();
    line += "' run --rules uc4 --format jsonl '" + input + "'";
    line += "; echo \"status $?\" >&2; } | head -c 1 > /dev/null; }";
    const command_result r = mfsim::test::run_shell(line);
    CHECK(r.err.find("writing standard output failed: Broken pipe") != std::string::npos);
    CHECK(r.err.find("status 1\n") != std::string::npos);
    // It stopped reading once the write failed: far fewer than the 30,000 messages were read.
    CHECK(r.err.find("messages read: 30000") == std::string::npos);
  }

  TEST_CASE("a write past the file size limit: exit 1 with a message, no temporary file left") {
    // Under `ulimit -f` the write that crossed the limit raised SIGXFSZ, whose default action
    // ended mfsim with a core dump and left out.jsonl.tmp-XXXXXX; ignored, the write fails with
    // EFBIG as a full disk's does (decision 963).
    const temp_dir dir;
    const std::string input = dir.write("big.mbox", mbox_of(3000));
    const command_result r = mfsim::test::run_shell(
        "( ulimit -f 64; '" + mfsim::test::mfsim_binary() +
        "' run --rules uc4 --format jsonl -o '" + dir.path() + "/out.jsonl' '" + input + "' )");
    CHECK(r.exit_code == 1);
    // The reason is said, not only that the write failed.
    CHECK(r.err.find("failed: " + std::string(std::strerror(EFBIG))) != std::string::npos);
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
      CAPTURE(entry.path());
      CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
    }
  }

  TEST_CASE("names from a rule file reach the run summary and explain inert") {
    // A rule set is written by whoever sent it: its rule, policy and set names carry controls.
    const temp_dir dir;
    std::string yaml = run_mfsim({"presets", "show", "uc4"}).out;
    // Not a structured binding: clang 14 cannot capture one in REQUIRE_MESSAGE's lambda.
    for (const auto& edit :
         {std::pair<std::string, std::string>{"name: uc4", "name: \"set\\e[2J\""},
          {"- Name: Area 1 User Quarantine Message\n", "- Name: \"rule\\e]0;t\\a\"\n"},
          {"- Name: UserNotifyUserRelease", "- Name: \"policy\\e[31m\""},
          {"SpamQuarantineTag: UserNotifyUserRelease", "SpamQuarantineTag: \"policy\\e[31m\""}}) {
      const std::size_t at = yaml.find(edit.first);
      REQUIRE_MESSAGE(at != std::string::npos, edit.first);
      yaml.replace(at, edit.first.size(), edit.second);
    }
    const std::string rules = dir.write("evil.yaml", yaml);
    const command_result run =
        run_mfsim({"run", "--rules", rules, "--format", "table", "corpus/samples"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK_FALSE(has_raw_control(run.out));
    CHECK(run.out.find("rule\\x1b]0;t\\x07") != std::string::npos);
    CHECK(run.out.find("policy\\x1b[31m") != std::string::npos);
    CHECK(run.out.find("set\\x1b[2J") != std::string::npos);
    const command_result explain =
        run_mfsim({"explain", "--rules", rules, "corpus/samples/01-uce-from-egress.eml"});
    REQUIRE(explain.exit_code == 0);
    CHECK_FALSE(has_raw_control(explain.out));
    CHECK(explain.out.find("policy\\x1b[31m") != std::string::npos);
  }

  TEST_CASE(
      "non-UTF-8 file names keep distinct, reversible ids; check passes on a fresh baseline") {
    const temp_dir dir;
    const std::string corpus = dir.path() + "/corpus";
    dir.write("corpus/a\xff.eml", kMessage);
    dir.write("corpus/a\xfe.eml", kMessage);
    const command_result run = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", corpus});
    REQUIRE(run.exit_code == 0);
    CHECK(ids_of(run) == std::vector<std::string>{corpus + "/a\\xfe.eml", corpus + "/a\\xff.eml"});
    const std::string baseline = dir.write("baseline.jsonl", run.out);
    const command_result check =
        run_mfsim({"check", "--rules", "uc4", "--expect", baseline, corpus});
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
    const command_result explain =
        run_mfsim({"explain", "--rules", "uc4", "--format", "json", corpus + "/a\\xff.eml"});
    CHECK(explain.exit_code == 0);
    CHECK(mfsim::parse_json(explain.out).at("id") == corpus + "/a\\xff.eml");
  }

  TEST_CASE("a file named m#1 beside an mbox m: unique ids, and explain finds each") {
    const temp_dir dir;
    const std::string corpus = dir.path() + "/corpus";
    dir.write("corpus/m",
              "From x Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n\n"
              "From x Mon Jan  1 00:00:00 2024\nSubject: two\n\nbody\n");
    dir.write("corpus/m#1", "Subject: the file\r\n\r\nbody\r\n");
    const command_result run = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", corpus});
    REQUIRE(run.exit_code == 0);
    CHECK(ids_of(run) ==
          std::vector<std::string>{corpus + "/m#1", corpus + "/m#2", corpus + "/m\\#1"});
    const command_result entry = run_mfsim({"explain", "--rules", "uc4", corpus + "/m#2"});
    CHECK(entry.exit_code == 0);
    CHECK(entry.out.find("Message: " + corpus + "/m#2") != std::string::npos);
    const command_result file = run_mfsim({"explain", "--rules", "uc4", corpus + "/m\\#1"});
    CHECK(file.exit_code == 0);
    CHECK(file.out.find("Message: " + corpus + "/m\\#1") != std::string::npos);
  }

  TEST_CASE("a catastrophic pattern spends the message's regex budget once, not per header") {
    const temp_dir dir;
    const std::string rules =
        dir.write("rules.yaml",
                  "mfsim: 1\nname: backtrack\ntransport_rules:\n"
                  "  - Name: Words only\n    SubjectMatchesPatterns: ['^(\\w+\\s?)*$']\n"
                  "    SetSCL: 9\n"
                  "  - Name: Second\n    SubjectMatchesPatterns: ['(x+x+)+y']\n"
                  "    SetSCL: 8\n");
    std::string words;
    for (int k = 0; k < 6000; ++k) words += "word ";
    std::string message = "From: a@b.example\r\n";
    for (int k = 0; k < 30; ++k) message += "Subject: " + words + "!\r\n";
    message += "\r\nbody\r\n";
    const std::string path = dir.write("m.eml", message);
    const command_result run = run_mfsim({"run", "--rules", rules, "--format", "jsonl", path});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto records = records_of(run);
    REQUIRE(records.size() == 1);
    const auto& errors = records[0].at("rule_errors");
    REQUIRE(errors.size() == 2);  // one per rule, not one per Subject line
    CHECK(errors[0].dump().find("spends this message's regex budget") != std::string::npos);
    CHECK(errors[1].dump().find("an earlier pattern spent this message's regex budget") !=
          std::string::npos);
    const command_result lint = run_mfsim({"lint", "--rules", rules});
    CHECK(lint.out.find("[MF013]") != std::string::npos);
  }

  TEST_CASE("expectations, manifests and mailbox states keep their depth and alias budgets") {
    const temp_dir dir;
    const std::string input = dir.write("a.eml", kMessage);
    const std::string deep =
        dir.write("deep.jsonl", "{\"id\":\"x\",\"rules\":" + std::string(1000000, '[') + "\n");
    const command_result check = run_mfsim({"check", "--rules", "uc4", "--expect", deep, input});
    CHECK(check.exit_code == 2);
    CHECK(check.err.find(deep + ":1:82: error: JSON nested deeper than 64 levels") !=
          std::string::npos);
    const std::string manifest = dir.write("m.jsonl", "{\"id\":" + std::string(100000, '[') + "\n");
    const command_result run = run_mfsim({"run", "--rules", "uc4", "--manifest", manifest, input});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find(manifest + ":1:70: error: JSON nested deeper than 64 levels") !=
          std::string::npos);
    const std::string state =
        dir.write("state.yaml",
                  "mfsim_mailbox: 1\nmailboxes:\n  - Recipient: a@b.example\n"
                  "    BlockedSendersAndDomains: &big [x.example]\n"
                  "  - Recipient: c@b.example\n    BlockedSendersAndDomains: *big\n");
    const command_result alias =
        run_mfsim({"run", "--rules", "uc4", "--mailbox-state", state, input});
    CHECK(alias.exit_code == 2);
    CHECK(alias.err.find(state + ":6:") != std::string::npos);
    CHECK(alias.err.find("YAML aliases are not read") != std::string::npos);
  }
}
