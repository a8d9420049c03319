// Tests of stage [G]: the folder from the action, the mailbox's junk email settings (a state file
// or the flags a message recorded), and the state file loader (docs/mailbox-state.md,
// decisions.md 25-34).
#include "engine/mailbox/mailbox_stage.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "engine/json_text.h"
#include "engine/mailbox/load_mailbox_state.h"
#include "engine/mailbox/mailbox_state.h"
#include "engine/report/jsonl_writer.h"
#include "engine/rules/presets.h"
#include "tests/support/alloc_counter.h"
#include "tests/support/process.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::folder;
using mfsim::outcome;
using mfsim::run_options;
using mfsim::mailbox::load_mailbox_state_yaml;
using mfsim::mailbox::mailbox_state;
using mfsim::test::message;
using mfsim::test::simulator;

std::string preset(const char* name) { return *mfsim::rules::preset_yaml(name); }

std::string reason(const outcome& o) {
  std::string out;
  mfsim::append_folder_reason(out, o.folder_reason);
  return out;
}

// Messages as Exchange Online stamps them: the SCL, and optionally the mailbox's delivery flags
// and a verdict report.
std::string eop_message(int scl, std::string_view delivery = {}, std::string_view report = {},
                        std::vector<std::string_view> extra = {}) {
  std::vector<std::string> owned;
  owned.push_back("From: Sender <news@fabrikam.com>");
  owned.push_back("To: alice@contoso.com");
  owned.push_back("Subject: Hello");
  owned.push_back("Date: Tue, 19 Mar 2024 09:41:11 +0000");
  owned.push_back("X-MS-Exchange-Organization-SCL: " + std::to_string(scl));
  if (!report.empty()) owned.push_back("X-Forefront-Antispam-Report: " + std::string(report));
  if (!delivery.empty())
    owned.push_back("X-Microsoft-Antispam-Mailbox-Delivery: " + std::string(delivery));
  for (const auto e : extra) owned.emplace_back(e);
  std::vector<std::string_view> views(owned.begin(), owned.end());
  return message(views);
}

struct expect_folder {
  folder where;
  const char* why;
};

void check(const outcome& o, expect_folder e) {
  CHECK(o.folder_value == e.where);
  CHECK(reason(o) == e.why);
}

// A Default-like policy plus transport rules that delete, quarantine and redirect on a header.
constexpr const char* kRulesYaml = R"(mfsim: 1
name: stage-g
area1:
  quarantine_dispositions: [SPOOF]
transport_rules:
  - Name: Drop it
    HeaderContainsMessageHeader: X-Test
    HeaderContainsWords: [drop]
    DeleteMessage: true
  - Name: Hold it
    HeaderContainsMessageHeader: X-Test
    HeaderContainsWords: [hold]
    Quarantine: true
  - Name: Audit hold
    Mode: Audit
    HeaderContainsMessageHeader: X-Test
    HeaderContainsWords: [audit]
    Quarantine: true
  - Name: Send elsewhere
    HeaderContainsMessageHeader: X-Test
    HeaderContainsWords: [elsewhere]
    RedirectMessageTo: [review@contoso.com]
)";

constexpr const char* kStateYaml = R"(mfsim_mailbox: 1
mailboxes:
  - Recipient: Alice@Contoso.com
    TrustedSendersAndDomains: [friend@partner.example, '@trusted.example', Safe.Example]
    BlockedSendersAndDomains: [offers@fabrikam.com, blocked.example, friend@partner.example]
    Contacts: [carol@litware.example]
    ContactsTrusted: true
    InboxRules:
      - Name: Invoices
        From: [billing@vendor.example]
        SubjectContainsWords: [invoice, receipt]
        MoveToFolder: Invoices
      - Name: Vendor news
        From: [vendor.example]
  - Recipient: bob@contoso.com
    Contacts: [carol@litware.example]
    ContactsTrusted: false
    TrustedListsOnly: true
    TrustedSendersAndDomains: [friend@partner.example]
  - Recipient: '*'
    BlockedSendersAndDomains: [everyone-blocks.example]
)";

