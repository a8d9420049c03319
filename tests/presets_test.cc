// Tests that the built-in presets say exactly what area1-presets.md documents.
#include "engine/rules/presets.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "engine/engine.h"
#include "engine/rules/load_native.h"
#include "engine/rules/write_yaml.h"
#include "engine/rules/yaml_diff.h"

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
      // A preset is read without the checks for a second document and alias expansion
      // (load_built_in_rule_set_yaml): its text passes them, and reads the same with them.
      const auto checked = load_rule_set_yaml(*preset_yaml(info.name), "preset:" + info.name);
      CHECK(write_rule_set_yaml(checked) == write_rule_set_yaml(*set));
    }
    CHECK_FALSE(load_preset("uc9").has_value());
    CHECK_FALSE(preset_yaml("").has_value());
  }

  TEST_CASE("uc4 is use case 4 as the Area 1 pages wrote it, with today's egress list") {
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
    replace_all(old_text, "(text of January 2023, word SPAM)",
                "(text corrected on 2023-08-01, word UCE)");
    CHECK(old_text == new_text);
  }

  TEST_CASE("the IP lists known without loading are those every use-case preset defines") {
    // --egress-list preset:NAME is checked against preset_ip_list_names() and taken from
    // preset_ip_list(), not from a loaded preset.
    const std::vector<std::string_view> names = preset_ip_list_names();
    REQUIRE(names.size() == 4);
    std::size_t use_cases = 0;
    for (const auto& info : preset_list()) {
      const rule_set set = preset(info.name.c_str());
      if (set.ip_lists.empty()) continue;  // eop-*: a policy only
      ++use_cases;
      std::vector<std::string_view> loaded;
      for (const auto& list : set.ip_lists) {
        loaded.emplace_back(list.name);
        // What an import's egress option takes is the list as loaded, but for its place.
        const auto built = preset_ip_list(list.name);
        REQUIRE(built.has_value());
        CHECK(built->entries == list.entries);
        CHECK(built->comment == list.comment);
        CHECK(built->where.file.empty());
      }
      CHECK_MESSAGE(loaded == names, info.name);
    }
    CHECK_FALSE(preset_ip_list("area1-nope").has_value());
    CHECK(use_cases == 14);  // uc1-uc5, their -2025-07 revisions, and the -2023-01 ones of uc2-uc5
  }

  // Cloudflare One, Email security, "Egress IPs" (developers.cloudflare.com/cloudflare-one/
  // email-security/setup/pre-delivery-deployment/egress-ips/, last updated 2026-04-17): "Add
  // all of the following addresses", 35.157.195.63 and 52.58.35.43 included, and the /24 form
  // for Microsoft 365.
  TEST_CASE("the egress lists hold the documented ranges of each page version") {
    const auto set = preset("uc4");
    const auto& o365 = list_named(set, "area1-office365").entries;
    CHECK(o365.size() == 4 + 2 + 2 + 32 + 2);
    for (const char* e : {"52.11.209.211", "52.89.255.11", "52.0.67.109", "54.173.50.115",
                          "158.51.64.0/26", "158.51.65.0/26", "104.30.32.0/24", "104.30.63.0/24",
                          "134.195.26.0/24", "134.195.27.0/24", "52.58.35.43", "35.157.195.63"}) {
      CHECK_MESSAGE(has(o365, e), e);
    }
    CHECK_FALSE(has(o365, "2405:8100:c400::/38"));
    CHECK_FALSE(has(o365, "104.30.32.0/19"));
    // The Cloud Email Security page (cloudflare-docs 0f81c5e1), US customers: no Europe pair.
    const auto& y2024 = list_named(set, "area1-office365-2024").entries;
    CHECK(y2024.size() == o365.size() - 2);
    CHECK_FALSE(has(y2024, "52.58.35.43"));
    CHECK_FALSE(has(y2024, "35.157.195.63"));
    CHECK(has(y2024, "134.195.27.0/24"));
    const auto& old = list_named(set, "area1-office365-2022").entries;
    CHECK(old.size() == y2024.size() - 1);
    CHECK_FALSE(has(old, "134.195.27.0/24"));
    const auto& full = list_named(set, "area1-full").entries;
    for (const char* e : {"104.30.32.0/19", "134.195.26.0/23", "52.58.35.43", "35.157.195.63",
                          "2405:8100:c400::/38"}) {
      CHECK_MESSAGE(has(full, e), e);
    }
    // Every use-case preset, of every revision, takes the current list: the pages say "enter
    // the egress IPs in the Egress IPs page", a live page.
    for (const auto& info : preset_list()) {
      const auto p = preset(info.name.c_str());
      if (p.area1.present) CHECK_MESSAGE(p.area1.egress_list == "area1-office365", info.name);
    }
  }

  // Cloudflare One, Email Security, "Microsoft 365 as MX Record", use cases
  // (developers.cloudflare.com/cloudflare-one/email-security/setup/pre-delivery-deployment/
  // prerequisites/m365-email-security-mx/use-cases/).
  TEST_CASE("the -2025-07 presets follow today's Email Security text") {
    const auto uc4 = preset("uc4-2025-07");
    CHECK(uc4.area1.disposition_header == "X-CFEmailSecurity-Disposition");
    // MX mode: Cloudflare keeps MALICIOUS and SPAM (UCE) itself, which cannot be modified.
    CHECK(uc4.area1.quarantine_dispositions == std::vector<std::string>{"MALICIOUS", "UCE"});
    REQUIRE(uc4.transport_rules.size() == 2);
    CHECK(uc4.transport_rules[0].name == "Email Security User Quarantine Message");
    CHECK(uc4.transport_rules[0].conditions[0].header_name == "X-CFEmailSecurity-Disposition");
    CHECK(uc4.transport_rules[0].conditions[0].values == std::vector<std::string>{"UCE", "SPOOF"});
    CHECK(uc4.transport_rules[1].name == "Email Security User Quarantine Message Admin Release");
    // The junk rule matches BULK only in use cases 2, 3 and 5; use case 1 keeps SUSPICIOUS.
    for (const char* name : {"uc2-2025-07", "uc3-2025-07", "uc5-2025-07"}) {
      const auto set = preset(name);
      CHECK_MESSAGE(set.transport_rules[0].name == "Email Security Deliver to Junk Email folder",
                    name);
      CHECK_MESSAGE(set.transport_rules[0].conditions[0].values == std::vector<std::string>{"BULK"},
                    name);
    }
    CHECK(preset("uc1-2025-07").transport_rules[0].conditions[0].values ==
          std::vector<std::string>{"SUSPICIOUS", "BULK"});
    CHECK(preset("uc1-2025-07").area1.quarantine_dispositions ==
          std::vector<std::string>{"MALICIOUS", "UCE", "SPOOF"});
    // Policies are the use case's own, as in the Area 1 text.
    CHECK(uc4.antispam.spam.quarantine_tag == "UserNotifyUserRelease");
    CHECK(preset("uc5-2025-07").transport_rules[1].actions.quarantine);
    // The Area 1-era names still work and still read the Area 1 header.
    CHECK(preset("uc4").area1.disposition_header == "X-Area1Security-Disposition");
    CHECK(preset("uc4").area1.quarantine_dispositions.empty());
  }

  TEST_CASE("presets diff lists what changed, setting by setting") {
    const auto d = diff_yaml(*preset_yaml("uc4"), *preset_yaml("uc4-2025-07"));
    const auto has_line = [&](bool added, const std::string& line) {
      return std::any_of(d.begin(), d.end(), [&](const yaml_difference& x) {
        return x.added == added && x.line == line;
      });
    };
    CHECK(has_line(false, "area1.disposition_header = X-Area1Security-Disposition"));
    CHECK(has_line(true, "area1.disposition_header = X-CFEmailSecurity-Disposition"));
    CHECK(has_line(true, "area1.quarantine_dispositions[] = MALICIOUS"));
    CHECK(has_line(false, "area1.quarantine_dispositions = []"));
    CHECK(has_line(true, "transport_rules[Email Security User Quarantine Message].SetSCL = 5"));
    CHECK(has_line(false, "transport_rules[Area 1 User Quarantine Message].SetSCL = 5"));
    // Same egress list, same policies: not listed.
    for (const auto& x : d) {
      CHECK_MESSAGE(x.line.find("ip_lists") == std::string::npos, x.line);
      CHECK_MESSAGE(x.line.find("antispam_policy") == std::string::npos, x.line);
    }
    CHECK(diff_yaml(*preset_yaml("uc4"), *preset_yaml("uc4")).empty());
    const auto words = diff_yaml(*preset_yaml("uc4"), *preset_yaml("uc4-2023-01"));
    CHECK(std::any_of(words.begin(), words.end(), [](const yaml_difference& x) {
      return x.added &&
             x.line ==
                 "transport_rules[Area 1 User Quarantine Message].HeaderContainsWords[] = SPAM";
    }));
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
