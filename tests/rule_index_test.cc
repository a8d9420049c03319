// The rule index (decisions.md 295-299) changes which rules evaluate() looks at, never what it
// decides: random rule sets of words, patterns and IP ranges, with header-changing actions,
// StopRuleProcessing, exceptions, priorities, modes and dates, give the same record through the
// index (no trace) as through the rule-by-rule loop (a trace visits every rule).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/report/jsonl_writer.h"
#include "engine/rules/load_native.h"
#include "engine/trace.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::test::message;
using mfsim::test::simulator;
using names = std::vector<std::string>;

class random_rules {
 public:
  explicit random_rules(unsigned seed) : random_(seed) {}

  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_);
  }
  bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }

  template <typename T>
  const T& one_of(const std::vector<T>& list) {
    return list[pick(list.size())];
  }

  // A YAML flow list of 1-3 quoted entries of `list`.
  std::string some_of(const std::vector<std::string>& list) {
    std::string out = "[";
    const std::size_t n = 1 + pick(3);
    for (std::size_t k = 0; k < n; ++k) out += (k > 0 ? ", '" : "'") + one_of(list) + "'";
    return out + "]";
  }

  // Condition `which` (0-8) of the kinds below, as a condition or an exception.
  std::string condition(std::size_t which, bool exception) {
    static const std::vector<std::string> words = {"alpha", "beta",  "pay now", "invoice",
                                                   "zq12",  "[ext]", "re",      "urgent"};
    static const std::vector<std::string> patterns = {
        "zq[0-9]+ pay", "^re: ",     "inv(oice)?",  "urgent.*now", "(alpha|beta) gamma",
        "alpha|beta",   "\\bpay\\b", "x{0,2}alpha", "gam+a",       "[EXT]",
        "\\[ext\\]",    "be.a",      "colou?r"};
    static const std::vector<std::string> ranges = {"10.0.0.0/8",    "10.1.0.0/16",
                                                    "10.1.2.3",      "192.0.2.0-192.0.2.50",
                                                    "2001:db8::/32", "0.0.0.0/0"};
    static const std::vector<std::string> headers = {"X-Tag", "X-Area1Security-Disposition",
                                                     "Subject", "From"};
    const std::string p = exception ? "ExceptIf" : "";
    switch (which) {
      case 0:
        return fmt::format("{0}HeaderContainsMessageHeader: {1}\n    {0}HeaderContainsWords: {2}\n",
                           p, one_of(headers), some_of(words));
      case 1:
        return fmt::format(
            "{0}HeaderMatchesMessageHeader: {1}\n    {0}HeaderMatchesPatterns: {2}\n", p,
            one_of(headers), some_of(patterns));
      case 2: return fmt::format("{}SubjectContainsWords: {}\n", p, some_of(words));
      case 3: return fmt::format("{}SubjectMatchesPatterns: {}\n", p, some_of(patterns));
      case 4: return fmt::format("{}SenderIpRanges: {}\n", p, some_of(ranges));
      case 5: return fmt::format("{}FromAddressContainsWords: [alpha, contoso]\n", p);
      case 6: return fmt::format("{}SCLOver: {}\n", p, pick(10));
      case 7: return fmt::format("{}SubjectOrBodyContainsWords: {}\n", p, some_of(words));
      default: return fmt::format("{}MessageSizeOver: {} B\n", p, 100 + pick(200));
    }
  }

  std::string rule(std::size_t k) {
    std::string yaml = fmt::format("  - Name: r{}\n", k);
    // Up to three different kinds (none: a rule that matches every message), in any order.
    std::vector<std::size_t> kinds = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    std::shuffle(kinds.begin(), kinds.end(), random_);
    const std::size_t conditions = pick(4);
    for (std::size_t c = 0; c < conditions; ++c) yaml += "    " + condition(kinds[c], false);
    if (chance(25)) yaml += "    " + condition(pick(9), true);
    if (chance(10)) yaml += "    State: Disabled\n";
    if (chance(10)) yaml += "    Mode: Audit\n";
    // A priority moves a rule; each is given once (the loader refuses a repeated one).
    if (chance(15)) yaml += fmt::format("    Priority: {}\n", 1000 - k);
    if (chance(10)) yaml += fmt::format("    ActivationDate: {}-01-01\n", chance(50) ? 2020 : 2030);
    yaml += fmt::format("    SetSCL: {}\n", pick(10));
    if (chance(20)) yaml += "    PrependSubject: '[EXT] '\n";
    if (chance(20)) {
      yaml +=
          fmt::format("    SetHeaderName: X-Tag\n    SetHeaderValue: '{}'\n",
                      one_of(std::vector<std::string>{"alpha", "zq12 pay", "re: beta", "gamma"}));
    }
    if (chance(10)) yaml += "    RemoveHeader: X-Tag\n";
    if (chance(5)) yaml += "    StopRuleProcessing: true\n";
    if (chance(3)) yaml += "    Quarantine: true\n";
    return yaml;
  }

  std::string rule_set(std::size_t n) {
    std::string yaml = "mfsim: 1\ntransport_rules:\n";
    for (std::size_t k = 0; k < n; ++k) yaml += rule(k);
    // Rules sharing one pattern literal, and a pattern no literal covers, in most sets.
    return yaml;
  }

  std::string mail() {
    static const std::vector<std::string> words = {
        "alpha", "Beta",  "GAMMA", "pay",      "now", "invoice", "urgent", "zq12",
        "re:",   "[EXT]", "inv",   "alphabet", "x",   "colour",  "betas",  "gama"};
    const auto text = [&] {
      std::string t;
      const std::size_t n = pick(5);
      for (std::size_t k = 0; k < n; ++k) t += (k > 0 ? " " : "") + one_of(words);
      return t;
    };
    std::vector<std::string> lines;
    lines.push_back(chance(50) ? "From: Alpha <alpha@contoso.com>" : "From: <bob@fabrikam.com>");
    lines.push_back("Subject: " + std::string(chance(30) ? "Re: " : "") + text());
    if (chance(70)) lines.push_back("X-Tag: " + text());
    if (chance(20)) lines.push_back("X-Tag: " + text());
    if (chance(50)) lines.push_back("X-Area1Security-Disposition: " + text());
    std::string m;
    for (const auto& l : lines) m += l + "\r\n";
    return m + "\r\n" + text() + "\r\n";
  }

  std::optional<mfsim::net::ip_address> ip() {
    static const std::vector<std::string> ips = {"10.1.2.3",   "10.1.9.9",   "10.200.0.1",
                                                 "192.0.2.50", "192.0.2.51", "2001:db8::5",
                                                 "203.0.113.9"};
    if (chance(15)) return std::nullopt;
    return mfsim::net::ip_address::parse(one_of(ips));
  }

 private:
  std::mt19937 random_;
};

