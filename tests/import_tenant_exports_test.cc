// Tests of tenant exports as reviewers found them (decisions 400-404): Microsoft365DSC's
// anti-phishing resources, the Standard and Strict preset security policies, --define over a
// configuration's own $OrganizationName, and JSON exports a too small -Depth, numeric
// enumerations or a wrong way of saving spoiled.
#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

#include "engine/rules/load_any.h"
#include "tests/support/process.h"

namespace {

using mfsim::diagnostic;
using mfsim::is_warning;
using mfsim::load_error;
using mfsim::test::temp_dir;
using namespace mfsim::rules;

// What loading `text` (saved as `name`) gave: the rule set, or none, with every message
// ("line:col message", warnings too).
struct loaded {
  bool ok = false;
  rule_set set;
  std::vector<std::string> errors;
  std::vector<std::string> warnings;

  [[nodiscard]] bool said(const std::vector<std::string>& list, const std::string& part) const {
    for (const auto& m : list) {
      if (m.find(part) != std::string::npos) return true;
    }
    return false;
  }
  [[nodiscard]] bool warned(const std::string& part) const { return said(warnings, part); }
  [[nodiscard]] bool refused(const std::string& part) const { return said(errors, part); }
};

std::string line_col(const diagnostic& d) {
  return std::to_string(d.where.line) + ":" + std::to_string(d.where.col) + " " + d.message;
}

loaded load(const std::string& name, const std::string& text,
            const std::vector<std::string>& defines = {}, bool strict = false) {
  temp_dir dir;
  const std::string path = dir.write(name, text);
  std::vector<diagnostic> warnings;
  import_options options;
  options.defines = defines;
  options.strict = strict;
  options.warnings = &warnings;
  loaded out;
  try {
    out.set = load_rule_file(path, options);
    out.ok = true;
  } catch (const load_error& e) {
    for (const auto& d : e.diagnostics()) {
      if (!is_warning(d)) out.errors.push_back(line_col(d));
    }
  }
  // A script's warnings come through options.warnings, the others with the rule set.
  for (const auto& w : warnings) out.warnings.push_back(line_col(w));
  for (const auto& w : out.set.imported.warnings) out.warnings.push_back(line_col(w));
  return out;
}

std::string configuration(const std::string& resources, const std::string& before = "") {
  return "Configuration M365TenantConfig\n{\n    param ()\n" + before +
         "    Import-DscResource -ModuleName 'Microsoft365DSC'\n    Node localhost\n    {\n" +
         resources + "    }\n}\nM365TenantConfig -ConfigurationData .\\ConfigurationData.psd1\n";
}

const std::string kAntiPhishDefault =
    R"(        EXOAntiPhishPolicy "EXOAntiPhishPolicy-Office365 AntiPhish Default"
        {
            ApplicationId            = $ConfigurationData.NonNodeData.ApplicationId;
            AuthenticationFailAction = "Quarantine";
            DmarcQuarantineAction    = "Quarantine";
            DmarcRejectAction        = "Reject";
            Enabled                  = $True;
            EnableSpoofIntelligence  = $True;
            EnableUnauthenticatedSender = $True;
            Ensure                   = "Present";
            HonorDmarcPolicy         = $True;
            Identity                 = "Office365 AntiPhish Default";
            MakeDefault              = $True;
            SpoofQuarantineTag       = "AdminOnlyAccessPolicy";
            TenantId                 = $OrganizationName;
        }
)";

}  // namespace