std::string from_to(std::string_view from, std::string_view to, int scl,
                    std::vector<std::string_view> extra = {}) {
  std::vector<std::string> owned = {"From: " + std::string(from), "To: " + std::string(to),
                                    "Subject: Hello", "Date: Tue, 19 Mar 2024 09:41:11 +0000",
                                    "X-MS-Exchange-Organization-SCL: " + std::to_string(scl)};
  for (const auto e : extra) owned.emplace_back(e);
  std::vector<std::string_view> views(owned.begin(), owned.end());
  return message(views);
}

}  // namespace

TEST_SUITE("mailbox_stage") {
  TEST_CASE("without a mailbox state the folder follows the action and names the policy setting") {
    simulator def(preset("eop-default"));
    check(def.run(eop_message(1)), {folder::inbox, "antispam:not_spam"});
    check(def.run(eop_message(-1)), {folder::inbox, "antispam:skipped"});
    check(def.run(eop_message(5)), {folder::junk, "antispam:SpamAction=MoveToJmf"});
    check(def.run(eop_message(9)), {folder::junk, "antispam:HighConfidenceSpamAction=MoveToJmf"});
    check(def.run(eop_message(1, {}, "SCL:1;SFV:NSPM;CAT:PHSH")),
          {folder::junk, "antispam:PhishSpamAction=MoveToJmf"});
    check(def.run(eop_message(1, {}, "SCL:1;SFV:NSPM;CAT:HPHSH")),
          {folder::quarantine, "antispam:HighConfidencePhishAction=Quarantine"});
    check(def.run(eop_message(1, {}, "SCL:1;CAT:MALW")),
          {folder::quarantine, "antimalware:Quarantine"});
    check(def.run(eop_message(1, {}, {}, {"X-Microsoft-Antispam: BCL:7;"})),
          {folder::junk, "antispam:BulkSpamAction=MoveToJmf"});

    simulator strict(preset("eop-strict"));
    check(strict.run(eop_message(5)), {folder::quarantine, "antispam:SpamAction=Quarantine"});
    check(strict.run(eop_message(1, {}, {}, {"X-Microsoft-Antispam: BCL:5;"})),
          {folder::quarantine, "antispam:BulkSpamAction=Quarantine"});
  }

  TEST_CASE(
      "other policy actions: AddXHeader (spam) and ModifySubject land in Junk, Delete and "
      "Redirect leave the mailbox") {
    // Configure anti-spam policies, actions table: AddXHeader moves Spam and High confidence
    // spam to the Junk Email folder; ModifySubject delivers and moves to Junk (decisions.md 25).
    simulator s(R"(mfsim: 1
antispam_policy:
  SpamAction: AddXHeader
  HighConfidenceSpamAction: Delete
  PhishSpamAction: ModifySubject
  HighConfidencePhishAction: Redirect
  BulkSpamAction: NoAction
)");
    check(s.run(eop_message(5)), {folder::junk, "antispam:SpamAction=AddXHeader"});
    check(s.run(eop_message(9)), {folder::deleted, "antispam:HighConfidenceSpamAction=Delete"});
    check(s.run(eop_message(1, {}, "SCL:1;CAT:PHSH")),
          {folder::junk, "antispam:PhishSpamAction=ModifySubject"});
    check(s.run(eop_message(1, {}, "SCL:1;CAT:HPHSH")),
          {folder::redirected, "antispam:HighConfidencePhishAction=Redirect"});
    check(s.run(eop_message(1, {}, {}, {"X-Microsoft-Antispam: BCL:9;"})),
          {folder::inbox, "antispam:BulkSpamAction=NoAction"});
  }

  TEST_CASE("transport rules and Area 1 name themselves as the reason") {
    simulator s(kRulesYaml);
    check(s.run(eop_message(1, {}, {}, {"X-Test: drop"})), {folder::deleted, "rule:Drop it"});
    check(s.run(eop_message(1, {}, {}, {"X-Test: hold"})), {folder::quarantine, "rule:Hold it"});
    check(s.run(eop_message(5, {}, {}, {"X-Test: elsewhere"})),
          {folder::redirected, "rule:Send elsewhere"});
    // A rule in Audit mode changes nothing: the policy decides.
    check(s.run(eop_message(5, {}, {}, {"X-Test: audit"})),
          {folder::junk, "antispam:SpamAction=MoveToJmf"});
    // Quarantine stops the rules after it; the rule that quarantined is named.
    check(s.run(eop_message(1, {}, {}, {"X-Test: elsewhere hold"})),
          {folder::quarantine, "rule:Hold it"});
    // Malware is quarantined whatever a rule asked for (decisions.md 16).
    check(s.run(eop_message(1, {}, "SCL:1;CAT:MALW", {"X-Test: drop"})),
          {folder::quarantine, "antimalware:Quarantine"});
    check(s.run(eop_message(1, {}, {}, {"X-Area1Security-Disposition: spoof"})),
          {folder::area1_quarantine, "area1:SPOOF"});
  }

  TEST_CASE("recorded: each settings flag combined with the simulated verdict") {
    simulator s(preset("eop-default"));
    const mailbox_state recorded = mailbox_state::recorded();
    run_options options;
    options.mailbox_state = &recorded;
    // No flag set: the policy's folder.
    check(s.run(eop_message(5, "ucf:0;jmr:0;ex:0;auth:0;dest:J;OFR:SpamFilterAuthJ;"), options),
          {folder::junk, "antispam:SpamAction=MoveToJmf"});
    check(s.run(eop_message(1, "ucf:0;jmr:0;ex:0;auth:1;dest:I;"), options),
          {folder::inbox, "antispam:not_spam"});
    // wl:1 keeps spam and high confidence spam in the inbox.
    check(s.run(eop_message(5, "wl:1;pcwl:1;ucf:0;jmr:0;dest:I;OFR:TrustedSenderList;"), options),
          {folder::inbox, "mailbox:safe_sender"});
    check(s.run(eop_message(9, "wl:1;pcwl:1;ucf:0;jmr:0;dest:I;"), options),
          {folder::inbox, "mailbox:safe_sender"});
    check(s.run(eop_message(1, "wl:1;ucf:0;dest:I;"), options),
          {folder::inbox, "mailbox:safe_sender"});
    // abwl:1: the sender is in the address book.
    check(s.run(eop_message(5, "abwl:1;ucf:0;jmr:0;dest:I;OFR:SenderInAddressBook;"), options),
          {folder::inbox, "mailbox:trusted_contact"});
    // ucf:1: an Inbox rule moved it, whatever the verdict and the safe list say.
    check(s.run(eop_message(1, "abwl:0;wl:0;ucf:1;jmr:0;dest:C;OFR:CustomRules;"), options),
          {folder::custom, "mailbox:inbox_rule"});
    check(s.run(eop_message(9, "wl:1;pcwl:1;ucf:1;dest:C;OFR:CustomRules;"), options),
          {folder::custom, "mailbox:inbox_rule"});
    // SFV:SFE (safe sender) and SFV:BLK (blocked sender) in the verdict report.
    check(s.run(eop_message(5, "ucf:0;dest:I;", "SCL:5;SFV:SFE;CAT:NONE"), options),
          {folder::inbox, "mailbox:safe_sender"});
    check(s.run(eop_message(1, "ucf:0;dest:J;", "SCL:1;SFV:BLK;CAT:NONE"), options),
          {folder::junk, "mailbox:blocked_sender"});
    // A blocked sender's spam keeps the policy's action ("organization wins").
    check(s.run(eop_message(6, "ucf:0;dest:J;", "SCL:6;SFV:BLK;CAT:SPM"), options),
          {folder::junk, "antispam:SpamAction=MoveToJmf"});
    // Flags other than 1 are not set.
    check(s.run(eop_message(5, "wl:0;abwl:true;ucf:;dest:J;"), options),
          {folder::junk, "antispam:SpamAction=MoveToJmf"});
    // No delivery header: the action alone.
    check(s.run(eop_message(5), options), {folder::junk, "antispam:SpamAction=MoveToJmf"});
  }

  TEST_CASE("recorded: dest:, OFR: and the other delivery fields never change the prediction") {
    simulator s(preset("eop-default"));
    const mailbox_state recorded = mailbox_state::recorded();
    run_options options;
    options.mailbox_state = &recorded;
    for (const char* dest : {"I", "J", "C", "D", "X"}) {
      CAPTURE(dest);
      const std::string tail =
          std::string("dest:") + dest + ";OFR:TrustedSenderList;RF:JunkEmail;jmr:1;auth:1;";
      check(s.run(eop_message(5, "wl:0;ucf:0;" + tail), options),
            {folder::junk, "antispam:SpamAction=MoveToJmf"});
      check(s.run(eop_message(1, "ucf:0;" + tail), options), {folder::inbox, "antispam:not_spam"});
      check(s.run(eop_message(5, "wl:1;ucf:0;" + tail), options),
            {folder::inbox, "mailbox:safe_sender"});
    }
  }

  TEST_CASE(
      "quarantine, deletion and redirection happen before the mailbox and ignore its settings") {
    const mailbox_state recorded = mailbox_state::recorded();
    run_options options;
    options.mailbox_state = &recorded;
    const std::string everything = "wl:1;abwl:1;ucf:1;dest:I;";
    simulator def(preset("eop-default"));
    check(def.run(eop_message(1, everything, "SCL:1;CAT:HPHSH"), options),
          {folder::quarantine, "antispam:HighConfidencePhishAction=Quarantine"});
    check(def.run(eop_message(1, everything, "SCL:1;CAT:MALW"), options),
          {folder::quarantine, "antimalware:Quarantine"});
    simulator strict(preset("eop-strict"));
    check(strict.run(eop_message(5, everything), options),
          {folder::quarantine, "antispam:SpamAction=Quarantine"});
    simulator rules(kRulesYaml);
    check(rules.run(eop_message(1, everything, {}, {"X-Test: hold"}), options),
          {folder::quarantine, "rule:Hold it"});
    check(rules.run(eop_message(1, everything, {}, {"X-Test: drop"}), options),
          {folder::deleted, "rule:Drop it"});
    check(rules.run(eop_message(1, everything, {}, {"X-Test: elsewhere"}), options),
          {folder::redirected, "rule:Send elsewhere"});
    check(
        rules.run(eop_message(1, everything, {}, {"X-Area1Security-Disposition: SPOOF"}), options),
        {folder::area1_quarantine, "area1:SPOOF"});

    // The same with a state file that lists the sender as safe.
    const mailbox_state file = load_mailbox_state_yaml(kStateYaml, "state.yaml");
    options.mailbox_state = &file;
    check(strict.run(from_to("friend@partner.example", "alice@contoso.com", 5), options),
          {folder::quarantine, "antispam:SpamAction=Quarantine"});
    check(rules.run(from_to("friend@partner.example", "alice@contoso.com", 1, {"X-Test: hold"}),
                    options),
          {folder::quarantine, "rule:Hold it"});
  }

  TEST_CASE("state file: a safe sender keeps spam in the inbox, by address or by domain") {
    simulator s(preset("eop-default"));
    const mailbox_state file = load_mailbox_state_yaml(kStateYaml, "state.yaml");
    run_options options;
    options.mailbox_state = &file;
    const expect_folder safe{folder::inbox, "mailbox:safe_sender"};
    check(s.run(from_to("Friend <FRIEND@Partner.Example>", "alice@contoso.com", 5), options), safe);
    check(s.run(from_to("a@trusted.example", "alice@contoso.com", 9), options),
          safe);  // "@domain" entry
    check(s.run(from_to("a@safe.example", "Alice <ALICE@contoso.com>", 5), options), safe);
    // A domain entry does not cover subdomains, nor another address at the sender's domain.
    check(s.run(from_to("a@news.safe.example", "alice@contoso.com", 5), options),
          {folder::junk, "antispam:SpamAction=MoveToJmf"});
    check(s.run(from_to("other@partner.example", "alice@contoso.com", 5), options),
          {folder::junk, "antispam:SpamAction=MoveToJmf"});
    // Phish is the user's call too (how-policies-and-protections-are-combined).
    check(s.run(from_to("a@safe.example", "alice@contoso.com", 1,
                        {"X-Forefront-Antispam-Report: SCL:1;CAT:PHSH"}),
                options),
          safe);
    // Only the From address counts, not the envelope sender.
    check(s.run(from_to("x@elsewhere.example", "alice@contoso.com", 5,
                        {"Return-Path: <a@safe.example>"}),
                options),
          {folder::junk, "antispam:SpamAction=MoveToJmf"});
  }

  TEST_CASE(
      "state file: a blocked sender sends clean and bulk mail to junk; safe wins over blocked") {
    simulator s(preset("eop-default"));
    const mailbox_state file = load_mailbox_state_yaml(kStateYaml, "state.yaml");
    run_options options;
    options.mailbox_state = &file;
    const expect_folder blocked{folder::junk, "mailbox:blocked_sender"};
    check(s.run(from_to("offers@fabrikam.com", "alice@contoso.com", 1), options), blocked);
    check(s.run(from_to("x@blocked.example", "alice@contoso.com", 1,
                        {"X-Microsoft-Antispam: BCL:3;"}),
                options),
          blocked);
    check(s.run(from_to("x@blocked.example", "alice@contoso.com", -1), options), blocked);
    check(s.run(from_to("x@blocked.example", "alice@contoso.com", 5), options),
          {folder::junk, "antispam:SpamAction=MoveToJmf"});
    // friend@partner.example is on both lists.
    check(s.run(from_to("friend@partner.example", "alice@contoso.com", 1), options),
          {folder::inbox, "mailbox:safe_sender"});
    // Spam from a blocked sender under AddXHeader: the organization's action decides (AddXHeader
    // moves spam to Junk, decisions.md 25), not the Blocked Senders list.
    simulator xheader("mfsim: 1\nantispam_policy:\n  SpamAction: AddXHeader\n");
    check(xheader.run(from_to("x@blocked.example", "alice@contoso.com", 5), options),
          {folder::junk, "antispam:SpamAction=AddXHeader"});
  }

  TEST_CASE("state file: contacts count only when trusted; TrustedListsOnly junks everyone else") {
    simulator s(preset("eop-default"));
    const mailbox_state file = load_mailbox_state_yaml(kStateYaml, "state.yaml");
    run_options options;
    options.mailbox_state = &file;
    check(s.run(from_to("carol@litware.example", "alice@contoso.com", 5), options),
          {folder::inbox, "mailbox:trusted_contact"});
    // bob: ContactsTrusted false, TrustedListsOnly true.
    check(s.run(from_to("carol@litware.example", "bob@contoso.com", 1), options),
          {folder::junk, "mailbox:trusted_lists_only"});
    check(s.run(from_to("carol@litware.example", "bob@contoso.com", 5), options),
          {folder::junk, "antispam:SpamAction=MoveToJmf"});
    check(s.run(from_to("friend@partner.example", "bob@contoso.com", 5), options),
          {folder::inbox, "mailbox:safe_sender"});
  }

  TEST_CASE("state file: Inbox rules move mail to a custom folder, first match wins") {
    simulator s(preset("eop-default"));
    const mailbox_state file = load_mailbox_state_yaml(kStateYaml, "state.yaml");
    run_options options;
    options.mailbox_state = &file;
    const std::string invoice = message({"From: billing@vendor.example", "To: alice@contoso.com",
                                         "Subject: =?UTF-8?B?WW91ciBJTlZPSUNF?=",  // "Your INVOICE"
                                         "X-MS-Exchange-Organization-SCL: 5"});
    check(s.run(invoice, options), {folder::custom, "mailbox:inbox_rule:Invoices"});
    // Same sender, no invoice word: the second rule (domain vendor.example) takes it.
    check(s.run(from_to("billing@vendor.example", "alice@contoso.com", 1), options),
          {folder::custom, "mailbox:inbox_rule:Vendor news"});
    check(s.run(from_to("nobody@else.example", "alice@contoso.com", 1), options),
          {folder::inbox, "antispam:not_spam"});
  }

  TEST_CASE("state file: the mailbox is the first To/Cc recipient with settings, else '*'") {
    simulator s(preset("eop-default"));
    const mailbox_state file = load_mailbox_state_yaml(kStateYaml, "state.yaml");
    run_options options;
    options.mailbox_state = &file;
    // carol is trusted for alice (ContactsTrusted) but not for bob (TrustedListsOnly).
    check(s.run(from_to("carol@litware.example", "someone@else.example, Alice <alice@contoso.com>",
                        1),
                options),
          {folder::inbox, "mailbox:trusted_contact"});
    check(
        s.run(from_to("carol@litware.example", "someone@else.example", 1, {"Cc: bob@contoso.com"}),
              options),
        {folder::junk, "mailbox:trusted_lists_only"});
    check(s.run(from_to("x@everyone-blocks.example", "nobody@contoso.com", 1), options),
          {folder::junk, "mailbox:blocked_sender"});
    const mailbox_state no_default = load_mailbox_state_yaml(
        "mfsim_mailbox: 1\nmailboxes:\n  - Recipient: alice@contoso.com\n    "
        "BlockedSendersAndDomains: [x.example]\n",
        "s.yaml");
    options.mailbox_state = &no_default;
    check(s.run(from_to("a@x.example", "nobody@contoso.com", 1), options),
          {folder::inbox, "antispam:not_spam"});
    check(s.run(from_to("a@x.example", "alice@contoso.com", 1), options),
          {folder::junk, "mailbox:blocked_sender"});
  }

  TEST_CASE("the JSONL record has folder and folder_reason after every earlier field") {
    simulator s(preset("eop-default"));
    std::string line;
    mfsim::report::append_record(line, "m.eml", s.run(eop_message(5)), s.compiled());
    const auto j = mfsim::parse_ordered_json(line);
    std::vector<std::string> keys;
    for (const auto& [k, v] : j.items()) keys.push_back(k);
    REQUIRE(keys.size() >= 17);
    // Issue 6 added antispam_policy after them (fields are added, never reordered).
    CHECK(keys[keys.size() - 3] == "folder");
    CHECK(keys[keys.size() - 2] == "folder_reason");
    CHECK(keys.back() == "antispam_policy");
    CHECK(keys[0] == "id");
    CHECK(keys[14] == "error");
    CHECK(j["folder"] == "junk");
    CHECK(j["folder_reason"] == "antispam:SpamAction=MoveToJmf");
  }

  TEST_CASE("evaluating with a mailbox state allocates nothing after warm-up") {
    const auto plan = mfsim::compile(*mfsim::rules::load_preset("eop-default"));
    const mailbox_state recorded = mailbox_state::recorded();
    const mailbox_state file = load_mailbox_state_yaml(kStateYaml, "state.yaml");
    std::vector<std::string> messages = {
        eop_message(5, "wl:1;pcwl:1;ucf:0;dest:I;"),
        eop_message(9, "ucf:1;dest:C;"),
        eop_message(1, "ucf:0;dest:J;", "SCL:1;SFV:BLK"),
        eop_message(1, {}, "SCL:1;CAT:HPHSH"),
        message({"From: billing@vendor.example", "To: x@y.example, alice@contoso.com",
                 "Subject: =?UTF-8?B?WW91ciBJTlZPSUNF?=", "X-MS-Exchange-Organization-SCL: 5"}),
        from_to("carol@litware.example", "bob@contoso.com", 1),
        from_to("a@b.example", "c@d.example", 5)};
    for (const mailbox_state* state : {&recorded, &file}) {
      run_options options;
      options.mailbox_state = state;
      mfsim::scratch s;
      for (const auto& m : messages) (void)mfsim::evaluate(*plan, m, options, s);
      const mfsim::test::allocation_counter counter;
      for (const auto& m : messages) (void)mfsim::evaluate(*plan, m, options, s);
      CHECK(counter.count() == 0);
    }
  }
}

