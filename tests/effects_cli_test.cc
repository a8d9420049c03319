// End-to-end: the record's `effects` through `run --report`, `check`, `diff` and `explain`
// (docs/check-diff-explain.md; docs/decisions.md, "Actions and effects (issue 15)").
#include <doctest/doctest.h>

#include <string>

#include "tests/support/process.h"
#include "tests/support/text_contains.h"

using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;

namespace {

using mfsim::test::contains;

std::string bcc_rules(const std::string& address) {
  return "mfsim: 1\ntransport_rules:\n  - Name: Bcc compliance\n    SubjectContainsWords: "
         "[contract]\n    BlindCopyTo: [" +
         address + "]\n";
}

const std::string kContract =
    "From: a@example.org\r\nTo: b@contoso.com\r\nSubject: the contract\r\n\r\nhi\r\n";

}  // namespace

TEST_SUITE("e2e: effects") {
  TEST_CASE(
      "check can expect effects: a match passes, another address fails, a bad shape exits 2") {
    temp_dir dir;
    const std::string rules = dir.write("r.yaml", bcc_rules("audit@contoso.com"));
    const std::string mail = dir.write("m.eml", kContract);
    const std::string good =
        dir.write("good.jsonl", "{\"id\":\"" + mail +
                                    "\",\"effects\":[{\"action\":\"BlindCopyTo\",\"rule\":\"Bcc "
                                    "compliance\",\"value\":[\"audit@contoso.com\"]}]}\n");
    CHECK(run_mfsim({"check", "--rules", rules, "--expect", good, mail}).exit_code == 0);
    const std::string wrong =
        dir.write("wrong.jsonl", "{\"id\":\"" + mail +
                                     "\",\"effects\":[{\"action\":\"BlindCopyTo\",\"rule\":\"Bcc "
                                     "compliance\",\"value\":[\"legal@contoso.com\"]}]}\n");
    const auto w = run_mfsim({"check", "--rules", rules, "--expect", wrong, mail});
    CHECK(w.exit_code == 1);
    CHECK(contains(w.out, "effects"));
    CHECK(contains(w.out, "legal@contoso.com"));
    const std::string none = dir.write("none.jsonl", "{\"id\":\"" + mail + "\",\"effects\":[]}\n");
    CHECK(run_mfsim({"check", "--rules", rules, "--expect", none, mail}).exit_code == 1);
    const std::string bad =
        dir.write("bad.jsonl", "{\"id\":\"" + mail + "\",\"effects\":[\"BlindCopyTo\"]}\n");
    const auto b = run_mfsim({"check", "--rules", rules, "--expect", bad, mail});
    CHECK(b.exit_code == 2);
    CHECK(contains(b.err, "field 'effects': expected an array of effects"));
  }

  TEST_CASE("diff counts a change in effects alone as a change") {
    temp_dir dir;
    const std::string before = dir.write("before.yaml", bcc_rules("audit@contoso.com"));
    const std::string after = dir.write("after.yaml", bcc_rules("legal@contoso.com"));
    const std::string mail = dir.write("m.eml", kContract);
    const auto d =
        run_mfsim({"diff", "--base", before, "--rules", after, "--format", "jsonl", mail});
    CHECK(d.exit_code == 1);  // diff exits 1 when a message changed
    CHECK(contains(d.out, "\"changed\":[\"effects\"]"));
  }

  TEST_CASE("the HTML report, the table and explain show the effects") {
    temp_dir dir;
    const std::string rules = dir.write("r.yaml", bcc_rules("audit@contoso.com"));
    const std::string mail = dir.write("m.eml", kContract);
    const std::string report = dir.path() + "/report.html";
    const auto r =
        run_mfsim({"run", "--rules", rules, "--format", "table", "--report", report, mail});
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "  effects: R1 BlindCopyTo audit@contoso.com\n"));
    const std::string html = read_file(report);
    CHECK(contains(html, "<th>Effects</th>"));
    CHECK(
        contains(html, "<td class=\"effects\">Bcc compliance: BlindCopyTo audit@contoso.com</td>"));
    const auto e = run_mfsim({"explain", "--rules", rules, mail});
    // A section of its own, after a blank line as [A] ... [F].
    CHECK(contains(e.out,
                   "\n\nEffects, in the order applied\n  1. rule \"Bcc compliance\": BlindCopyTo "
                   "audit@contoso.com\n"));
    const auto j = run_mfsim({"explain", "--rules", rules, "--format", "json", mail});
    CHECK(contains(j.out,
                   "\"effects\":[{\"rule\":\"Bcc compliance\",\"action\":\"BlindCopyTo\","
                   "\"summary\":\"BlindCopyTo audit@contoso.com\"}]"));
  }
}
