// Tests of the importers (PowerShell, exported XML, JSON), the format dispatcher, the YAML writer
// and `mfsim import`: one case per tokenizer feature and per error, then whole fixtures.
#include <doctest/doctest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/escape.h"
#include "engine/json_text.h"
#include "engine/rules/load_any.h"
#include "engine/rules/load_exported_xml.h"
#include "engine/rules/load_json_export.h"
#include "engine/rules/load_native.h"
#include "engine/rules/load_powershell.h"
#include "engine/rules/presets.h"
#include "engine/rules/write_yaml.h"
#include "engine/utf16_text.h"
#include "tests/support/build_paths.h"
#include "tests/support/process.h"

namespace {

using mfsim::diag_code;
using mfsim::load_error;
using mfsim::test::read_file;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;
using namespace mfsim::rules;
using mfsim::yaml_scalar;

const std::string kData = mfsim::test::source_dir() + "/tests/testdata/import/";

// A diagnostic reduced to what the tests compare; printed by doctest on failure.
struct diag_view {
  diag_code code = diag_code::bad_value;
  int line = 0;
  int col = 0;
  std::string message;

  bool operator==(const diag_view&) const = default;
};

std::ostream& operator<<(std::ostream& os, const diag_view& d) {
  return os << "{" << mfsim::to_string(d.code) << " " << d.line << ":" << d.col << " \""
            << d.message << "\"}";
}

std::ostream& operator<<(std::ostream& os, const std::vector<diag_view>& list) {
  os << "[";
  for (const auto& d : list) os << "\n  " << d;
  return os << "\n]";
}

using diags = std::vector<diag_view>;

template <class Load>
diags errors_of(Load load, const std::string& file) {
  try {
    (void)load();
  } catch (const load_error& e) {
    diags out;
    for (const auto& d : e.diagnostics()) {
      CHECK(d.where.file == file);
      out.push_back({d.code, d.where.line, d.where.col, d.message});
    }
    return out;
  }
  return {};
}

diags ps_errors(const std::string& script) {
  return errors_of([&] { return load_rule_set_powershell(script, "t.ps1"); }, "t.ps1");
}

diags json_errors(const std::string& text) {
  return errors_of([&] { return load_rule_set_json_export(text, "t.json"); }, "t.json");
}

diags xml_errors(const std::string& text) {
  return errors_of([&] { return load_rule_set_exported_xml(text, "t.xml"); }, "t.xml");
}

rule_set ps(const std::string& script) { return load_rule_set_powershell(script, "t.ps1"); }

const transport_rule& only_rule(const rule_set& set) {
  REQUIRE(set.transport_rules.size() == 1);
  return set.transport_rules.front();
}

// ---- rule-set equality, positions aside ------------------------------------------------------

void check_same_condition(const condition& a, const condition& b) {
  CHECK(a.kind == b.kind);
  CHECK(a.header_name == b.header_name);
  CHECK(a.values == b.values);
  CHECK(a.scl == b.scl);
  CHECK(a.size_bytes == b.size_bytes);
}

void check_same(const rule_set& a, const rule_set& b) {
  CHECK(a.name == b.name);
  CHECK(a.description == b.description);
  CHECK(a.area1.disposition_header == b.area1.disposition_header);
  CHECK(a.area1.quarantine_dispositions == b.area1.quarantine_dispositions);
  CHECK(a.area1.egress_list == b.area1.egress_list);
  CHECK(a.area1.configured_as == b.area1.configured_as);
  CHECK(a.area1.forwarding_to == b.area1.forwarding_to);
  CHECK(a.area1.outbound_tls == b.area1.outbound_tls);
  CHECK(a.area1.ip_restrictions == b.area1.ip_restrictions);
  REQUIRE(a.ip_lists.size() == b.ip_lists.size());
  for (std::size_t k = 0; k < a.ip_lists.size(); ++k) {
    CHECK(a.ip_lists[k].name == b.ip_lists[k].name);
    CHECK(a.ip_lists[k].entries == b.ip_lists[k].entries);
    CHECK(a.ip_lists[k].comment == b.ip_lists[k].comment);
  }
  REQUIRE(a.quarantine_policies.size() == b.quarantine_policies.size());
  for (std::size_t k = 0; k < a.quarantine_policies.size(); ++k) {
    CHECK(a.quarantine_policies[k].name == b.quarantine_policies[k].name);
    CHECK(a.quarantine_policies[k].permissions == b.quarantine_policies[k].permissions);
    CHECK(a.quarantine_policies[k].notifications == b.quarantine_policies[k].notifications);
  }
  const auto same_verdict = [](const verdict_setting& x, const verdict_setting& y) {
    return x.action == y.action && x.quarantine_tag == y.quarantine_tag;
  };
  CHECK(a.antispam.name == b.antispam.name);
  CHECK(same_verdict(a.antispam.spam, b.antispam.spam));
  CHECK(same_verdict(a.antispam.high_confidence_spam, b.antispam.high_confidence_spam));
  CHECK(same_verdict(a.antispam.phish, b.antispam.phish));
  CHECK(same_verdict(a.antispam.high_confidence_phish, b.antispam.high_confidence_phish));
  CHECK(same_verdict(a.antispam.bulk, b.antispam.bulk));
  CHECK(a.antispam.bulk_threshold == b.antispam.bulk_threshold);
  CHECK(a.antispam.quarantine_retention_days == b.antispam.quarantine_retention_days);
  CHECK(a.antispam.x_header == b.antispam.x_header);
  CHECK(a.antispam.modify_subject_text == b.antispam.modify_subject_text);
  REQUIRE(a.scoped_antispam.size() == b.scoped_antispam.size());
  for (std::size_t k = 0; k < a.scoped_antispam.size(); ++k) {
    const auto& x = a.scoped_antispam[k];
    const auto& y = b.scoped_antispam[k];
    CHECK(x.name == y.name);
    CHECK(x.priority == y.priority);
    CHECK(x.recipient_domain_is == y.recipient_domain_is);
    CHECK(x.sent_to == y.sent_to);
    CHECK(same_verdict(x.spam, y.spam));
    CHECK(same_verdict(x.high_confidence_spam, y.high_confidence_spam));
    CHECK(same_verdict(x.bulk, y.bulk));
    CHECK(x.bulk_threshold == y.bulk_threshold);
    CHECK(x.quarantine_retention_days == y.quarantine_retention_days);
  }
  CHECK(a.notify_frequency == b.notify_frequency);
  CHECK(a.scl_model_kind == b.scl_model_kind);
  REQUIRE(a.transport_rules.size() == b.transport_rules.size());
  for (std::size_t k = 0; k < a.transport_rules.size(); ++k) {
    const auto& x = a.transport_rules[k];
    const auto& y = b.transport_rules[k];
    CHECK(x.name == y.name);
    CHECK(x.priority == y.priority);
    CHECK(x.priority_given == y.priority_given);
    CHECK(x.state == y.state);
    CHECK(x.mode == y.mode);
    CHECK(x.comments == y.comments);
    CHECK(x.sender_address_location == y.sender_address_location);
    CHECK(x.activation_date == y.activation_date);
    CHECK(x.expiry_date == y.expiry_date);
    REQUIRE(x.conditions.size() == y.conditions.size());
    for (std::size_t c = 0; c < x.conditions.size(); ++c) {
      check_same_condition(x.conditions[c], y.conditions[c]);
    }
    REQUIRE(x.exceptions.size() == y.exceptions.size());
    for (std::size_t c = 0; c < x.exceptions.size(); ++c) {
      check_same_condition(x.exceptions[c], y.exceptions[c]);
    }
    CHECK(x.actions.set_scl == y.actions.set_scl);
    CHECK(x.actions.set_header_name == y.actions.set_header_name);
    CHECK(x.actions.set_header_value == y.actions.set_header_value);
    CHECK(x.actions.remove_header == y.actions.remove_header);
    CHECK(x.actions.prepend_subject == y.actions.prepend_subject);
    CHECK(x.actions.quarantine == y.actions.quarantine);
    CHECK(x.actions.delete_message == y.actions.delete_message);
    CHECK(x.actions.redirect_message_to == y.actions.redirect_message_to);
    CHECK(x.actions.stop_rule_processing == y.actions.stop_rule_processing);
    CHECK(x.actions.reject_reason == y.actions.reject_reason);
    CHECK(x.actions.reject_status_code == y.actions.reject_status_code);
    CHECK(x.actions.set_audit_severity == y.actions.set_audit_severity);
  }
}

void check_round_trip(const rule_set& set) {
  const std::string yaml = write_rule_set_yaml(set, "round trip");
  rule_set back;
  REQUIRE_NOTHROW(back = load_rule_set_yaml(yaml, "round-trip.yaml"));
  check_same(set, back);
}

// The UTF-8 fixture re-encoded as UTF-16 big-endian, with or without a byte order mark.
std::string utf16_be(const std::string& ascii, bool bom) {
  std::string out = bom ? std::string("\xFE\xFF") : std::string();
  for (const char c : ascii) {
    out += '\0';
    out += c;
  }
  return out;
}

constexpr const char* kFullScript = R"(# every tokenizer feature
$words = 'UCE',"SPOOF" ,
  'it''s'
$range=@('10.0.0.1-10.0.0.9'
  '192.0.2.0/24', @("198.51.100.7")
)
New-TransportRule -Name 'Rule ''one''' -Comments "tab`there ""q"" `$5 back``tick" `
   -HeaderContainsMessageHeader:X-Area1Security-Disposition -HeaderContainsWords $words <# inline #> -SenderIpRanges $range,203.0.113.9 -SetSCL -1 -StopRuleProcessing:$true -Enabled $false -Mode:AuditAndNotify
New-TransportRule ‘Rule two’ –SubjectContainsWords “hello world”, urgent -PrependSubject '[EXT] ' -RedirectMessageTo a@contoso.com,b@contoso.com; New-TransportRule r3 -SCLOver 5 -DeleteMessage $true -Priority 0 -ExceptIfSenderDomainIs contoso.com
Set-TransportRule 'rule two' -Name 'Rule 2' -Priority 2 -SetHeaderName X-Flag -SetHeaderValue yes -PrependSubject $null
Get-TransportRule r3 | Disable-TransportRule -Confirm:$false
Enable-TransportRule 'Rule ''one''' -Mode Audit
Get-QuarantinePolicy -QuarantinePolicyType GlobalQuarantinePolicy | Set-QuarantinePolicy -EndUserSpamNotificationFrequency 7.00:00:00
Set-HostedContentFilterPolicy Default -AddXHeaderValue X-Spam-Flag -SpamAction AddXHeader -MarkAsSpamBulkMail On -SpamZapEnabled $false
New-TransportRule gone -SetSCL 1
Remove-TransportRule gone
New-TransportRule never -SetSCL 1 -WhatIf
)";

}  // namespace

TEST_SUITE("import_powershell") {
  TEST_CASE("single-quoted strings double a quote to escape it") {
    const auto set = ps("New-TransportRule 'It''s ''quoted''' -SetSCL 5\n");
    CHECK(only_rule(set).name == "It's 'quoted'");
  }

  TEST_CASE("double-quoted strings take backtick escapes and doubled quotes") {
    const auto set =
        ps("New-TransportRule x -SetSCL 5 -Comments \"a`tb`nc \"\"q\"\" `$d ``e `\"f\"\n");
    CHECK(only_rule(set).comments == "a\tb\nc \"q\" $d `e \"f");
  }

  TEST_CASE("typographic quotes and dashes read like ASCII ones") {
    const auto set =
        ps("New-TransportRule \xE2\x80\x98Smart\xE2\x80\x99 \xE2\x80\x93SetSCL 5 "
           "-PrependSubject \xE2\x80\x9C[EXT] \xE2\x80\x9D\n");
    CHECK(only_rule(set).name == "Smart");
    CHECK(only_rule(set).actions.prepend_subject == "[EXT] ");
  }

  TEST_CASE("bare words are texts and bare digits are numbers") {
    const auto set =
        ps("New-TransportRule x -HeaderContainsMessageHeader X-Area1Security-Disposition "
           "-HeaderContainsWords UCE -SenderIpRanges 104.30.32.0/24 -SetSCL -1\n");
    const auto& r = only_rule(set);
    CHECK(r.conditions[0].header_name == "X-Area1Security-Disposition");
    CHECK(r.conditions[0].values == std::vector<std::string>{"UCE"});
    CHECK(r.conditions[1].values == std::vector<std::string>{"104.30.32.0/24"});
    CHECK(r.actions.set_scl == -1);
  }

  TEST_CASE("comma lists take spaces around commas and go on after a comma at line end") {
    const auto set = ps("New-TransportRule x -SubjectContainsWords a,b , 'c d',\n   e -SetSCL 5\n");
    CHECK(only_rule(set).conditions[0].values == std::vector<std::string>{"a", "b", "c d", "e"});
  }

  TEST_CASE("@( ) arrays span lines, nest, and are flattened") {
    const auto set =
        ps("New-TransportRule x -SetSCL 5 -SubjectContainsWords @(\n  'a', \"b\"\n"
           "  'c'; @('d', 'e')\n)\n");
    CHECK(only_rule(set).conditions[0].values == std::vector<std::string>{"a", "b", "c", "d", "e"});
  }

  TEST_CASE("$true, $false and $null, in any case") {
    const auto set =
        ps("New-TransportRule x -SetSCL 5 -StopRuleProcessing $TRUE -Quarantine $False "
           "-PrependSubject $null\n");
    const auto& r = only_rule(set);
    CHECK(r.actions.stop_rule_processing);
    CHECK_FALSE(r.actions.quarantine);
    CHECK_FALSE(r.actions.prepend_subject.has_value());
  }

  TEST_CASE("a backtick at line end continues the command, with LF or CRLF") {
    const auto set = ps("New-TransportRule x `\r\n  -SetSCL 5 `\n  -StopRuleProcessing $true\r\n");
    CHECK(only_rule(set).actions.set_scl == 5);
    CHECK(only_rule(set).actions.stop_rule_processing);
  }

  TEST_CASE("line comments and block comments are skipped, inside commands too") {
    const auto set =
        ps("<# a block\n comment #>\n# a line comment\nNew-TransportRule x <# here #> "
           "-SetSCL 5 # trailing\n");
    CHECK(only_rule(set).actions.set_scl == 5);
  }

  TEST_CASE("switch forms: -Name value, -Name:value, -Switch and -Switch:$false") {
    const auto set =
        ps("New-TransportRule -Name:x -SetSCL:5 -Quarantine:$true -Confirm "
           "-StopRuleProcessing:$false\n");
    const auto& r = only_rule(set);
    CHECK(r.name == "x");
    CHECK(r.actions.set_scl == 5);
    CHECK(r.actions.quarantine);
    CHECK_FALSE(r.actions.stop_rule_processing);
  }

  TEST_CASE("variables hold values assigned earlier in the script") {
    const auto set =
        ps("$egress = '52.11.209.211', '104.30.32.0/24'\n$scl = 9\n"
           "New-TransportRule x -SenderIpRanges $Egress -SetSCL $scl\n");
    CHECK(only_rule(set).conditions[0].values ==
          std::vector<std::string>{"52.11.209.211", "104.30.32.0/24"});
    CHECK(only_rule(set).actions.set_scl == 9);
  }

  TEST_CASE("a script using every feature builds the model the cmdlets describe") {
    const auto set = ps(kFullScript);
    REQUIRE(set.transport_rules.size() == 3);
    const auto& r3 = set.transport_rules[0];
    CHECK(r3.name == "r3");  // -Priority 0 put it first
    CHECK(r3.priority == 0);
    CHECK(r3.priority_given);
    CHECK(r3.state == rule_state::disabled);  // Get-TransportRule r3 | Disable-TransportRule
    CHECK(r3.conditions[0].kind == condition_kind::scl_over);
    CHECK(r3.conditions[0].scl == 5);
    CHECK(r3.exceptions[0].kind == condition_kind::sender_domain_is);
    CHECK(r3.actions.delete_message);
    const auto& one = set.transport_rules[1];
    CHECK(one.name == "Rule 'one'");
    CHECK(one.priority == 1);
    CHECK(one.state == rule_state::enabled);  // Enable-TransportRule after -Enabled $false
    CHECK(one.mode == rule_mode::audit);
    CHECK(one.comments == "tab\there \"q\" $5 back`tick");
    CHECK(one.conditions[0].values == std::vector<std::string>{"UCE", "SPOOF", "it's"});
    CHECK(one.conditions[1].values == std::vector<std::string>{"10.0.0.1-10.0.0.9", "192.0.2.0/24",
                                                               "198.51.100.7", "203.0.113.9"});
    CHECK(one.actions.set_scl == -1);
    CHECK(one.actions.stop_rule_processing);
    CHECK(one.where.line == 7);
    CHECK(one.where.col == 1);
    CHECK(one.conditions[0].where.line == 8);
    const auto& two = set.transport_rules[2];
    CHECK(two.name == "Rule 2");  // renamed, moved to priority 2
    CHECK(two.conditions[0].values == std::vector<std::string>{"hello world", "urgent"});
    CHECK_FALSE(two.actions.prepend_subject.has_value());  // cleared with $null
    CHECK(two.actions.set_header_name == "X-Flag");
    CHECK(two.actions.set_header_value == "yes");
    CHECK(two.actions.redirect_message_to ==
          std::vector<std::string>{"a@contoso.com", "b@contoso.com"});
    CHECK(set.notify_frequency == notification_frequency::weekly);
    CHECK(set.antispam.spam.action == spam_action::add_x_header);
    CHECK(set.antispam.x_header == "X-Spam-Flag: This message appears to be spam.");
    CHECK(set.antispam.where.line == 14);
  }

  TEST_CASE("New-TransportRule -Priority inserts and pushes later rules down, as Exchange does") {
    const auto set =
        ps("New-TransportRule a -SetSCL 1\nNew-TransportRule b -SetSCL 2\n"
           "New-TransportRule c -SetSCL 3 -Priority 1\nSet-TransportRule a -Priority 2\n");
    REQUIRE(set.transport_rules.size() == 3);
    // a b, then c at 1: a c b; then a moved to 2: c b a.
    CHECK(set.transport_rules[0].name == "c");
    CHECK(set.transport_rules[1].name == "b");
    CHECK(set.transport_rules[2].name == "a");
    CHECK(set.transport_rules[2].priority == 2);
  }

  TEST_CASE("Set-TransportRule changes one parameter and leaves the rest") {
    const auto set =
        ps("New-TransportRule x -HeaderContainsMessageHeader X-A -HeaderContainsWords a "
           "-SetSCL 5\nSet-TransportRule -Identity X -HeaderContainsWords b,c\n");
    const auto& r = only_rule(set);
    CHECK(r.conditions[0].header_name == "X-A");
    CHECK(r.conditions[0].values == std::vector<std::string>{"b", "c"});
    CHECK(r.actions.set_scl == 5);
  }

  TEST_CASE("quarantine policies and the Default anti-spam policy are read") {
    const auto set =
        ps("New-QuarantinePolicy -Name Q1 -EndUserQuarantinePermissionsValue 7 "
           "-ESNEnabled $true -AdminDisplayName 'shown to admins'\n"
           "Set-QuarantinePolicy q1 -ESNEnabled $false\n"
           "Set-HostedContentFilterPolicy -Identity default -SpamAction Quarantine "
           "-SpamQuarantineTag q1 -BulkThreshold 5 -QuarantineRetentionPeriod 30 "
           "-BulkSpamAction NoAction -ModifySubjectValue '[SPAM] '\n");
    REQUIRE(set.quarantine_policies.size() == 1);
    CHECK(set.quarantine_policies[0].name == "Q1");
    CHECK(set.quarantine_policies[0].permissions == 7u);
    CHECK_FALSE(set.quarantine_policies[0].notifications);
    CHECK(set.antispam.spam.action == spam_action::quarantine);
    CHECK(set.antispam.spam.quarantine_tag == "Q1");  // the defined spelling
    CHECK(set.antispam.bulk.action == spam_action::no_action);
    CHECK(set.antispam.bulk_threshold == 5);
    CHECK(set.antispam.quarantine_retention_days == 30);
    CHECK(set.antispam.modify_subject_text == "[SPAM] ");
  }

  TEST_CASE("harmless cmdlets and not-simulated parameters at their assumed values pass") {
    const auto set =
        ps("Connect-ExchangeOnline -UserPrincipalName a@contoso.com\nImport-Module X\n"
           "New-TransportRule x -SetSCL 5 -SenderAddressLocation Header "
           "-RuleErrorAction Ignore -UseLegacyRegex $false -SentTo $null "
           "-ErrorAction Stop -DomainController dc1\nWrite-Host done\n");
    CHECK(only_rule(set).actions.set_scl == 5);
  }

  TEST_CASE("an unknown parameter is an error with a suggestion") {
    CHECK(ps_errors("New-TransportRule -Name x -SetScl 5 -HeaderContainWords a\n") ==
          diags{{diag_code::unknown_key, 1, 37,
                 "New-TransportRule has no parameter -HeaderContainWords (did you mean "
                 "'-HeaderContainsWords'?)"}});
  }

  TEST_CASE("an unknown cmdlet is an error") {
    CHECK(
        ps_errors("New-TransportRul -Name x\nSend-MailMessage -To a@contoso.com\n") ==
        diags{
            {diag_code::unknown_key, 1, 1,
             "unknown cmdlet 'New-TransportRul': mfsim reads transport rules, anti-spam "
             "policies and rules, quarantine policies and accepted domains (see "
             "docs/import.md) (did you mean "
             "'New-TransportRule'?)"},
            {diag_code::unknown_key, 2, 1,
             "unknown cmdlet 'Send-MailMessage': mfsim reads transport rules, anti-spam "
             "policies and rules, quarantine policies and accepted domains (see docs/import.md)"}});
  }

  TEST_CASE("New-* cmdlets without -Name say which name they need, whatever the spelling") {
    CHECK(ps_errors("new-transportrule -SetSCL 5\nNew-QuarantinePolicy -ESNEnabled $true\n"
                    "New-HostedContentFilterPolicy -BulkThreshold 5\n") ==
          diags{{diag_code::missing_key, 1, 1,
                 "New-TransportRule needs -Name (or the rule's name as its first value)"},
                {diag_code::missing_key, 2, 1,
                 "New-QuarantinePolicy needs -Name (or the policy's name as its first value)"},
                {diag_code::missing_key, 3, 1,
                 "New-HostedContentFilterPolicy needs -Name (or the anti-spam policy's name as its "
                 "first value)"}});
  }

  TEST_CASE("parameters Exchange has but mfsim does not simulate are errors") {
    CHECK(ps_errors("New-TransportRule -Name x -RecipientInSenderList staff@contoso.com -SetSCL 5 "
                    "-SenderInRecipientList boss@contoso.com\n") ==
          diags{{diag_code::unknown_key, 1, 27,
                 "-RecipientInSenderList in transport rule 'x': not simulated yet (remove it, or "
                 "leave it empty)"},
                {diag_code::unknown_key, 1, 78,
                 "-SenderInRecipientList in transport rule 'x': not simulated yet (remove it, or "
                 "leave it empty)"}});
  }

  TEST_CASE("a policy scoped by New-HostedContentFilterRule becomes a scoped policy") {
    const rule_set set =
        ps("New-HostedContentFilterPolicy -Name 'Finance strict' -SpamAction Quarantine `\n"
           "  -SpamQuarantineTag AdminOnlyAccessPolicy -BulkThreshold 4\n"
           "New-HostedContentFilterPolicy -Name Unused -SpamAction Delete\n"
           "New-HostedContentFilterPolicy -Name Sales -HighConfidenceSpamAction Delete\n"
           "New-HostedContentFilterRule -Name 'Finance rule' -HostedContentFilterPolicy "
           "'Finance strict' -RecipientDomainIs Finance.Contoso.com,fin.example -Priority 1\n"
           "New-HostedContentFilterRule Sales -HostedContentFilterPolicy Sales -SentTo "
           "Boss@Contoso.com\n"
           "Set-HostedContentFilterPolicy -Identity Sales -SpamAction AddXHeader\n"
           "Disable-HostedContentFilterRule -Identity Sales\n"
           "Enable-HostedContentFilterRule Sales\n");
    REQUIRE(set.scoped_antispam.size() == 2);
    const antispam_policy& finance = set.scoped_antispam[0];
    CHECK(finance.name == "Finance strict");
    CHECK(finance.priority == 1);  // -Priority when given, else the position of the rule
    CHECK(finance.recipient_domain_is ==
          std::vector<std::string>{"finance.contoso.com", "fin.example"});
    CHECK(finance.spam.action == spam_action::quarantine);
    CHECK(finance.spam.quarantine_tag == "AdminOnlyAccessPolicy");
    CHECK(finance.bulk_threshold == 4);
    const antispam_policy& sales = set.scoped_antispam[1];
    CHECK(sales.sent_to == std::vector<std::string>{"boss@contoso.com"});
    CHECK(sales.spam.action == spam_action::add_x_header);
    CHECK(sales.high_confidence_spam.action == spam_action::delete_message);
    // A disabled rule leaves its policy unscoped: it applies to nobody.
    CHECK(ps("New-HostedContentFilterPolicy -Name P -SpamAction Delete\n"
             "New-HostedContentFilterRule -Name R -HostedContentFilterPolicy P -SentTo a@b.c "
             "-Enabled $false\n")
              .scoped_antispam.empty());
  }

  TEST_CASE("scoped anti-spam policy mistakes are errors with their position") {
    CHECK(
        ps_errors("Set-HostedContentFilterPolicy -Identity Strict -SpamAction Quarantine\n"
                  "New-HostedContentFilterPolicy -Name Default\n"
                  "New-HostedContentFilterRule -Name r -HostedContentFilterPolicy p -SentTo a@b.c\n"
                  "New-HostedContentFilterPolicy -Name q -SpamAction Quarantine "
                  "-SpamQuarantineTag Nope\n"
                  "New-HostedContentFilterRule -Name s -HostedContentFilterPolicy q -SentTo a@b.c\n"
                  "New-HostedContentFilterRule -Name t -HostedContentFilterPolicy q -SentTo x "
                  "-ExceptIfSentTo b@c.d\n") ==
        diags{{diag_code::bad_reference, 1, 41,
               "Set-HostedContentFilterPolicy: no anti-spam policy named 'Strict' is created "
               "earlier in this script (mfsim starts from an organisation without them); the "
               "command is skipped"},
              {diag_code::bad_value, 2, 37,
               "New-HostedContentFilterPolicy -Name Default: the Default policy always exists; "
               "change it with Set-HostedContentFilterPolicy -Identity Default"},
              {diag_code::bad_reference, 3, 64,
               "-HostedContentFilterPolicy in anti-spam rule 'r': no anti-spam policy named 'p' "
               "is defined (by New-HostedContentFilterPolicy, or in the same export)"},
              {diag_code::bad_reference, 4, 81,
               "unknown quarantine policy 'Nope' in SpamQuarantineTag of the anti-spam policy "
               "'q'; known policies: AdminOnlyAccessPolicy, DefaultFullAccessPolicy, "
               "DefaultFullAccessWithNotificationPolicy, NotificationEnabledPolicy (a policy "
               "exported to another file is known when both files are read together)"},
              {diag_code::duplicate, 6, 64,
               "-HostedContentFilterPolicy in anti-spam rule 't': the policy 'q' already has a "
               "rule (one rule per policy)"}});
    CHECK(
        ps_errors("New-HostedContentFilterPolicy -Name q\n"
                  "New-HostedContentFilterRule -Name t -HostedContentFilterPolicy q -SentTo x\n") ==
        diags{{diag_code::missing_key, 2, 1,
               "anti-spam rule 't' scopes no recipient: give -RecipientDomainIs, -SentTo or "
               "-SentToMemberOf"},
              {diag_code::bad_value, 2, 74,
               "-SentTo in anti-spam rule 't': expected an email address such as "
               "user@contoso.com, found 'x'"}});
  }

  TEST_CASE("a line starting with a parameter names the missing backtick") {
    CHECK(ps_errors("New-TransportRule -Name x\n  -SetSCL 5\n  -Quarantine $true\n") ==
          diags{{diag_code::syntax_error, 2, 3,
                 "a line starts with the parameter -SetSCL: the line before it needs a backtick "
                 "(`) as its very last character to continue the command"}});
  }

  TEST_CASE("spaces after a line-end backtick are an error") {
    CHECK(ps_errors("New-TransportRule -Name x ` \n  -SetSCL 5\n") ==
          diags{{diag_code::syntax_error, 1, 27,
                 "spaces follow the backtick at the end of the line: a backtick continues the "
                 "command only as the very last character of its line"}});
  }

  TEST_CASE("unclosed strings, arrays and block comments point at their start") {
    CHECK(ps_errors("New-TransportRule -Name 'x -SetSCL 5\n") ==
          diags{{diag_code::syntax_error, 1, 25, "a single-quoted string is not closed"}});
    CHECK(ps_errors("New-TransportRule x -SetSCL 5 -Comments \"abc\n") ==
          diags{{diag_code::syntax_error, 1, 41, "a double-quoted string is not closed"}});
    CHECK(ps_errors("New-TransportRule x -SubjectContainsWords @('a',\n") ==
          diags{{diag_code::syntax_error, 1, 43, "'@(' is not closed by ')'"}});
    CHECK(ps_errors("<# never closed\nNew-TransportRule x\n") ==
          diags{{diag_code::syntax_error, 1, 1, "block comment <# is not closed by #>"}});
  }

  TEST_CASE("bare words inside @( ) are commands in PowerShell, so they are errors") {
    CHECK(ps_errors("New-TransportRule x -SubjectContainsWords @(UCE, SPOOF) -SetSCL 5\n") ==
          diags{{diag_code::syntax_error, 1, 45,
                 "UCE inside ( ) or @( ), or after '=', is read as a command: quote texts there, "
                 "as in 'UCE'"}});
    CHECK(ps_errors("$ips = 1.2.3.4\n") ==
          diags{{diag_code::syntax_error, 1, 8,
                 "'1.2.3.4' is not a number; inside ( ) and @( ), and after '=', quote texts: "
                 "'1.2.3.4'"}});
  }

  TEST_CASE("a variable never assigned is an error naming it where a rule needs it") {
    CHECK(ps_errors("New-TransportRule x -SetSCL 5 -SenderIpRanges $egress\n") ==
          diags{{diag_code::bad_value, 1, 47,
                 "New-TransportRule -SenderIpRanges: the value of $egress (not assigned in this "
                 "script) is known only when the script runs (from the tenant, the machine or "
                 "whoever runs it); mfsim cannot simulate with it (assign it a literal in the "
                 "script, or give --define egress=VALUE)"}});
  }

  TEST_CASE("a value no variable holds cannot be given with --define; the message says so") {
    CHECK(ps_errors("New-TransportRule x -SetSCL 5 -SentTo (Get-OrganizationConfig).Name\n") ==
          diags{{diag_code::bad_value, 1, 39,
                 "New-TransportRule -SentTo: the value of (Get-OrganizationConfig).Name is known "
                 "only when the script runs (from the tenant, the machine or whoever runs it); "
                 "mfsim cannot simulate with it (assign it a literal in the script)"}});
  }

  TEST_CASE("foreach over an unknown list and unsupported pipelines are errors") {
    CHECK(ps_errors("foreach ($r in $rules) { }\n") ==
          diags{{diag_code::syntax_error, 1, 16,
                 "foreach over $rules (not assigned in this script): the items are known only "
                 "when the script runs against a tenant, so mfsim cannot unroll the loop"}});
    CHECK(ps_errors("Get-TransportRule | Remove-TransportRule\n") ==
          diags{{diag_code::syntax_error, 1, 1,
                 "Get-TransportRule in a pipeline must name exactly one object (a name, or "
                 "-Identity)"}});
  }

  TEST_CASE("binding errors: a parameter twice, a stray value, a missing value") {
    CHECK(
        ps_errors("New-TransportRule x -SetSCL 5 -SetSCL 6\nNew-TransportRule -Name y z "
                  "-SetSCL 4\nNew-TransportRule w -SetSCL\n") ==
        diags{{diag_code::duplicate, 1, 31,
               "New-TransportRule: parameter -SetSCL is given twice (first at line 1, column "
               "21)"},
              {diag_code::syntax_error, 2, 27,
               "New-TransportRule: unexpected value 'z'; every value after the first needs its "
               "parameter name (-Name value)"},
              {diag_code::bad_value, 3, 21, "New-TransportRule: parameter -SetSCL needs a value"}});
  }

  TEST_CASE("values are checked as the YAML loader checks them") {
    CHECK(ps_errors("New-TransportRule x -SetSCL 10 -Quarantine true\n") ==
          diags{{diag_code::bad_value, 1, 29,
                 "-SetSCL in transport rule 'x': expected an integer from -1 to 9, found '10'"},
                {diag_code::bad_value, 1, 44,
                 "-Quarantine in transport rule 'x': expected $true or $false, found 'true' "
                 "(write $true)"}});
    CHECK(ps_errors("New-TransportRule x -HeaderContainsWords UCE -SetSCL 5\n") ==
          diags{{diag_code::missing_key, 1, 21,
                 "-HeaderContainsWords in transport rule 'x' needs -HeaderContainsMessageHeader "
                 "too (the name of the header to look in)"}});
    CHECK(ps_errors("New-TransportRule x -SenderIpRanges 10.0.0.300 -SetSCL 5\n").size() == 1);
    CHECK(ps_errors(
              "New-TransportRule x -HeaderContainsWords UCE -HeaderContainsMessageHeader X-A\n") ==
          diags{{diag_code::missing_key, 1, 1,
                 "transport rule 'x' does nothing: give at least one action (-SetSCL, "
                 "-SetHeaderName, -RemoveHeader, -PrependSubject, -Quarantine, -DeleteMessage, "
                 "-RedirectMessageTo, -StopRuleProcessing, -RejectMessageReasonText, "
                 "-RejectMessageEnhancedStatusCode, -SetAuditSeverity)"}});
  }

  TEST_CASE("rules are referred to by name: unknown, duplicate, out-of-range priority") {
    // A rule the script did not create, a priority past the end: warnings
    // (import_commands_test.cc).
    CHECK(ps_errors("Set-TransportRule -Identity nope -SetSCL 5\nNew-TransportRule x -SetSCL 5\n")
              .empty());
    CHECK(ps_errors("New-TransportRule x -SetSCL 5\nNew-TransportRule X -SetSCL 6\n") ==
          diags{{diag_code::duplicate, 2, 19,
                 "a transport rule named 'x' already exists (created at line 1; names are "
                 "compared without case)"}});
    CHECK(ps_errors("New-TransportRule x -SetSCL 5 -Priority 3\n").empty());
    CHECK(ps_errors("New-TransportRule x -SetSCL 5 -Priority -1\n").size() == 1);
    CHECK(ps_errors("New-TransportRule x -State Disabled -SetSCL 5\n") ==
          diags{{diag_code::unknown_key, 1, 21,
                 "New-TransportRule has no parameter -State: use -Enabled $false, or "
                 "Disable-TransportRule"}});
  }

  TEST_CASE("-WhatIf commands change nothing") {
    const auto set =
        ps("New-TransportRule x -SetSCL 5 -WhatIf\nSet-TransportRule x -SetSCL 4\n"
           "New-TransportRule y -SetSCL 5\n");
    CHECK(only_rule(set).name == "y");
    REQUIRE(set.imported.warnings.size() == 1);
    CHECK(set.imported.warnings[0].where.line == 2);
    CHECK(set.imported.warnings[0].message ==
          "Set-TransportRule: no transport rule named 'x' is created earlier in this script "
          "(mfsim starts from an organisation without them); the command is skipped");
  }

  TEST_CASE("quarantine policy errors: built-ins, permissions, unknown tags") {
    CHECK(ps_errors("Set-QuarantinePolicy -Identity DefaultFullAccessPolicy -ESNEnabled $true\n") ==
          diags{{diag_code::bad_value, 1, 32,
                 "Set-QuarantinePolicy: the built-in policy 'DefaultFullAccessPolicy' cannot be "
                 "changed; create a custom one with New-QuarantinePolicy"}});
    CHECK(ps_errors("Set-HostedContentFilterPolicy Default -SpamAction Quarantine "
                    "-SpamQuarantineTag UserNotifyUserReleas\n"
                    "New-QuarantinePolicy UserNotifyUserRelease -EndUserQuarantinePermissionsValue "
                    "12\n") ==
          diags{{diag_code::bad_reference, 1, 81,
                 "unknown quarantine policy 'UserNotifyUserReleas' in SpamQuarantineTag of the "
                 "anti-spam policy (did you mean 'UserNotifyUserRelease'?)"},
                {diag_code::bad_value, 2, 79,
                 "-EndUserQuarantinePermissionsValue in quarantine policy 'UserNotifyUserRelease': "
                 "12 allows both release (4) and request release (8); a policy gives one or the "
                 "other"}});
  }

  TEST_CASE("several syntax errors are all reported, the broken command's lines skipped") {
    const auto errors = ps_errors(
        "New-TransportRule x -SubjectContainsWords @(a)\n  -SetSCL 5\n"
        "  -Quarantine $true\nNew-TransportRule \"y $z\"\n");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].line == 1);
    CHECK(errors[1].line == 4);
  }

  TEST_CASE("the uc4 fixture script loads as use case 4") {
    const auto set = load_rule_file(kData + "uc4.ps1");
    CHECK(set.name == "uc4");
    REQUIRE(set.transport_rules.size() == 2);
    CHECK(set.transport_rules[0].name == "Area 1 User Quarantine Message");
    CHECK(set.transport_rules[0].conditions[1].values.size() == 42);
    CHECK(set.transport_rules[1].actions.set_scl == 9);
    CHECK(set.area1.egress_list == "area1-office365");
    CHECK(set.antispam.spam.quarantine_tag == "UserNotifyUserRelease");
  }
}

