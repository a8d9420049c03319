// Tests of the YAML rule-set loader: a full file field by field, then one case per error kind.
#include "engine/rules/load_native.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/rules/rule_values.h"
#include "tests/support/build_paths.h"

namespace {

using mfsim::diag_code;
using mfsim::format_diagnostic;
using mfsim::load_error;
using namespace mfsim::rules;

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

// Every diagnostic of a document that must fail to load; the file is named "t.yaml".
diags errors_of(std::string_view yaml) {
  try {
    (void)load_rule_set_yaml(yaml, "t.yaml");
  } catch (const load_error& e) {
    diags out;
    for (const auto& d : e.diagnostics()) {
      CHECK(d.where.file == "t.yaml");
      out.push_back({d.code, d.where.line, d.where.col, d.message});
    }
    return out;
  }
  return {};
}

constexpr std::string_view full_yaml = R"(mfsim: 1
name: full
description: Every key of the format
area1:
  disposition_header: X-CFEmailSecurity-Disposition
  quarantine_dispositions: [malicious, SPOOF]
  egress_list: area1-office365
  configured_as: MX Records
  forwarding_to: contoso-com.mail.protection.outlook.com
  outbound_tls: $false
  ip_restrictions: [198.51.100.0/24]
ip_lists:
  area1-office365:
    comment: Area 1 egress, Office 365 form
    entries: [52.11.209.211, 104.30.32.0/24, 1.2.3.4-1.2.3.9]
  partners:
    entries: 2001:db8::/32
quarantine_policies:
  - Name: UserNotifyUserRelease
    EndUserQuarantinePermissionsValue: 7
    ESNEnabled: true
  - Name: UserNotifyAdminRelease
    EndUserQuarantinePermissionsValue: 11
    ESNEnabled: $True
antispam_policy:
  Name: Contoso
  SpamAction: Quarantine
  SpamQuarantineTag: usernotifyuserrelease
  HighConfidenceSpamAction: quarantine
  HighConfidenceSpamQuarantineTag: UserNotifyAdminRelease
  PhishSpamAction: Delete
  PhishQuarantineTag: AdminOnlyAccessPolicy
  HighConfidencePhishAction: Redirect
  HighConfidencePhishQuarantineTag: NotificationEnabledPolicy
  BulkSpamAction: NoAction
  BulkQuarantineTag: DefaultFullAccessWithNotificationPolicy
  BulkThreshold: 5
  QuarantineRetentionPeriod: 30
  AddXHeaderValue: "X-Spam-Flag: YES"
  ModifySubjectValue: "[SPAM] "
settings:
  notification_frequency: 4h
  scl_model: advisory
transport_rules:
  - Name: Area 1 User Quarantine Message
    Priority: 3
    Comments: use case 4, rule 1
    HeaderContainsMessageHeader: X-CFEmailSecurity-Disposition
    HeaderContainsWords: [UCE, SPOOF]
    SenderIpRanges: [$area1-office365, 203.0.113.7]
    SetSCL: 5
  - Name: Everything else
    State: Disabled
    Mode: AuditAndNotify
    SubjectContainsWords: invoice
    HeaderMatchesPatterns: ['^a.*b$']
    HeaderMatchesMessageHeader: X-Foo
    SubjectMatchesPatterns: ['^\[ext\]']
    FromAddressContainsWords: [billing, payroll]
    FromAddressMatchesPatterns: ['@.*\.example$']
    SenderDomainIs: [contoso.com, fabrikam.com]
    SCLOver: -1
    ExceptIfHeaderContainsMessageHeader: X-Safe
    ExceptIfHeaderContainsWords: yes
    ExceptIfHeaderMatchesMessageHeader: X-Other
    ExceptIfHeaderMatchesPatterns: ['x+']
    ExceptIfSenderIpRanges: [$partners]
    ExceptIfSubjectContainsWords: [hello world]
    ExceptIfSubjectMatchesPatterns: ['^re:']
    ExceptIfFromAddressContainsWords: [ceo]
    ExceptIfFromAddressMatchesPatterns: ['^noreply@']
    ExceptIfSenderDomainIs: [partner.example]
    ExceptIfSCLOver: 9
    SetSCL: -1
    SetHeaderName: X-Processed
    SetHeaderValue: ""
    RemoveHeader: X-Bar
    PrependSubject: "[EXT] "
    Quarantine: true
    DeleteMessage: $false
    RedirectMessageTo: [admin@contoso.com, soc@contoso.com]
    StopRuleProcessing: TRUE
  - Name: Third
    StopRuleProcessing: true
)";

