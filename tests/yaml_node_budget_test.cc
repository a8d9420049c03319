// The YAML kit's node budget (decision 618): a document of more than a million nodes is refused
// at the node past it, before yaml-cpp builds its tree, for rule sets, directories and mailbox
// states alike.
#include <doctest/doctest.h>

#include <string>

#include "engine/mailbox/load_mailbox_state.h"
#include "engine/rules/yaml_document.h"
#include "engine/rules/yaml_flow_budget.h"
#include "tests/support/load_problems.h"

namespace {

// A flow list of `items` one-letter scalars under `key`, on line 2 of a YAML document.
std::string flow_list(std::string_view first_line, std::string_view key, std::size_t items) {
  std::string text(first_line);
  text += "\n";
  text += key;
  text += ": [";
  for (std::size_t k = 0; k < items; ++k) text += k == 0 ? "a" : ",a";
  text += "]\n";
  return text;
}

// The one diagnostic load_document throws for `text`, as "line:col: message"; empty if none.
std::string refusal(const std::string& text) {
  const auto problems = mfsim::test::load_problems(
      [&] { (void)mfsim::rules::yaml::load_document(text, "big.yaml", "a rule-set file"); });
  REQUIRE(problems.size() <= 1);
  return problems.empty() ? "" : problems.front();
}

}  // namespace

TEST_SUITE("rules") {
  TEST_CASE("a YAML document of more than a million nodes is refused at the node past them") {
    // The top mapping, its two keys and their values, and the list: 5 nodes besides the items,
    // so the refusal is at the last item, the 1,000,001st node (items start at column 9).
    const std::size_t items = 1'000'000 - 5 + 1;
    CHECK(refusal(flow_list("mfsim: 1", "items", items)) ==
          "2:" + std::to_string(9 + 2 * (items - 1)) +
              ": invalid YAML: more than 1000000 nodes (the YAML node limit kMaxYamlNodes: "
              "values, lists and mappings)");
    CHECK(refusal(flow_list("mfsim: 1", "items", 1000)).empty());
  }

  TEST_CASE("a mailbox state past the node limit says to give the tenant as an export") {
    // Decision 1128: yaml-cpp's tree bounds mfsim's YAML to about 90,000 mailboxes; the message
    // says so and names the exports, read a record at a time up to 1 GiB.
    std::string text = "{mfsim_mailbox: 1, mailboxes: [a";
    for (int k = 1; k < 1'000'000; ++k) text += ",a";
    text += "]}\n";
    const auto problems = mfsim::test::load_problems(
        [&] { (void)mfsim::mailbox::load_mailbox_state_yaml(text, "big.yaml"); });
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().ends_with(
        "(the YAML node limit kMaxYamlNodes): mfsim's YAML holds about 90,000 mailboxes of a few "
        "entries at most; give a larger tenant as Get-MailboxJunkEmailConfiguration's "
        "Export-Csv, Export-Clixml or ConvertTo-Json"));
  }

  TEST_CASE("a flow list inside a flow mapping past a million values is refused before parsing") {
    // yaml-cpp's scanner reads such a list whole before any node: 4 GB for 15 million values.
    std::string text = "{mfsim: 1, items: [a";
    for (int k = 1; k < 1'000'000; ++k) text += ",a";
    text += "]}\n";
    // '{', the ',' after `mfsim: 1` and '[' are three entries: the 999,998th comma of the list,
    // at byte 18 + 2 * 999998, is the 1,000,001st.
    CHECK(refusal(text) == "1:" + std::to_string(18 + 2 * 999'998 + 1) +
                               ": invalid YAML: flow lists and mappings ([...], {...}) hold more "
                               "than 1000000 values (the YAML node limit kMaxYamlNodes)");
  }

  TEST_CASE("the flow scan skips quoted scalars and comments, and plain text opens nothing") {
    using mfsim::rules::yaml::flow_entries_past;
    CHECK(flow_entries_past("a: [x, y]", 3) == std::nullopt);       // '[' and one ','
    CHECK(flow_entries_past("a: [x, y, z]", 2) == std::size_t{8});  // the second ','
    CHECK(flow_entries_past("a: ['x,y,z', \"p,\\\",q\"]", 2) == std::nullopt);
    CHECK(flow_entries_past("a: [x] # [y, z, w]", 1) == std::nullopt);
    CHECK(flow_entries_past("Name: O'Brien, a[1, 2, 3\nb: 'c,d'", 0) == std::nullopt);
  }
}