TEST_SUITE("import_exported_xml") {
  TEST_CASE("the UTF-16 LE, UTF-16 BE and UTF-8 exports load alike") {
    const auto le = load_rule_file(kData + "uc4.xml");
    auto utf8 = load_rule_file(kData + "uc4-utf8.xml");
    CHECK(utf8.name == "uc4-utf8");
    utf8.name = le.name;
    check_same(le, utf8);
    REQUIRE(le.transport_rules.size() == 2);
    CHECK(le.transport_rules[0].name == "Area 1 User Quarantine Message");
    CHECK(le.transport_rules[1].comments ==
          "MALICIOUS from Area 1: high confidence spam, admin release");
    CHECK(le.transport_rules[1].priority == 1);
    temp_dir dir;
    const std::string text = read_file(kData + "uc4-utf8.xml");
    for (const bool bom : {true, false}) {
      const auto be = load_rule_file(dir.write(bom ? "be-bom.xml" : "be.xml", utf16_be(text, bom)));
      CHECK(be.transport_rules.size() == 2);
    }
  }

  TEST_CASE("positions inside a command block point into the XML file") {
    const auto set = load_rule_file(kData + "uc4.xml");
    CHECK(set.transport_rules[0].where.line == 5);
    CHECK(set.transport_rules[0].where.col == 30);
    CHECK(set.transport_rules[1].conditions[0].where.line == 12);  // the block's second line
    CHECK(xml_errors(
              "<rules name=\"TransportVersioned\">\n <rule name=\"x\" format=\"cmdlet\">"
              "<version requiredMinVersion=\"15.0.3.0\">\n  <commandBlock><![CDATA[New-"
              "TransportRule -Name 'x' `\n   -StopRuleProcesing $true]]></commandBlock></version>"
              "</rule>\n</rules>\n") ==
          diags{{diag_code::unknown_key, 4, 4,
                 "New-TransportRule has no parameter -StopRuleProcesing (did you mean "
                 "'-StopRuleProcessing'?)"}});
  }

  TEST_CASE("entities in a command block without CDATA are decoded") {
    const auto set = load_rule_set_exported_xml(
        "<rules><rule name=\"a&amp;b\"><version><commandBlock>New-TransportRule -Name "
        "'a&amp;b' -SetSCL 5 -SubjectContainsWords '&lt;x&gt;','&#233;'</commandBlock>"
        "</version></rule></rules>",
        "t.xml");
    CHECK(only_rule(set).name == "a&b");
    CHECK(only_rule(set).conditions[0].values == std::vector<std::string>{"<x>", "\xC3\xA9"});
  }

  TEST_CASE("XML errors: syntax, structure, names that disagree, other formats") {
    CHECK(xml_errors("<rules>\n  <rule name=\"x\">\n</rules>\n") ==
          diags{{diag_code::syntax_error, 3, 1, "invalid XML: </rules> closes <rule>"}});
    CHECK(xml_errors("<rulez/>") ==
          diags{{diag_code::bad_value, 1, 1,
                 "expected the root element <rules> of an Export-TransportRuleCollection file, "
                 "found <rulez>"}});
    CHECK(xml_errors("<rules><rule name=\"x\" format=\"xml\"/></rules>") ==
          diags{{diag_code::bad_value, 1, 31,
                 "rule 'x': format 'xml' is not supported; only format=\"cmdlet\" (Exchange 2013 "
                 "and later) is"}});
    CHECK(xml_errors("<rules><rule name=\"x\" colour=\"red\"><version><commandBlock>New-"
                     "TransportRule x -SetSCL 5</commandBlock></version></rule></rules>") ==
          diags{{diag_code::unknown_key, 1, 23,
                 "unknown attribute 'colour' of <rule> (known: name, id, format)"}});
    CHECK(xml_errors("<rules><rule name=\"x\"><version><commandBlock>New-TransportRule y -SetSCL "
                     "5</commandBlock></version></rule></rules>") ==
          diags{{diag_code::bad_value, 1, 20,
                 "rule 'x' is named 'y' by its New-TransportRule; the two names must agree"}});
    CHECK(xml_errors("<rules><rule name=\"x\"><version><commandBlock>New-TransportRule 'x</"
                     "commandBlock></version></rule></rules>") ==
          diags{{diag_code::syntax_error, 1, 64, "a single-quoted string is not closed"}});
  }
}