TEST_SUITE("load_native") {
  TEST_CASE("a file using every key loads into the model field by field") {
    const rule_set rs = load_rule_set_yaml(full_yaml, "full.yaml");
    CHECK(rs.name == "full");
    CHECK(rs.description == "Every key of the format");
    CHECK(rs.source == "full.yaml");

    CHECK(rs.area1.disposition_header == "X-CFEmailSecurity-Disposition");
    CHECK(rs.area1.quarantine_dispositions == std::vector<std::string>{"MALICIOUS", "SPOOF"});
    CHECK(rs.area1.egress_list == "area1-office365");
    CHECK(rs.area1.configured_as == "MX Records");
    CHECK(rs.area1.forwarding_to == "contoso-com.mail.protection.outlook.com");
    CHECK_FALSE(rs.area1.outbound_tls);
    CHECK(rs.area1.ip_restrictions == std::vector<std::string>{"198.51.100.0/24"});
    CHECK(rs.area1.where.line == 5);
    CHECK(rs.area1.where.col == 3);

    REQUIRE(rs.ip_lists.size() == 2);
    CHECK(rs.ip_lists[0].name == "area1-office365");
    CHECK(rs.ip_lists[0].comment == "Area 1 egress, Office 365 form");
    CHECK(rs.ip_lists[0].entries ==
          std::vector<std::string>{"52.11.209.211", "104.30.32.0/24", "1.2.3.4-1.2.3.9"});
    CHECK(rs.ip_lists[0].where.file == "full.yaml");
    CHECK(rs.ip_lists[0].where.line == 13);
    CHECK(rs.ip_lists[0].where.col == 3);
    CHECK(rs.ip_lists[1].name == "partners");
    CHECK(rs.ip_lists[1].entries == std::vector<std::string>{"2001:db8::/32"});
    CHECK(rs.ip_lists[1].comment.empty());

    REQUIRE(rs.quarantine_policies.size() == 2);
    CHECK(rs.quarantine_policies[0].name == "UserNotifyUserRelease");
    CHECK(rs.quarantine_policies[0].permissions == 7u);
    CHECK(rs.quarantine_policies[0].notifications);
    CHECK_FALSE(rs.quarantine_policies[0].built_in);
    CHECK(rs.quarantine_policies[0].where.line == 19);
    CHECK(rs.quarantine_policies[0].where.col == 5);
    CHECK(rs.quarantine_policies[1].name == "UserNotifyAdminRelease");
    CHECK(rs.quarantine_policies[1].permissions ==
          (perm_request_release | perm_preview | perm_delete));
    CHECK(rs.quarantine_policies[1].notifications);

    const antispam_policy& as = rs.antispam;
    CHECK(as.name == "Contoso");
    CHECK(as.spam.action == spam_action::quarantine);
    CHECK(as.spam.quarantine_tag == "UserNotifyUserRelease");  // spelled as defined
    CHECK(as.high_confidence_spam.action == spam_action::quarantine);
    CHECK(as.high_confidence_spam.quarantine_tag == "UserNotifyAdminRelease");
    CHECK(as.phish.action == spam_action::delete_message);
    CHECK(as.phish.quarantine_tag == "AdminOnlyAccessPolicy");
    CHECK(as.high_confidence_phish.action == spam_action::redirect);
    CHECK(as.high_confidence_phish.quarantine_tag == "NotificationEnabledPolicy");
    CHECK(as.bulk.action == spam_action::no_action);
    CHECK(as.bulk.quarantine_tag == "DefaultFullAccessWithNotificationPolicy");
    CHECK(as.bulk_threshold == 5);
    CHECK(as.quarantine_retention_days == 30);
    CHECK(as.x_header == "X-Spam-Flag: YES");
    CHECK(as.modify_subject_text == "[SPAM] ");
    CHECK(as.where.line == 26);
    // A header name alone means what it means to Exchange (-AddXHeaderValue X-Contoso-Spam).
    const rule_set named = load_rule_set_yaml(
        "mfsim: 1\nantispam_policy:\n  AddXHeaderValue: X-Contoso-Spam\n", "named.yaml");
    CHECK(named.antispam.x_header == "X-Contoso-Spam: This message appears to be spam.");

    CHECK(rs.notify_frequency == notification_frequency::every_4_hours);
    CHECK(rs.scl_model_kind == scl_model::advisory);

    REQUIRE(rs.transport_rules.size() == 3);
    const transport_rule& r1 = rs.transport_rules[0];
    CHECK(r1.name == "Area 1 User Quarantine Message");
    CHECK(r1.priority == 3);
    CHECK(r1.priority_given);
    CHECK(r1.state == rule_state::enabled);
    CHECK(r1.mode == rule_mode::enforce);
    CHECK(r1.comments == "use case 4, rule 1");
    CHECK(r1.where.line == 45);
    CHECK(r1.where.col == 5);
    REQUIRE(r1.conditions.size() == 2);
    CHECK(r1.conditions[0].kind == condition_kind::header_contains_words);
    CHECK(r1.conditions[0].header_name == "X-CFEmailSecurity-Disposition");
    CHECK(r1.conditions[0].values == std::vector<std::string>{"UCE", "SPOOF"});
    CHECK(r1.conditions[0].where.file == "full.yaml");
    CHECK(r1.conditions[0].where.line == 49);
    CHECK(r1.conditions[0].where.col == 26);
    CHECK(r1.conditions[1].kind == condition_kind::sender_ip_ranges);
    CHECK(r1.conditions[1].values == std::vector<std::string>{"$area1-office365", "203.0.113.7"});
    CHECK(r1.conditions[1].where.line == 50);
    CHECK(r1.conditions[1].where.col == 21);
    CHECK(r1.exceptions.empty());
    CHECK(r1.actions.set_scl == 5);
    CHECK_FALSE(r1.actions.set_header_name.has_value());
    CHECK_FALSE(r1.actions.quarantine);
    CHECK_FALSE(r1.actions.stop_rule_processing);

    const transport_rule& r2 = rs.transport_rules[1];
    CHECK(r2.name == "Everything else");
    CHECK(r2.priority == 1);  // its index in the file
    CHECK_FALSE(r2.priority_given);
    CHECK(r2.state == rule_state::disabled);
    CHECK(r2.mode == rule_mode::audit_and_notify);
    CHECK(r2.comments.empty());
    REQUIRE(r2.conditions.size() == 7);
    CHECK(r2.conditions[0].kind == condition_kind::subject_contains_words);
    CHECK(r2.conditions[0].values == std::vector<std::string>{"invoice"});
    CHECK(r2.conditions[0].where.line == 55);
    CHECK(r2.conditions[0].where.col == 27);
    CHECK(r2.conditions[1].kind == condition_kind::header_matches_patterns);
    CHECK(r2.conditions[1].header_name == "X-Foo");
    CHECK(r2.conditions[1].values == std::vector<std::string>{"^a.*b$"});
    CHECK(r2.conditions[1].where.line == 56);
    CHECK(r2.conditions[2].kind == condition_kind::subject_matches_patterns);
    CHECK(r2.conditions[2].values == std::vector<std::string>{"^\\[ext\\]"});
    CHECK(r2.conditions[3].kind == condition_kind::from_address_contains_words);
    CHECK(r2.conditions[3].values == std::vector<std::string>{"billing", "payroll"});
    CHECK(r2.conditions[4].kind == condition_kind::from_address_matches_patterns);
    CHECK(r2.conditions[4].values == std::vector<std::string>{"@.*\\.example$"});
    CHECK(r2.conditions[5].kind == condition_kind::sender_domain_is);
    CHECK(r2.conditions[5].values == std::vector<std::string>{"contoso.com", "fabrikam.com"});
    CHECK(r2.conditions[6].kind == condition_kind::scl_over);
    CHECK(r2.conditions[6].scl == -1);
    CHECK(r2.conditions[6].values.empty());
    CHECK(r2.conditions[6].where.line == 62);
    CHECK(r2.conditions[6].where.col == 14);

    REQUIRE(r2.exceptions.size() == 9);
    CHECK(r2.exceptions[0].kind == condition_kind::header_contains_words);
    CHECK(r2.exceptions[0].header_name == "X-Safe");
    CHECK(r2.exceptions[0].values == std::vector<std::string>{"yes"});  // a word, not a bool
    CHECK(r2.exceptions[0].where.line == 64);
    CHECK(r2.exceptions[1].kind == condition_kind::header_matches_patterns);
    CHECK(r2.exceptions[1].header_name == "X-Other");
    CHECK(r2.exceptions[1].values == std::vector<std::string>{"x+"});
    CHECK(r2.exceptions[1].where.line == 66);
    CHECK(r2.exceptions[2].kind == condition_kind::sender_ip_ranges);
    CHECK(r2.exceptions[2].values == std::vector<std::string>{"$partners"});
    CHECK(r2.exceptions[3].kind == condition_kind::subject_contains_words);
    CHECK(r2.exceptions[3].values == std::vector<std::string>{"hello world"});
    CHECK(r2.exceptions[4].kind == condition_kind::subject_matches_patterns);
    CHECK(r2.exceptions[5].kind == condition_kind::from_address_contains_words);
    CHECK(r2.exceptions[6].kind == condition_kind::from_address_matches_patterns);
    CHECK(r2.exceptions[7].kind == condition_kind::sender_domain_is);
    CHECK(r2.exceptions[7].values == std::vector<std::string>{"partner.example"});
    CHECK(r2.exceptions[8].kind == condition_kind::scl_over);
    CHECK(r2.exceptions[8].scl == 9);

    CHECK(r2.actions.set_scl == -1);
    CHECK(r2.actions.set_header_name == "X-Processed");
    CHECK(r2.actions.set_header_value == "");
    CHECK(r2.actions.remove_header == "X-Bar");
    CHECK(r2.actions.prepend_subject == "[EXT] ");
    CHECK(r2.actions.quarantine);
    CHECK_FALSE(r2.actions.delete_message);
    CHECK(r2.actions.redirect_message_to ==
          std::vector<std::string>{"admin@contoso.com", "soc@contoso.com"});
    CHECK(r2.actions.stop_rule_processing);

    const transport_rule& r3 = rs.transport_rules[2];
    CHECK(r3.priority == 2);
    CHECK(r3.conditions.empty());  // applies to every message
    CHECK(r3.actions.stop_rule_processing);
  }

  TEST_CASE("a minimal file gets the model's defaults") {
    const rule_set rs = load_rule_set_yaml("mfsim: 1\n", "min.yaml");
    CHECK(rs.name.empty());
    CHECK(rs.source == "min.yaml");
    CHECK(rs.area1.disposition_header == "X-Area1Security-Disposition");
    CHECK(rs.area1.configured_as == "MX Records");
    CHECK(rs.area1.outbound_tls);
    CHECK(rs.area1.quarantine_dispositions.empty());
    CHECK(rs.ip_lists.empty());
    CHECK(rs.quarantine_policies.empty());
    CHECK(rs.antispam.name == "Default");
    CHECK(rs.antispam.spam.action == spam_action::move_to_jmf);
    CHECK(rs.antispam.high_confidence_phish.action == spam_action::quarantine);
    CHECK(rs.antispam.high_confidence_phish.quarantine_tag == "AdminOnlyAccessPolicy");
    CHECK(rs.antispam.bulk_threshold == 7);
    CHECK(rs.antispam.quarantine_retention_days == 15);
    CHECK(rs.notify_frequency == notification_frequency::daily);
    CHECK(rs.scl_model_kind == scl_model::classic);
    CHECK(rs.transport_rules.empty());
  }

  TEST_CASE("a pair's condition takes the place of its first key and the values' position") {
    const rule_set rs = load_rule_set_yaml(R"(mfsim: 1
transport_rules:
  - Name: A
    HeaderContainsMessageHeader: X-Area1Security-Disposition
    SubjectContainsWords: urgent
    HeaderContainsWords:
      - MALICIOUS
    SetSCL: 9
)",
                                           "t.yaml");
    const auto& conditions = rs.transport_rules.at(0).conditions;
    REQUIRE(conditions.size() == 2);
    CHECK(conditions[0].kind == condition_kind::header_contains_words);
    CHECK(conditions[0].where.line == 7);
    CHECK(conditions[0].where.col == 7);
    CHECK(conditions[1].kind == condition_kind::subject_contains_words);
  }

  TEST_CASE("an unknown top-level key is reported with a suggestion when one is close") {
    CHECK(errors_of("mfsim: 1\ntransport_rule: []\n") ==
          diags{{diag_code::unknown_key, 2, 1,
                 "unknown key 'transport_rule' at the top level (did you mean "
                 "'transport_rules'?)"}});
  }

  TEST_CASE("an unknown key with nothing close lists the allowed keys") {
    CHECK(errors_of("mfsim: 1\ncolour: red\n") ==
          diags{{diag_code::unknown_key, 2, 1,
                 "unknown key 'colour' at the top level; allowed keys: mfsim, name, description, "
                 "area1, ip_lists, quarantine_policies, antispam_policy, antispam_policies, "
                 "antiphish_policy, settings, organization, transport_rules"}});
  }

  TEST_CASE("an unknown key in a transport rule suggests the key that differs only in case") {
    CHECK(errors_of(R"(mfsim: 1
transport_rules:
  - Name: X
    SetScl: 5
    StopRuleProcessing: true
)") == diags{{diag_code::unknown_key, 4, 5,
              "unknown key 'SetScl' in transport rule 'X' (did you mean 'SetSCL'?)"}});
  }

  TEST_CASE(
      "unknown keys in a quarantine policy, the anti-spam policy, area1, settings and an "
      "IP list are reported") {
    CHECK(errors_of(R"(mfsim: 1
quarantine_policies:
  - Name: P
    ESNEnable: true
antispam_policy:
  SpamActions: Quarantine
area1:
  egress: x
settings:
  frequency: daily
ip_lists:
  l:
    entries: []
    comments: x
)") == diags{
           {diag_code::unknown_key, 4, 5,
            "unknown key 'ESNEnable' in quarantine policy 'P' (did you mean 'ESNEnabled'?)"},
           {diag_code::unknown_key, 6, 3,
            "unknown key 'SpamActions' in antispam_policy (did you mean 'SpamAction'?)"},
           {diag_code::unknown_key, 8, 3,
            "unknown key 'egress' in area1; allowed keys: disposition_header, "
            "quarantine_dispositions, egress_list, configured_as, forwarding_to, "
            "outbound_tls, ip_restrictions"},
           {diag_code::unknown_key, 10, 3,
            "unknown key 'frequency' in settings; allowed keys: notification_frequency, "
            "scl_model, mx_record"},
           {diag_code::unknown_key, 14, 5,
            "unknown key 'comments' in IP list 'l' (did you mean 'comment'?)"},
       });
  }

  TEST_CASE("a key given twice in one mapping is a duplicate") {
    CHECK(errors_of(R"(mfsim: 1
transport_rules:
  - Name: X
    SetSCL: 5
    SetSCL: 6
)") == diags{{diag_code::duplicate, 5, 5,
              "key 'SetSCL' given twice in transport rule 'X' (first at line 4)"}});
  }

  TEST_CASE("values of the wrong type say what was expected and what was found") {
    CHECK(errors_of(R"(mfsim: 1
name: [a]
transport_rules:
  - Name: X
    Priority: high
    HeaderContainsMessageHeader: X-H
    HeaderContainsWords: {a: b}
    Quarantine: yes
    StopRuleProcessing:
    PrependSubject: [x]
)") == diags{
           {diag_code::bad_value, 2, 7, "'name' at the top level: expected a text, found a list"},
           {diag_code::bad_value, 5, 15,
            "'Priority' in transport rule 'X': expected an integer of 0 or more, found "
            "'high'"},
           {diag_code::bad_value, 7, 26,
            "'HeaderContainsWords' in transport rule 'X': expected a word or a list of "
            "them, found a mapping"},
           {diag_code::bad_value, 8, 17,
            "'Quarantine' in transport rule 'X': expected true or false, found 'yes'"},
           {diag_code::bad_value, 9, 5,
            "'StopRuleProcessing' in transport rule 'X': expected true or false, found an "
            "empty value"},
           {diag_code::bad_value, 10, 21,
            "'PrependSubject' in transport rule 'X': expected a text, found a list"},
       });
  }

  TEST_CASE("sections of the wrong type are reported at their value") {
    CHECK(errors_of(R"(mfsim: 1
transport_rules: {}
quarantine_policies: x
ip_lists: [a]
)") == diags{
           {diag_code::bad_value, 2, 18,
            "'transport_rules' at the top level: expected a list of rules (mappings of "
            "New-TransportRule parameters), found a mapping"},
           {diag_code::bad_value, 3, 22,
            "'quarantine_policies' at the top level: expected a list of policies (mappings "
            "with Name, EndUserQuarantinePermissionsValue, ESNEnabled), found 'x'"},
           {diag_code::bad_value, 4, 11,
            "'ip_lists' at the top level: expected a mapping of list names to {entries: "
            "[...], comment: ...}, found a list"},
       });
  }

  TEST_CASE("integers out of range or not integers give the allowed range") {
    CHECK(errors_of(R"(mfsim: 1
quarantine_policies:
  - Name: P
    EndUserQuarantinePermissionsValue: 256
antispam_policy:
  BulkThreshold: 0
  QuarantineRetentionPeriod: 31
transport_rules:
  - Name: X
    SCLOver: -2
    SetSCL: 5.0
)") == diags{
           {diag_code::bad_value, 4, 40,
            "'EndUserQuarantinePermissionsValue' in quarantine policy 'P': expected an "
            "integer from 0 to 255, found '256'"},
           {diag_code::bad_value, 6, 18,
            "'BulkThreshold' in antispam_policy: expected an integer from 1 to 9, found '0'"},
           {diag_code::bad_value, 7, 30,
            "'QuarantineRetentionPeriod' in antispam_policy: expected an integer from 1 to "
            "30, found '31'"},
           {diag_code::bad_value, 10, 14,
            "'SCLOver' in transport rule 'X': expected an integer from -1 to 9, found '-2'"},
           {diag_code::bad_value, 11, 13,
            "'SetSCL' in transport rule 'X': expected an integer from -1 to 9, found '5.0'"},
       });
  }

  TEST_CASE("an unknown action or enum value lists the allowed values") {
    CHECK(errors_of(R"(mfsim: 1
antispam_policy:
  SpamAction: Junk
  PhishSpamAction: Quarantined
  HighConfidencePhishAction: MoveToJmf
  HighConfidenceSpamAction: NoAction
settings:
  notification_frequency: hourly
transport_rules:
  - Name: X
    State: On
    Mode: audit
    StopRuleProcessing: true
)") == diags{
           {diag_code::bad_value, 3, 15,
            "'SpamAction' in antispam_policy: expected one of MoveToJmf, AddXHeader, "
            "ModifySubject, Redirect, Delete, Quarantine, NoAction, found 'Junk'"},
           {diag_code::bad_value, 4, 20,
            "'PhishSpamAction' in antispam_policy: expected one of MoveToJmf, AddXHeader, "
            "ModifySubject, Redirect, Delete, Quarantine, NoAction, found 'Quarantined' "
            "(did you mean 'Quarantine'?)"},
           {diag_code::bad_value, 5, 30,
            "'HighConfidencePhishAction' in antispam_policy: expected Quarantine or "
            "Redirect (high-confidence phish is never delivered), found 'MoveToJmf'"},
           {diag_code::bad_value, 6, 29,
            "'HighConfidenceSpamAction' in antispam_policy: NoAction is allowed only for "
            "BulkSpamAction; expected one of MoveToJmf, AddXHeader, ModifySubject, "
            "Redirect, Delete, Quarantine"},
           {diag_code::bad_value, 8, 27,
            "'notification_frequency' in settings: expected one of 4h, daily, weekly, found "
            "'hourly'"},
           {diag_code::bad_value, 11, 12,
            "'State' in transport rule 'X': expected one of Enabled, Disabled, found 'On'"},
       });
  }

  TEST_CASE("a header condition or SetHeaderName without its partner key is a missing key") {
    CHECK(errors_of(R"(mfsim: 1
transport_rules:
  - Name: X
    HeaderContainsWords: [UCE]
    ExceptIfHeaderMatchesMessageHeader: X-H
    SetHeaderName: X-Tag
    SetSCL: 5
)") == diags{
           {diag_code::missing_key, 4, 5,
            "'HeaderContainsWords' in transport rule 'X' needs 'HeaderContainsMessageHeader' "
            "too (the name of the header to look in)"},
           {diag_code::missing_key, 5, 5,
            "'ExceptIfHeaderMatchesMessageHeader' in transport rule 'X' needs "
            "'ExceptIfHeaderMatchesPatterns' too (the values to look for)"},
           {diag_code::missing_key, 6, 5,
            "'SetHeaderName' in transport rule 'X' needs 'SetHeaderValue' too"},
       });
  }

  TEST_CASE("a bad IP entry is reported at the entry with the parser's reason") {
    const diags found = errors_of(R"(mfsim: 1
ip_lists:
  egress:
    entries: [1.2.3.4, 10.0.0.300]
transport_rules:
  - Name: X
    SenderIpRanges:
      - 1.2.3.0/33
      - $egress
    SetSCL: 5
)");
    REQUIRE(found.size() == 2);
    CHECK(found[0].code == diag_code::bad_value);
    CHECK(found[0].line == 4);
    CHECK(found[0].col == 24);
    CHECK(found[0].message.starts_with("bad IP range in IP list 'egress': "));
    CHECK(found[0].message.find("'10.0.0.300'") != std::string::npos);
    CHECK(found[1].code == diag_code::bad_value);
    CHECK(found[1].line == 8);
    CHECK(found[1].col == 9);
    CHECK(found[1].message.starts_with("bad IP range in 'SenderIpRanges' in transport rule 'X': "));
    CHECK(found[1].message.find("'1.2.3.0/33'") != std::string::npos);
  }

  TEST_CASE("an IP list cannot refer to another list") {
    CHECK(errors_of(R"(mfsim: 1
ip_lists:
  a:
    entries: [$b]
  b:
    entries: []
)") == diags{{diag_code::bad_value, 4, 15,
              "IP list 'a': '$b' refers to an IP list; only a transport rule's SenderIpRanges "
              "can refer to lists"}});
  }

  TEST_CASE("an unknown $list or egress list is a bad reference") {
    CHECK(errors_of(R"(mfsim: 1
area1:
  egress_list: egres
ip_lists:
  egress:
    entries: [1.2.3.4]
  partners:
    entries: []
transport_rules:
  - Name: X
    SenderIpRanges: [$egress-o365]
    ExceptIfSenderIpRanges: $zzz
    SetSCL: 5
)") == diags{
           {diag_code::bad_reference, 3, 16,
            "unknown IP list 'egres' in 'egress_list' of area1 (did you mean '$egress'?)"},
           {diag_code::bad_reference, 11, 22,
            "unknown IP list 'egress-o365' in 'SenderIpRanges' in transport rule 'X'; "
            "defined lists: egress, partners"},
           {diag_code::bad_reference, 12, 29,
            "unknown IP list 'zzz' in 'ExceptIfSenderIpRanges' in transport rule 'X'; "
            "defined lists: egress, partners"},
       });
    CHECK(errors_of("mfsim: 1\ntransport_rules:\n  - Name: X\n    SenderIpRanges: $a\n"
                    "    SetSCL: 5\n") ==
          diags{{diag_code::bad_reference, 4, 21,
                 "unknown IP list 'a' in 'SenderIpRanges' in transport rule 'X': no ip_lists "
                 "are defined"}});
  }

  TEST_CASE("an unknown quarantine tag is a bad reference naming the known policies") {
    CHECK(errors_of(R"(mfsim: 1
quarantine_policies:
  - Name: UserNotifyUserRelease
antispam_policy:
  SpamQuarantineTag: UserNotifyUserReleas
  BulkQuarantineTag: Strict
)") == diags{
           {diag_code::bad_reference, 5, 22,
            "unknown quarantine policy 'UserNotifyUserReleas' in 'SpamQuarantineTag' of "
            "antispam_policy (did you mean 'UserNotifyUserRelease'?)"},
           {diag_code::bad_reference, 6, 22,
            "unknown quarantine policy 'Strict' in 'BulkQuarantineTag' of antispam_policy; "
            "known policies: AdminOnlyAccessPolicy, DefaultFullAccessPolicy, "
            "DefaultFullAccessWithNotificationPolicy, NotificationEnabledPolicy, "
            "UserNotifyUserRelease"},
       });
  }

  TEST_CASE("a quarantine tag may name a policy defined later in the file") {
    const rule_set rs = load_rule_set_yaml(R"(mfsim: 1
antispam_policy:
  SpamAction: Quarantine
  SpamQuarantineTag: Later
quarantine_policies:
  - Name: Later
)",
                                           "t.yaml");
    CHECK(rs.antispam.spam.quarantine_tag == "Later");
  }

  TEST_CASE("duplicate rule names ignore case and duplicate priorities point at the second") {
    CHECK(errors_of(R"(mfsim: 1
transport_rules:
  - Name: Junk rule
    Priority: 0
    SetSCL: 5
  - Name: JUNK RULE
    Priority: 0
    SetSCL: 6
)") == diags{
           {diag_code::duplicate, 6, 11,
            "duplicate transport rule name 'JUNK RULE' (first defined at line 3; names are "
            "compared without case)"},
           {diag_code::duplicate, 7, 15,
            "duplicate Priority 0 in transport rule 'JUNK RULE' (the rule at line 4 has it "
            "too)"},
       });
  }

  TEST_CASE("duplicate quarantine policy names and built-in names are duplicates") {
    CHECK(errors_of(R"(mfsim: 1
quarantine_policies:
  - Name: Mine
  - Name: mine
  - Name: adminonlyaccesspolicy
ip_lists:
  l:
    entries: []
  l:
    entries: []
)") == diags{
           {diag_code::duplicate, 4, 11,
            "duplicate quarantine policy name 'mine' (first defined at line 3)"},
           {diag_code::duplicate, 5, 11,
            "quarantine policy 'adminonlyaccesspolicy' has the name of the built-in policy "
            "'AdminOnlyAccessPolicy'; give the custom policy another name"},
           {diag_code::duplicate, 9, 3, "duplicate IP list name 'l' (first defined at line 7)"},
       });
  }

  TEST_CASE("a rule without any action does nothing and is an error") {
    CHECK(errors_of(R"(mfsim: 1
transport_rules:
  - Name: Idle
    SubjectContainsWords: [x]
  - Name: All off
    Quarantine: false
    StopRuleProcessing: $false
)") == diags{
           {diag_code::missing_key, 3, 5,
            "transport rule 'Idle' does nothing: give at least one action ('SetSCL', "
            "'SetHeaderName', 'RemoveHeader', 'PrependSubject', 'Quarantine', 'DeleteMessage', "
            "'RedirectMessageTo', 'StopRuleProcessing', 'RejectMessageReasonText', "
            "'RejectMessageEnhancedStatusCode', 'SetAuditSeverity')"},
           {diag_code::missing_key, 5, 5,
            "transport rule 'All off' does nothing: give at least one action ('SetSCL', "
            "'SetHeaderName', 'RemoveHeader', 'PrependSubject', 'Quarantine', 'DeleteMessage', "
            "'RedirectMessageTo', 'StopRuleProcessing', 'RejectMessageReasonText', "
            "'RejectMessageEnhancedStatusCode', 'SetAuditSeverity')"},
       });
  }

  TEST_CASE("a rule whose only action is invalid is not also reported as doing nothing") {
    CHECK(errors_of("mfsim: 1\ntransport_rules:\n  - Name: X\n    SetSCL: 12\n") ==
          diags{{diag_code::bad_value, 4, 13,
                 "'SetSCL' in transport rule 'X': expected an integer from -1 to 9, found "
                 "'12'"}});
  }

  TEST_CASE("empty word lists, empty words and bad list items are errors") {
    CHECK(errors_of(R"(mfsim: 1
transport_rules:
  - Name: X
    SubjectContainsWords: []
    FromAddressContainsWords: ['ok', '  ']
    SubjectMatchesPatterns: [[a]]
    SenderDomainIs: [user@contoso.com]
    RedirectMessageTo: nobody
    ExceptIfSenderIpRanges: []
    SetSCL: 5
)") == diags{
           {diag_code::bad_value, 4, 27,
            "'SubjectContainsWords' in transport rule 'X': the list is empty; give at least "
            "one word"},
           {diag_code::bad_value, 5, 38,
            "'FromAddressContainsWords' in transport rule 'X': expected a word, found an "
            "empty string"},
           {diag_code::bad_value, 6, 30,
            "an item of 'SubjectMatchesPatterns' in transport rule 'X': expected a pattern, "
            "found a list"},
           {diag_code::bad_value, 7, 22,
            "'SenderDomainIs' in transport rule 'X': expected a domain such as contoso.com, "
            "found 'user@contoso.com'"},
           {diag_code::bad_value, 8, 24,
            "'RedirectMessageTo' in transport rule 'X': expected an email address such as "
            "admin@contoso.com, found 'nobody'"},
           {diag_code::bad_value, 9, 29,
            "'ExceptIfSenderIpRanges' in transport rule 'X': the list is empty; give at least "
            "one IP range"},
       });
  }

  TEST_CASE("names are required, non-empty and at most 64 characters") {
    const std::string long_name(65, 'n');
    CHECK(errors_of("mfsim: 1\nquarantine_policies:\n  - ESNEnabled: true\ntransport_rules:\n"
                    "  - SetSCL: 5\n  - Name: ''\n    SetSCL: 5\n  - Name: " +
                    long_name + "\n    SetSCL: 5\n") ==
          diags{
              {diag_code::missing_key, 3, 5, "missing key 'Name' in quarantine policy #1"},
              {diag_code::missing_key, 5, 5, "missing key 'Name' in transport rule #1"},
              {diag_code::bad_value, 6, 11,
               "'Name' in transport rule #2: expected a non-empty text, found an empty string"},
              {diag_code::bad_value, 8, 11,
               "'Name' in transport rule '" + long_name +
                   "': expected at most 64 characters, found 65"},
          });
  }

  TEST_CASE("a policy allowing both release and request release is rejected") {
    CHECK(errors_of("mfsim: 1\nquarantine_policies:\n  - Name: P\n"
                    "    EndUserQuarantinePermissionsValue: 15\n") ==
          diags{{diag_code::bad_value, 4, 40,
                 "'EndUserQuarantinePermissionsValue' in quarantine policy 'P': 15 allows both "
                 "release (4) and request release (8); a policy gives one or the other"}});
  }

  TEST_CASE("Area 1 dispositions are checked, with a hint for SPAM, and stored upper-case") {
    CHECK(errors_of(R"(mfsim: 1
area1:
  quarantine_dispositions: [SPAM, Malicous, uce, UCE]
  disposition_header: "X-Area1Security-Disposition:"
)") == diags{
           {diag_code::bad_value, 3, 29,
            "'quarantine_dispositions' in area1: expected one of MALICIOUS, SUSPICIOUS, "
            "SPOOF, UCE, BULK, found 'SPAM' (Area 1 writes its SPAM disposition as UCE)"},
           {diag_code::bad_value, 3, 35,
            "'quarantine_dispositions' in area1: expected one of MALICIOUS, SUSPICIOUS, "
            "SPOOF, UCE, BULK, found 'Malicous' (did you mean 'MALICIOUS'?)"},
           {diag_code::duplicate, 3, 50,
            "disposition 'UCE' listed twice in 'quarantine_dispositions' (first at line 3)"},
           {diag_code::bad_value, 4, 23,
            "'disposition_header' in area1: expected a header name (printable ASCII without "
            "spaces or ':'), found 'X-Area1Security-Disposition:'"},
       });
  }

  TEST_CASE("the format version is required and must be 1") {
    CHECK(errors_of("name: x\n") ==
          diags{{diag_code::missing_key, 1, 1,
                 "missing key 'mfsim' at the top level: give 'mfsim: 1' (the format version)"}});
    CHECK(errors_of("mfsim: 2\n") ==
          diags{{diag_code::bad_value, 1, 8,
                 "'mfsim' at the top level: expected the format version 1, found '2'"}});
  }

  TEST_CASE("an empty document or one that is not a mapping is reported") {
    CHECK(errors_of("# nothing\n") ==
          diags{{diag_code::missing_key, 1, 1,  // file:1:1, as every load error has a place
                 "the rule set is empty; it must start with 'mfsim: 1' (the format version)"}});
    CHECK(errors_of("- a\n- b\n") ==
          diags{{diag_code::bad_value, 1, 1,
                 "expected a mapping of top-level keys (mfsim, name, description, area1, "
                 "ip_lists, quarantine_policies, antispam_policy, antispam_policies, "
                 "antiphish_policy, settings, organization, transport_rules), "
                 "found a list"}});
  }

  TEST_CASE("a YAML syntax error is reported alone at its position") {
    CHECK(errors_of(R"(mfsim: 1
colour: red
transport_rules:
  - Name: X
    SetSCL: [5
)") == diags{{diag_code::syntax_error, 6, 1, "invalid YAML: end of sequence flow not found"}});
    CHECK(errors_of("mfsim: 1\n  name: x\n") ==
          diags{{diag_code::syntax_error, 2, 7, "invalid YAML: illegal map value"}});
    // yaml-cpp would read empty documents forever here; the loader stops after two.
    CHECK(errors_of(",mfsim: 1\n") ==
          diags{{diag_code::syntax_error, 1, 1, "invalid YAML: unexpected ','"}});
  }

  TEST_CASE("a quote left open is an error, not a value that swallows the rules after it") {
    constexpr std::string_view kNeverClosed =
        "invalid YAML: this quote is never closed (the "
        "value runs to the end of the file)";
    const std::string rules = "mfsim: 1\ntransport_rules:\n  - Name: a\n    SetSCL: 5\n";
    const std::string after = "  - Name: b\n    SetSCL: 9\n";
    CHECK(errors_of(rules + "    Comments: \"typo, never closed\n" + after) ==
          diags{{diag_code::syntax_error, 5, 15, std::string(kNeverClosed)}});
    CHECK(errors_of(rules + "    Comments: 'it''s never closed\n" + after) ==
          diags{{diag_code::syntax_error, 5, 15, std::string(kNeverClosed)}});
    // Closed quotes, with an escaped quote and a doubled one inside, load.
    CHECK(errors_of(rules + "    Comments: \"a \\\" b\"\n" + after).empty());
    CHECK(errors_of(rules + "    Comments: 'it''s'\n" + after).empty());
  }

  TEST_CASE("a second YAML document is an error") {
    CHECK(errors_of("mfsim: 1\n---\nname: x\n") ==
          diags{{diag_code::syntax_error, 2, 1,
                 "a second YAML document: a rule-set file holds exactly one document"}});
  }

  TEST_CASE("every problem of a file is collected in one throw, sorted by position") {
    const std::string_view yaml = R"(mfsim: 1
transport_rules:
  - Name: B
    Prority: 1
    SetSCL: 11
  - Name: C
    SenderIpRanges: [$nowhere]
    DeleteMessage: true
antispam_policy:
  SpamQuarantineTag: Nobody
  BulkThreshold: 10
)";
    try {
      (void)load_rule_set_yaml(yaml, "t.yaml");
      FAIL("no load_error thrown");
    } catch (const load_error& e) {
      REQUIRE(e.diagnostics().size() == 5);
      CHECK(std::string(e.what()) ==
            "t.yaml:4:5: error: unknown key 'Prority' in transport rule 'B' (did you mean "
            "'Priority'?) [unknown_key]");
    }
    const diags found = errors_of(yaml);
    REQUIRE(found.size() == 5);
    CHECK(found[0] == diag_view{diag_code::unknown_key, 4, 5,
                                "unknown key 'Prority' in transport rule 'B' (did you mean "
                                "'Priority'?)"});
    CHECK(found[1].line == 5);
    CHECK(found[1].code == diag_code::bad_value);
    CHECK(found[2].line == 7);
    CHECK(found[2].code == diag_code::bad_reference);
    CHECK(found[3].line == 10);
    CHECK(found[3].code == diag_code::bad_reference);
    CHECK(found[4].line == 11);
    CHECK(found[4].code == diag_code::bad_value);
  }

  TEST_CASE("a missing file is an io_error with the OS reason") {
    const std::string path = "/nonexistent-mfsim-dir/rules.yaml";
    try {
      (void)load_rule_set_file(path);
      FAIL("no load_error thrown");
    } catch (const load_error& e) {
      REQUIRE(e.diagnostics().size() == 1);
      const auto& d = e.diagnostics()[0];
      CHECK(d.code == diag_code::io_error);
      CHECK(d.where.file == path);
      CHECK(d.where.line == 0);
      CHECK(d.message ==
            "cannot read rule set '/nonexistent-mfsim-dir/rules.yaml': No such file or "
            "directory");
      // Printed, a problem with the whole file has the place of its start, as every load
      // error has file:line:col (the contract).
      CHECK(format_diagnostic(d) ==
            "/nonexistent-mfsim-dir/rules.yaml:1:1: error: cannot read rule set "
            "'/nonexistent-mfsim-dir/rules.yaml': No such file or directory [io_error]");
    }
  }

  TEST_CASE("a file's rule set is named after its stem unless it names itself") {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("mfsim-load-native-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string unnamed = (dir / "uc4-custom.yaml").string();
    const std::string named = (dir / "other.yml").string();
    std::ofstream(unnamed) << "mfsim: 1\n";
    std::ofstream(named) << "mfsim: 1\nname: mine\n";
    const rule_set a = load_rule_set_file(unnamed);
    CHECK(a.name == "uc4-custom");
    CHECK(a.source == unnamed);
    const rule_set b = load_rule_set_file(named);
    CHECK(b.name == "mine");
    CHECK(b.source == named);

    std::ofstream(unnamed) << "mfsim: 1\nbogus: 1\n";
    try {
      (void)load_rule_set_file(unnamed);
      FAIL("no load_error thrown");
    } catch (const load_error& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(e.diagnostics()[0].where.file == unnamed);
      CHECK(e.diagnostics()[0].where.line == 2);
    }
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("booleans accept PowerShell's $true and $false in any case") {
    const rule_set rs = load_rule_set_yaml(R"(mfsim: 1
transport_rules:
  - Name: A
    Quarantine: $TRUE
    DeleteMessage: False
    StopRuleProcessing: $true
)",
                                           "t.yaml");
    const auto& actions = rs.transport_rules.at(0).actions;
    CHECK(actions.quarantine);
    CHECK_FALSE(actions.delete_message);
    CHECK(actions.stop_rule_processing);
  }

  TEST_CASE("the full example in docs/rule-format.md loads") {
    std::ifstream in(mfsim::test::source_dir() + "/docs/rule-format.md");
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const auto start = doc.find("```yaml\n");
    REQUIRE(start != std::string::npos);
    const auto end = doc.find("```\n", start + 8);
    REQUIRE(end != std::string::npos);
    const rule_set rs =
        load_rule_set_yaml(doc.substr(start + 8, end - start - 8), "rule-format.md");
    CHECK(rs.transport_rules.size() == 2);
    CHECK(rs.quarantine_policies.size() == 2);
  }
}

}  // namespace

