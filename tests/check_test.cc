// End-to-end tests of `mfsim check`: expectations, mismatches, exit codes, malformed files, JUnit.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/build_paths.h"
#include "tests/support/process.h"
#include "tests/support/text_contains.h"

using mfsim::test::lines_of;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

namespace {

using mfsim::test::contains;

// Every '<' opens one of the elements the JUnit writer emits and every '&' starts an entity:
// nothing from a message id or a value leaked into the markup unescaped.
void check_junit_markup(const std::string& xml) {
  static const char* kTags[] = {"?xml ",       "testsuites ", "/testsuites>", "testsuite ",
                                "/testsuite>", "properties>", "/properties>", "property ",
                                "testcase ",   "/testcase>",  "failure ",     "/failure>",
                                "skipped ",    "error "};
  for (std::size_t at = xml.find('<'); at != std::string::npos; at = xml.find('<', at + 1)) {
    bool known = false;
    for (const char* tag : kTags)
      known = known || xml.compare(at + 1, std::string(tag).size(), tag) == 0;
    CHECK_MESSAGE(known, "unexpected markup at " << at << ": " << xml.substr(at, 40));
  }
  static const char* kEntities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
  for (std::size_t at = xml.find('&'); at != std::string::npos; at = xml.find('&', at + 1)) {
    bool known = false;
    for (const char* e : kEntities) known = known || xml.compare(at, std::string(e).size(), e) == 0;
    CHECK_MESSAGE(known, "bare & at " << at << ": " << xml.substr(at, 20));
  }
}

}  // namespace