TEST_SUITE("import_json_export") {
  TEST_CASE("Get-TransportRule output loads; unset, metadata and assumed properties pass") {
    const auto set = load_rule_set_json_export(read_file(kData + "uc4.json"), "uc4.json");
    REQUIRE(set.transport_rules.size() == 2);
    const auto& r = set.transport_rules[0];
    CHECK(r.name == "Area 1 User Quarantine Message");
    CHECK(r.priority == 0);
    CHECK(r.priority_given);
    CHECK(r.conditions[0].values == std::vector<std::string>{"UCE", "SPOOF"});
    CHECK(r.conditions[1].values.size() == 42);
    CHECK(r.actions.set_scl == 5);
    CHECK(r.where.line == 2);
    CHECK(r.where.col == 5);
  }

  TEST_CASE("policy exports load when read with the quarantine policies they name") {
    const auto set = load_rule_files({kData + "uc4-antispam.json", kData + "uc4-quarantine.json"});
    CHECK(set.antispam.spam.action == spam_action::quarantine);
    CHECK(set.antispam.spam.quarantine_tag == "UserNotifyUserRelease");
    REQUIRE(set.quarantine_policies.size() == 2);  // built-ins are skipped
    CHECK(set.quarantine_policies[1].name == "UserNotifyAdminRelease");
    CHECK(set.quarantine_policies[1].permissions == 11u);
    CHECK(set.notify_frequency == notification_frequency::daily);
  }

  TEST_CASE("one object, an array, and PowerShell 5's value/Count wrapper") {
    const std::string rule = R"({"Name": "x", "State": "Disabled", "Mode": "Audit", "SetSCL": 5})";
    CHECK(only_rule(load_rule_set_json_export(rule, "t.json")).state == rule_state::disabled);
    CHECK(only_rule(load_rule_set_json_export("[" + rule + "]", "t.json")).mode ==
          rule_mode::audit);
    CHECK(only_rule(
              load_rule_set_json_export(R"({"value": [)" + rule + R"(], "Count": 1})", "t.json"))
              .actions.set_scl == 5);
  }

  TEST_CASE("a wrapper that gives its list twice is refused, not read with the first's places") {
    // nlohmann keeps the last list, the locator placed the first: a longer second list was read
    // past the end of the places (decision 685's check now covers the wrapper).
    const std::string rule = R"({"Name": "x", "SetSCL": 5})";
    CHECK(json_errors(R"({"value": [)" + rule + "],\n\"value\": [" + rule + "," + rule + "," +
                      rule + "]}") ==
          diags{{diag_code::syntax_error, 2, 1,
                 "property 'value' is given twice in the object around the list"}});
  }

  TEST_CASE("JSON errors carry the property's line and column") {
    CHECK(json_errors("[\n  {\"Name\": \"x\", \"SetSLC\": 5,\n   \"RecipientInSenderList\": "
                      "[\"a@b.c\"], \"SetSCL\": 5}\n]") ==
          diags{{diag_code::unknown_key, 2, 17,
                 "unknown property 'SetSLC' of transport rule #1 'x' (did you mean 'SetSCL'?)"},
                {diag_code::unknown_key, 3, 4,
                 "'RecipientInSenderList' in transport rule 'x': not simulated yet (remove it, or "
                 "leave it empty)"}});
    CHECK(json_errors("{\"Name\": \"x\", \"State\": 0, \"SetSCL\": 5}") ==
          diags{{diag_code::bad_value, 1, 24,
                 "'State' of transport rule #1 'x' is a number (0), the enumeration's value, "
                 "not its name: export names instead with ConvertTo-Json -EnumsAsStrings -Depth "
                 "5 (PowerShell 7; Windows PowerShell 5.1 has no -EnumsAsStrings)"}});
    CHECK(json_errors("{\"Name\": \"x\", \"SetSCL\": 12}") ==
          diags{{diag_code::bad_value, 1, 25,
                 "'SetSCL' in transport rule 'x': expected an integer from -1 to 9, found '12'"}});
  }

  TEST_CASE("a diagnostic at the end of a one-line export has its line and character column") {
    // ConvertTo-Json -Compress writes a whole export on one line; columns count characters.
    std::string json = "[";
    std::size_t characters = 1;
    for (int k = 0; k < 3000; ++k) {
      std::string rule = std::string("{\"Name\":\"r\xC3\xA8gle ");
      rule += std::to_string(k);
      rule += "\xC3\xA9\",\"Priority\":";
      rule += std::to_string(k);
      rule += ",\"SetSCL\":5},";
      json += rule;
      characters += rule.size() - 2;  // two characters of two bytes each
    }
    // The last name has a character of two bytes and one of three.
    const std::string last = "{\"Name\":\"derni\xC3\xA8re \xE2\x82\xAC\",\"SetSCL\":";
    json += last;
    characters += last.size() - 3;  // one byte more for the è, two for the €
    json += "12}]";
    const auto errors = json_errors(json);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::bad_value);
    CHECK(errors[0].line == 1);
    CHECK(errors[0].col == static_cast<int>(characters) + 1);
    CHECK(errors[0].message.find("found '12'") != std::string::npos);
  }

  TEST_CASE("/Date(ms)/ outside the years 1900 to 9999 is a bad value, not a year YAML refuses") {
    const auto rule = [](const std::string& date) {
      std::string json = std::string(R"({"Name": "x", "SetSCL": 5, "ExpiryDate": ")");
      json += date;
      return json += "\"}";
    };
    for (const std::string date :
         {"/Date(9223372036854775807+0000)/", "/Date(-9223372036854775808)/",
          "/Date(-99999999999999)/", "/Date(-2208988800001)/", "/Date(253402300800000)/"}) {
      CAPTURE(date);
      const auto errors = json_errors(rule(date));
      REQUIRE(errors.size() == 1);
      CHECK(errors[0].code == diag_code::bad_value);
      CHECK(errors[0].line == 1);
      CHECK(errors[0].col == 42);
      CHECK(errors[0].message.find("'ExpiryDate' in transport rule 'x': expected a date") == 0);
    }
    // The first and last milliseconds of the range load, and import writes them as YAML that
    // loads again.
    const std::vector<std::pair<std::string, std::int64_t>> edges = {
        {"/Date(-2208988800000)/", -2208988800}, {"/Date(253402300799999+0000)/", 253402300799}};
    for (const auto& edge : edges) {
      const std::string& date = edge.first;  // not a structured binding: clang 14's CAPTURE
      const std::int64_t seconds = edge.second;
      CAPTURE(date);
      const rule_set set = load_rule_set_json_export(rule(date), "t.json");
      CHECK(only_rule(set).expiry_date == seconds);
      const rule_set again = load_rule_set_yaml(write_rule_set_yaml(set), "t.yaml");
      CHECK(only_rule(again).expiry_date == seconds);
    }
  }

  TEST_CASE("a TimeSpan's TotalHours past a long long is a bad value, not a cast") {
    // The cast of 1e300 to long long was undefined behaviour (an audit found it).
    const std::string global =
        R"({"Name": "DefaultGlobalTag", "QuarantinePolicyType": "GlobalQuarantinePolicy", )";
    const auto errors =
        json_errors(global + R"("EndUserSpamNotificationFrequency": {"TotalHours": 1e300}})");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::bad_value);
    CHECK(errors[0].message.find("expected 04:00:00 (4 hours), 1.00:00:00 (1 day) or 7.00:00:00") !=
          std::string::npos);
    CHECK(json_errors(global + R"("EndUserSpamNotificationFrequency": {"TotalHours": 24.0}})")
              .empty());
  }

  TEST_CASE("a number too large for a double is a syntax error at the number") {
    // nlohmann throws out_of_range, not parse_error, and gives no position (fuzz, stop 28).
    const auto errors = json_errors("[\n  {\"Name\": \"x\", \"SetSCL\": 1e999}\n]");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::syntax_error);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].col == 27);
    CHECK(errors[0].message == "invalid JSON: number overflow parsing '1e999'");
  }

  TEST_CASE("a JSON syntax error is reported alone, at nlohmann's offset") {
    const auto errors = json_errors("[\n  {\"Name\": \"x\",,}\n]");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == diag_code::syntax_error);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].col == 16);
    CHECK(errors[0].message.rfind("invalid JSON: syntax error while parsing object key", 0) == 0);
  }

  TEST_CASE("scoped policies come with their HostedContentFilterRule; unknown objects are errors") {
    const rule_set set = load_rule_set_json_export(
        R"([{"Name": "Strict", "IsDefault": false, "SpamAction": "Quarantine",
             "SpamQuarantineTag": "AdminOnlyAccessPolicy"},
            {"Name": "Unscoped", "IsDefault": false, "SpamAction": "Delete"},
            {"Name": "Strict rule", "HostedContentFilterPolicy": "Strict", "State": "Enabled",
             "Priority": 0, "RecipientDomainIs": ["Finance.Contoso.com"], "SentTo": null,
             "Identity": "Strict rule", "Guid": "00000000-0000-0000-0000-000000000001"}])",
        "t.json");
    REQUIRE(set.scoped_antispam.size() == 1);  // "Unscoped" has no rule: it applies to nobody
    CHECK(set.scoped_antispam[0].name == "Strict");
    CHECK(set.scoped_antispam[0].recipient_domain_is ==
          std::vector<std::string>{"finance.contoso.com"});
    CHECK(set.scoped_antispam[0].spam.action == spam_action::quarantine);
    CHECK(set.antispam.spam.action == spam_action::move_to_jmf);  // Default untouched
    CHECK(
        json_errors(R"([{"Name": "r", "HostedContentFilterPolicy": "Missing", "SentTo": ["a@b.c"]},
 {"Name": "s", "HostedContentFilterPolicy": "P", "SentToMemberOf": ["g@b.c"], "SentTo": ["a@b.c"]},
 {"Name": "P", "IsDefault": false, "SpamAction": "Quarantine"}])") ==
        diags{{diag_code::bad_reference, 1, 45,
               "'HostedContentFilterPolicy' in anti-spam rule 'r': no anti-spam policy named "
               "'Missing' is defined (by New-HostedContentFilterPolicy, or in the same export)"}});
    CHECK(json_errors("[{\"Name\": \"x\", \"PrimarySmtpAddress\": \"a@b.c\"}]") ==
          diags{{diag_code::bad_value, 1, 2,
                 "object #1 'x': cannot tell what it is; expected the output of "
                 "Get-TransportRule, Get-HostedContentFilterPolicy or Get-QuarantinePolicy"}});
  }
}

