// Tests of the PowerShell language mfsim reads without running a script (issue 14): hash tables
// and splatting, here-strings, expansion, command results, casts, operators, foreach, decided
// conditions, values only a tenant knows, Add/Remove edits, --define, the budgets, and
// Microsoft365DSC configurations; then the realistic script collection through `mfsim`.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/json_text.h"
#include "engine/rules/load_any.h"
#include "engine/rules/load_native.h"
#include "engine/rules/load_powershell.h"
#include "engine/rules/text_positions.h"
#include "tests/support/build_paths.h"
#include "tests/support/process.h"
#include "tests/support/script_import.h"

namespace {

using mfsim::diagnostic;
using mfsim::load_error;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;
using namespace mfsim::rules;

const std::string kData = mfsim::test::source_dir() + "/tests/testdata/import/";

using mfsim::test::has;
using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::rule_named;
using mfsim::test::rule_names;

}  // namespace

TEST_SUITE("powershell language") {
  TEST_CASE("hash tables splat: keys bare or quoted, any case, ';' or line breaks between") {
    const auto r = import(
        "$p = @{ Name = 'Splatted'; 'SetSCL' = 6\n"
        "  headercontainsmessageheader = 'X-Area1Security-Disposition'\n"
        "  \"HeaderContainsWords\" = 'UCE', 'SPOOF' }\n"
        "New-TransportRule @p -Priority 0 -StopRuleProcessing:$true\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    const auto& rule = rule_named(r.set, "Splatted");
    CHECK(rule.actions.set_scl == 6);
    CHECK(rule.actions.stop_rule_processing);
    CHECK(rule.conditions[0].values == std::vector<std::string>{"UCE", "SPOOF"});
  }

  TEST_CASE("a parameter both splatted and written is an error, as PowerShell's binder says") {
    const auto r = import("$p = @{ Name = 'x'; SetSCL = 5 }\nNew-TransportRule @p -SetSCL 6\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("parameter -SetSCL is given twice") != std::string::npos);
  }

  TEST_CASE("a key twice in one hash table is one error at the second key") {
    const auto r = import("$p = @{ Name = 'x'\n  name = 'y' }\nNew-TransportRule @p -SetSCL 5\n");
    CHECK(lines_of(r.errors) ==
          std::vector<std::string>{"2:3 the key 'name' is given twice in @{ } (first at line 1); "
                                   "keys are compared without case"});
  }

  TEST_CASE("here-strings are one value: @\"...\"@ expands, @'...'@ is literal") {
    const auto r = import(
        "$tag = '[EXT]'\n"
        "$a = @\"\nTagged $tag\n  line \"two\" `$x\n\"@\n"
        "$b = @'\nkept $tag\n'@\n"
        "New-TransportRule x -SetSCL 5 -Comments ($a + '|' + $b)\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "x").comments == "Tagged [EXT]\n  line \"two\" $x|kept $tag");
  }

  TEST_CASE("an unclosed here-string is one error at its start, not one per line") {
    const auto r = import("$html = @\"\n<p>one</p>\n<p>two</p>\n<p>three</p>\n");
    CHECK(lines_of(r.errors) ==
          std::vector<std::string>{
              "1:9 the here-string @\" is not closed by \"@ at the start of a line"});
  }

  TEST_CASE("after an error, a here-string the broken command opened is skipped whole") {
    // Its lines are not statements: "@ on the last one was read as an unclosed string.
    const auto r = import(
        "New-TransportRule -Name 'Disc' -SubjectContainsWords $notset -SetSCL 5 -Comments @\"\n"
        "first line\nsecond line\n\"@\nNew-TransportRule -Name 'After' -SentTo $alsonotset\n");
    const auto errors = lines_of(r.errors);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].starts_with("1:54 New-TransportRule -SubjectContainsWords"));
    CHECK(errors[1].starts_with("5:"));  // the next statement is read, and its own error found
  }

  TEST_CASE("after an error, a block the broken statement opened is skipped whole") {
    // Its lines are not statements: each would be an error of its own ('}' alone, a value alone).
    const auto r = import(
        "Search-UnifiedAuditLog -StartDate (Get-Date) `\n"
        "    -ResultSize 5000 |\n"
        "  ForEach-Object {\n"
        "    $data = $_.AuditData | ConvertFrom-Json\n"
        "    [pscustomobject]@{ From = $data.From }\n"
        "  } | Format-Table\n"
        "$h = @{ Name = $notset # the value is unknown\n"
        "  'Key with { brace' = 1\n"
        "  Other = @{ Inner = 1 }\n"
        "}\n"
        "New-TransportRule @h\n"
        "New-TransportRule -Name 'After' -SentTo $alsonotset\n");
    const auto errors = lines_of(r.errors);
    REQUIRE_MESSAGE(errors.size() == 3, errors);
    CHECK(errors[0].starts_with("3:18 a script block after ForEach-Object"));
    CHECK(errors[1].starts_with("7:9 New-TransportRule -Name: the value of $notset"));
    CHECK(errors[2].starts_with("12:"));  // the next statement is read, and its own error found
  }

  TEST_CASE("double quotes expand $var, ${var} and $( ), and keep `$ literal") {
    const auto r = import(
        "$d = 'contoso.com'\n$n = @{ Name = 'Rule' }\n"
        "New-TransportRule \"$($n.Name) for ${d}\" -SetSCL 5 -Comments \"$d `$d $d.x\"\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    const auto& rule = rule_named(r.set, "Rule for contoso.com");
    CHECK(rule.comments == "contoso.com $d contoso.com.x");
  }

  TEST_CASE("$x = New-TransportRule runs the command; $x.Name and $x itself name the rule") {
    const auto r = import(
        "$rule = New-TransportRule -Name 'Made' -SetSCL 5\n"
        "Set-TransportRule -Identity $rule.Name -SetSCL 6\n"
        "Set-TransportRule $rule -PrependSubject '[x] '\n"
        "$null = New-TransportRule 'Second' -SetSCL 1\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(r.set.transport_rules.size() == 2);
    CHECK(rule_named(r.set, "Made").actions.set_scl == 6);
    CHECK(rule_named(r.set, "Made").actions.prepend_subject == "[x] ");
  }

  TEST_CASE("casts on literals, + concatenation, -join and -f") {
    const auto r = import(
        "$parts = 'a','b'\n"
        "New-TransportRule -Name ([string]'R' + [int]'7') -SetSCL ([int]'4' + 1) `\n"
        "  -SubjectContainsWords ([string[]]'one') -StopRuleProcessing ([bool]1) `\n"
        "  -Comments ('{0}-{1} {{x}}' -f ($parts -join '+'), 'z')\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    const auto& rule = rule_named(r.set, "R7");
    CHECK(rule.actions.set_scl == 5);
    CHECK(rule.actions.stop_rule_processing);
    CHECK(rule.conditions[0].values == std::vector<std::string>{"one"});
    CHECK(rule.comments == "a+b-z {x}");
  }

  TEST_CASE("a cast mfsim does not read is an error naming it") {
    const auto r = import("New-TransportRule x -SetSCL ([datetime]'2024-01-01')\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("the cast [datetime] is not read") != std::string::npos);
  }

  TEST_CASE("foreach and ForEach-Object unroll over arrays the script wrote") {
    const auto r = import(
        "$domains = @(\n  'a.example'\n  'b.example'\n)\n"
        "foreach ($d in $domains) {\n"
        "  New-TransportRule -Name \"Block $d\" -SenderDomainIs $d -DeleteMessage $true\n}\n"
        "'c.example', 'd.example' | ForEach-Object { New-TransportRule \"Tag $_\" "
        "-SenderDomainIs $PSItem -PrependSubject '[t] ' }\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(r.set.transport_rules.size() == 4);
    CHECK(rule_named(r.set, "Block b.example").conditions[0].values ==
          std::vector<std::string>{"b.example"});
    CHECK(rule_named(r.set, "Tag d.example").conditions[0].values ==
          std::vector<std::string>{"d.example"});
  }

  TEST_CASE("foreach over a tenant query runs for no object, with a warning") {
    const auto r = import(
        "foreach ($d in (Get-AcceptedDomain).DomainName) { New-TransportRule \"x $d\" -SetSCL 5 }\n"
        "Get-Mailbox -ResultSize Unlimited | ForEach-Object { New-TransportRule $_.Name }\n"
        "New-TransportRule kept -SetSCL 5\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(r.set.transport_rules.size() == 1);
    REQUIRE(r.warnings.size() == 2);
    CHECK(has(r.warnings, 1, 16, "the loop runs for no object"));
    CHECK(has(r.warnings, 2, 1, "the block runs for no object"));
  }

  TEST_CASE("foreach unrolling stops at its budget with an error naming the limit") {
    std::string script = "$x = ";
    for (int k = 0; k < 400; ++k) script += (k ? "," : "") + std::to_string(k);
    script += "\nforeach ($a in $x) { foreach ($b in $x) { New-TransportRule \"r$a-$b\" } }\n";
    const auto big = import(script);
    REQUIRE(!big.errors.empty());
    CHECK(big.errors[0].message.find("(the PowerShell unrolling limit)") != std::string::npos);
  }

  TEST_CASE("if over a Get- query takes the branch an empty tenant would, with a warning") {
    const auto r = import(
        "if (Get-TransportRule 'Tag' -ErrorAction SilentlyContinue) {\n"
        "  Set-TransportRule 'Tag' -SetSCL 6\n"
        "} elseif ($true) {\n"
        "  New-TransportRule 'Tag' -SetSCL 5\n"
        "} else { New-TransportRule 'Never' -SetSCL 1 }\n"
        "if (-not (Get-TransportRule -Identity Tag)) { New-TransportRule 'Again' } "
        "else { Set-TransportRule Tag -SetSCL 7 }\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(r.set.transport_rules.size() == 1);
    CHECK(rule_named(r.set, "Tag").actions.set_scl == 7);  // the script made Tag: Get finds it
    CHECK(has(r.warnings, 1, 4, "so the condition is false"));
    CHECK(has(r.warnings, 6, 4, "so the condition is false"));
  }

  TEST_CASE("a condition over a value only the machine knows is an error naming it") {
    const auto r = import("if ($env:COMPUTERNAME -eq 'EXCH01') { New-TransportRule x }\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].where.line == 1);
    CHECK(r.errors[0].message.find("the condition depends on $env:COMPUTERNAME") !=
          std::string::npos);
  }

  TEST_CASE("try runs, catch is skipped with a warning, exit ends the script") {
    const auto r = import(
        "try {\n  New-TransportRule x -SetSCL 5\n} catch [System.Exception] {\n"
        "  Write-Error $_; throw\n} finally { Write-Host done }\n"
        "exit 0\nNew-TransportRule never\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(r.set.transport_rules.size() == 1);
    CHECK(has(r.warnings, 3, 3, "catch blocks are not read"));
    CHECK(has(r.warnings, 6, 1, "exit stops the script"));
  }

  TEST_CASE("values only a tenant knows: kept in Comments, next in -Priority, else an error") {
    const auto r = import(
        "New-TransportRule a -SetSCL 5\n"
        "New-TransportRule b -SetSCL 5 -Comments \"by $env:USERNAME on $(Get-Date)\" "
        "-Priority $slot\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(r.set.transport_rules[1].name == "b");  // -Priority unknown: after the others
    CHECK(r.set.transport_rules[1].comments == "by $env:USERNAME on $(Get-Date)");
    CHECK(has(r.warnings, 2, 41, "$env:USERNAME is known only when the script runs"));
    CHECK(has(r.warnings, 2, 41, "(Get-Date) is known only"));
    CHECK(has(r.warnings, 2, 85, "read as the next priority"));
    const auto bad = import("New-TransportRule a -SentTo \"admin@$tenantDomain\"\n");
    CHECK(lines_of(bad.errors) ==
          std::vector<std::string>{
              "1:29 New-TransportRule -SentTo: the value of $tenantDomain (not assigned in this "
              "script) is known only when the script runs (from the tenant, the machine or "
              "whoever runs it); mfsim cannot simulate with it (assign it a literal in the "
              "script, or give --define tenantDomain=VALUE)"});
  }

  TEST_CASE("--define sets a variable; a define the script never reads is a warning") {
    const auto r = import("New-TransportRule a -SetSCL 5 -SentTo \"admin@$tenantDomain\"\n",
                          {{"tenantDomain", "contoso.com"}, {"Unused", "1"}});
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(r.set.transport_rules[0].conditions[0].values ==
          std::vector<std::string>{"admin@contoso.com"});
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].message.find("--define Unused: the script never reads $Unused") !=
          std::string::npos);
  }

  TEST_CASE("(Get-AcceptedDomain).DomainName is the domains --accepted-domain gives") {
    const std::string script =
        "$Domains = (Get-AcceptedDomain).DomainName\n"
        "New-TransportRule a -SetSCL 5 -RecipientDomainIs $Domains\n"
        "New-TransportRule b -SetSCL 6 -ExceptIfRecipientDomainIs (Get-AcceptedDomain).Name\n";
    const auto r = import(script, {}, {"contoso.com", "fabrikam.com"});
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(r.set.transport_rules.size() == 2);
    const std::vector<std::string> both{"contoso.com", "fabrikam.com"};
    CHECK(r.set.transport_rules[0].conditions[0].values == both);
    CHECK(r.set.transport_rules[1].exceptions[0].values == both);
    // Without them the value is the tenant's: an error that says how to give it.
    const auto unknown = import(script);
    REQUIRE(unknown.errors.size() == 2);
    CHECK(unknown.errors[0].message.find("(Get-AcceptedDomain).DomainName") != std::string::npos);
    CHECK(unknown.errors[0].message.find("--accepted-domain DOMAIN") != std::string::npos);
    // A filtered query or another property is still the tenant's alone.
    const auto filtered = import(
        "New-TransportRule a -SetSCL 5 -RecipientDomainIs (Get-AcceptedDomain | Where-Object "
        "{ $_.Default }).DomainName\n",
        {}, {"contoso.com"});
    CHECK(filtered.errors.size() == 1);
  }

  TEST_CASE("param( ) gives defaults; --define overrides them; Mandatory ones need a define") {
    const auto script =
        "param(\n  [Parameter()][string]$Tag = '[EXT]',\n  [Parameter(Mandatory)]$Domain\n)\n"
        "New-TransportRule x -PrependSubject \"$Tag \" -SenderDomainIs $Domain\n";
    const auto missing = import(script);
    REQUIRE(missing.errors.size() == 1);
    CHECK(missing.errors[0].message.find("$Domain (a mandatory parameter of the script)") !=
          std::string::npos);
    const auto given = import(script, {{"Domain", "fabrikam.example"}, {"Tag", "[OUT]"}});
    REQUIRE_MESSAGE(given.errors.empty(), lines_of(given.errors));
    CHECK(given.set.transport_rules[0].actions.prepend_subject == "[OUT] ");
  }

  TEST_CASE("Add and Remove change what a multi-value parameter holds") {
    const auto r = import(
        "New-TransportRule x -SenderDomainIs a.example, b.example -SetSCL 5\n"
        "Set-TransportRule x -SenderDomainIs @{Add='C.example', 'a.example'; Remove='B.EXAMPLE'}\n"
        "New-TransportRule y -SetSCL 5 -SubjectContainsWords @{Add='one'}\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "x").conditions[0].values ==
          std::vector<std::string>{"a.example", "C.example"});
    CHECK(rule_named(r.set, "y").conditions[0].values == std::vector<std::string>{"one"});
  }

  TEST_CASE("constructs that are not read get one specific error each") {
    const auto r = import(
        "filter New-Rule {\n  param($n)\n  New-TransportRule $n\n}\n"
        "trap { New-TransportRule x }\n"
        "class Rule { [string]$Name }\n"
        "New-TransportRule ok -SetSCL 5\n");
    CHECK(lines_of(r.errors) == std::vector<std::string>{"1:1 filter definitions are not read",
                                                         "5:1 trap blocks are not read",
                                                         "6:1 class definitions are not read"});
  }

  TEST_CASE("hash tables and blocks count against the nesting limit") {
    std::string deep = "$t = ";
    for (int k = 0; k < 100; ++k) deep += "@{a=";
    deep += "1";
    for (int k = 0; k < 100; ++k) deep += "}";
    const auto r = import(deep + "\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("(the PowerShell nesting limit)") != std::string::npos);
    std::string nots = "if (";
    for (int k = 0; k < 100000; ++k) nots += "!";
    const auto n = import(nots + "$true) { }\n");
    REQUIRE(n.errors.size() == 1);
    CHECK(n.errors[0].message.find("(the PowerShell nesting limit)") != std::string::npos);
  }
}

TEST_SUITE("microsoft365dsc") {
  TEST_CASE("a configuration is recognised by its Configuration block") {
    CHECK(detect_format("param()\nConfiguration M365TenantConfig\n{\n}\n") == rule_format::dsc);
    CHECK(detect_format("  configuration Example {\n}\n") == rule_format::dsc);
    CHECK(detect_format("New-TransportRule Configuration -SetSCL 5\n") == rule_format::powershell);
  }

  TEST_CASE("an export's resources become the rules and policies they describe") {
    std::vector<diagnostic> warnings;
    import_options options;
    options.defines = {"OrganizationName=contoso.com"};
    options.warnings = &warnings;
    const rule_set set = load_rule_file(kData + "dsc/M365TenantConfig.ps1", options);
    REQUIRE(set.transport_rules.size() == 3);
    CHECK(set.transport_rules[0].name == "Area 1 - UCE");  // Priority 0
    CHECK(set.transport_rules[1].name == "Area 1 - MALICIOUS");
    CHECK(set.transport_rules[1].actions.set_scl == 9);
    CHECK(set.transport_rules[1].comments == "Quarantine what Area 1 calls malicious");
    CHECK(set.transport_rules[2].conditions[0].values == std::vector<std::string>{"contoso.com"});
    CHECK(set.transport_rules[2].actions.set_header_value == "contoso.com");
    REQUIRE(set.quarantine_policies.size() == 1);
    CHECK(set.quarantine_policies[0].name == "NotifyUserRelease");
    CHECK(set.notify_frequency == notification_frequency::daily);
    CHECK(set.antispam.high_confidence_spam.action == spam_action::quarantine);
    CHECK(set.antispam.high_confidence_spam.quarantine_tag == "NotifyUserRelease");
    const auto warned = [&](const std::string& fragment) {
      for (const auto& w : warnings) {
        if (w.message.find(fragment) != std::string::npos) return true;
      }
      return false;
    };
    CHECK(warned("'Old pilot rule' has Ensure = \"Absent\""));
    CHECK(warned("EXOSafeLinksPolicy resources configure nothing of mail-flow simulation"));
  }

  TEST_CASE("without --define, $OrganizationName is an error at each property that needs it") {
    const auto d = [&] {
      std::vector<diagnostic> errors;
      try {
        (void)load_rule_file(kData + "dsc/M365TenantConfig.ps1");
      } catch (const load_error& e) {
        // The warnings (Ensure = "Absent", resources skipped) come with the errors.
        for (const auto& x : e.diagnostics())
          if (!mfsim::is_warning(x)) errors.push_back(x);
      }
      return errors;
    }();
    REQUIRE(d.size() == 1);  // one error per resource block
    CHECK(d[0].message.find("RecipientDomainIs: the value of $OrganizationName (assigned "
                            "$ConfigurationData.NonNodeData.OrganizationName at line 12)") !=
          std::string::npos);
    CHECK(d[0].message.find("give --define OrganizationName=VALUE") != std::string::npos);
  }

  TEST_CASE("EXOAcceptedDomain becomes New-AcceptedDomain with the domain as name") {
    const std::string text = [] {
      std::ifstream in(kData + "dsc/accepted-domains.ps1");
      std::stringstream s;
      s << in.rdbuf();
      return s.str();
    }();
    std::vector<diagnostic> errors, warnings;
    const script_context context{{{"OrganizationName", "contoso.onmicrosoft.com"}}, {}};
    const auto statements =
        parse_powershell(text, text_positions(text, "d.ps1"), context, errors, warnings);
    REQUIRE(errors.empty());
    REQUIRE(statements.size() == 2);
    const auto& cmd = statements[1].pipeline[0];
    CHECK(cmd.name == "New-AcceptedDomain");
    std::vector<std::string> names;
    for (const auto& e : cmd.elements) names.push_back(e.name + "=" + e.value.text);
    CHECK(names == std::vector<std::string>{
                       "Name=contoso.onmicrosoft.com", "DomainName=contoso.onmicrosoft.com",
                       "DomainType=Authoritative", "MatchSubDomains=", "OutboundOnly="});
  }
}

TEST_SUITE("e2e: realistic scripts") {
  const std::string kScripts = "tests/testdata/import/scripts/";

  // `mfsim run --format jsonl` over the samples, one parsed record per message.
  std::vector<nlohmann::json> run_samples(const std::string& rules,
                                          const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"run", "--rules", rules, "--format", "jsonl", "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("corpus/samples");
    const auto r = run_mfsim(args);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    std::vector<nlohmann::json> records;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) records.push_back(mfsim::parse_json(line));
    return records;
  }

  const nlohmann::json& record_of(const std::vector<nlohmann::json>& records,
                                  const std::string& sample) {
    for (const auto& r : records) {
      if (r["id"].get<std::string>().find(sample) != std::string::npos) return r;
    }
    FAIL("no record for " << sample);
    return records.front();
  }

  TEST_CASE("every importable script of the collection round-trips through YAML") {
    for (const char* name : {"gateway-bypass.ps1", "external-warning.ps1", "attachment-block.ps1",
                             "domain-blocklist.ps1", "antispam-baseline.ps1", "tenant-loop.ps1",
                             "connect-and-configure.ps1", "area1-config-as-code.ps1"}) {
      CAPTURE(name);
      temp_dir dir;
      const std::string yaml = dir.path() + "/out.yaml";
      const auto r = run_mfsim({"import", kScripts + name, "-o", yaml});
      REQUIRE_MESSAGE(r.exit_code == 0, r.err);
      CHECK(run_samples(kScripts + name) == run_samples(yaml));
    }
  }

  TEST_CASE("use case 4 written as configuration as code gives the uc4 preset's outcomes") {
    // Functions returning values, [ordered] tables, hash tables in arrays, switch, for, ranges,
    // slices and pipelines build the preset's quarantine policies, anti-spam policy and rules.
    CHECK(run_samples(kScripts + "area1-config-as-code.ps1") == run_samples("uc4"));
  }

  TEST_CASE("a script that wraps the cmdlet in a function creates the rule it calls for") {
    temp_dir dir;
    const std::string yaml = dir.path() + "/out.yaml";
    const auto r = run_mfsim({"import", kScripts + "helper-functions.ps1", "-o", yaml});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    std::ifstream in(yaml);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("Area 1 - UCE") != std::string::npos);
  }

  TEST_CASE("the connect-and-configure script: set-up checks, a function and pasted lists") {
    const auto r = run_mfsim({"import", kScripts + "connect-and-configure.ps1", "-q"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto records = run_samples(kScripts + "connect-and-configure.ps1");
    const auto& uce = record_of(records, "01-uce-from-egress");
    CHECK(uce["rules"] == nlohmann::json{"Area 1 - spam words"});
    CHECK(uce["scl"] == 5);
    const auto& malicious = record_of(records, "19-folded-malicious-from-egress");
    CHECK(malicious["rules"] == nlohmann::json{"Area 1 - MALICIOUS"});
    CHECK(malicious["scl"] == 9);
  }

  TEST_CASE("the gateway script: splatted bypass and quarantine rules act on Area 1 mail") {
    const auto r = run_mfsim({"import", kScripts + "gateway-bypass.ps1", "-q"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.err.find("gateway-bypass.ps1:29:5: warning: New-TransportRule -Comments: "
                     "(Get-Date) is known only") != std::string::npos);
    const auto records = run_samples(kScripts + "gateway-bypass.ps1");
    const auto& uce = record_of(records, "01-uce-from-egress");
    CHECK(uce["rules"] == nlohmann::json{"Area 1 - bypass spam filtering"});
    CHECK(uce["scl"] == -1);
    const auto& malicious = record_of(records, "19-folded-malicious-from-egress");
    CHECK(malicious["rules"] == nlohmann::json{"Area 1 - MALICIOUS to quarantine"});
    CHECK(malicious["scl"] == 9);
  }

  TEST_CASE("the DSC export imports with --define and its YAML runs like it") {
    temp_dir dir;
    const std::string yaml = dir.path() + "/tenant.yaml";
    const std::string config = "tests/testdata/import/dsc/M365TenantConfig.ps1";
    const auto r =
        run_mfsim({"import", config, "--define", "OrganizationName=contoso.com", "-o", yaml});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.err.find("3 transport rule(s), 1 quarantine policy(ies)") != std::string::npos);
    const auto records = run_samples(config, {"--define", "OrganizationName=contoso.com"});
    CHECK(records == run_samples(yaml));
    CHECK(record_of(records, "01-uce-from-egress")["rules"] ==
          nlohmann::json{"Area 1 - UCE", "Tag mail for the org"});
    const auto missing = run_mfsim({"import", config});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("$ConfigurationData.NonNodeData.OrganizationName") != std::string::npos);
    // One NAME=VALUE per --define: the word after it is the file again, not a second define.
    const auto before = run_mfsim({"import", "--define", "OrganizationName=contoso.com", config});
    CHECK_MESSAGE(before.exit_code == 0, before.err);
    const auto bad = run_mfsim({"import", config, "--define", "no equals"});
    CHECK(bad.exit_code != 0);
    CHECK(bad.err.find("expected NAME=VALUE") != std::string::npos);
  }
}

// Constructs found in admins' published rule scripts (docs/decisions.md 412-415): functions
// that wrap the cmdlets, '[' starting a bare word, a Get- query kept in a variable as a
// condition, and common parameters given values only the running script knows.
TEST_SUITE("powershell scripts from the wild") {
  TEST_CASE("a function binds named, positional and switch arguments, and defaults") {
    const auto r = import(
        "function Add-Block([string]$Name, $Words, [switch]$Stop, $Scl = 9) {\n"
        "  New-TransportRule -Name $Name -SubjectContainsWords $Words -SetSCL $Scl `\n"
        "    -StopRuleProcessing:$Stop\n"
        "}\n"
        "Add-Block 'First' 'a', 'b' -Stop\n"
        "Add-Block -Words c -Name Second -Scl 4\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    const auto& first = rule_named(r.set, "First");
    CHECK(first.actions.set_scl == 9);
    CHECK(first.actions.stop_rule_processing);
    CHECK(first.conditions[0].values == std::vector<std::string>{"a", "b"});
    const auto& second = rule_named(r.set, "Second");
    CHECK(second.actions.set_scl == 4);
    CHECK_FALSE(second.actions.stop_rule_processing);
  }

  TEST_CASE("a function's param( ) block, its locals, and return") {
    const auto r = import(
        "$prefix = 'Outer'\n"
        "function Connect { $session = New-PSSession -ConnectionUri https://x; Import-PSSession "
        "$session }\n"
        "function New-Tagged {\n"
        "  [CmdletBinding()]\n"
        "  param([Parameter(Mandatory = $true)][string]$Tag, [int]$Scl = 6)\n"
        "  $prefix = 'Inner'\n"
        "  New-TransportRule -Name \"$prefix $Tag\" -SetSCL $Scl\n"
        "  return\n"
        "  New-TransportRule -Name 'never'\n"
        "}\n"
        "Connect\n"
        "New-Tagged -Tag one | Out-Null\n"
        "New-TransportRule -Name \"$prefix after\" -SetSCL 1\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "Inner one").actions.set_scl == 6);
    CHECK(rule_named(r.set, "Outer after").actions.set_scl == 1);
    CHECK(r.set.transport_rules.size() == 2);
  }

  TEST_CASE("an argument only the running script knows is judged where the function uses it") {
    const auto r = import(
        "function Add-Rule($Name, $Sender) { New-TransportRule -Name $Name -From $Sender }\n"
        "Add-Rule 'x' $who\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].where.line == 1);
    CHECK(r.errors[0].message.find("$who") != std::string::npos);
  }

  TEST_CASE("a function that calls itself stops at the nesting limit, with one error") {
    const auto r = import("function Loop { Loop }\nLoop\nNew-TransportRule -Name ok -SetSCL 5\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(lines_of(r.errors)[0].starts_with("1:17 Loop: function calls nest deeper than 16"));
  }

  TEST_CASE("calls that multiply hit the unrolling budget") {
    std::string script = "function F0 { New-TransportRule -Name x -SetSCL 5 }\n";
    for (int k = 1; k < 12; ++k) {
      script += "function F" + std::to_string(k) + " { F" + std::to_string(k - 1) + "; F" +
                std::to_string(k - 1) + "; F" + std::to_string(k - 1) + " }\n";
    }
    const auto r = import(script + "F11\n");
    REQUIRE(!r.errors.empty());
    CHECK(r.errors[0].message.find("unroll to more than") != std::string::npos);
  }

  TEST_CASE("foreach and calls over a long body stop at the re-reading budget") {
    // Few statements, but each pass reads the megabyte body again: 100 passes are 100 MiB.
    const std::string body = "<# " + std::string(std::size_t{1} << 20, 'x') + " #>";
    std::string items = "$x = ";
    for (int k = 0; k < 100; ++k) items += (k ? "," : "") + std::to_string(k);
    const auto loop = import(items + "\nforeach ($a in $x) { " + body + " }\n");
    REQUIRE(loop.errors.size() == 1);
    CHECK(lines_of(loop.errors)[0].starts_with(
        "2:1 loops and function calls read the script again past 64 MiB"));
    const auto calls =
        import("function Long { " + body + " }\n" + items + "\nforeach ($a in $x) { Long }\n");
    REQUIRE(!calls.errors.empty());
    CHECK(lines_of(calls.errors)[0].starts_with(
        "3:22 loops and function calls read the script again past 64 MiB"));
    // A short body runs as often as the statement budget lets it.
    const auto short_body = import(items + "\nforeach ($a in $x) { <# a comment #> }\n");
    CHECK(short_body.errors.empty());
  }

  TEST_CASE("an unknown parameter of a function is an error naming the function") {
    const auto r = import(
        "function Add-Rule($Name) { New-TransportRule -Name $Name }\n"
        "Add-Rule -Nmae x\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("the function Add-Rule declares no such parameter") !=
          std::string::npos);
  }

  TEST_CASE("'[' starts a bare word in argument mode: -PrependSubject [EXTERNAL]:") {
    const auto r = import(
        "New-TransportRule -Name x -FromScope NotInOrganization "
        "-PrependSubject [EXTERNAL]:\nWrite-Host Continue? [Y] Yes [N] No\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "x").actions.prepend_subject == "[EXTERNAL]:");
  }

  TEST_CASE("a Get- query kept in a variable decides a condition as the query would") {
    const auto r = import(
        "$rule = Get-TransportRule -Identity 'Warn'\n"
        "if ($rule) { Set-TransportRule -Identity Warn -SetSCL 1 }\n"
        "else { New-TransportRule -Name Warn -SetSCL 5 }\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "Warn").actions.set_scl == 5);
    CHECK(has(r.warnings, 2, 4, "so the condition is false"));
  }

  TEST_CASE("a query of the machine's set-up reads as answered, a redirection as nothing") {
    const auto r = import(
        "if (-not (Get-Command Get-TransportRule -ErrorAction SilentlyContinue)) {\n"
        "  Write-Host 'Connect first'; exit }\n"
        "if (!(Get-Module -ListAvailable ExchangeOnlineManagement)) { exit 1 }\n"
        "if (Get-TransportRule 'Warn') { exit }\n"
        "Get-Mailbox -ResultSize 1 2>$null | Out-Null\n"
        "Connect-ExchangeOnline *>&1 > connect.log\n"
        "New-TransportRule -Name Warn -SetSCL 5 2>&1\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"Warn"});
    CHECK(has(r.warnings, 1, 4, "asks the machine running the script (Get-Command "));
    CHECK(has(r.warnings, 1, 4, "so the condition is false"));
    CHECK(has(r.warnings, 3, 4, "asks the machine running the script (Get-Module)"));
    CHECK(has(r.warnings, 4, 4, "asks the tenant (Get-TransportRule 'Warn')"));
    const auto bad = import("Write-Host x >\n");
    REQUIRE(bad.errors.size() == 1);
    CHECK(lines_of(bad.errors)[0] == "1:15 a redirection needs a target, as in 2>$null");
  }

  TEST_CASE("a Get- query in parentheses is still the query") {
    const auto r = import(
        "$rules = Get-TransportRule | Where-Object { $_.Name -like 'Warn*' }\n"
        "if ($null -ne ($rules)) { Remove-TransportRule -Identity Warn }\n"
        "New-TransportRule -Name Warn -SetSCL 5\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"Warn"});
    CHECK(has(r.warnings, 2, 4, "so the condition is false"));
  }

  TEST_CASE("a common parameter may take a value only the running script knows") {
    const auto r = import("New-TransportRule -Name x -SetSCL 5 -ErrorAction $pref -EV $err\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "x").actions.set_scl == 5);
  }

  TEST_CASE("a pipeline's output assigned to a variable is known only when the script runs") {
    const auto r = import(
        "$key = $pw | ConvertTo-SecureString -AsPlainText -Force\n"
        "$rule = Get-TransportRule | Where-Object { $_.Name -eq 'Warn' }\n"
        "if (!$rule) { New-TransportRule -Name Warn -SetSCL 5 }\n"
        "$names = $list | Sort-Object\n"
        "New-TransportRule -Name Sorted -From $names\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(lines_of(r.errors)[0].starts_with("5:38 New-TransportRule -From: the value of $names"));
    CHECK(r.errors[0].message.find("Sort-Object") != std::string::npos);
  }

  TEST_CASE("a cmdlet that changes the organisation inside an assignment's pipeline is an error") {
    const auto r = import("$x = 'a' | New-TransportRule -SetSCL 5\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("only as a statement of its own") != std::string::npos);
  }

  TEST_CASE("a condition on Read-Host's answer names the --define that decides it") {
    const auto r = import("$go = Read-Host 'Create?'\nif ($go -eq 'y') { New-TransportRule x }\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("--define go=VALUE") != std::string::npos);
  }

  TEST_CASE("braces in strings, subexpressions and filters do not close a loop's block") {
    // The constructs of a published script whose foreach lacks its closing brace.
    const std::string body =
        "$names = 'a', 'b'\n"
        "Write-Output \"Found $($names.Count) for $((Get-Date).Year).\"\n"
        "$html = \"<td width=`\"100%`\" style='x:{y}'>{0}</td>\"\n"
        "foreach ($n in $names) {\n"
        "    $d = Get-AcceptedDomain | Where-Object {$_.Default -eq $true}  # } in a comment\n"
        "    Write-Output \"Checking $($n) }\"\n"
        "    New-TransportRule -Name \"Rule $n\" -SetSCL 5 `\n"
        "        -ApplyHtmlDisclaimerText $html\n";
    const auto closed = import(body + "}\n");
    REQUIRE_MESSAGE(closed.errors.empty(), lines_of(closed.errors));
    CHECK(closed.set.transport_rules.size() == 2);
    const auto unclosed = import(body);
    REQUIRE(unclosed.errors.size() == 1);
    CHECK(lines_of(unclosed.errors)[0] == "4:24 '{' is not closed by '}': the file ends first");
  }

  TEST_CASE("a loop over a tenant's objects that is not closed is reported at its brace") {
    const auto r = import("foreach ($c in (Get-Mailbox)) {\n  Write-Output $c\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(lines_of(r.errors)[0] ==
          "1:31 '{' is not closed by '}': the file ends first (the block of the foreach at line "
          "1)");
  }

  TEST_CASE("comparison operators on known operands follow PowerShell's conversions") {
    const auto r = import(
        "$list = 'Alpha', 'beta', 'Gamma'\n"
        "$n = 5\n"
        "if ($n -gt '10') { New-TransportRule -Name NumberOrder -SetSCL 1 }\n"
        "if ('5' -gt 10) { New-TransportRule -Name TextOrder -SetSCL 1 }\n"
        "if ($list -contains 'BETA') { New-TransportRule -Name Contains -SetSCL 1 }\n"
        "if ($list -ccontains 'BETA') { New-TransportRule -Name CaseContains -SetSCL 1 }\n"
        "if ('gamma' -in $list -and 'x' -notin $list) { New-TransportRule -Name In -SetSCL 1 }\n"
        "New-TransportRule -Name (($list -like '[ag]*') -join '+') -SetSCL 2\n"
        "New-TransportRule -Name (($list -cne 'beta') -join '-') -SetSCL 2\n"
        "if (@(0) -eq 0) { New-TransportRule -Name OneZero -SetSCL 1 }\n"
        "if ($true -eq 'false') { New-TransportRule -Name BoolText -SetSCL 1 }\n"
        "if ($n -ge 5 -and $n -le 5 -and $n -ne 4 -and $n -lt 6) {\n"
        "  New-TransportRule Range -SetSCL 1 }\n"
        "if ('a' -clt 'A' -and 'a' -ieq 'A' -and -not ('a' -ceq 'A')) {\n"
        "  New-TransportRule Case -SetSCL 1 }\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"TextOrder", "Contains", "In",
                                                        "Alpha+Gamma", "Alpha-Gamma", "BoolText",
                                                        "Range", "Case"});
  }

  TEST_CASE("-like wildcards and -match regular expressions, with and without case") {
    const auto r = import(
        "if ('file.TXT' -like '*.[st]xt' -and 'ab' -like 'a?' -and 'a*' -like 'a`*') {\n"
        "  New-TransportRule -Name Like -SetSCL 1 }\n"
        "if ('file.TXT' -clike '*.txt') { New-TransportRule -Name CaseLike -SetSCL 1 }\n"
        "if ('Abc123' -match '^[a-z]+\\d{3}$') { New-TransportRule -Name Match -SetSCL 1 }\n"
        "if ('Abc' -cmatch '^[a-z]+$') { New-TransportRule -Name CaseMatch -SetSCL 1 }\n"
        "if ('x' -notmatch 'y' -and 'x' -notlike 'y*') { New-TransportRule No -SetSCL 1 }\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"Like", "Match", "No"});
  }

  TEST_CASE("a comparison that cannot be made is an error at its operator") {
    const auto r = import(
        "if ('a(' -match '(') { New-TransportRule x }\n"
        "if ('a' -like 'a[b') { New-TransportRule x }\n"
        "if (5 -lt 'five') { New-TransportRule x }\n"
        "if (1 -is [int]) { New-TransportRule x }\n");
    const auto lines = lines_of(r.errors);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].starts_with("1:10 -match: the pattern '(' is not a regular"));
    CHECK(lines[1] == "2:9 -like: the wildcard pattern 'a[b' opens '[' without ']'");
    CHECK(lines[2] == "3:7 cannot compare 5 with 'five': 'five' is not a number");
    CHECK(lines[3].starts_with("4:7 the operator -is is not read"));
  }

  TEST_CASE("a match on one text sets $Matches by group number") {
    const auto r = import(
        "$sender = 'user@Contoso.com'\n"
        "if ($sender -match '^(.+)@(.+)$') { New-TransportRule -Name $Matches[2] -SetSCL 5 }\n"
        "if ('abc' -notmatch 'x') { New-TransportRule -Name \"kept $($Matches[0])\" -SetSCL 6 }\n"
        "$found = @('a1', 'b2') -match '\\d'\n"
        "New-TransportRule -Name \"still $($Matches[1])\" -SetSCL 7\n"
        "function Inner { if ('x9' -match '\\d') { } }\n"
        "Inner\n"
        "New-TransportRule -Name \"after $($Matches[0])\" -SetSCL 8\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"Contoso.com", "kept user@Contoso.com",
                                                        "still user", "after user@Contoso.com"});
  }

  TEST_CASE("-split and -replace work as .NET's Regex.Split and Regex.Replace") {
    const auto r = import(
        "$ips = '104.30.32.0/19, 52.11.209.211' -split ',\\s*'\n"
        "New-TransportRule -Name (($ips + ('a,b,c' -split ',', 2)) -join '|') -SetSCL 1\n"
        "New-TransportRule -Name (('a1b2c' -split '(\\d)') -join '|') -SetSCL 1\n"
        "New-TransportRule -Name (('xAx' -split 'a') -join '|') -SetSCL 1\n"
        "New-TransportRule -Name (('xAx' -csplit 'a') -join '|') -SetSCL 1\n"
        "New-TransportRule -Name ('[EXT] Hi' -replace '\\[ext\\]', '[External]') -SetSCL 1\n"
        "New-TransportRule -Name ('a.b' -replace '\\.', '\\') -SetSCL 1\n"
        "New-TransportRule -Name ('user@contoso.com' -replace '^(.*)@(.*)$', '$2 $1 $$') -SetSCL "
        "1\n"
        "New-TransportRule -Name (('a-1', 'b-2' -replace '-\\d') -join '+') -SetSCL 1\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"104.30.32.0/19|52.11.209.211|a|b,c",
                                                        "a|1|b|2|c", "x|x", "xAx", "[External] Hi",
                                                        "a\\b", "contoso.com user $", "a+b"});
  }

  TEST_CASE("-split and -replace stop at the value budget and at a bad pattern") {
    const std::string text(100000, 'a');
    const std::string replacement(4000, 'b');
    const auto grown = import("$x = '" + text + "' -replace '', '" + replacement + "'\n");
    REQUIRE(!grown.errors.empty());
    CHECK(lines_of(grown.errors)[0].starts_with("1:" + std::to_string(text.size() + 9) +
                                                " the script's values pass 256 MiB"));
    const auto bad = import("$x = 'a' -split '('\n$y = 'a' -replace 'a', 'b', 'c'\n");
    const auto lines = lines_of(bad.errors);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].starts_with("1:10 -split: the pattern '(' is not a regular expression"));
    CHECK(lines[1].starts_with("2:10 -replace takes a pattern and at most a replacement"));
  }

  TEST_CASE("a comparison with an operand only the running script knows stays undecided") {
    const auto r = import("$n = Read-Host 'How many?'\nif ($n -gt 3) { New-TransportRule x }\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("known only when the script runs") != std::string::npos);
    CHECK(r.errors[0].message.find("--define n=VALUE") != std::string::npos);
  }

  TEST_CASE("-match on a hostile pattern stops at Boost's complexity limit") {
    const std::string text(4000, 'a');
    const auto r = import("if ('" + text + "b' -match '(a*)*(a*)*c') { New-TransportRule x }\n");
    REQUIRE(r.errors.size() <= 1);
    if (!r.errors.empty()) {
      CHECK(r.errors[0].message.find("too complex") != std::string::npos);
    }
  }

  TEST_CASE("dot-sourcing or calling another script is a warning naming the file") {
    const auto r = import(
        ". ./Connect-Tenant.ps1\n"
        "& \"$PSScriptRoot\\Helpers.ps1\" -Quiet; New-TransportRule -Name After -SetSCL 5\n"
        ". $PSScriptRoot\\Settings.ps1\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "After").actions.set_scl == 5);
    REQUIRE(r.warnings.size() == 3);
    CHECK(lines_of(r.warnings)[0].starts_with(
        "1:1 '. ./Connect-Tenant.ps1' runs another script, which mfsim does not read"));
    CHECK(has(r.warnings, 2, 1, "'& \"$PSScriptRoot\\Helpers.ps1\"' runs another script"));
    CHECK(has(r.warnings, 3, 1, "mfsim import OTHER.ps1 THIS.ps1"));
  }

  TEST_CASE("the call operator on a command named by a value is an error") {
    const auto r = import("& $command -Name x\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(lines_of(r.errors)[0].starts_with("1:1 the call operator & runs the command $command"));
  }

  TEST_CASE("a parameter name written without its dash is named in the error") {
    const auto r = import(
        "New-TransportRule -Name Students SentToMemberOf staff@contoso.com -SetSCL 5\n"
        "New-TransportRule -Name Other -SetSCL 5 Unrelated\n");
    const auto lines = lines_of(r.errors);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] ==
          "1:34 New-TransportRule: unexpected value 'SentToMemberOf' (did you mean "
          "-SentToMemberOf?); every value after the first needs its parameter name (-Name "
          "value)");
    CHECK(lines[1].starts_with("2:41 New-TransportRule: unexpected value 'Unrelated'; every"));
  }

  TEST_CASE("an unset typed parameter holds its type's empty value") {
    const auto r = import(
        "param([Parameter(Mandatory = $false)][string]$Groups, [int]$Count, [switch]$Force,\n"
        "      $Other)\n"
        "if ($Groups -ne '') { New-TransportRule -Name Wrong -SetSCL 1 }\n"
        "elseif ($Count -eq 0 -and -not $Force -and $null -eq $Other) {\n"
        "  New-TransportRule -Name Empty -SetSCL 1 }\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_names(r.set) == std::vector<std::string>{"Empty"});
  }

  TEST_CASE("a typed assignment converts the value to the type") {
    const auto r = import(
        "[array]$domains = @()\n"
        "$domains += 'contoso.com'\n"
        "[int]$scl = '6'\n"
        "[string]$name = 'Typed'\n"
        "New-TransportRule -Name $name -SenderDomainIs $domains -SetSCL $scl\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "Typed").actions.set_scl == 6);
  }

  TEST_CASE("a function with empty parentheses declares its parameters in param( )") {
    const auto r = import(
        "function Add-Rule() {\n"
        "  param([string]$Title, [int]$Scl)\n"
        "  New-TransportRule -Name $Title -SetSCL $Scl\n"
        "}\n"
        "Add-Rule 'Logged' 4\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "Logged").actions.set_scl == 4);
  }

  TEST_CASE("a pipeline inside parentheses is a value only the running script knows") {
    const auto r = import(
        "$policy = Get-HostedContentFilterPolicy -Identity Default\n"
        "$current = @($policy | Select-Object -ExpandProperty AllowedSenderDomains)\n"
        "$sorted = ($names | Sort-Object)\n"
        "Set-HostedContentFilterPolicy -Identity Default -AllowedSenderDomains $sorted\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(lines_of(r.errors)[0].starts_with(
        "4:71 Set-HostedContentFilterPolicy -AllowedSenderDomains: the value of $sorted"));
    CHECK(r.errors[0].message.find("Sort-Object") != std::string::npos);
  }

  TEST_CASE("a pipeline goes on after a Where-Object block over a Get- query") {
    const auto r = import(
        "Get-MessageTrace -PageSize 5000 |\n"
        "    Where-Object {$_.Subject -like '*invoice*'} |\n"
        "    Format-Table Received, SenderAddress\n"
        "New-TransportRule -Name After -SetSCL 5\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(rule_named(r.set, "After").actions.set_scl == 5);
    CHECK(has(r.warnings, 1, 1, "so the block runs for no object"));
  }

  TEST_CASE("a collection made by ::new() and a hash table grown by +=") {
    const std::string grown =
        "$list = [System.Collections.Generic.List[string]]::new()\n"
        "$list.Add('contoso.com')\n"
        "$params = @{ Name = 'Grown' }\n"
        "$params += @{ SenderDomainIs = $list; SetSCL = 6 }\n"
        "New-TransportRule @params\n";
    const auto ok = import(grown);
    REQUIRE_MESSAGE(ok.errors.empty(), lines_of(ok.errors));
    CHECK(rule_named(ok.set, "Grown").actions.set_scl == 6);
    const auto again = import(grown + "$params += @{ name = 'again' }\n");
    const auto lines = lines_of(again.errors);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == "6:15 $params += ...: the key 'name' is in the table already");
  }

  // Environment checks before the rules (decision 436): the branches change no mail flow.
  const std::string kEnvironmentChecks =
      "$Module = Get-Module ExchangeOnlineManagement -ListAvailable\n"
      "if ($Module.count -eq 0) {\n"
      "  Write-Host \"module missing\"\n"
      "  $Confirm = Read-Host \"Install? [Y] Yes [N] No\"\n"
      "  if ($Confirm -match \"[yY]\") { Install-Module ExchangeOnlineManagement -Force; "
      "Import-Module ExchangeOnlineManagement }\n"
      "  else { Write-Host \"required\"; Exit }\n"
      "}\n"
      "$checkConn = Get-PSSession\n"
      "if ($checkConn.ComputerName -ne \"ps.outlook.com\") {\n"
      "  $session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "
      "https://ps.outlook.com/powershell -Credential (Get-Credential)\n"
      "  Import-PSSession $session\n"
      "}\n"
      "New-TransportRule -Name \"External warning\" -FromScope NotInOrganization "
      "-PrependSubject \"[EXTERNAL] \"\n";

  TEST_CASE("an undecided if whose branches change no mail flow is skipped with a warning") {
    const auto r = import(kEnvironmentChecks);
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    REQUIRE(r.set.transport_rules.size() == 1);
    CHECK(rule_named(r.set, "External warning").name == "External warning");
    int skipped = 0;
    for (const auto& w : r.warnings)
      skipped += w.message.find("so mfsim skips it") != std::string::npos;
    CHECK(skipped == 2);
    CHECK(has(r.warnings, 2, 5,
              "no branch of this if changes mail flow (only Write-Host, Read-Host, "
              "Install-Module, Import-Module, Exit), so mfsim skips it (Exit in a branch would "
              "end the run: mfsim reads the script as the run that goes on)"));
    CHECK(has(r.warnings, 2, 5, "the condition depends on $Module"));
    CHECK(has(r.warnings, 9, 5,
              "(only New-PSSession, Get-Credential, Import-PSSession), so mfsim skips it"));
  }

  TEST_CASE("a variable a skipped branch assigns is known only when the script runs") {
    const auto r =
        import(kEnvironmentChecks + "if ($Confirm -eq 'y') { New-TransportRule x -SetSCL 5 }\n");
    const auto lines = lines_of(r.errors);
    REQUIRE_MESSAGE(lines.size() == 1, lines);
    CHECK(has(r.errors, 14, 5,
              "the condition depends on $Confirm (assigned in a skipped branch at line 4)"));
    CHECK(has(r.errors, 14, 5, "mfsim cannot choose a branch"));
    // --define still gives it.
    const auto given =
        import(kEnvironmentChecks + "if ($Confirm -eq 'y') { New-TransportRule x -SetSCL 5 }\n",
               {{"Confirm", "y"}});
    REQUIRE_MESSAGE(given.errors.empty(), lines_of(given.errors));
    CHECK(given.set.transport_rules.size() == 2);
  }

  TEST_CASE("an undecided if whose branches may change mail flow is still an error") {
    const std::string scripts[] = {
        "if ($env:X -eq 'a') { Write-Host a } else { New-TransportRule x }\n",
        "if ($env:X -eq 'a') { Write-Host a } elseif ($env:Y) { Set-HostedContentFilterPolicy "
        "Default -BulkThreshold 6 }\n",
        "function Add-Rule { New-TransportRule x }\nif ($env:X) { Write-Host a; Add-Rule }\n",
        "$l = [System.Collections.Generic.List[string]]::new()\nif ($env:X) { $l.Add('a') }\n",
        "if ($env:X) { & ./rules.ps1 }\n",
        "if ($env:X) { . ./rules.ps1 }\n",
        "if ($env:X) { foreach ($d in 'a', 'b') { Write-Host $d } }\n",
        "if ($env:X) { Write-Host \"$(Remove-TransportRule x -Confirm:$false)\" }\n",
        "if ($env:X) { Get-TransportRule | ForEach-Object { Disable-TransportRule $_.Name } }\n",
        "if ($env:X) { Write-Host a -OutVariable seen }\n",
        "if ($env:X) { Invoke-Expression $command }\n",
        "if ($env:X) { Write-Host a#b; New-TransportRule x -SetSCL 5 }\n",
        "if ($env:X) { Write-Host a \u2013OutVariable seen }\n",
        "if ($env:X) { $function:Add = { New-TransportRule x -SetSCL 5 } }\n",
    };
    for (const auto& script : scripts) {
      CAPTURE(script);
      const auto r = import(script);
      REQUIRE(r.errors.size() == 1);
      CHECK(r.errors[0].message.find("mfsim cannot choose a branch") != std::string::npos);
    }
  }

  TEST_CASE("a decided if runs its branch, an undecided one is skipped where the line goes on") {
    const auto decided = import(
        "$x = 1\nif ($x -eq 1) { Write-Host a; New-TransportRule x -SetSCL 5 } else { Exit }\n");
    REQUIRE_MESSAGE(decided.errors.empty(), lines_of(decided.errors));
    CHECK(rule_named(decided.set, "x").actions.set_scl == 5);
    CHECK(decided.warnings.empty());
    const auto undecided = import(
        "if ($env:X) { Write-Host a } elseif ($env:Y) { exit 1 } else { Start-Sleep 1 }; "
        "New-TransportRule after -SetSCL 4\n");
    REQUIRE_MESSAGE(undecided.errors.empty(), lines_of(undecided.errors));
    CHECK(rule_named(undecided.set, "after").actions.set_scl == 4);
    CHECK(has(undecided.warnings, 1, 5, "(only Write-Host, exit, Start-Sleep), so mfsim skips it"));
  }

  TEST_CASE("many calls of a function with an unknown argument each forget only their own") {
    std::string script = "function f($a) { }\n";
    for (int k = 0; k < 30000; ++k) script += "f $u\n";
    script += "function g($n) { New-TransportRule -Name $n -SetSCL 5 }\ng $later\n";
    const auto r = import(script);
    const auto lines = lines_of(r.errors);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].starts_with("30002:"));
    CHECK(r.errors[0].message.find("$later") != std::string::npos);
  }

  TEST_CASE("a define of a typed parameter is converted to the parameter's type") {
    const std::string script =
        "param([int]$Threshold = 5)\n"
        "if ($Threshold -gt 9) { New-TransportRule -Name big -SetSCL 5 }\n"
        "else { New-TransportRule -Name small -SetSCL 5 }\n";
    const auto given = import(script, {{"Threshold", "10"}});
    REQUIRE_MESSAGE(given.errors.empty(), lines_of(given.errors));
    CHECK(rule_names(given.set) == std::vector<std::string>{"big"});
    const auto unset = import(script);
    REQUIRE_MESSAGE(unset.errors.empty(), lines_of(unset.errors));
    CHECK(rule_names(unset.set) == std::vector<std::string>{"small"});
    const auto text = import(script, {{"Threshold", "ten"}});
    REQUIRE(text.errors.size() == 1);
    CHECK(text.errors[0].message.find("cannot convert 'ten' to a number") != std::string::npos);
  }

  TEST_CASE("a function's parameters not given take typed defaults and Mandatory as param( )") {
    const auto typed = import(
        "function f([string]$s) { if ($null -eq $s) { New-TransportRule -Name wasnull -SetSCL 5 }"
        " else { New-TransportRule -Name wasempty -SetSCL 5 } }\n"
        "f\n");
    REQUIRE_MESSAGE(typed.errors.empty(), lines_of(typed.errors));
    CHECK(rule_names(typed.set) == std::vector<std::string>{"wasempty"});
    const auto mandatory = import(
        "function f([Parameter(Mandatory)][string]$Name) {\n"
        "  New-TransportRule -Name \"r-$Name\" -SetSCL 5 }\n"
        "f\n"
        "f -Name given\n");
    const auto lines = lines_of(mandatory.errors);
    REQUIRE(lines.size() == 1);
    CHECK(
        lines[0].starts_with("2:27 New-TransportRule -Name: the value of $Name (a mandatory "
                             "parameter of the function f, not given at its call)"));
    CHECK(lines[0].find("where the function is called") != std::string::npos);
    CHECK(lines[0].find("parameter of the script") == std::string::npos);
  }

  TEST_CASE("a start of several parameter names is an ambiguous argument") {
    const auto r = import(
        "function f($Alpha, $Also, $Alright) {\n"
        "  New-TransportRule -Name \"a=$Alpha b=$Also c=$Alright\" -SetSCL 5 }\n"
        "f -Al x\n"
        "f -Zed z\n");
    const auto lines = lines_of(r.errors);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "3:1 f -Al: -Al is ambiguous: Alpha, Also, Alright");
    CHECK(lines[1] == "4:1 f -Zed: the function f declares no such parameter");
    const auto one = import(
        "function f($Alpha, $Also, $Alright) {\n"
        "  New-TransportRule -Name \"a=$Alpha b=$Also c=$Alright\" -SetSCL 5 }\n"
        "f -Alr y\n");
    REQUIRE_MESSAGE(one.errors.empty(), lines_of(one.errors));
    CHECK(rule_names(one.set) == std::vector<std::string>{"a= b= c=y"});
  }

  TEST_CASE("script: and global: assignments name the variable and outlive a function call") {
    const auto top = import(
        "$script:n = 'Scoped'\n"
        "New-TransportRule -Name \"r-$n\" -SetSCL 5\n"
        "$Global:g = 'Global'\n"
        "New-TransportRule -Name \"g-$global:g\" -SetSCL 5\n");
    REQUIRE_MESSAGE(top.errors.empty(), lines_of(top.errors));
    CHECK(rule_names(top.set) == std::vector<std::string>{"r-Scoped", "g-Global"});
    const auto called = import(
        "$kept = 'before'\n"
        "function Set-Name { $n = 'local'; $script:n = 'Scoped'; $kept = 'changed' }\n"
        "Set-Name\n"
        "New-TransportRule -Name \"r-$n-$kept\" -SetSCL 5\n");
    REQUIRE_MESSAGE(called.errors.empty(), lines_of(called.errors));
    CHECK(rule_names(called.set) == std::vector<std::string>{"r-Scoped-before"});
  }

  TEST_CASE("a quoted script path and a script block run by . or &") {
    const auto paths = import(
        "& \"C:\\My Scripts\\setup.ps1\"\n"
        ". 'C:\\My Scripts\\vars.ps1'\n"
        "New-TransportRule -Name a -SetSCL 5\n");
    REQUIRE_MESSAGE(paths.errors.empty(), lines_of(paths.errors));
    CHECK(has(paths.warnings, 1, 1, "'& \"C:\\My Scripts\\setup.ps1\"' runs another script"));
    CHECK(has(paths.warnings, 2, 1, "'. 'C:\\My Scripts\\vars.ps1'' runs another script"));
    const auto blocks = import(
        "$n = 'outer'\n"
        "& {\n"
        "  $n = 'child'\n"
        "  New-TransportRule -Name \"amp-$n\" -SetSCL 5\n"
        "}\n"
        "New-TransportRule -Name \"after-$n\" -SetSCL 5\n"
        ". { $n = 'dot' }\n"
        "New-TransportRule -Name \"dotted-$n\" -SetSCL 5\n");
    REQUIRE_MESSAGE(blocks.errors.empty(), lines_of(blocks.errors));
    CHECK(blocks.warnings.empty());
    CHECK(rule_names(blocks.set) ==
          std::vector<std::string>{"amp-child", "after-outer", "dotted-dot"});
  }

  TEST_CASE("a function that is not advanced puts extra positional values in $args") {
    const auto plain_function = import(
        "function f { New-TransportRule -Name $args[0] -SetSCL 5 }\n"
        "f 'FromArgs'\n"
        "function g($first) { New-TransportRule -Name \"$first-$($args[1])\" -SetSCL 5 }\n"
        "g one two three\n");
    REQUIRE_MESSAGE(plain_function.errors.empty(), lines_of(plain_function.errors));
    CHECK(rule_names(plain_function.set) == std::vector<std::string>{"FromArgs", "one-three"});
    const auto advanced = import(
        "function f { [CmdletBinding()] param($Name) New-TransportRule -Name $Name -SetSCL 5 }\n"
        "f one two\n");
    const auto lines = lines_of(advanced.errors);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == "2:1 f: more values than the function f has parameters for");
  }

  TEST_CASE("-like matches UTF-8 characters and bounds its work") {
    const auto utf = import(
        "if ('\xC3\xA9' -like '?') { New-TransportRule -Name one -SetSCL 5 }\n"
        "if ('\xC3\xA9t\xC3\xA9' -like '[\xC3\xA0-\xC3\xBC]t?') {\n"
        "  New-TransportRule -Name set -SetSCL 5 }\n"
        "if ('\xC3\xA9' -like '?"
        "?') { New-TransportRule -Name bytes -SetSCL 5 }\n");
    REQUIRE_MESSAGE(utf.errors.empty(), lines_of(utf.errors));
    CHECK(rule_names(utf.set) == std::vector<std::string>{"one", "set"});
    const std::string hostile = "if ('" + std::string(30000, 'a') + "' -like '*" +
                                std::string(15000, 'a') + "b') { New-TransportRule -Name x }\n";
    const auto bounded = import(hostile);
    REQUIRE(bounded.errors.size() == 1);
    CHECK(bounded.errors[0].where.line == 1);
    CHECK(bounded.errors[0].message.find("is too complex for this text (more than 100000000 "
                                         "steps)") != std::string::npos);
  }
}