// The JSONL record of one message, through the index (trace == nullptr) or rule by rule.
std::string record(const mfsim::plan& plan, const std::string& m, const mfsim::run_options& options,
                   mfsim::scratch& s, bool rule_by_rule) {
  mfsim::evaluation_trace trace;
  const mfsim::outcome& result =
      mfsim::evaluate(plan, m, options, s, nullptr, rule_by_rule ? &trace : nullptr);
  std::string out;
  mfsim::report::append_record(out, "m", result, plan);
  return out;
}

}  // namespace

TEST_SUITE("rule_index") {
  TEST_CASE("random rule sets decide the same through the index and rule by rule") {
    random_rules generator(20261202);
    mfsim::scratch s;
    std::size_t fired = 0, compared = 0;
    for (int set = 0; set < 120; ++set) {
      // Up to 200 rules: the candidate bits span several 64-rule blocks.
      const std::size_t n = 1 + generator.pick(set % 4 == 0 ? 200 : 40);
      const std::string yaml = generator.rule_set(n);
      const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(yaml, "random.yaml"));
      for (int k = 0; k < 40; ++k) {
        const std::string m = generator.mail();
        mfsim::run_options options;
        options.client_ip = generator.ip();
        options.now = 1767225600;  // 2026-01-01: between the two activation dates
        const std::string indexed = record(*plan, m, options, s, false);
        const std::string plain = record(*plan, m, options, s, true);
        INFO(yaml);
        INFO(m);
        REQUIRE(indexed == plain);
        fired += indexed.find("\"rules\":[]") == std::string::npos ? 1 : 0;
        ++compared;
      }
    }
    CHECK(compared == 120 * 40);
    CHECK(fired > compared / 4);  // the sets do fire: the comparison is not of empty records
  }

  TEST_CASE("a rule keyed on a header sees what an earlier rule wrote there") {
    simulator sim(R"(mfsim: 1
transport_rules:
  - Name: tag
    SubjectContainsWords: [invoice]
    SetHeaderName: X-Tag
    SetHeaderValue: zq12 checked
  - Name: prefix
    SubjectContainsWords: [invoice]
    PrependSubject: 'urgent '
  - Name: sees tag
    HeaderContainsMessageHeader: X-Tag
    HeaderContainsWords: [checked]
    SetSCL: 1
  - Name: sees tag pattern
    HeaderMatchesMessageHeader: X-Tag
    HeaderMatchesPatterns: ['zq[0-9]+ check']
    SetSCL: 2
  - Name: sees prefix
    SubjectMatchesPatterns: ['^urgent invoice']
    SetSCL: 3
  - Name: old tag gone
    HeaderContainsMessageHeader: X-Tag
    HeaderContainsWords: [original]
    SetSCL: 4
)");
    sim.run(message({"From: a@contoso.com", "Subject: invoice", "X-Tag: original"}));
    CHECK(sim.fired() == names{"tag", "prefix", "sees tag", "sees tag pattern", "sees prefix"});
    sim.run(message({"From: a@contoso.com", "Subject: hello", "X-Tag: original"}));
    CHECK(sim.fired() == names{"old tag gone"});
  }

  TEST_CASE("a word and a pattern literal with the same text both find their rules") {
    // One automaton holds "free" twice: as a whole word and as the pattern's literal.
    simulator sim(R"(mfsim: 1
transport_rules:
  - Name: pattern
    SubjectMatchesPatterns: ['\bfree\b']
    PrependSubject: '[EXT] '
  - Name: word
    HeaderContainsMessageHeader: Subject
    HeaderContainsWords: [free]
    SetSCL: 4
)");
    sim.run(message({"From: a@contoso.com", "Subject: Free espresso machine"}));
    CHECK(sim.fired() == names{"pattern", "word"});
  }

  TEST_CASE("a pattern whose literal is absent is not searched, so it spends no budget") {
    // decisions.md 298: the second pattern cannot match without "zqxyz"; it is not searched,
    // on either path, so the first pattern's spent budget does not make its rule undecided.
    simulator sim(R"(mfsim: 1
transport_rules:
  - Name: backtrack
    SubjectMatchesPatterns: ['^(\w+\s?)*$']
    SetSCL: 9
  - Name: literal
    SubjectMatchesPatterns: ['zqxyz[0-9]']
    SetSCL: 8
)");
    std::string words;
    for (int k = 0; k < 6000; ++k) words += "word ";
    const std::string m = message({"From: a@b.example", "Subject: " + words + "!"});
    const mfsim::outcome& out = sim.run(m);
    REQUIRE(out.rule_errors.size() == 1);
    CHECK(sim.compiled().rule_name(out.rule_errors[0].rule) == "backtrack");
    mfsim::scratch s;
    CHECK(record(sim.compiled(), m, {}, s, true) == record(sim.compiled(), m, {}, s, false));
    sim.run(message({"From: a@b.example", "Subject: zqxyz1"}));
    CHECK(sim.fired() == names{"backtrack", "literal"});
  }

  TEST_CASE("IP ranges of many rules: each rule fires exactly for its own range") {
    std::string yaml = "mfsim: 1\ntransport_rules:\n";
    for (int k = 0; k < 300; ++k) {
      const std::string v4 = k < 256 ? fmt::format("10.{}.0.0/16, ", k) : "";
      yaml += fmt::format(
          "  - Name: r{}\n    SenderIpRanges: [{}'2001:db8:{:x}::/48']\n    SetSCL: 1\n", k, v4, k);
    }
    yaml += "  - Name: wide\n    SenderIpRanges: [10.0.0.0/8]\n    SetSCL: 2\n";
    simulator sim(yaml);
    mfsim::run_options options;
    options.client_ip = mfsim::net::ip_address::parse("10.7.1.1");
    sim.run(message({"From: a@contoso.com"}), options);
    CHECK(sim.fired() == names{"r7", "wide"});
    options.client_ip = mfsim::net::ip_address::parse("2001:db8:12b::1");
    sim.run(message({"From: a@contoso.com"}), options);
    CHECK(sim.fired() == names{"r299"});
    options.client_ip = mfsim::net::ip_address::parse("11.0.0.1");
    sim.run(message({"From: a@contoso.com"}), options);
    CHECK(sim.fired().empty());
  }
}