TEST_SUITE("import: Microsoft365DSC anti-phishing and presets") {
  TEST_CASE("EXOAntiPhishPolicy sets the default policy's spoof settings, as the cmdlet does") {
    const loaded dsc = load("d.ps1", configuration(kAntiPhishDefault), {"OrganizationName=c.com"});
    REQUIRE_MESSAGE(dsc.ok, dsc.errors.front());
    const loaded script =
        load("p.ps1",
             "Set-AntiPhishPolicy -Identity 'Office365 AntiPhish Default' "
             "-AuthenticationFailAction Quarantine -EnableSpoofIntelligence $true "
             "-HonorDmarcPolicy $true -DmarcQuarantineAction Quarantine "
             "-DmarcRejectAction Reject -SpoofQuarantineTag "
             "AdminOnlyAccessPolicy\n");
    REQUIRE(script.ok);
    const auto spoof = [](const antiphish_policy& p) {
      return std::tuple(p.enable_spoof_intelligence, p.authentication_fail_action,
                        p.spoof_quarantine_tag, p.honor_dmarc_policy, p.dmarc_quarantine_action,
                        p.dmarc_reject_action);
    };
    CHECK(dsc.set.antiphish.authentication_fail_action == spoof_action::quarantine);
    CHECK(spoof(dsc.set.antiphish) == spoof(script.set.antiphish));
    CHECK_FALSE(dsc.warned("configure nothing of mail-flow simulation"));
    // Enabled (reserved for internal use) and the safety tip are named as ignored, once.
    CHECK(dsc.warned("Enabled, EnableUnauthenticatedSender change(s) no verdict"));
  }

  TEST_CASE("another anti-phishing policy, and EXOAntiPhishRule, are skipped saying why") {
    const std::string other = R"(        EXOAntiPhishPolicy "Finance"
        {
            Identity                 = "Finance phish";
            AuthenticationFailAction = "Quarantine";
            Ensure                   = "Present";
        }
        EXOAntiPhishRule "Finance rule"
        {
            Identity       = "Finance rule";
            AntiPhishPolicy = "Finance phish";
            SentTo         = @("cfo@contoso.com");
            Ensure         = "Present";
        }
)";
    const loaded l = load("d.ps1", configuration(other));
    CHECK(
        l.warned("'Finance phish': mfsim simulates the spoof settings of the default "
                 "anti-phishing policy"));
    CHECK(
        l.warned("EXOAntiPhishRule resources scope anti-phishing policies other than the "
                 "default one"));
    CHECK_FALSE(l.warned("configure nothing of mail-flow simulation"));
  }

  TEST_CASE("EXOEOPProtectionPolicyRule scopes its preset, ahead of custom policies") {
    const std::string resources = R"(        EXOHostedContentFilterPolicy "Custom"
        {
            Identity   = "Finance";
            SpamAction = "MoveToJmf";
            Ensure     = "Present";
        }
        EXOHostedContentFilterRule "Custom rule"
        {
            Identity                  = "Finance rule";
            HostedContentFilterPolicy = "Finance";
            Priority                  = 0;
            RecipientDomainIs         = @("contoso.com");
            Enabled                   = $True;
            Ensure                    = "Present";
        }
        EXOHostedContentFilterPolicy "EXOHostedContentFilterPolicy-Strict Preset Security Policy1658310385614"
        {
            BulkSpamAction = "Quarantine";
            BulkThreshold  = 5;
            Identity       = "Strict Preset Security Policy1658310385614";
            MakeDefault    = $False;
            SpamAction     = "Quarantine";
            Ensure         = "Present";
        }
        EXOEOPProtectionPolicyRule "EXOEOPProtectionPolicyRule-Strict Preset Security Policy"
        {
            Ensure            = "Present";
            Identity          = "Strict Preset Security Policy";
            Name              = "Strict Preset Security Policy";
            Priority          = 0;
            RecipientDomainIs = @("contoso.com");
            State             = "Enabled";
        }
)";
    const loaded l = load("d.ps1", configuration(resources));
    REQUIRE_MESSAGE(l.ok, l.errors.front());
    REQUIRE(l.set.scoped_antispam.size() == 2);
    const auto& custom = l.set.scoped_antispam[0];
    const auto& strict = l.set.scoped_antispam[1];
    CHECK(custom.name == "Finance");
    CHECK(strict.name == "Strict Preset Security Policy1658310385614");
    CHECK(strict.priority == 0);  // Strict first, whatever the custom rule's priority
    CHECK(custom.priority == 1);
    CHECK(strict.spam.action == spam_action::quarantine);
    CHECK(strict.recipient_domain_is == std::vector<std::string>{"contoso.com"});
    CHECK(l.warned("the Strict preset security policy is simulated as its anti-spam policy"));
    CHECK_FALSE(l.warned("configure nothing of mail-flow simulation"));
  }
}