TEST_SUITE("e2e: check") {
  TEST_CASE("the bundled expectations pass against their rule sets with exit 0") {
    for (const std::string rules : {"uc4", "uc4-2023-01"}) {
      const auto r = run_mfsim({"check", "--rules", rules, "--expect",
                                "corpus/expected/" + rules + ".jsonl", "corpus/samples"});
      CHECK_MESSAGE(r.exit_code == 0, rules << "\n" << r.out << r.err);
      CHECK(contains(r.out, "38 messages against 38 expectations"));
      CHECK(contains(r.out, "38 match, 0 differ"));
      CHECK(contains(r.out, "check passed"));
    }
  }

  TEST_CASE("a blessed run is a valid expectations file and passes whatever --jobs is") {
    temp_dir dir;
    const auto run = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "corpus/samples"});
    REQUIRE(run.exit_code == 0);
    const std::string baseline = dir.write("baseline.jsonl", run.out);
    const auto one = run_mfsim(
        {"check", "--rules", "uc4", "--expect", baseline, "--jobs", "1", "corpus/samples"});
    const auto many = run_mfsim(
        {"check", "--rules", "uc4", "--expect", baseline, "--jobs", "4", "corpus/samples"});
    CHECK(one.exit_code == 0);
    CHECK(many.exit_code == 0);
    CHECK(one.out == many.out);
  }

  TEST_CASE("each mismatch names id, field, expected and got; any mismatch exits 1") {
    const auto r = run_mfsim({"check", "--rules", "uc4-2023-01", "--expect",
                              "corpus/expected/uc4.jsonl", "corpus/samples"});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out,
                   "corpus/samples/01-uce-from-egress.eml: action: expected \"quarantine\", got "
                   "\"deliver\"\n"));
    CHECK(contains(r.out,
                   "corpus/samples/01-uce-from-egress.eml: rules: expected [\"Area 1 User "
                   "Quarantine Message\"], got []\n"));
    CHECK(contains(r.out,
                   "corpus/samples/13-spam-literal-from-egress.eml: action: expected \"deliver\", "
                   "got \"quarantine\"\n"));
    CHECK(contains(r.out, "29 match, 9 differ"));
    CHECK(contains(r.out, "check FAILED"));
    // Fields agree where the rule sets agree: no line for an unchanged message.
    CHECK_FALSE(contains(r.out, "corpus/samples/05-malicious-from-egress-no-received.eml:"));
  }

  TEST_CASE("only the fields an expectation names are compared") {
    temp_dir dir;
    const std::string expect =
        dir.write("e.jsonl",
                  "{\"id\":\"corpus/samples/01-uce-from-egress.eml\",\"action\":\"quarantine\"}\n"
                  "\n"
                  "{\"id\":\"corpus/samples/02-uce-from-europe-only-egress.eml\"}\r\n"
                  "{\"id\":\"corpus/samples/"
                  "05-malicious-from-egress-no-received.eml\",\"verdict\":\"high_confidence_spam\","
                  "\"rule_errors\":[],\"notify_frequency\":\"daily\"}\n");
    const auto r = run_mfsim(
        {"check", "--rules", "uc4", "--expect", expect, "--allow-unexpected", "corpus/samples"});
    CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
    CHECK(contains(r.out, "3 match, 0 differ"));
    CHECK(contains(r.out, "35 messages without an expectation (allowed)"));
    CHECK(contains(
        r.out,
        "corpus/samples/03-spoof-from-egress-134-195-27.eml: no expectation for this message "
        "(warning: --allow-unexpected)"));
    // rule_errors [] matches a record that leaves the field out.
    const std::string wrong = dir.write(
        "w.jsonl",
        "{\"id\":\"corpus/samples/01-uce-from-egress.eml\",\"scl\":6,\"rule_errors\":[]}\n");
    const auto w = run_mfsim(
        {"check", "--rules", "uc4", "--expect", wrong, "--allow-unexpected", "corpus/samples"});
    CHECK(w.exit_code == 1);
    CHECK(contains(w.out, "corpus/samples/01-uce-from-egress.eml: scl: expected 6, got 5\n"));
    CHECK_FALSE(contains(w.out, "rule_errors"));
  }

  TEST_CASE("messages without expectations and expectations without messages fail unless allowed") {
    temp_dir dir;
    const std::string expect =
        dir.write("e.jsonl",
                  "{\"id\":\"corpus/samples/01-uce-from-egress.eml\"}\n"
                  "{\"id\":\"corpus/samples/99-gone.eml\",\"action\":\"deliver\"}\n");
    const std::vector<std::string> base = {"check", "--rules", "uc4", "--expect", expect};
    auto args = base;
    args.push_back("corpus/samples/01-uce-from-egress.eml");
    args.push_back("corpus/samples/02-uce-from-europe-only-egress.eml");
    const auto strict = run_mfsim(args);
    CHECK(strict.exit_code == 1);
    CHECK(contains(
        strict.out,
        "corpus/samples/02-uce-from-europe-only-egress.eml: no expectation for this message\n"));
    CHECK(contains(
        strict.out,
        expect +
            ":2: corpus/samples/99-gone.eml: expected, but no message with this id was read\n"));
    CHECK(
        contains(strict.out, "1 message without an expectation; 1 expectation without a message"));

    auto only_missing = args;
    only_missing.insert(only_missing.begin() + 5, "--allow-unexpected");
    CHECK(run_mfsim(only_missing).exit_code == 1);  // the expectation without a message still fails
    auto only_unexpected = args;
    only_unexpected.insert(only_unexpected.begin() + 5, "--allow-missing");
    CHECK(run_mfsim(only_unexpected).exit_code ==
          1);  // the message without an expectation still fails
    auto both = args;
    both.insert(both.begin() + 5, {"--allow-missing", "--allow-unexpected"});
    const auto lenient = run_mfsim(both);
    CHECK_MESSAGE(lenient.exit_code == 0, lenient.out);
    CHECK(contains(lenient.out, "(warning: --allow-missing)"));
    CHECK(contains(lenient.out, "check passed"));
    CHECK_FALSE(contains(strict.out, "hint:"));  // 02 and 99-gone are two files
  }

  TEST_CASE("a check that reads no message fails, however lenient, whole or merged") {
    // An empty folder (a checkout without its corpus, a path spelt wrong) against an empty
    // expectations file checked nothing; it passed a CI gate.
    temp_dir dir;
    const std::string expect = dir.write("empty.jsonl", "");
    dir.write("mail/.DS_Store", "not mail");
    const std::string junit = dir.path() + "/check.xml";
    const auto r = run_mfsim({"check", "--rules", "uc4", "--expect", expect, "--allow-missing",
                              "--allow-unexpected", "--junit", junit, dir.path() + "/mail"});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "no message was read from the PATHs given: nothing was checked\n"));
    CHECK(contains(r.out, "check FAILED\n"));
    const std::string xml = read_file(junit);
    CHECK(contains(xml, "type=\"no-messages\""));
    check_junit_markup(xml);
    // A shard that got no message says nothing yet: merge judges the whole.
    std::string parts;
    for (const char* shard : {"1/2", "2/2"}) {
      const auto part = run_mfsim(
          {"check", "--rules", "uc4", "--expect", expect, "--shard", shard, dir.path() + "/mail"});
      CHECK_MESSAGE(part.exit_code == 0, part.err);
      parts += " " + dir.write(std::string("part") + shard[0] + ".jsonl", part.out);
    }
    const auto merged = mfsim::test::run_shell(mfsim::test::mfsim_binary() + " merge" + parts);
    CHECK(merged.exit_code == 1);
    CHECK(contains(merged.out, "nothing was checked"));
    // A message read against no expectation at all checks nothing either, allowed or not: an
    // empty file is what a command that failed writes (decision 586; 525 passed it).
    const auto one = run_mfsim({"check", "--rules", "uc4", "--expect", expect, "--allow-unexpected",
                                "corpus/samples/01-uce-from-egress.eml"});
    CHECK(one.exit_code == 1);
    CHECK(contains(one.out, "holds no expectation: nothing was checked"));
  }

  TEST_CASE("paths spelt otherwise than when blessing: every id misses, and a hint says why") {
    temp_dir dir;
    const auto blessed = run_mfsim({"run", "--rules", "uc4", "--format", "jsonl", "-q",
                                    "corpus/samples/01-uce-from-egress.eml"});
    const std::string expect = dir.write("e.jsonl", blessed.out);
    for (const std::string& spelling :
         {std::string("./corpus/samples/01-uce-from-egress.eml"),
          std::string("corpus//samples/01-uce-from-egress.eml"),
          mfsim::test::source_dir() + "/corpus/samples/01-uce-from-egress.eml"}) {
      CAPTURE(spelling);
      const auto r = run_mfsim({"check", "--rules", "uc4", "--expect", expect, spelling});
      CHECK(r.exit_code == 1);
      CHECK(contains(r.out, std::string("mfsim check: hint: ") + spelling +
                                " was read and corpus/samples/01-uce-from-egress.eml expected (" +
                                expect + ":1): ids are the paths as given"));
    }
  }

  TEST_CASE("a malformed expectations file exits 2 and names every problem by file:line:col") {
    temp_dir dir;
    const std::string path = dir.write(
        "bad.jsonl",
        "{\"id\":\"a\",\"action\":\"quarantined\"}\n"                  // 1: not an action
        "{\"id\":\"b\",\"verdikt\":\"spam\"}\n"                        // 2: unknown field
        "{\"id\":\"a\"}\n"                                             // 3: duplicate id
        "{\"id\":1}\n"                                                 // 4: id not a string
        "[1]\n"                                                        // 5: not an object
        "{\"id\":\"c\",\"scl\":\"5\"}\n"                               // 6: wrong type
        "{\"id\":\"d\" \"x\"}\n"                                       // 7: invalid JSON
        "{\"action\":\"junk\"}\n"                                      // 8: no id
        "{\"id\":\"e\",\"notify\":true,\"notify\":false}\n"            // 9: a key twice
        "{\"id\":\"f\",\"in_egress\":\"yes\",\"release\":\"none\"}\n"  // 10: two bad values
        "{\"id\":\"g\",\"scl\":8e888}\n"                   // 11: a number beyond a double
        "{\"id\":\"h\",\"scl\":18446744073709551615}\n");  // 12: 2^64 - 1, not -1
    const auto r = run_mfsim({"check", "--rules", "uc4", "--expect", path, "corpus/samples"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    const auto has = [&](const std::string& line) {
      CHECK_MESSAGE(contains(r.err, path + ":" + line), "missing: " << line << "\n" << r.err);
    };
    has("1:11: error: field 'action': expected \"deliver\", \"junk\", \"quarantine\"");
    has("2:11: error: unknown field 'verdikt' (did you mean 'verdict'?) [unknown_key]");
    has("3:2: error: duplicate id 'a' (first expected on line 1) [duplicate]");
    has("4:2: error: \"id\" must be a string");
    has("5:1: error: expected one JSON object per line (with an \"id\"), found an array");
    has("6:11: error: field 'scl': expected an integer from -1 to 9, or null, found \"5\"");
    has("7:13: error: invalid JSON: syntax error while parsing object");
    has("8:1: error: no \"id\"");
    has("9:25: error: field 'notify' is given twice [duplicate]");
    has("10:11: error: field 'in_egress': expected true or false, found \"yes\"");
    has("10:29: error: field 'release': expected \"user\", \"request\", \"admin\" or null, found "
        "\"none\"");
    has("11:17: error: invalid JSON: number overflow parsing '8e888'");
    has("12:11: error: field 'scl': expected an integer from -1 to 9, or null, found "
        "18446744073709551615");
    CHECK(contains(r.err, "not a valid expectations file (13 problems)"));
  }

  TEST_CASE("an escaped key is still placed; a whole number written 5.0 is 5") {
    temp_dir dir;
    const std::string escaped = dir.write("escaped.jsonl", "{\"id\":\"a\",\"x\\ty\":1}\n");
    const auto r = run_mfsim({"check", "--rules", "uc4", "--expect", escaped, "corpus/samples"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, escaped + ":1:11: error: unknown field 'x\\ty'"));
    const std::string id = "corpus/samples/01-uce-from-egress.eml";
    const auto expect = [&](const std::string& scl) {
      const std::string path =
          dir.write("scl.jsonl", "{\"id\":\"" + id + "\",\"scl\":" + scl + "}\n");
      return run_mfsim(
          {"check", "--rules", "uc4", "--allow-unexpected", "--expect", path, "corpus/samples"});
    };
    CHECK(expect("5.0").exit_code == 0);  // the record's SCL is 5
    CHECK(expect("4.0").exit_code == 1);
    CHECK(expect("4.5").exit_code == 2);
  }

  TEST_CASE("a long value quoted in an error is cut between characters") {
    temp_dir dir;
    std::string accents;
    for (int k = 0; k < 150; ++k) accents += "\xc3\xa9";  // "é": the 200th byte is inside one
    const std::string path =
        dir.write("long.jsonl", "{\"id\":\"a\",\"verdict\":\"" + accents + "\"}\n");
    const auto r = run_mfsim({"check", "--rules", "uc4", "--expect", path, "corpus/samples"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, ", found \"" + accents.substr(0, 198) + "... [bad_value]\n"));
  }

  TEST_CASE("a check that cannot run replaces the last --junit file with one errored case") {
    temp_dir dir;
    const std::string junit = dir.write("check.xml", "<testsuites>an earlier run</testsuites>\n");
    const std::string bad = dir.write("bad.jsonl", "{\"id\":\"a\",\"scl\":\"high\"}\n");
    const auto r =
        run_mfsim({"check", "--rules", "uc4", "--expect", bad, "--junit", junit, "corpus/samples"});
    CHECK(r.exit_code == 2);
    const std::string xml = read_file(junit);
    CHECK_FALSE(contains(xml, "an earlier run"));
    CHECK(contains(xml, "errors=\"1\""));
    CHECK(contains(xml,
                   "<error message=\"the check did not run: the rule set or the expectations "
                   "file does not load (see the command&apos;s standard error)\" "
                   "type=\"not-run\"/>"));
    check_junit_markup(xml);
  }

  TEST_CASE("usage errors exit 2") {
    CHECK(run_mfsim({"check", "--rules", "uc4", "corpus/samples"}).exit_code == 2);  // no --expect
    // A folder opens as a file but cannot be read: it is refused before, as a folder.
    const auto folder =
        run_mfsim({"check", "--rules", "uc4", "--expect", "corpus", "corpus/samples"});
    CHECK(folder.exit_code == 2);
    CHECK(contains(folder.err,
                   "corpus:1:1: error: cannot read the expectations file: it is a folder"));
    const auto missing =
        run_mfsim({"check", "--rules", "uc4", "--expect", "no/such.jsonl", "corpus/samples"});
    CHECK(missing.exit_code == 2);
    CHECK(contains(missing.err, "no/such.jsonl:1:1: error: cannot read the expectations file"));
    const auto bad_rules = run_mfsim({"check", "--rules", "no-such-rules.yaml", "--expect",
                                      "corpus/expected/uc4.jsonl", "corpus/samples"});
    CHECK(bad_rules.exit_code == 2);
    CHECK(run_mfsim({"check", "--rules", "uc4", "--expect", "corpus/expected/uc4.jsonl",
                     "--client-ip", "x", "corpus/samples"})
              .exit_code == 2);
    const auto help = run_mfsim({"check", "--help"});
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "--allow-missing"));
    CHECK(contains(help.out, "--allow-unexpected"));
  }

  TEST_CASE("--junit writes one testcase per message with its mismatches, escaped") {
    temp_dir dir;
    // An id full of markup characters, and a rule set that disagrees with the expectation.
    const std::string message_path = dir.write(
        "mail/a<b>&\"c'.eml", "X-Area1Security-Disposition: UCE\nX-Sender-IP: 104.30.32.7\n\nx\n");
    std::string id_json;
    {
      nlohmann::json id = message_path;
      id_json = id.dump();
    }
    const std::string expect =
        dir.write("e.jsonl", "{\"id\":" + id_json +
                                 ",\"action\":\"deliver\",\"disposition\":\"<UCE>\"}\n"
                                 "{\"id\":\"gone & <away>\"}\n");
    const std::string junit = dir.path() + "/junit.xml";
    const auto r = run_mfsim({"check", "--rules", "uc4", "--expect", expect, "--junit", junit,
                              "--allow-missing", dir.path() + "/mail"});
    CHECK(r.exit_code == 1);
    const std::string xml = read_file(junit);
    CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"mfsim check\" "
                    "tests=\"2\" "
                    "failures=\"1\" errors=\"0\" skipped=\"1\"",
                    0) == 0);
    CHECK(contains(xml, "a&lt;b&gt;&amp;&quot;c&apos;.eml"));
    CHECK(contains(xml,
                   "<failure message=\"2 fields differ from the expectation\" type=\"mismatch\">"
                   "disposition: expected &quot;&lt;UCE&gt;&quot;, got &quot;UCE&quot;\n"
                   "action: expected &quot;deliver&quot;, got &quot;quarantine&quot;\n</failure>"));
    CHECK(contains(xml, "name=\"gone &amp; &lt;away&gt;\""));
    CHECK(contains(xml, "<skipped message=\"no message with this id was read"));
    check_junit_markup(xml);

    // A passing run: every testcase passes.
    const auto pass = run_mfsim({"check", "--rules", "uc4", "--expect", "corpus/expected/uc4.jsonl",
                                 "--junit", junit, "corpus/samples"});
    CHECK(pass.exit_code == 0);
    const std::string ok = read_file(junit);
    CHECK(contains(ok, "tests=\"38\" failures=\"0\" errors=\"0\" skipped=\"0\""));
    std::size_t cases = 0;
    for (std::size_t at = ok.find("<testcase "); at != std::string::npos;
         at = ok.find("<testcase ", at + 1))
      ++cases;
    CHECK(cases == 38);
    check_junit_markup(ok);
  }
}

