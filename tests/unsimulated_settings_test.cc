// Tests of what public hardening scripts and Microsoft's pages give that mfsim cannot simulate or
// the reference does not list (decisions 1182-1183): -MarkAsSpamSensitiveWordList On loads with a
// warning at its position, an error only with --strict, and -SenderNotificationType is refused
// with the reference's parameter named.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/rules/load_any.h"
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