TEST_SUITE("import: --define over a configuration's assignment") {
  const std::string kOlderExport =
      "    $Credscredential = Get-Credential -Message \"Credentials\"\n"
      "    $OrganizationName = $CredsCredential.UserName.Split('@')[1]\n";
  const std::string kRule = R"(        EXOTransportRule "Rule"
        {
            Name                      = "Tag";
            Priority                  = 0;
            HeaderContainsMessageHeader = "X-Area1Security-Disposition";
            HeaderContainsWords       = @("MALICIOUS");
            SetSCL                    = 9;
            ExceptIfRecipientDomainIs = @("$OrganizationName");
            Ensure                    = "Present";
        }
)";

  TEST_CASE("--define wins over a value known only when the configuration runs") {
    const loaded l = load("d.ps1", configuration(kRule, kOlderExport), {"OrganizationName=c.com"});
    REQUIRE_MESSAGE(l.ok, l.errors.front());
    REQUIRE(l.set.transport_rules.size() == 1);
    REQUIRE(l.set.transport_rules[0].exceptions.size() == 1);
    CHECK(l.set.transport_rules[0].exceptions[0].values == std::vector<std::string>{"c.com"});
    CHECK_FALSE(l.warned("--define OrganizationName=c.com gives it its value"));
  }

  TEST_CASE("without --define the error names --define OrganizationName=VALUE") {
    const loaded l = load("d.ps1", configuration(kRule, kOlderExport));
    REQUIRE_FALSE(l.ok);
    CHECK(l.refused("give --define OrganizationName=VALUE"));
  }

  TEST_CASE("--define wins over a literal too, with a warning at the assignment") {
    const loaded l = load("s.ps1",
                          "$Domain = 'contoso.com'\n"
                          "New-TransportRule -Name T -SenderDomainIs $Domain -SetSCL 9\n",
                          {"Domain=fabrikam.com"});
    REQUIRE(l.ok);
    CHECK(l.set.transport_rules[0].conditions[0].values ==
          std::vector<std::string>{"fabrikam.com"});
    CHECK(l.warned("1:1 $Domain is assigned here, but --define Domain=fabrikam.com gives it"));
    CHECK_FALSE(load("s.ps1",
                     "$Domain = 'x.com'\nNew-TransportRule -Name T -SenderDomainIs "
                     "$Domain -SetSCL 9\n",
                     {"Domain=fabrikam.com"}, true)
                    .ok);  // --strict: the warning is an error
  }
}

