// The extension of a file inside an archive or winmail.dat is read from the name the recipient
// keeps, as the name patterns read it (decision 631): a NUL ends the name before any folder
// after it.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/little_endian.h"
#include "tests/support/attachment_mail.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::le_bytes;

std::string attribute(int level, std::uint32_t id, const std::string& data) {
  return std::string(1, static_cast<char>(level)) + le_bytes(id, 4) + le_bytes(data.size(), 4) +
         data + le_bytes(0, 2);
}

// winmail.dat with one file whose PT_STRING8 PR_ATTACH_LONG_FILENAME is `name`.
std::string winmail_dat(const std::string& name) {
  std::string list = le_bytes(1, 4) + le_bytes(0x3707001E, 4) + le_bytes(1, 4) +
                     le_bytes(name.size(), 4) + name + std::string((4 - name.size() % 4) % 4, '\0');
  std::string s = "\x78\x9F\x3E\x22" + le_bytes(0, 2);
  s += attribute(2, 0x00069002, std::string(14, '\0'));
  s += attribute(2, 0x0006800F, "hello");
  s += attribute(2, 0x00069005, list);
  return s;
}

const char* kRules = R"(mfsim: 1
name: names
transport_rules:
  - Name: By extension
    AttachmentExtensionMatchesWords: [exe]
    SetSCL: 5
  - Name: By name
    AttachmentNameMatchesPatterns: ['^evil\.exe$']
    SetSCL: 6
)";

}  // namespace

TEST_SUITE("tnef attachments") {
  TEST_CASE("a packed name cut by a NUL before a folder has the extension its name shows") {
    mfsim::test::simulator sim(kRules);
    // Windows and MAPI read the name to its NUL: evil.exe, whatever "/x.txt" follows.
    sim.run(mfsim::test::mail_with(
        {{"winmail.dat", winmail_dat(std::string("evil.exe\0/x.txt\0", 16))}}));
    CHECK(sim.fired() == std::vector<std::string>{"By extension", "By name"});
    sim.run(
        mfsim::test::mail_with({{"winmail.dat", winmail_dat(std::string("dir\\evil.exe\0", 13))}}));
    CHECK(sim.fired() == std::vector<std::string>{"By extension", "By name"});
    sim.run(mfsim::test::mail_with(
        {{"winmail.dat", winmail_dat(std::string("evil.txt\0/x.exe\0", 16))}}));
    CHECK(sim.fired().empty());
  }
}
