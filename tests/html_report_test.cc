// The HTML reports of `mfsim run --report` and `mfsim diff --report`, rendered in a real
// headless browser (chromium): the DOM holds the tables and SVG charts, and its numbers match
// the JSONL of the same run.
#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "engine/json_text.h"
#include "tests/support/process.h"
#include "tests/support/text_contains.h"

using mfsim::test::lines_of;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::run_shell;
using mfsim::test::temp_dir;

namespace {

using mfsim::test::contains;

std::string shell_quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The browser: $MFSIM_CHROMIUM, else `chromium` on the PATH. A missing browser fails the test:
// CI installs it (tools/install-deps.sh), and a skipped browser test would hide broken reports.
std::string chromium() {
  if (const char* env = std::getenv("MFSIM_CHROMIUM"); env != nullptr && *env != '\0') return env;
  const auto found = run_shell("command -v chromium");
  if (found.exit_code != 0 || found.out.empty()) {
    FAIL(
        "chromium is not installed: the HTML report tests render the report in headless chromium. "
        "Install it with tools/install-deps.sh (Debian package `chromium`), or point "
        "MFSIM_CHROMIUM "
        "at a Chromium binary.");
  }
  return lines_of(found.out).front();
}

std::string browser_command(const temp_dir& profile, const std::string& extra,
                            const std::string& file) {
  return "timeout 120 " + shell_quote(chromium()) +
         " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
         " --disable-background-networking --disable-component-update --disable-sync "
         "--user-data-dir=" +
         shell_quote(profile.path()) + " " + extra + " " + shell_quote("file://" + file);
}

// The DOM after the browser has parsed (and run) the page.
std::string dump_dom(const std::string& file) {
  const temp_dir profile;
  const auto r = run_shell(browser_command(profile, "--dump-dom", file));
  REQUIRE_MESSAGE(r.exit_code == 0, "chromium failed: " << r.err.substr(0, 2000));
  REQUIRE_MESSAGE(contains(r.out, "</html>"), "no DOM from chromium: " << r.err.substr(0, 2000));
  return r.out;
}

// The text of the element `<TAG id="ID" ...>...</TAG>`.
std::string element(const std::string& dom, const std::string& tag, const std::string& id) {
  const std::size_t start = dom.find("<" + tag + " id=\"" + id + "\"");
  REQUIRE_MESSAGE(start != std::string::npos, "no <" << tag << " id=\"" << id << "\"> in the DOM");
  const std::size_t end = dom.find("</" + tag + ">", start);
  REQUIRE(end != std::string::npos);
  return dom.substr(start, end - start);
}

// data-key/data-count pairs of a chart's bars.
std::map<std::string, long> bars(const std::string& svg) {
  std::map<std::string, long> out;
  static const std::regex bar(R"re(<g class="bar" data-key="([^"]*)" data-count="(\d+)")re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator();
       ++it) {
    out[(*it)[1]] = std::stol((*it)[2]);
  }
  return out;
}

long count_of(const std::string& dom, const std::string& id) {
  const std::regex re("id=\"" + id + "\" data-count=\"(\\d+)\"");
  std::smatch m;
  REQUIRE_MESSAGE(std::regex_search(dom, m, re), "no count for " << id);
  return std::stol(m[1]);
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_SUITE("e2e: html_report") {
  TEST_CASE("the run report renders in chromium and its numbers match the JSONL of the same run") {
    temp_dir dir;
    const std::string report = dir.path() + "/report.html";
    const auto run = run_mfsim(
        {"run", "--rules", "uc4", "--format", "jsonl", "--report", report, "corpus/samples"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    std::vector<nlohmann::json> records;
    std::map<std::string, long> actions, verdicts, policies, rules;
    for (const auto& line : lines_of(run.out)) {
      records.push_back(mfsim::parse_json(line));
      const auto& r = records.back();
      ++actions[r["action"]];
      ++verdicts[r["verdict"]];
      if (!r["quarantine_policy"].is_null()) ++policies[r["quarantine_policy"]];
      for (const auto& name : r["rules"]) ++rules[name];
    }
    REQUIRE(records.size() == 38);

    const std::string dom = dump_dom(report);
    CHECK(contains(dom, "<title>mfsim run report: uc4</title>"));
    CHECK(count_of(dom, "total-messages") == 38);
    CHECK(bars(element(dom, "svg", "chart-actions")) == actions);
    CHECK(bars(element(dom, "svg", "chart-verdicts")) == verdicts);
    CHECK(bars(element(dom, "svg", "chart-policies")) == policies);
    long quarantined = 0;
    for (const auto& [name, n] : policies) quarantined += n;
    CHECK(count_of(dom, "total-quarantined") == quarantined);

    // Rules fired: the table and the chart agree with the records.
    const std::string table = element(dom, "table", "rules-fired");
    static const std::regex rule_row(R"re(<tr data-rule="([^"]*)" data-count="(\d+)")re");
    std::map<std::string, long> fired;
    for (auto it = std::sregex_iterator(table.begin(), table.end(), rule_row);
         it != std::sregex_iterator(); ++it) {
      fired[(*it)[1]] = std::stol((*it)[2]);
    }
    CHECK(fired == rules);
    CHECK(bars(element(dom, "svg", "chart-rules")).size() == 2);

    // One row per message, in input order, with the record's outcome.
    const std::string messages = element(dom, "table", "messages");
    static const std::regex row(
        R"re(<tr data-id="([^"]*)" data-action="([^"]*)" data-verdict="([^"]*)" data-policy="([^"]*)" data-release="([^"]*)")re");
    std::size_t k = 0;
    for (auto it = std::sregex_iterator(messages.begin(), messages.end(), row);
         it != std::sregex_iterator(); ++it, ++k) {
      REQUIRE(k < records.size());
      const auto& r = records[k];
      CHECK((*it)[1] == r["id"].get<std::string>());
      CHECK((*it)[2] == r["action"].get<std::string>());
      CHECK((*it)[3] == r["verdict"].get<std::string>());
      CHECK((*it)[4] ==
            (r["quarantine_policy"].is_null() ? "" : r["quarantine_policy"].get<std::string>()));
      CHECK((*it)[5] == (r["release"].is_null() ? "" : r["release"].get<std::string>()));
    }
    CHECK(k == records.size());
    CHECK(contains(dom, "id=\"rows-note\" data-shown=\"38\" data-left-out=\"0\""));
  }

  TEST_CASE("the report is self-contained and renders to a screenshot") {
    temp_dir dir;
    const std::string report = dir.path() + "/report.html";
    REQUIRE(run_mfsim({"run", "--rules", "uc4", "-q", "-o", dir.path() + "/out.jsonl", "--report",
                       report, "corpus/samples"})
                .exit_code == 0);
    const std::string html = read_file(report);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    // Nothing fetched: no src/href attributes, no CSS imports or url(), and the only URL is
    // the SVG namespace name (an identifier, never fetched).
    CHECK_FALSE(contains(html, " src="));
    CHECK_FALSE(contains(html, " href="));
    CHECK_FALSE(contains(html, "@import"));
    CHECK_FALSE(contains(html, "url("));
    CHECK_FALSE(contains(html, "https:"));
    CHECK(occurrences(html, "http:") == occurrences(html, "xmlns=\"http://www.w3.org/2000/svg\""));

    const temp_dir profile;
    const std::string png = dir.path() + "/report.png";
    const auto shot = run_shell(browser_command(
        profile, "--window-size=1400,2400 --screenshot=" + shell_quote(png), report));
    REQUIRE_MESSAGE(shot.exit_code == 0, shot.err.substr(0, 2000));
    const std::string image = read_file(png);
    CHECK(image.size() > 10000);
    CHECK(image.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    if (const char* keep = std::getenv("MFSIM_KEEP_SCREENSHOT"); keep != nullptr && *keep != '\0') {
      run_shell("cp " + shell_quote(png) + " " + shell_quote(keep));
    }
  }

  TEST_CASE("text from messages is escaped: markup in ids and headers stays text in the browser") {
    temp_dir dir;
    const std::string evil =
        "X-Area1Security-Disposition: <script>document.title='pwned'</script><b>loud</b>\n"
        "X-Sender-IP: 104.30.32.5\n\nx\n";
    dir.write("mail/x<b>bold<i>&amp;\"q'.eml", evil);
    const std::string report = dir.path() + "/report.html";
    const auto run = run_mfsim({"run", "--rules", "uc4", "-q", "--format", "jsonl", "--report",
                                report, dir.path() + "/mail"});
    REQUIRE(run.exit_code == 0);
    const std::string dom = dump_dom(report);
    CHECK(contains(dom, "<title>mfsim run report: uc4</title>"));  // no script of the message ran
    CHECK_FALSE(contains(dom, "pwned</title>"));
    CHECK(occurrences(dom, "<script") == 1);  // the report's own filter script
    CHECK_FALSE(contains(dom, "<b>"));
    CHECK_FALSE(contains(dom, "<i>"));
    CHECK(contains(dom,
                   "&lt;SCRIPT&gt;DOCUMENT.TITLE='PWNED'&lt;/SCRIPT&gt;&lt;B&gt;LOUD&lt;/B&gt;"));
    CHECK(contains(dom, "x&lt;b&gt;bold&lt;i&gt;&amp;amp;"));
    CHECK(count_of(dom, "total-messages") == 1);
  }

  TEST_CASE("a long run lists the first 10,000 messages and says how many it left out") {
    temp_dir dir;
    std::string mbox;
    for (int k = 0; k < 10050; ++k)
      mbox += "From x\nSubject: m" + std::to_string(k) + "\n\nbody\n\n";
    const std::string path = dir.write("big.mbox", mbox);
    const std::string report = dir.path() + "/report.html";
    const auto run = run_mfsim(
        {"run", "--rules", "uc4", "-q", "-o", dir.path() + "/out.jsonl", "--report", report, path});
    REQUIRE(run.exit_code == 0);
    const std::string html = read_file(report);
    CHECK(contains(html, "id=\"total-messages\" data-count=\"10050\""));
    CHECK(contains(html, "id=\"rows-note\" data-shown=\"10000\" data-left-out=\"50\""));
    CHECK(contains(html, "Showing the first 10000 of 10050 messages"));
    CHECK(occurrences(html, "<tr data-id=") == 10000);
    CHECK(contains(html, "big.mbox#10000\""));
    CHECK_FALSE(contains(html, "big.mbox#10001\""));
    CHECK(contains(html, "<g class=\"bar\" data-key=\"deliver\" data-count=\"10050\""));
  }

  TEST_CASE("an unwritable --report path fails the run with exit 2, before it") {
    const auto r = run_mfsim({"run", "--rules", "uc4", "-q", "--format", "jsonl", "--report",
                              "/no/such/dir/report.html", "corpus/samples"});
    CHECK(r.exit_code == 2);  // a usage error (decision 781)
    CHECK(r.out.empty());
    CHECK(contains(r.err, "--report"));
  }

  TEST_CASE("the diff report's transition matrix matches diff --format jsonl") {
    temp_dir dir;
    const std::string report = dir.path() + "/diff.html";
    const auto table = run_mfsim(
        {"diff", "--base", "uc4-2023-01", "--rules", "uc4", "--report", report, "corpus/samples"});
    CHECK(table.exit_code == 1);
    const auto jsonl = run_mfsim(
        {"diff", "--base", "uc4-2023-01", "--rules", "uc4", "--format", "jsonl", "corpus/samples"});
    std::map<std::pair<std::string, std::string>, long> moved;
    const auto state = [](const nlohmann::json& r) {
      std::string s = r["action"];
      if (!r["quarantine_policy"].is_null())
        s += " (" + r["quarantine_policy"].get<std::string>() + ")";
      return s;
    };
    const auto changes = lines_of(jsonl.out);
    for (const auto& line : changes) {
      const auto j = mfsim::parse_json(line);
      if (state(j["before"]) != state(j["after"])) ++moved[{state(j["before"]), state(j["after"])}];
    }
    const std::string dom = dump_dom(report);
    CHECK(contains(dom, "<title>mfsim diff report: uc4-2023-01 -&gt; uc4</title>"));
    CHECK(count_of(dom, "diff-messages") == 38);
    CHECK(count_of(dom, "diff-changed") == static_cast<long>(changes.size()));
    const std::string matrix = element(dom, "table", "transition-matrix");
    static const std::regex cell(
        R"re(data-before="([^"]*)" data-after="([^"]*)" data-count="(\d+)")re");
    long total = 0;
    std::map<std::pair<std::string, std::string>, long> off_diagonal;
    for (auto it = std::sregex_iterator(matrix.begin(), matrix.end(), cell);
         it != std::sregex_iterator(); ++it) {
      const long n = std::stol((*it)[3]);
      total += n;
      if ((*it)[1] != (*it)[2] && n > 0) off_diagonal[{(*it)[1], (*it)[2]}] = n;
    }
    CHECK(total == 38);
    CHECK(off_diagonal == moved);
    // 02 (52.58.35.43, in the egress list since issue 20) is the sixth.
    CHECK(off_diagonal[{"deliver", "quarantine (UserNotifyUserRelease)"}] == 6);
    CHECK(contains(dom, "<svg id=\"chart-states\""));
    CHECK(occurrences(element(dom, "table", "changes"), "<tr data-id=") == changes.size());
  }
}
