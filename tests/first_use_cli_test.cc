// End-to-end tests of what trips an admin using mfsim for the first time: a slip on the
// command line or in a file is named as what it is, with what to type instead, at the exit
// status the contract gives it; output that would puzzle a newcomer explains itself.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/support/process.h"

using mfsim::test::run_mfsim;

namespace {

bool says(const mfsim::test::command_result& r, const std::string& text) {
  return r.err.find(text) != std::string::npos;
}

// Runs mfsim with `args` in which "FILE" stands for a file named `name` holding `text`, and a
// leading "DIR/" for the fresh folder it lies in.
mfsim::test::command_result run_on_file(const std::string& name, const std::string& text,
                                        std::vector<std::string> args) {
  mfsim::test::temp_dir dir;
  const std::string path = dir.write(name, text);
  for (std::string& arg : args) {
    if (arg == "FILE") arg = path;
    if (arg.starts_with("DIR/")) arg = dir.path() + arg.substr(3);
  }
  return run_mfsim(args);
}

}  // namespace

TEST_SUITE("e2e: first use") {
  TEST_CASE("a misspelt option is named, with the option meant, not taken for what follows") {
    // Before: CLI11 set the unknown option aside and refused its value as a path that does
    // not exist ("paths: (Path does not exist: uc4)"), or the real option as missing.
    const auto rule = run_mfsim({"run", "--rule", "uc4", "corpus/samples"});
    CHECK(rule.exit_code == 2);
    CHECK(says(rule, "mfsim run: unknown option '--rule' (did you mean '--rules'?)"));
    CHECK(!says(rule, "Path does not exist"));
    const auto expect = run_mfsim(
        {"check", "--rules", "uc4", "--expct", "corpus/expected/uc4.jsonl", "corpus/samples"});
    CHECK(expect.exit_code == 2);
    CHECK(says(expect, "mfsim check: unknown option '--expct' (did you mean '--expect'?)"));
    CHECK(!says(expect, "--expect is required"));
    const auto joined = run_mfsim({"run", "--rules=uc4", "--jbos=2", "corpus/samples"});
    CHECK(joined.exit_code == 2);
    CHECK(says(joined, "unknown option '--jbos' (did you mean '--jobs'?)"));
    const auto nested = run_mfsim({"presets", "show", "--bad", "uc4"});
    CHECK(nested.exit_code == 2);
    CHECK(says(nested, "mfsim presets show: unknown option '--bad'"));
    const auto dash_path = run_mfsim({"run", "--rules", "uc4", "-mail.eml"});
    CHECK(dash_path.exit_code == 2);
    CHECK(says(dash_path, "given as ./-mail.eml"));
    CHECK(says(run_mfsim({"--verison"}),
               "mfsim: unknown option '--verison' (did you mean "
               "'--version'?)"));
  }

  TEST_CASE("a misspelt subcommand is named, not reported as none given") {
    const auto r = run_mfsim({"runn", "--rules", "uc4", "corpus/samples"});
    CHECK(r.exit_code == 2);
    CHECK(says(r, "mfsim: unknown subcommand 'runn' (did you mean 'run'?)"));
    CHECK(!says(r, "A subcommand is required"));
    CHECK(says(run_mfsim({"presets", "shw", "uc4"}), "mfsim presets: unknown subcommand 'shw'"));
    // Nothing given is still told to give a subcommand; correct lines still run.
    CHECK(says(run_mfsim({}), "A subcommand is required"));
    CHECK(run_mfsim({"presets"}).exit_code == 0);
  }

  TEST_CASE("a misspelt preset name is said to be neither a preset nor a file, with the preset") {
    // Before: "uc44:1:1: error: cannot read rule set 'uc44': No such file or directory".
    for (const auto& [given, meant] : {std::pair{"uc44", "uc4"}, std::pair{"UC4", "uc4"},
                                       std::pair{"uc4-2023-1", "uc4-2023-01"}}) {
      CAPTURE(given);
      const auto r = run_mfsim({"run", "--rules", given, "corpus/samples"});
      CHECK(r.exit_code == 2);
      CHECK(says(r, std::string("'") + given + "' is neither a built-in preset nor a file (did " +
                        "you mean '" + meant + "'?): `mfsim presets` lists the presets"));
    }
    CHECK(says(run_mfsim({"diff", "--base", "uc4-2023-1", "--rules", "uc4", "corpus/samples"}),
               "did you mean 'uc4-2023-01'?"));
    CHECK(says(run_mfsim({"presets", "show", "UC4"}),
               "no preset named 'UC4' (did you mean 'uc4'?) (see `mfsim presets`)"));
    CHECK(says(run_mfsim({"presets", "diff", "uc4", "eop-strcit"}),
               "no preset named 'eop-strcit' (did you mean 'eop-strict'?)"));
    // A name with a folder or an extension was meant as a file: the system's reason stands.
    CHECK(says(run_mfsim({"run", "--rules", "none.yaml", "corpus/samples"}),
               "cannot read rule set 'none.yaml': No such file or directory"));
  }

  TEST_CASE("check's summary shows control characters of the expectations file name escaped") {
    // Before: the summary line printed the name raw, so a name holding ESC ] 0 ; ... BEL set
    // the terminal's title; the lines above it already escaped it.
    mfsim::test::temp_dir dir;
    const std::string expect = dir.write("e\x1b]0;T\x07.jsonl", "{\"id\":\"nothing\"}\n");
    const auto r = run_mfsim(
        {"check", "--rules", "uc4", "--expect", expect, "corpus/samples/01-uce-from-egress.eml"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find("expectation in " + dir.path() + "/e\\x1b]0;T\\x07.jsonl:") !=
          std::string::npos);
    // In the JUnit file the name is shown the same way, not replaced by U+FFFD.
    const std::string junit = dir.path() + "/check.xml";
    CHECK(run_mfsim({"check", "--rules", "uc4", "--expect", expect, "--junit", junit,
                     "corpus/samples/01-uce-from-egress.eml"})
              .exit_code == 1);
    const std::string xml = mfsim::test::read_file(junit);
    CHECK(xml.find("<property name=\"expectations\" value=\"" + dir.path() +
                   "/e\\x1b]0;T\\x07.jsonl\"/>") != std::string::npos);
    CHECK(xml.find("\xef\xbf\xbd") == std::string::npos);
  }

  TEST_CASE("an expectations file that cannot be read says why") {
    // Before: a folder gave "E:1:1: error: read error", a missing file no reason at all.
    const std::pair<const char*, const char*> cases[] = {
        {"corpus/samples",
         "corpus/samples:1:1: error: cannot read the expectations file: it is "
         "a folder; give the JSONL file `mfsim run --format jsonl` wrote"},
        {"none.jsonl",
         "none.jsonl:1:1: error: cannot read the expectations file: No such file "
         "or directory [io_error]"},
    };
    for (const auto& [expect, said] : cases) {
      const auto r = run_mfsim({"check", "--rules", "uc4", "--expect", expect, "corpus/samples"});
      CHECK(r.exit_code == 2);
      CHECK(says(r, said));
    }
  }

  TEST_CASE("import writes the source file names into its YAML comment escaped") {
    // Before: the header comment held the name's bytes raw: ESC is not allowed anywhere in
    // YAML (other YAML readers refuse the file), and it reached the terminal without -o.
    mfsim::test::temp_dir dir;
    const std::string script = dir.write(
        "r\x1b]0;T\x07.ps1", "New-TransportRule -Name r -SubjectContainsWords x -SetSCL 5\n");
    const auto r = run_mfsim({"import", script});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find("#   " + dir.path() + "/r\\x1b]0;T\\x07.ps1\n") != std::string::npos);
  }

  TEST_CASE("the table's legend of a rule set without transport rules says there are none") {
    // Before: "Rules:" stood alone over the summary, a heading with nothing under it.
    const auto r = run_mfsim({"run", "--rules", "eop-default", "--format", "table",
                              "corpus/samples/01-uce-from-egress.eml"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("\nRules: (no transport rules)\nSummary") != std::string::npos);
    // The abbreviated column heading is spelt out above the rules.
    CHECK(r.out.find("\nEGR = SENDER IP is in the rule set's Area 1 egress list (the record's "
                     "in_egress)\nRules:") != std::string::npos);
    CHECK(run_mfsim({"run", "--rules", "uc4", "--format", "table",
                     "corpus/samples/01-uce-from-egress.eml"})
              .out.find("\nRules:\n  R1 = Area 1 User Quarantine Message\n") != std::string::npos);
  }

  TEST_CASE("a message path that does not exist is one problem, said once") {
    // Before: "paths: (Path does not exist: mial) OR (mial not in {-})".
    const std::vector<std::vector<std::string>> commands = {
        {"run", "--rules", "uc4", "mial"},
        {"check", "--rules", "uc4", "--expect", "corpus/expected/uc4.jsonl", "mial"},
        {"diff", "--base", "uc4-2023-01", "--rules", "uc4", "mial"},
        {"agree", "--rules", "uc4", "mial"},
        {"bench", "--rules", "uc4", "mial"}};
    for (const auto& command : commands) {
      CAPTURE(command.front());
      const auto r = run_mfsim(command);
      CHECK(r.exit_code == 2);
      CHECK(says(r,
                 "paths: no file or folder named 'mial' (give message files, mbox files, "
                 "folders, or - for standard input)"));
      CHECK(!says(r, " OR "));
    }
  }

  TEST_CASE("an output in a folder that does not exist is named as given") {
    // Before: "cannot create /nonexistent/o.jsonl.tmp-XXXXXX: ...", a name nobody typed.
    const auto r = run_mfsim({"run", "--rules", "uc4", "-o", "/nonexistent-mfsim/o.jsonl",
                              "corpus/samples/01-uce-from-egress.eml"});
    CHECK(r.exit_code == 2);  // refused before the run (decision 781)
    CHECK(says(r,
               "cannot create /nonexistent-mfsim/o.jsonl (written as a temporary file in its "
               "folder first): No such file or directory"));
    CHECK(!says(r, "XXXXXX"));
  }

  TEST_CASE("a --client-ip that is not one address says which form is wanted") {
    // Before: only "--client-ip '104.30.32.0/24' is not an IP address", while --now and
    // --rcpt show the form they want.
    for (const char* given : {"104.30.32.0/24", "104.30.32.7:25", "[2405:8100:c400::1]"}) {
      CAPTURE(given);
      const auto r = run_mfsim({"run", "--rules", "uc4", "--client-ip", given, "-"});
      CHECK(r.exit_code == 2);
      CHECK(says(r, std::string("--client-ip '") + given +
                        "' is not an IP address (one IPv4 or IPv6 address, 104.30.32.7 or "
                        "2405:8100:c400::1, without a prefix length, port or brackets)"));
    }
  }

  TEST_CASE("an expectations file cut short inside its last record says so") {
    // Before: only the JSON parser's complaint about the last line, which does not tell an
    // admin that the baseline itself was never written whole.
    const auto whole = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "corpus/samples"});
    mfsim::test::temp_dir dir;
    const std::string cut = dir.write("cut.jsonl", whole.out.substr(0, whole.out.size() / 2));
    const auto r = run_mfsim({"check", "--rules", "uc4", "--expect", cut, "corpus/samples"});
    CHECK(r.exit_code == 2);
    CHECK(says(r,
               "the file ends inside this line, without a line end: it was cut short while "
               "being written"));
    // Broken JSON followed by a line end, or a whole last line the parser refuses, is only that.
    const auto overflow = run_on_file("o.jsonl", "{\"id\":\"a\",\"scl\":8e8888888}",
                                      {"check", "--rules", "uc4", "--expect", "FILE", "-"});
    CHECK(says(overflow, "number overflow"));
    CHECK(!says(overflow, "cut short"));
    const std::string broken = dir.write("broken.jsonl", "{\"id\":\"a\",}\n");
    const auto b = run_mfsim({"check", "--rules", "uc4", "--expect", broken, "corpus/samples"});
    CHECK(b.exit_code == 2);
    CHECK(says(b, "invalid JSON"));
    CHECK(!says(b, "cut short"));
  }

  TEST_CASE(
      "explain of an id copied from the table's shortened column says where the whole id is") {
    // Before: "no such file (give a message file, ...)", though the admin copied what mfsim
    // printed.
    const auto r =
        run_mfsim({"explain", "--rules", "uc4", "corp\u2026/02-uce-from-europe-only-egress.eml"});
    CHECK(r.exit_code == 2);
    CHECK(says(r,
               "no such file: the table shortens long ids with '\u2026'; copy the whole id "
               "from `mfsim run --format jsonl`"));
  }

  TEST_CASE("lint says a disposition word list written with commas but no brackets is one phrase") {
    // Before: "looks for 'UCE, SPOOF' ... (it writes one of MALICIOUS, ...)", fix "use one of
    // ...", which sends the admin to the words they had already written.
    const auto r = run_on_file("r.yaml",
                               "mfsim: 1\n"
                               "transport_rules:\n"
                               "  - Name: Area 1\n"
                               "    HeaderContainsMessageHeader: X-Area1Security-Disposition\n"
                               "    HeaderContainsWords: UCE, SPOOF\n"
                               "    SenderIpRanges: 104.30.32.0/24\n"
                               "    SetSCL: 5\n",
                               {"lint", "--rules", "FILE"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("r.yaml:5:26: warning: transport rule 'Area 1' looks for the one phrase 'UCE, "
                     "SPOOF' in X-Area1Security-Disposition, which Area 1 never writes: a value "
                     "is not split at its commas [MF002]\n  fix: give each word as a value of its "
                     "own (YAML: [UCE, SPOOF]; PowerShell: 'UCE', 'SPOOF')") != std::string::npos);
  }

  TEST_CASE("import's summary counts the anti-spam policies scoped by recipient") {
    // Before: "... anti-spam policy 'Default', egress list ...", as if the script's
    // New-HostedContentFilterPolicy had been dropped.
    const auto r =
        run_on_file("tenant.ps1",
                    "New-HostedContentFilterPolicy -Name 'Finance strict' -SpamAction Quarantine\n"
                    "New-HostedContentFilterRule -Name 'Finance strict' -HostedContentFilterPolicy "
                    "'Finance strict' -RecipientDomainIs contoso.com\n",
                    {"import", "FILE", "-o", "DIR/tenant.yaml"});
    CHECK(r.exit_code == 0);
    CHECK(says(r, "anti-spam policy 'Default' and 1 scoped by recipient, egress list"));
  }

  TEST_CASE("--rules FILE,FILE names a preset in the list, and a space after a comma") {
    // Before: "cannot read rule set 'uc4': No such file or directory", and the same for
    // ' FILE', the name with the space typed after the comma.
    const auto preset = run_mfsim({"run", "--rules", "uc4,corpus/expected/uc4.jsonl", "-"});
    CHECK(preset.exit_code == 2);
    CHECK(says(preset,
               "'uc4' is a built-in preset, complete in itself: it cannot be combined "
               "with files"));
    mfsim::test::temp_dir dir;
    const std::string policies =
        dir.write("q.ps1", "New-QuarantinePolicy -Name Q -EndUserQuarantinePermissionsValue 7\n");
    const auto space = run_mfsim({"run", "--rules", "corpus/expected/uc4.jsonl, " + policies, "-"});
    CHECK(space.exit_code == 2);
    CHECK(says(space, "--rules splits FILE,FILE at the commas only, so write no space after them"));
  }

  TEST_CASE("a misspelt --mailbox-state recorded names the keyword meant") {
    // Before: "recoded:1:1: error: cannot read mailbox state 'recoded': No such file ...".
    const auto r = run_mfsim({"run", "--rules", "eop-default", "--mailbox-state", "recoded", "-"});
    CHECK(r.exit_code == 2);
    CHECK(says(r,
               "mfsim run: --mailbox-state 'recoded' is neither `recorded` nor a file (did you "
               "mean 'recorded'?)"));
    // A path keeps the reader's own error.
    CHECK(says(run_mfsim({"run", "--rules", "eop-default", "--mailbox-state", "none.yaml", "-"}),
               "cannot read mailbox state 'none.yaml'"));
  }

  TEST_CASE("an expectation's problems on one line come in the order they stand") {
    // Before: in the order of the field names (notify, rules, scl), columns 98, 57, 47.
    const auto r =
        run_on_file("e.jsonl", "{\"id\":\"a\",\"scl\":\"5\",\"rules\":\"R\",\"notify\":\"true\"}\n",
                    {"check", "--rules", "uc4", "--expect", "FILE", "-"});
    CHECK(r.exit_code == 2);
    const std::size_t scl = r.err.find("field 'scl'");
    const std::size_t rules = r.err.find("field 'rules'");
    const std::size_t notify = r.err.find("field 'notify'");
    REQUIRE(notify != std::string::npos);
    CHECK(scl < rules);
    CHECK(rules < notify);
  }

  TEST_CASE("lint takes its rule file as import does, without --rules") {
    const std::string script =
        "New-TransportRule -Name 'Area 1' -HeaderContainsMessageHeader "
        "'X-Area1Security-Disposition' -HeaderContainsWords 'MALICIOUS' -SetSCL 9\n";
    const auto bare = run_on_file("rules.ps1", script, {"lint", "FILE"});
    const auto named = run_on_file("rules.ps1", script, {"lint", "--rules", "FILE"});
    CHECK(bare.exit_code == named.exit_code);
    CHECK(bare.exit_code == 1);  // MF001: the header is trusted from any sender
    CHECK(bare.out.find("rules.ps1:1:1: warning:") != std::string::npos);
    CHECK(bare.out.find("[MF001]") != std::string::npos);
    CHECK(named.out.find("[MF001]") != std::string::npos);
    // One rule set only: a second word is a slip, not a second file read silently.
    CHECK(run_mfsim({"lint", "uc4", "eop-default"}).exit_code == 2);
    CHECK(says(run_mfsim({"lint"}), "rules is required"));
  }
}