TEST_SUITE("e2e: check: fields of the fidelity issue") {
  TEST_CASE("reject_code, audit_severity and antispam_policy can be expected and are checked") {
    temp_dir dir;
    const std::string expect = dir.write(
        "e.jsonl",
        "{\"id\":\"tests/testdata/fidelity/03-executable-attachment.eml\",\"action\":\"reject\","
        "\"reject_code\":\"5.7.900\",\"antispam_policy\":\"Contoso strict\"}\n"
        "{\"id\":\"tests/testdata/fidelity/"
        "01-wire-in-html-body.eml\",\"audit_severity\":\"low\"}\n");
    const auto r = run_mfsim({"check", "--rules", "tests/testdata/import/fidelity.yaml", "--expect",
                              expect, "--allow-unexpected", "tests/testdata/fidelity"});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "1 match, 1 differ"));
    CHECK(contains(r.out, "audit_severity"));
    const std::string bad = dir.write(
        "bad.jsonl", "{\"id\":\"x\",\"audit_severity\":\"severe\",\"scl_requested\":\"yes\"}\n");
    const auto b = run_mfsim({"check", "--rules", "tests/testdata/import/fidelity.yaml", "--expect",
                              bad, "tests/testdata/fidelity"});
    CHECK(b.exit_code == 2);
    CHECK(contains(b.err, "audit_severity"));
    CHECK(contains(b.err, "scl_requested"));
  }
}
