// A gzip attachment of several members (RFC 1952 section 2.2) is read whole, as gzip -d reads
// it (engine/mail/inflate_bounded, attachment_content).
#include <doctest/doctest.h>

#include <string>

#include "engine/mail/attachment_content.h"
#include "engine/mail/inflate_bounded.h"
#include "tests/support/archive_writer.h"

namespace {

namespace mail = mfsim::mail;
using mfsim::test::gzip_of;

}  // namespace

TEST_SUITE("gzip members") {
  TEST_CASE("every member is inflated, within one budget") {
    const std::string two = gzip_of("hello there ") + gzip_of("the secret plan");
    std::string out;
    CHECK(mail::inflate_gzip_members(two, 1000, out) == mail::inflated::complete);
    CHECK(out == "hello there the secret plan");
    // Zero padding after the last member is no member.
    out.clear();
    CHECK(mail::inflate_gzip_members(two + std::string(512, '\0'), 1000, out) ==
          mail::inflated::complete);
    CHECK(out == "hello there the secret plan");
    // The budget counts both members.
    out.clear();
    CHECK(mail::inflate_gzip_members(two, 15, out) == mail::inflated::too_large);
    CHECK(out == "hello there the");
  }

  TEST_CASE("the words of a second member are the file's words") {
    mail::content_limits limits;
    mail::attachment_contents out;
    mail::inspect_attachment("notes.txt.gz", gzip_of("hello there\n") + gzip_of("the secret plan"),
                             limits, out);
    REQUIRE(out.files.size() == 2);
    CHECK(out.files[1].text_lower == "hello there\nthe secret plan");
  }
}