TEST_SUITE("import: JSON exports") {
  const std::string kRuleHead =
      "[{\"Name\": \"R\", \"Priority\": 0, \"State\": \"Enabled\", \"Mode\": \"Enforce\", "
      "\"HeaderContainsMessageHeader\": \"X-Area1Security-Disposition\", \"SetSCL\": 9, ";

  TEST_CASE("a list ConvertTo-Json cut off at its depth is refused, naming -Depth") {
    for (const char* value :
         {"System.Collections.ArrayList", "System.Object[]",
          "Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1[[System.String, mscorlib, "
          "Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]",
          "@{Major=15; Minor=0}"}) {
      CAPTURE(value);
      const loaded l =
          load("r.json", kRuleHead + "\"HeaderContainsWords\": \"" + std::string(value) + "\"}]");
      CHECK_FALSE(l.ok);
      CHECK(l.refused("'HeaderContainsWords' of transport rule #1 'R' is '"));
      CHECK(l.refused("ConvertTo-Json -Depth 5"));
    }
    // Words that only look like names are read.
    const loaded domain =
        load("r.json", kRuleHead + "\"HeaderContainsWords\": [\"Microsoft.com\", \"System.x\"]}]");
    CHECK(domain.ok);
  }

  TEST_CASE("a word list given as one text with spaces is read, with a warning") {
    const loaded l = load("r.json", kRuleHead + "\"HeaderContainsWords\": \"UCE SPOOF\"}]");
    REQUIRE(l.ok);
    CHECK(l.set.transport_rules[0].conditions[0].values == std::vector<std::string>{"UCE SPOOF"});
    CHECK(l.warned("'HeaderContainsWords' of transport rule #1 'R' is one text, 'UCE SPOOF'"));
    const loaded list = load("r.json", kRuleHead + "\"HeaderContainsWords\": [\"UCE SPOOF\"]}]");
    CHECK(list.warnings.empty());
  }

  TEST_CASE("every enumeration exported as a number is reported in one pass") {
    const loaded l = load("r.json",
                          "[{\"Name\": \"R\", \"Priority\": 0, \"State\": 0, \"Mode\": 2, "
                          "\"RuleErrorAction\": 0, \"SenderAddressLocation\": 2, "
                          "\"SetAuditSeverity\": 0, \"SetSCL\": 9, "
                          "\"HeaderContainsMessageHeader\": \"X-A\", "
                          "\"HeaderContainsWords\": [\"UCE\"]}]");
    REQUIRE_FALSE(l.ok);
    for (const char* key :
         {"State", "Mode", "RuleErrorAction", "SenderAddressLocation", "SetAuditSeverity"}) {
      CAPTURE(key);
      CHECK(l.refused("'" + std::string(key) + "' of transport rule #1 'R' is a number"));
    }
    CHECK(l.refused("-EnumsAsStrings -Depth 5"));
    CHECK_FALSE(l.refused("expected one of"));
    CHECK(l.errors.size() == 5);
  }

  TEST_CASE("an object that lists names is not taken for a rule or policy") {
    const loaded l = load("b.json",
                          "{\"TransportRules\": [\"A\", \"B\"], "
                          "\"HostedContentFilterPolicy\": \"Default\"}");
    REQUIRE_FALSE(l.ok);
    REQUIRE(l.errors.size() == 1);
    CHECK(
        l.refused("object #1 is not an export of a rule or policy: it lists names under "
                  "TransportRules, HostedContentFilterPolicy"));
  }

  TEST_CASE("a preset's policy is scoped by Get-EOPProtectionPolicyRule, before custom ones") {
    const std::string policies =
        "{\"Name\": \"Default\", \"IsDefault\": true, \"SpamAction\": \"MoveToJmf\"},"
        "{\"Name\": \"Standard Preset Security Policy1658310385614\", \"IsDefault\": false, "
        "\"RecommendedPolicyType\": \"Standard\", \"SpamAction\": \"MoveToJmf\", "
        "\"BulkThreshold\": 6},"
        "{\"Name\": \"Finance\", \"RecommendedPolicyType\": \"Custom\", "
        "\"SpamAction\": \"Quarantine\"},"
        "{\"Name\": \"Finance\", \"HostedContentFilterPolicy\": \"Finance\", "
        "\"State\": \"Enabled\", \"Priority\": 0, \"SentTo\": [\"cfo@contoso.com\"]}";
    const loaded without = load("a.json", "[" + policies + "]");
    REQUIRE(without.ok);
    REQUIRE(without.set.scoped_antispam.size() == 1);
    CHECK(
        without.warned("anti-spam policy 'Standard Preset Security Policy1658310385614' "
                       "belongs to the Standard preset security policy"));
    CHECK(without.warned("Get-EOPProtectionPolicyRule"));
    CHECK(without.warned("takes precedence over custom and default"));
    CHECK_FALSE(load("a.json", "[" + policies + "]", {}, true).ok);  // --strict

    const loaded with =
        load("a.json", "[" + policies +
                           ",{\"Name\": \"Standard Preset Security Policy\", \"Priority\": 1, "
                           "\"State\": \"Enabled\", \"HostedContentFilterPolicy\": "
                           "\"Standard Preset Security Policy1658310385614\", "
                           "\"AntiPhishPolicy\": \"Standard Preset Security Policy1658310385616\","
                           " \"MalwareFilterPolicy\": \"Standard Preset Security "
                           "Policy1658310385620\", \"SentTo\": [\"cfo@contoso.com\"]}]");
    REQUIRE_MESSAGE(with.ok, with.errors.front());
    REQUIRE(with.set.scoped_antispam.size() == 2);
    CHECK(with.set.scoped_antispam[1].name == "Standard Preset Security Policy1658310385614");
    CHECK(with.set.scoped_antispam[1].priority == 0);
    CHECK(with.set.scoped_antispam[0].priority == 1);
    CHECK(with.warned("its anti-phishing (spoof) and anti-malware settings are not"));
  }

  TEST_CASE("an XML export saved one decimal byte per line is one error naming the mistake") {
    std::string bytes;
    for (const char c : std::string("\xFF\xFE<\0?\0x\0m\0l\0 \0v\0", 20)) {
      bytes += std::to_string(static_cast<unsigned char>(c)) + "\r\n";
    }
    const loaded l = load("x.xml", bytes);
    REQUIRE_FALSE(l.ok);
    REQUIRE(l.errors.size() == 1);
    CHECK(l.refused("1:1 this file holds one decimal number per line"));
    CHECK(l.refused("-Encoding Byte"));
    CHECK(l.refused("-AsByteStream"));
    CHECK(l.refused("WriteAllBytes"));
  }
}