TEST_SUITE("load_any") {
  TEST_CASE("the format is recognised by content") {
    CHECK(detect_format("<?xml version=\"1.0\"?><rules/>") == rule_format::exported_xml);
    CHECK(detect_format("\xEF\xBB\xBF  \n[{}]") == rule_format::json_export);
    CHECK(detect_format("{\"Name\": 1}") == rule_format::json_export);
    CHECK(detect_format("# rules\nmfsim: 1\n") == rule_format::yaml);
    CHECK(detect_format("<# comment #>\nNew-TransportRule x -SetSCL 5\n") ==
          rule_format::powershell);
    CHECK(detect_format("New-TransportRule x -SetSCL 5\n") == rule_format::powershell);
  }

  TEST_CASE("a script that opens with an attribute or a cast is PowerShell, not JSON") {
    CHECK(detect_format("[CmdletBinding()]\nparam()\nNew-TransportRule x -SetSCL 5\n") ==
          rule_format::powershell);
    CHECK(detect_format("[string]$Prefix = '[EXT]'\n") == rule_format::powershell);
    CHECK(detect_format("{ Write-Host x }\n") == rule_format::powershell);
    CHECK(detect_format("[\r\n  \"a\", 1]") == rule_format::json_export);
    CHECK(detect_format("[ 1, 2 ]") == rule_format::json_export);
    CHECK(detect_format("[true]") == rule_format::json_export);
    CHECK(detect_format("[]") == rule_format::json_export);
    CHECK(detect_format("{ }") == rule_format::json_export);
    CHECK(detect_format("{\n  \"Name\": \"x\"}") == rule_format::json_export);
  }

  TEST_CASE("UTF-16 is decoded with or without a byte order mark; broken UTF-16 is an error") {
    CHECK(mfsim::utf8_file_text(std::string("\xFF\xFEh\0i\0", 6), "f") == "hi");
    CHECK(mfsim::utf8_file_text(std::string("\0h\0i", 4), "f") == "hi");
    CHECK(mfsim::utf8_file_text(std::string("\xFF\xFE=\xD8\x00\xDE", 6), "f") ==
          "\xF0\x9F\x98\x80");
    CHECK(mfsim::utf8_file_text("\xEF\xBB\xBFmfsim: 1", "f") == "mfsim: 1");
    // A rule file is refused where its UTF-16 breaks, as every UTF-16 file (decision 681).
    temp_dir dir;
    const std::string cut = dir.write("cut.yaml", std::string("\xFF\xFEm\0\n\0x\0y", 9));
    const std::string half = dir.write("half.ps1", std::string("\xFF\xFE"
                                                               "a\0\x00\xDC"
                                                               "h\0",
                                                               8));
    try {
      (void)load_rule_file(cut);
      FAIL("a cut UTF-16 file loaded");
    } catch (const mfsim::load_error& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(e.diagnostics().front().where.line == 2);
      CHECK(e.diagnostics().front().where.col == 2);
      CHECK(e.diagnostics().front().message ==
            "the file is UTF-16 and cannot be decoded: the UTF-16 text ends in the middle of a "
            "character");
    }
    try {
      (void)load_rule_file(half);
      FAIL("half a surrogate pair loaded");
    } catch (const mfsim::load_error& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(e.diagnostics().front().where.col == 2);
      CHECK(e.diagnostics().front().message ==
            "the file is UTF-16 and cannot be decoded: unpaired UTF-16 surrogate at byte 4");
    }
    // Columns count characters, as every other error's do, and the byte is the file's.
    const std::string wide = dir.write("wide.ps1", std::string("\xFF\xFE"
                                                               "\xE9\0\xE9\0\x00\xDC",
                                                               8));
    try {
      (void)load_rule_file(wide);
      FAIL("half a surrogate pair loaded");
    } catch (const mfsim::load_error& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(e.diagnostics().front().where.line == 1);
      CHECK(e.diagnostics().front().where.col == 3);
      CHECK(e.diagnostics().front().message ==
            "the file is UTF-16 and cannot be decoded: unpaired UTF-16 surrogate at byte 6");
    }
  }

  TEST_CASE("YAML files load as before and ignore the egress option") {
    temp_dir dir;
    const auto yaml = *preset_yaml("uc4");
    const auto set = load_rule_file(dir.write("mine.yaml", yaml), import_options{"none"});
    CHECK(set.area1.egress_list == "area1-office365");
    CHECK(set.name == "uc4");
  }

  TEST_CASE("the egress option picks a preset list, none, or given entries") {
    const std::string script = kData + "uc4.ps1";
    const auto old = load_rule_file(script, import_options{"preset:area1-office365-2022"});
    CHECK(old.area1.egress_list == "area1-office365-2022");
    REQUIRE(old.ip_lists.size() == 1);
    CHECK(old.ip_lists[0].entries.size() == 39);
    CHECK(load_rule_file(script, import_options{"none"}).area1.egress_list.empty());
    const auto custom = load_rule_file(script, import_options{"104.30.32.0/19, 52.11.209.211"});
    CHECK(custom.area1.egress_list == "area1-egress");
    CHECK(custom.ip_lists[0].entries ==
          std::vector<std::string>{"104.30.32.0/19", "52.11.209.211"});
    CHECK(check_egress_option("preset:nope") ==
          "no preset IP list named 'nope' (known: area1-office365, area1-office365-2024, "
          "area1-office365-2022, area1-full)");
    CHECK(check_egress_option("10.0.0.300").has_value());
    CHECK_THROWS_AS((void)load_rule_file(script, import_options{"preset:nope"}),
                    std::invalid_argument);
  }

  TEST_CASE("combining files: one source per part, no YAML, unreadable files") {
    const auto two_rule_files = errors_of(
        [&] {
          return load_rule_files({kData + "uc4.ps1", kData + "uc4.json"});
        },
        kData + "uc4.json");
    REQUIRE(two_rule_files.size() == 1);
    CHECK(two_rule_files[0].message ==
          "'" + kData + "uc4.json' holds transport rules too; they come from one file only ('" +
              kData + "uc4.ps1')");
    temp_dir dir;
    const std::string yaml = dir.write("x.yaml", *preset_yaml("uc4"));
    const auto with_yaml = errors_of(
        [&] {
          return load_rule_files({kData + "uc4.json", yaml});
        },
        yaml);
    REQUIRE(with_yaml.size() == 1);
    CHECK(with_yaml[0].code == diag_code::bad_value);
    const auto missing = errors_of([&] { return load_rule_file(dir.path() + "/none.ps1"); },
                                   dir.path() + "/none.ps1");
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].code == diag_code::io_error);
  }
}

