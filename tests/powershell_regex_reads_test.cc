// The per-script budget of characters the PowerShell regular expressions read (decisions 608 and
// 641): as large as the value budget, so that a script searching each text it holds once loads.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/script_import.h"

namespace {

using mfsim::test::comments_of;
using mfsim::test::import;

// A list of `count` literal domains named `prefix`N.`suffix`, as a script pastes them.
std::string domain_list(const char* prefix, int count, const char* suffix) {
  std::string list = "@(\n";
  for (int k = 0; k < count; ++k) {
    list += std::string(k ? ",\n" : "") + "'" + prefix + std::to_string(k) + "." + suffix + "'";
  }
  return list + "\n)\n";
}

}  // namespace

TEST_SUITE("powershell regex reads") {
  TEST_CASE("4,000 names matched against a 23 KB list of blocked domains load") {
    // 4,000 searches of a text none of them is in: 92 MB read, within the value budget's 256 MiB
    // of values used; the 64 MiB regex budget refused this script.
    const std::string script =
        "$existing = " + domain_list("blocked", 1000, "example.com") +
        "$candidates = " + domain_list("new", 4000, "example.org") +
        "$joined = $existing -join ';'\n"
        "$n = 0\n"
        "foreach ($d in $candidates) {\n"
        "  if (-not ($joined -match $d)) { $n++ }\n"
        "}\n"
        "New-TransportRule -Name 'Block new' -SenderDomainIs 'x.example' -Comments \"$n new\" "
        "-DeleteMessage $true\n";
    const auto r = import(script);
    REQUIRE_MESSAGE(r.errors.empty(), (r.errors.empty() ? "" : r.errors[0].message));
    CHECK(comments_of(r, "Block new") == "4000 new");
  }
}
