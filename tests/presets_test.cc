// Tests that the built-in presets say exactly what area1-presets.md documents.
#include "engine/rules/presets.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "engine/engine.h"
#include "engine/rules/load_native.h"

using namespace mfsim::rules;

namespace {

rule_set preset(const char* name) {
  auto set = load_preset(name);
  REQUIRE_MESSAGE(set.has_value(), name);
  return std::move(*set);
}

const ip_list& list_named(const rule_set& set, const std::string& name) {
  const auto it = std::find_if(set.ip_lists.begin(), set.ip_lists.end(),
                               [&](const ip_list& l) { return l.name == name; });
  REQUIRE(it != set.ip_lists.end());
  return *it;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
}

bool has(const std::vector<std::string>& v, const std::string& item) {
  return std::find(v.begin(), v.end(), item) != v.end();
}

}  // namespace

TEST_SUITE("presets") {
  TEST_CASE("every listed preset loads and compiles, and unknown names do not") {
    REQUIRE(preset_list().size() >= 2);
    for (const auto& info : preset_list()) {
      const auto set = load_preset(info.name);
      REQUIRE_MESSAGE(set.has_value(), info.name);
      CHECK(set->name == info.name);
      CHECK_NOTHROW((void)mfsim::compile(*set));
    }
    CHECK_FALSE(load_preset("uc9").has_value());
    CHECK_FALSE(preset_yaml("").has_value());
  }

  TEST_CASE("uc4 is use case 4 as Cloudflare documents it today") {
    const auto set = preset("uc4");
    CHECK(set.area1.disposition_header == "X-Area1Security-Disposition");
    CHECK(set.area1.quarantine_dispositions.empty());
    CHECK(set.area1.egress_list == "area1-office365");
    REQUIRE(set.transport_rules.size() == 2);
    const auto& user = set.transport_rules[0];
    CHECK(user.name == "Area 1 User Quarantine Message");
    REQUIRE(user.conditions.size() == 2);
    CHECK(user.conditions[0].kind == condition_kind::header_contains_words);
    CHECK(user.conditions[0].header_name == "X-Area1Security-Disposition");
    CHECK(user.conditions[0].values == std::vector<std::string>{"UCE", "SPOOF"});
    CHECK(user.conditions[1].kind == condition_kind::sender_ip_ranges);
    CHECK(user.actions.set_scl == 5);
    const auto& admin = set.transport_rules[1];
    CHECK(admin.name == "Area 1 User Quarantine Message Admin Release");
    CHECK(admin.conditions[0].values == std::vector<std::string>{"MALICIOUS"});
    CHECK(admin.actions.set_scl == 9);

    REQUIRE(set.quarantine_policies.size() == 2);
    CHECK(set.quarantine_policies[0].name == "UserNotifyUserRelease");
    CHECK(set.quarantine_policies[0].permissions == 7);
    CHECK(set.quarantine_policies[0].notifications);
    CHECK(set.quarantine_policies[1].name == "UserNotifyAdminRelease");
    CHECK(set.quarantine_policies[1].permissions == 11);
    CHECK(set.quarantine_policies[1].notifications);

    CHECK(set.antispam.spam.action == spam_action::quarantine);
    CHECK(set.antispam.spam.quarantine_tag == "UserNotifyUserRelease");
    for (const auto* s : {&set.antispam.high_confidence_spam, &set.antispam.phish,
                          &set.antispam.high_confidence_phish}) {
      CHECK(s->action == spam_action::quarantine);
      CHECK(s->quarantine_tag == "UserNotifyAdminRelease");
    }
    CHECK(set.antispam.bulk.action == spam_action::move_to_jmf);
    CHECK(set.antispam.quarantine_retention_days == 15);
    CHECK(set.antispam.bulk_threshold == 7);
  }

  TEST_CASE("uc4-2023-01 differs from uc4 only in the word SPAM") {
    std::string old_text = *preset_yaml("uc4-2023-01");
    const auto new_text = *preset_yaml("uc4");
    const auto old_set = preset("uc4-2023-01");
    CHECK(old_set.transport_rules[0].conditions[0].values ==
          std::vector<std::string>{"SPAM", "SPOOF"});
    // Put UCE back and drop the revision's naming: the two texts must then be identical.
    replace_all(old_text, "[SPAM, SPOOF]", "[UCE, SPOOF]");
    replace_all(old_text, "uc4-2023-01", "uc4");
    replace_all(old_text, " (text of January 2023, word SPAM)", "");
    replace_all(old_text, "; January 2023 text (word SPAM, never written by Area 1)", "");
    CHECK(old_text == new_text);
  }

  TEST_CASE("the egress lists hold the documented ranges in each form") {
    const auto set = preset("uc4");
    const auto& o365 = list_named(set, "area1-office365").entries;
    CHECK(o365.size() == 4 + 2 + 32 + 2);
    for (const char* e : {"52.11.209.211", "52.89.255.11", "52.0.67.109", "54.173.50.115",
                          "158.51.64.0/26", "158.51.65.0/26", "104.30.32.0/24", "104.30.63.0/24",
                          "134.195.26.0/24", "134.195.27.0/24"}) {
      CHECK_MESSAGE(has(o365, e), e);
    }
    CHECK_FALSE(has(o365, "52.58.35.43"));
    CHECK_FALSE(has(o365, "2405:8100:c400::/38"));
    const auto& old = list_named(set, "area1-office365-2022").entries;
    CHECK(old.size() == o365.size() - 1);
    CHECK_FALSE(has(old, "134.195.27.0/24"));
    const auto& full = list_named(set, "area1-full").entries;
    for (const char* e : {"104.30.32.0/19", "134.195.26.0/23", "52.58.35.43", "35.157.195.63",
                          "2405:8100:c400::/38"}) {
      CHECK_MESSAGE(has(full, e), e);
    }
  }

  TEST_CASE("the other use cases carry their documented Area 1 quarantine and rules") {
    CHECK(preset("uc1").area1.quarantine_dispositions ==
          std::vector<std::string>{"MALICIOUS", "UCE", "SPOOF"});
    CHECK(preset("uc1").transport_rules[0].conditions[0].values ==
          std::vector<std::string>{"SUSPICIOUS", "BULK"});
    CHECK_FALSE(load_preset("uc1-2023-01").has_value());  // uc1's rule never named SPAM
    CHECK(preset("uc2").area1.quarantine_dispositions == std::vector<std::string>{"MALICIOUS"});
    CHECK(preset("uc2").transport_rules[1].actions.set_scl == 9);
    CHECK(preset("uc3").transport_rules[1].conditions[0].values ==
          std::vector<std::string>{"MALICIOUS", "UCE", "SPOOF"});
    const auto uc5 = preset("uc5");
    CHECK(uc5.transport_rules[1].actions.quarantine);
    CHECK(uc5.antispam.high_confidence_spam.quarantine_tag == "AdminOnlyAccessPolicy");
    CHECK(uc5.quarantine_policies.empty());
  }

  TEST_CASE("a preset printed as YAML loads back to the same rule set") {
    const auto text = *preset_yaml("uc4");
    const auto reloaded = load_rule_set_yaml(text, "mine.yaml");
    const auto original = preset("uc4");
    REQUIRE(reloaded.transport_rules.size() == original.transport_rules.size());
    for (std::size_t i = 0; i < original.transport_rules.size(); ++i) {
      CHECK(reloaded.transport_rules[i].name == original.transport_rules[i].name);
      CHECK(reloaded.transport_rules[i].conditions[0].values ==
            original.transport_rules[i].conditions[0].values);
    }
    CHECK(reloaded.ip_lists.size() == original.ip_lists.size());
  }
}