TEST_SUITE("write_yaml") {
  TEST_CASE("scalars are quoted only where YAML would read them otherwise") {
    CHECK(yaml_scalar("Area 1 User Quarantine Message") == "Area 1 User Quarantine Message");
    CHECK(yaml_scalar("") == "''");
    CHECK(yaml_scalar("[EXT] ") == "'[EXT] '");
    CHECK(yaml_scalar("X-This-Is-Spam: yes") == "'X-This-Is-Spam: yes'");
    CHECK(yaml_scalar("it's") == "it's");
    CHECK(yaml_scalar("'q'") == "'''q'''");
    CHECK(yaml_scalar("null") == "'null'");
    CHECK(yaml_scalar("a,b") == "a,b");
    CHECK(yaml_scalar("a,b", true) == "'a,b'");
    CHECK(yaml_scalar("tab\there") == "\"tab\\there\"");
    CHECK(yaml_scalar("a #b") == "'a #b'");
  }

  TEST_CASE("every preset written as YAML loads back to an equal rule set") {
    for (const auto& info : preset_list()) {
      CAPTURE(info.name);
      check_round_trip(*load_preset(info.name));
    }
  }

  TEST_CASE("every fixture written as YAML loads back to an equal rule set") {
    for (const auto* file : {"uc4.ps1", "uc4.xml", "uc4-utf8.xml", "uc4.json"}) {
      CAPTURE(file);
      check_round_trip(load_rule_file(kData + file));
    }
    check_round_trip(load_rule_files({kData + "uc4-antispam.json", kData + "uc4-quarantine.json"}));
    check_round_trip(ps(kFullScript));
    check_round_trip(load_rule_file(kData + "fidelity.ps1"));
    check_round_trip(load_rule_files({kData + "fidelity.json", kData + "fidelity-antispam.json"}));
  }
}