TEST_SUITE("load_native: Exchange fidelity parameters") {
  TEST_CASE("the lengths New-TransportRule documents: subject words, the rejection text") {
    const std::string word(129, 'w');
    const std::string reason(1025, 'r');
    CHECK(errors_of("mfsim: 1\ntransport_rules:\n  - Name: X\n    SubjectContainsWords: [ok, " +
                    word + "]\n    ExceptIfSubjectOrBodyContainsWords: ['" + word.substr(1) +
                    "']\n    RejectMessageReasonText: " + reason + "\n") ==
          diags{{diag_code::bad_value, 4, 32,
                 "'SubjectContainsWords' in transport rule 'X': at most 128 characters, found a "
                 "word of 129"},
                {diag_code::bad_value, 6, 30,
                 "'RejectMessageReasonText' in transport rule 'X': at most 1024 characters in "
                 "Exchange Online, found 1025"}});
  }

  TEST_CASE("State and Enabled that disagree are an error; agreeing they load") {
    CHECK(errors_of(R"(mfsim: 1
transport_rules:
  - Name: X
    State: Enabled
    Enabled: false
    SetSCL: 5
)") == diags{{diag_code::bad_value, 5, 14,
              "'Enabled' in transport rule 'X': false disagrees with 'State' Enabled: give "
              "one, or the same state in both"}});
    CHECK(errors_of(R"(mfsim: 1
transport_rules:
  - Name: X
    State: Disabled
    Enabled: false
    SetSCL: 5
)")
              .empty());
  }

  TEST_CASE("dates in the en-US forms, with or without seconds, 12- or 24-hour") {
    struct row {
      const char* text;
      std::optional<std::int64_t> seconds;
    };
    const row rows[] = {
        {"09/01/2018 5:00 PM", 1535821200},  // New-TransportRule's own example
        {"9/1/2018 5:00:30 pm", 1535821230}, {"3/1/2026 12:00 AM", 1772323200},
        {"3/1/2026 12:15 PM", 1772367300},   {"3/1/2026 17:00", 1772384400},
        {"3/1/2026 17:00:05", 1772384405},   {"3/1/2026", 1772323200},
        {"3/1/2026 13:00 PM", std::nullopt},  // 12-hour hours are 1 to 12
        {"3/1/2026 0:00 AM", std::nullopt},  {"3/1/2026 24:00", std::nullopt},
        {"3/1/2026 5:60 PM", std::nullopt},  {"3/1/2026 5 PM", std::nullopt},
        {"3/1/2026 5:00 XM", std::nullopt},  {"3/1/2026 5:00 PM extra", std::nullopt},
        {"13/1/2026", std::nullopt},         {"3/1/2026  5:00 PM", std::nullopt},
    };
    for (const auto& r : rows) {
      const std::string text = r.text;
      CAPTURE(text);
      CHECK(mfsim::rules::parse_date_time(text) == r.seconds);
    }
  }

  TEST_CASE("sizes, dates and the new actions are read in Exchange's spellings") {
    const rule_set set = load_rule_set_yaml(R"(mfsim: 1
transport_rules:
  - Name: A
    MessageSizeOver: 1.5 MB
    ActivationDate: 3/1/2026 8:00:00 PM
    ExpiryDate: /Date(1775001600000)/
    SenderAddressLocation: envelope
    RejectMessageEnhancedStatusCode: 5.7.999
  - Name: B
    MessageSizeOver: 10 MB (10,485,760 bytes)
    ExceptIfMessageSizeOver: 12
    AttachmentExtensionMatchesWords: [.EXE, js]
    SetAuditSeverity: medium
)",
                                            "t.yaml");
    REQUIRE(set.transport_rules.size() == 2);
    const auto& a = set.transport_rules[0];
    CHECK(a.conditions[0].size_bytes == 1572864);
    CHECK(a.activation_date == 1772395200);  // 2026-03-01T20:00:00Z
    CHECK(a.expiry_date == 1775001600);
    CHECK(a.sender_address_location == sender_location::envelope);
    CHECK(a.actions.reject_status_code == "5.7.999");
    CHECK_FALSE(a.actions.reject_reason);
    const auto& b = set.transport_rules[1];
    CHECK(b.conditions[0].size_bytes == 10485760);
    CHECK(b.exceptions[0].size_bytes == 12);
    CHECK(b.conditions[1].values == std::vector<std::string>{"EXE", "js"});
    CHECK(b.actions.set_audit_severity == audit_severity::medium);
  }

  TEST_CASE("bad sizes, dates, codes, addresses and extensions are errors with their position") {
    CHECK(errors_of(R"(mfsim: 1
transport_rules:
  - Name: X
    MessageSizeOver: ten MB
    ActivationDate: tomorrow
    SentTo: [bob@]
    From: [a@b.c, ' ']
    AttachmentExtensionMatchesWords: ['*.exe']
    RejectMessageEnhancedStatusCode: 5.7.2
    SetAuditSeverity: Urgent
  - Name: Y
    ActivationDate: 2026-03-02
    ExpiryDate: 2026-03-01
    SenderAddressLocation: Body
    SetSCL: 5
  - Name: Z
    RecipientInSenderList: staff@contoso.com
    SetSCL: 5
)") == diags{
           {diag_code::bad_value, 4, 22,
            "'MessageSizeOver' in transport rule 'X': expected a size such as 10 MB, 512 KB "
            "or 1048576 (bytes), found 'ten MB'"},
           {diag_code::bad_value, 5, 21,
            "'ActivationDate' in transport rule 'X': expected a date such as 2026-03-01, "
            "2026-03-01T08:00:00Z (UTC unless a zone is given) or \"3/1/2026 5:00 PM\" "
            "(en-US), found 'tomorrow'"},
           {diag_code::bad_value, 6, 14,
            "'SentTo' in transport rule 'X': expected an email address such as "
            "user@contoso.com or a recipient's name, found 'bob@'"},
           {diag_code::bad_value, 7, 19,
            "'From' in transport rule 'X': expected an email address, found an empty "
            "string"},
           {diag_code::bad_value, 8, 39,
            "'AttachmentExtensionMatchesWords' in transport rule 'X': expected a file name "
            "extension such as exe (no wildcards), found '*.exe'"},
           {diag_code::bad_value, 9, 38,
            "'RejectMessageEnhancedStatusCode' in transport rule 'X': expected 5.7.1 or a "
            "code from 5.7.900 to 5.7.999, found '5.7.2'"},
           {diag_code::bad_value, 10, 23,
            "'SetAuditSeverity' in transport rule 'X': expected one of DoNotAudit, Low, "
            "Medium, High, found 'Urgent'"},
           {diag_code::bad_value, 13, 17,
            "'ExpiryDate' in transport rule 'Y' is not after 'ActivationDate': the rule "
            "would never apply"},
           {diag_code::bad_value, 14, 28,
            "'SenderAddressLocation' in transport rule 'Y': expected one of Header, "
            "Envelope, HeaderOrEnvelope, found 'Body'"},
           {diag_code::unknown_key, 17, 5,
            "'RecipientInSenderList' in transport rule 'Z': not simulated yet (remove it, or "
            "leave it empty)"},
       });
  }

  TEST_CASE("scoped anti-spam policies: scope, name and tags are checked") {
    CHECK(errors_of(R"(mfsim: 1
antispam_policies:
  - Name: Default
    SentTo: [a@b.c]
  - Name: No scope
    SpamAction: Delete
  - Name: Bad
    RecipientDomainIs: [a@b.c]
    SentTo: [nobody]
    SpamQuarantineTag: Nope
)") == diags{
           {diag_code::bad_value, 3, 5,
            "'Name' in anti-spam policy 'Default': Default is the policy of "
            "'antispam_policy', which applies to every recipient; give this one another "
            "name"},
           {diag_code::missing_key, 5, 5,
            "anti-spam policy 'No scope' has no recipient scope: give 'RecipientDomainIs', "
            "'SentTo' or 'SentToMemberOf' (the Default policy in 'antispam_policy' covers "
            "everyone else)"},
           {diag_code::bad_value, 8, 25,
            "'RecipientDomainIs' in anti-spam policy 'Bad': expected a domain such as "
            "contoso.com, found 'a@b.c'"},
           {diag_code::bad_value, 9, 14,
            "'SentTo' in anti-spam policy 'Bad': expected an email address such as "
            "user@contoso.com, found 'nobody'"},
           {diag_code::bad_reference, 10, 24,
            "unknown quarantine policy 'Nope' in 'SpamQuarantineTag' of anti-spam policy "
            "'Bad'; known policies: AdminOnlyAccessPolicy, DefaultFullAccessPolicy, "
            "DefaultFullAccessWithNotificationPolicy, NotificationEnabledPolicy"},
       });
  }
}
