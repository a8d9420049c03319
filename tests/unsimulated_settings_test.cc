// Tests of what public hardening scripts and Microsoft's pages give that mfsim cannot simulate or
// the reference does not list (decisions 1182-1183): -MarkAsSpamSensitiveWordList On loads with a
// warning at its position, an error only with --strict, and -SenderNotificationType is refused
// with the reference's parameter named.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/rules/load_any.h"
#include "engine/status.h"
#include "tests/support/process.h"
#include "tests/support/script_import.h"

namespace {

using mfsim::diagnostic;
using mfsim::is_warning;
using mfsim::load_error;
using mfsim::test::has;
using mfsim::test::import;
using mfsim::test::lines_of;
using mfsim::test::only_error;
using mfsim::test::temp_dir;
using namespace mfsim::rules;

// The messages of loading `text` saved as `name` with `strict`: errors when it does not load,
// else its warnings.
std::vector<diagnostic> messages_of(const std::string& name, const std::string& text, bool strict) {
  temp_dir dir;
  const std::string path = dir.write(name, text);
  std::vector<diagnostic> warnings;
  import_options options;
  options.strict = strict;
  options.warnings = &warnings;
  try {
    const rule_set set = load_rule_file(path, options);
    for (const auto& w : set.imported.warnings) warnings.push_back(w);
    return warnings;
  } catch (const load_error& e) {
    return e.diagnostics();
  }
}

bool any_says(const std::vector<diagnostic>& list, const std::string& part, bool warning) {
  for (const auto& d : list) {
    if (is_warning(d) == warning && d.message.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_SUITE("settings mfsim cannot simulate") {
  TEST_CASE("MarkAsSpamSensitiveWordList On loads, warned where it is, the rest applied") {
    const auto r = import(
        "Set-HostedContentFilterPolicy Default -SpamAction Quarantine `\n"
        "  -MarkAsSpamSensitiveWordList On -MarkAsSpamFormTagsInHtml On\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    CHECK(has(r.set.imported.warnings, 2, 3,
              "-MarkAsSpamSensitiveWordList in the Default anti-spam policy is 'On', which "
              "mfsim does not simulate (Microsoft does not publish its sensitive word list)"));
    CHECK(has(r.set.imported.warnings, 2, 3, "simulated as with Off"));
    // The settings around it still take effect.
    CHECK(r.set.antispam.spam.action == spam_action::quarantine);
    CHECK(r.set.antispam.asf.of(asf_setting::form_tags) == asf_state::on);
  }

  TEST_CASE("Test warns too; Off and an empty value say nothing") {
    const auto test =
        import("Set-HostedContentFilterPolicy Default -MarkAsSpamSensitiveWordList Test\n");
    REQUIRE_MESSAGE(test.errors.empty(), lines_of(test.errors));
    CHECK(has(test.set.imported.warnings, 1, 39, "is 'Test', which mfsim does not simulate"));
    for (const char* value : {"Off", "off", "''"}) {
      const auto r = import(std::string("New-HostedContentFilterPolicy -Name P "
                                        "-MarkAsSpamSensitiveWordList ") +
                            value +
                            "\nNew-HostedContentFilterRule -Name P "
                            "-HostedContentFilterPolicy P -RecipientDomainIs a.com\n");
      CHECK_MESSAGE(r.errors.empty(), value);
      CHECK_MESSAGE(r.set.imported.warnings.empty(), lines_of(r.set.imported.warnings));
    }
  }

  TEST_CASE("--strict makes it an error; an export's property is warned the same way") {
    const std::string script =
        "Set-HostedContentFilterPolicy Default -MarkAsSpamSensitiveWordList On\n";
    CHECK(any_says(messages_of("s.ps1", script, false), "does not simulate", true));
    CHECK(any_says(messages_of("s.ps1", script, true), "does not simulate", false));
    const std::string json = R"({"Name": "Default", "IsDefault": true, "SpamAction": "MoveToJmf", )"
                             R"("MarkAsSpamSensitiveWordList": "On"})";
    const auto from_export = messages_of("antispam.json", json, false);
    CHECK(any_says(from_export,
                   "'MarkAsSpamSensitiveWordList' in the Default anti-spam policy is 'On', which "
                   "mfsim does not simulate",
                   true));
  }
}

TEST_SUITE("settings mfsim cannot simulate, hostile review (decision 1205)") {
  TEST_CASE("a value the reference does not list is refused, not warned as simulated away") {
    // SpamFilteringOption takes Off, On and Test: Exchange refuses anything else.
    const std::string yes =
        only_error("Set-HostedContentFilterPolicy Default -MarkAsSpamSensitiveWordList Yes\n");
    CHECK(yes.find("1:68 -MarkAsSpamSensitiveWordList in the Default anti-spam policy: expected "
                   "one of Off, On, Test, found 'Yes'") == 0);
    CHECK(only_error("Set-HostedContentFilterPolicy Default -MarkAsSpamSensitiveWordList $true\n")
              .find("expected one of Off, On, Test, found $true") != std::string::npos);
    const std::string json = R"({"Name": "Default", "IsDefault": true, "SpamAction": "MoveToJmf", )"
                             R"("MarkAsSpamSensitiveWordList": "Enabled"})";
    const auto from_json = messages_of("antispam.json", json, false);
    CHECK(any_says(from_json, "expected one of Off, On, Test", false));

    // A value carrying an escape sequence is refused, and shown inert.
    const auto escaped = messages_of(
        "s.ps1", "Set-HostedContentFilterPolicy Default -MarkAsSpamSensitiveWordList \"On`e[2J\"\n",
        false);
    REQUIRE(escaped.size() == 1);
    const std::string shown = mfsim::format_diagnostic(escaped.front());
    CHECK(shown.find('\x1b') == std::string::npos);
    CHECK(shown.find("found 'On\\x1b[2J'") != std::string::npos);
  }

  TEST_CASE(
      "the YAML format still refuses the key, at its position, saying why and what to write") {
    // Decision 1234: the key was refused as unknown, with a did-you-mean and no reason.
    for (const std::string& policy :
         {std::string("antispam_policy:\n  "), std::string("antispam_policies:\n- Name: P\n  ")}) {
      CAPTURE(policy);
      const auto yaml = messages_of(
          "rules.yaml", "mfsim: 1\n" + policy + "MarkAsSpamSensitiveWordList: On\n", false);
      const int line = policy.starts_with("antispam_policy:") ? 3 : 4;
      const std::string in = line == 3 ? "in antispam_policy" : "in anti-spam policy 'P'";
      int refused = 0;
      for (const auto& d : yaml) {
        if (is_warning(d) || d.message.find("MarkAsSpamSensitiveWordList") == std::string::npos)
          continue;
        ++refused;
        CHECK(d.where.line == line);
        CHECK(d.where.col == 3);
        CHECK(d.message ==
              "'MarkAsSpamSensitiveWordList' " + in +
                  " is not a key of mfsim's YAML format: Microsoft does not publish its sensitive "
                  "word list, so mfsim cannot simulate the setting; remove the key: the policy is "
                  "simulated as with Off (`mfsim import` reads a script's or an export's other "
                  "values as Off too, with a warning)");
      }
      CHECK(refused == 1);
    }
  }

  TEST_CASE("one warning per setting given, and nothing of the policy changes") {
    const auto r = import(
        "Set-HostedContentFilterPolicy Default -MarkAsSpamSensitiveWordList ON -SpamAction "
        "MoveToJmf\n");
    REQUIRE_MESSAGE(r.errors.empty(), lines_of(r.errors));
    int count = 0;
    for (const auto& w : r.set.imported.warnings) {
      if (w.message.find("SensitiveWordList") != std::string::npos) ++count;
    }
    CHECK(count == 1);
    const auto off = import("Set-HostedContentFilterPolicy Default -SpamAction MoveToJmf\n");
    REQUIRE(off.errors.empty());
    CHECK(r.set.antispam.asf.state == off.set.antispam.asf.state);
    CHECK(r.set.antispam.spam.action == off.set.antispam.spam.action);
  }
}

TEST_SUITE("parameters Microsoft's pages write that the reference does not list") {
  TEST_CASE("-SenderNotificationType names -NotifySender, and stays an error") {
    const std::string error = only_error(
        "New-TransportRule -Name OME -SentToScope NotInOrganization -ApplyRightsProtectionTemplate "
        "Encrypt -SenderNotificationType NotifyOnly\n");
    CHECK(error.find("1:99 New-TransportRule has no parameter -SenderNotificationType (did you "
                     "mean '-NotifySender'?") == 0);
    CHECK(error.find("Office 365 Message Encryption page") != std::string::npos);
    // Other names still get the closest parameter, or no hint.
    CHECK(only_error("New-TransportRule -Name a -SetSLC 5\n").find("did you mean '-SetSCL'?") !=
          std::string::npos);
    CHECK(only_error("New-TransportRule -Name a -Frobnicate 5\n").find("did you mean") ==
          std::string::npos);
  }
}