TEST_SUITE("e2e: import") {
  // `mfsim run --format jsonl` over the samples, for a --rules argument.
  std::string outcomes(const std::string& rules) {
    const auto r =
        run_mfsim({"run", "--rules", rules, "--format", "jsonl", "-q", "corpus/samples"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return r.out;
  }

  TEST_CASE("use case 4 in every format gives the preset's outcomes on the samples") {
    const std::string reference = outcomes("uc4");
    REQUIRE(!reference.empty());
    const std::string d = "tests/testdata/import/";
    const std::string policies = "," + d + "uc4-antispam.json," + d + "uc4-quarantine.json";
    CHECK(outcomes(d + "uc4.ps1") == reference);
    CHECK(outcomes(d + "uc4.xml" + policies) == reference);
    CHECK(outcomes(d + "uc4-utf8.xml" + policies) == reference);
    CHECK(outcomes(d + "uc4.json" + policies) == reference);
  }

  TEST_CASE("the fidelity rule set in YAML, PowerShell, XML and JSON gives the same outcomes") {
    const std::string d = "tests/testdata/import/";
    const auto run = [](const std::string& rules) {
      const auto r = run_mfsim({"run", "--rules", rules, "--format", "jsonl", "-q",
                                "tests/testdata/fidelity", "corpus/samples"});
      REQUIRE_MESSAGE(r.exit_code == 0, r.err);
      return r.out;
    };
    const std::string reference = run(d + "fidelity.yaml");
    CHECK(run(d + "fidelity.ps1") == reference);
    CHECK(run(d + "fidelity.xml," + d + "fidelity-antispam.json") == reference);
    CHECK(run(d + "fidelity.json," + d + "fidelity-antispam.json") == reference);
    // And the outcomes are the ones the rules call for.
    std::vector<nlohmann::json> records;
    std::istringstream lines(reference);
    for (std::string line; std::getline(lines, line);) records.push_back(mfsim::parse_json(line));
    REQUIRE(records.size() == 44);
    const auto& wire = records[0];  // the phrase is split by <b> in the HTML body
    CHECK(wire["rules"] == nlohmann::json{"Wire fraud words"});
    CHECK(wire["antispam_policy"] == "Contoso strict");
    CHECK(wire["action"] == "quarantine");
    CHECK(wire["audit_severity"] == "high");
    CHECK(records[1]["rules"].empty());  // ExceptIfFrom treasury@contoso.com
    CHECK(records[2]["action"] == "reject");
    CHECK(records[2]["reject_code"] == "5.7.900");
    CHECK(records[2]["reject_reason"] == "Executable attachments are not accepted");
    CHECK(records[3]["rules"] == nlohmann::json{"Envelope from partner"});  // Return-Path only
    CHECK(records[4]["rules"] == nlohmann::json{"Large to Adele"});
    CHECK(records[4]["audit_severity"] == "low");
    CHECK(records[5]["antispam_policy"] == "Default");  // fabrikam is outside the scope
    CHECK(records[5]["action"] == "junk");
    for (const auto& r : records)
      CHECK(r["rules"].dump().find("Retired campaign") == std::string::npos);
  }

  TEST_CASE("mfsim import writes YAML that runs like its sources") {
    temp_dir dir;
    const std::string out = dir.path() + "/uc4.yaml";
    const std::string d = "tests/testdata/import/";
    const auto r = run_mfsim(
        {"import", d + "uc4.xml", d + "uc4-antispam.json", d + "uc4-quarantine.json", "-o", out});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.err.find("2 transport rule(s), 2 quarantine policy(ies)") != std::string::npos);
    const std::string yaml = read_file(out);
    CHECK(yaml.find("SenderIpRanges: [$area1-office365]") != std::string::npos);
    CHECK(outcomes(out) == outcomes("uc4"));
  }

  TEST_CASE("mfsim import exits 2 on load errors and bad options, naming file:line:col") {
    temp_dir dir;
    const std::string bad = dir.write("bad.ps1", "New-TransportRule x -SetSLC 5\n");
    const auto r = run_mfsim({"import", bad});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(bad + ":1:21: error: New-TransportRule has no parameter -SetSLC") !=
          std::string::npos);
    CHECK(r.out.empty());
    const auto egress =
        run_mfsim({"import", "--egress-list", "preset:nope", "tests/testdata/import/uc4.ps1"});
    CHECK(egress.exit_code == 2);
    CHECK(egress.err.find("--egress-list: no preset IP list named 'nope'") != std::string::npos);
  }

  TEST_CASE("mfsim import never writes over a file it reads") {
    temp_dir dir;
    const std::string script = "New-TransportRule x -SetSCL 5\n";
    const std::string source = dir.write("rules.ps1", script);
    const auto r = run_mfsim({"import", source, "-o", source});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("-o " + source + ": is the input") != std::string::npos);
    CHECK(read_file(source) == script);
    // Through a link too; a new name is written whole.
    const std::string link = dir.path() + "/link.ps1";
    REQUIRE(::symlink(source.c_str(), link.c_str()) == 0);
    CHECK(run_mfsim({"import", source, "-o", link}).exit_code == 2);
    CHECK(read_file(source) == script);
    const auto fine = run_mfsim({"import", "-q", source, "-o", dir.path() + "/rules.yaml"});
    CHECK(fine.exit_code == 0);
    CHECK(read_file(dir.path() + "/rules.yaml").find("SetSCL: 5") != std::string::npos);
  }
}
