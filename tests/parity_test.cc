// Tests of the parity tables behind docs/parity.md: every parameter Microsoft's reference lists
// has a status, every note agrees with its table, and every status that needs a reason has one.
#include "engine/rules/parity.h"

#include <doctest/doctest.h>

#include <string>

namespace {

using namespace mfsim::rules;

constexpr cmdlet_family kFamilies[] = {
    cmdlet_family::transport_rule, cmdlet_family::antispam_policy, cmdlet_family::quarantine_policy,
    cmdlet_family::antispam_rule};

bool listed(const std::vector<parity_section>& sections, cmdlet_family family,
            std::string_view name) {
  for (const auto& section : sections) {
    if (section.family != family) continue;
    for (const auto& group : section.groups) {
      for (const auto& row : group.rows) {
        if (row.name == name) return true;
      }
    }
  }
  return false;
}

TEST_CASE("every parameter of Microsoft's reference has a table entry or a note") {
  for (const auto family : kFamilies) {
    for (const auto name : reference_parameters(family)) {
      bool noted = false;
      for (const auto& note : parity_notes(family)) noted = noted || note.name == name;
      INFO(name);
      CHECK((find_parameter(family, name) != nullptr || noted));
      const std::string twin = "ExceptIf" + std::string(name);
      if (family == cmdlet_family::transport_rule && find_parameter(family, twin) != nullptr) {
        CHECK(find_parameter(family, twin)->support == find_parameter(family, name)->support);
      }
    }
  }
}

TEST_CASE("every note agrees with its parameter's table entry") {
  for (const auto family : kFamilies) {
    for (const auto& note : parity_notes(family)) {
      INFO(note.name);
      CHECK(parity_of(family, note.name) == note.status);
      CHECK(!note.detail.empty());
    }
  }
}

TEST_CASE("docs/parity.md lists every parameter once, with a reason where its status needs one") {
  const auto sections = parity_sections();
  REQUIRE(sections.size() == 4);
  for (const auto family : kFamilies) {
    for (const auto name : parameter_names(family)) CHECK(listed(sections, family, name));
    for (const auto name : reference_parameters(family)) CHECK(listed(sections, family, name));
  }
  CHECK(listed(sections, cmdlet_family::transport_rule, "ExceptIfMessageTypeMatches"));
  for (const auto& section : sections) {
    for (const auto& group : section.groups) {
      for (const auto& row : group.rows) {
        INFO(row.name);
        if (row.status == parity_status::no_effect || row.status == parity_status::user_data ||
            row.status == parity_status::cannot_simulate) {
          CHECK(!row.detail.empty());
        }
      }
    }
  }
  const std::string doc = parity_markdown();
  CHECK(doc.find("| New-TransportRule |") != std::string::npos);
  CHECK(doc.find("### Exceptions") != std::string::npos);
  CHECK(doc.find("| `SetSCL` | simulated |") != std::string::npos);
}

}  // namespace