TEST_SUITE("mailbox_state") {
  TEST_CASE("a state file loads; lists are lower-cased and '@domain' means the domain") {
    const mailbox_state file = load_mailbox_state_yaml(kStateYaml, "state.yaml");
    CHECK(file.kind() == mailbox_state::mode::settings);
    CHECK(file.mailboxes().size() == 3);
    const auto* alice = file.find("alice@contoso.com");
    REQUIRE(alice != nullptr);
    CHECK(alice->safe_senders ==
          std::vector<std::string>{"friend@partner.example", "safe.example", "trusted.example"});
    CHECK(alice->contacts_trusted);
    REQUIRE(alice->inbox_rules.size() == 2);
    CHECK(alice->inbox_rules[0].name == "Invoices");
    CHECK(alice->inbox_rules[0].move_to_folder == "Invoices");
    CHECK(file.find("*") == nullptr);
    REQUIRE(file.default_mailbox() != nullptr);
    CHECK(file.default_mailbox()->recipient == "*");
    CHECK(mailbox_state::recorded().kind() == mailbox_state::mode::recorded);
    CHECK(mfsim::mailbox::load_mailbox_state("recorded").kind() == mailbox_state::mode::recorded);
  }

  TEST_CASE("JSON is YAML: a JSON state file loads") {
    const mailbox_state file = load_mailbox_state_yaml(
        R"({"mfsim_mailbox": 1, "mailboxes": [{"Recipient": "a@b.example", "ContactsTrusted": true,
            "TrustedSendersAndDomains": ["c.example"]}]})",
        "state.json");
    REQUIRE(file.find("a@b.example") != nullptr);
    CHECK(file.find("a@b.example")->safe_senders == std::vector<std::string>{"c.example"});
  }

  TEST_CASE("errors name file, line and column, and all of them are reported") {
    try {
      (void)load_mailbox_state_yaml(R"(mfsim_mailbox: 2
mailboxes:
  - Recipient: alice@contoso.com
    SafeSenders: [x@y.example]
    ContactsTrusted: maybe
  - Recipient: ALICE@contoso.com
  - Recipient: not-an-address
  - TrustedSendersAndDomains: [z.example]
    InboxRules:
      - From: [a.example]
)",
                                    "state.yaml");
      FAIL("expected a load_error");
    } catch (const mfsim::load_error& e) {
      std::vector<std::string> lines;
      for (const auto& d : e.diagnostics()) lines.push_back(mfsim::format_diagnostic(d));
      INFO(lines.size());
      for (const auto& l : lines) INFO(l);
      REQUIRE(e.diagnostics().size() == 6);
      CHECK(lines[0].find("state.yaml:1:16:") == 0);
      CHECK(lines[0].find("format version 1") != std::string::npos);
      CHECK(lines[1].find("state.yaml:4:5:") == 0);
      CHECK(lines[1].find("unknown key 'SafeSenders'") != std::string::npos);
      CHECK(lines[2].find("state.yaml:5:22:") == 0);
      CHECK(lines[2].find("expected true or false") != std::string::npos);
      CHECK(lines[3].find("recipient 'ALICE@contoso.com' given twice (first at line 3)") !=
            std::string::npos);
      CHECK(lines[4].find("expected an email address or '*'") != std::string::npos);
      CHECK(lines[5].find("missing key 'Recipient'") != std::string::npos);
    }
  }

  TEST_CASE("a Recipient is an address as rule values take one, not any text with a '@'") {
    // A domain no mailbox can have too (decision 775).
    for (const char* bad :
         {"'@contoso.com'", "'a b@contoso.com'", "'alice@'", "'a@b..c'", "'a@-x'"}) {
      INFO(bad);
      try {
        (void)load_mailbox_state_yaml(
            std::string("mfsim_mailbox: 1\nmailboxes:\n  - Recipient: ") + bad + "\n", "s.yaml");
        FAIL("a recipient that is no address loaded");
      } catch (const mfsim::load_error& e) {
        REQUIRE(e.diagnostics().size() == 1);
        CHECK(mfsim::format_diagnostic(e.diagnostics().front()).find("s.yaml:3:16:") == 0);
        CHECK(e.diagnostics().front().message.find("expected an email address or '*'") !=
              std::string::npos);
      }
    }
    const auto good = load_mailbox_state_yaml(
        "mfsim_mailbox: 1\nmailboxes:\n  - Recipient: Alice@Contoso.com\n", "s.yaml");
    CHECK(good.mailboxes().size() == 1);
  }

  TEST_CASE("a missing version, a syntax error and an unreadable file are errors") {
    CHECK_THROWS_AS((void)load_mailbox_state_yaml("mailboxes: []\n", "a.yaml"), mfsim::load_error);
    CHECK_THROWS_AS((void)load_mailbox_state_yaml("", "a.yaml"), mfsim::load_error);
    try {
      (void)load_mailbox_state_yaml("mfsim_mailbox: 1\nmailboxes: [\n", "a.yaml");
      FAIL("expected a load_error");
    } catch (const mfsim::load_error& e) {
      CHECK(e.diagnostics().front().code == mfsim::diag_code::syntax_error);
    }
    try {
      (void)mfsim::mailbox::load_mailbox_state("/no/such/state.yaml");
      FAIL("expected a load_error");
    } catch (const mfsim::load_error& e) {
      CHECK(e.diagnostics().front().code == mfsim::diag_code::io_error);
      CHECK(e.diagnostics().front().message.find("/no/such/state.yaml") != std::string::npos);
    }
  }

  TEST_CASE("mfsim run --mailbox-state: recorded and a file change the folder; a bad file exits 2" *
            doctest::test_suite("e2e: mailbox_state")) {
    mfsim::test::temp_dir dir;
    const std::string msg = dir.write("m.eml", eop_message(5, "wl:1;ucf:0;dest:I;"));
    const auto plain =
        mfsim::test::run_mfsim({"run", "--rules", "eop-default", "--format", "jsonl", msg});
    REQUIRE(plain.exit_code == 0);
    CHECK(mfsim::parse_json(plain.out)["folder"] == "junk");
    const auto recorded = mfsim::test::run_mfsim(
        {"run", "--rules", "eop-default", "--mailbox-state", "recorded", "--format", "jsonl", msg});
    REQUIRE(recorded.exit_code == 0);
    CHECK(mfsim::parse_json(recorded.out)["folder"] == "inbox");
    CHECK(mfsim::parse_json(recorded.out)["folder_reason"] == "mailbox:safe_sender");
    const std::string state = dir.write("state.yaml",
                                        "mfsim_mailbox: 1\nmailboxes:\n  - Recipient: '*'\n"
                                        "    InboxRules:\n      - Name: Everything\n");
    const auto file = mfsim::test::run_mfsim(
        {"run", "--rules", "eop-default", "--mailbox-state", state, "--format", "jsonl", msg});
    REQUIRE(file.exit_code == 0);
    CHECK(mfsim::parse_json(file.out)["folder_reason"] == "mailbox:inbox_rule:Everything");
    const std::string bad = dir.write("bad.yaml", "mfsim_mailbox: 1\nmailbox: []\n");
    const auto failed =
        mfsim::test::run_mfsim({"run", "--rules", "eop-default", "--mailbox-state", bad, msg});
    CHECK(failed.exit_code == 2);
    CHECK(failed.err.find("bad.yaml:2:1:") != std::string::npos);
    CHECK(mfsim::test::run_mfsim(
              {"run", "--rules", "eop-default", "--mailbox-state", dir.path() + "/none.yaml", msg})
              .exit_code == 2);
  }
}
