// The file name an attachment gets on the recipient's system, as the attachment conditions read
// it (decisions 590-592): RFC 2231's form before the plain one, a name cut at a NUL and without
// trailing spaces, dots and control characters, and its last path component only.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/mail/attachment_file_name.h"
#include "engine/mail/mime_body.h"
#include "tests/support/attachment_mail.h"
#include "tests/support/process.h"
#include "tests/support/simulator.h"

namespace {

namespace mail = mfsim::mail;
using fired_rules = std::vector<std::string>;
using namespace std::string_literals;

// A message whose only part is an attachment: `disposition` follows `attachment`, and
// `type` follows the part's media type.
std::string with_attachment(const std::string& disposition, const std::string& type = "") {
  std::string m = "Subject: names\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n";
  m += "\n--b\nContent-Type: application/octet-stream" + type;
  m += "\nContent-Disposition: attachment" + disposition;
  return m + "\n\ndata\n--b--\n";
}

mail::body_summary body_of(const std::string& message) {
  mail::body_summary out;
  mail::read_body(message, mail::body_limits{}, out);
  return out;
}

std::string name_of(const std::string& message) {
  const mail::body_summary out = body_of(message);
  REQUIRE(out.attachments.size() == 1);
  return out.attachments[0].name;
}

std::string extension_of(const std::string& message) {
  const mail::body_summary out = body_of(message);
  REQUIRE(out.attachment_extensions.size() <= 1);
  return out.attachment_extensions.empty() ? std::string() : out.attachment_extensions[0];
}

// Programs, by extension and name; the attachments above hold no program (its rule stays off).
using mfsim::test::kProgramRules;

}  // namespace

TEST_SUITE("attachment file names") {
  TEST_CASE("RFC 2231's form wins over the plain parameter sent beside it") {
    // RFC 6266 section 4.3: "recipients SHOULD pick filename* and ignore filename".
    CHECK(name_of(with_attachment("; filename=\"invoice.pdf\"; filename*=utf-8''invoice.exe")) ==
          "invoice.exe");
    // Whichever comes first on the wire.
    CHECK(name_of(with_attachment("; filename*=utf-8''invoice.exe; filename=\"invoice.pdf\"")) ==
          "invoice.exe");
    // Continuations are RFC 2231's form too.
    CHECK(name_of(with_attachment("; filename=\"a.pdf\"; filename*0=\"b.e\"; filename*1=\"xe\"")) ==
          "b.exe");
    // Content-Type's name alike, when the disposition names none.
    CHECK(name_of(with_attachment("", "; name=\"invoice.pdf\"; name*=utf-8''invoice.exe")) ==
          "invoice.exe");
    // An RFC 2231 form that names nothing leaves the plain one.
    CHECK(name_of(with_attachment("; filename=\"a.pdf\"; filename*=utf-8''")) == "a.pdf");

    mfsim::test::simulator sim(kProgramRules);
    sim.run(with_attachment("; filename=\"invoice.pdf\"; filename*=utf-8''invoice.exe"));
    CHECK(sim.fired() == fired_rules{"Programs"});
  }

  TEST_CASE("the name the recipient's system keeps") {
    CHECK(mail::recipient_file_name("evil.exe") == "evil.exe");
    CHECK(mail::recipient_file_name("evil.exe \t\r\n. ") == "evil.exe");
    CHECK(mail::recipient_file_name("evil.exe\0.txt"s) == "evil.exe");
    CHECK(mail::recipient_file_name("\0evil.exe"s).empty());
    CHECK(mail::recipient_file_name("C:\\dir\\evil.exe") == "evil.exe");
    CHECK(mail::recipient_file_name("../../evil.exe") == "evil.exe");
    CHECK(mail::recipient_file_name("dir/evil.exe ") == "evil.exe");
    // A folder's name: no file.
    CHECK(mail::recipient_file_name("evil.exe/").empty());
    // Leading spaces are the name's own.
    CHECK(mail::recipient_file_name(" evil.exe") == " evil.exe");
  }

  TEST_CASE("control characters anywhere in a name are no part of the name kept") {
    // Windows allows no character 1 to 31 in a name (decision 669): ESC, tab, a line break.
    CHECK(mail::recipient_file_name("evil.ex\x1b"
                                    "e") == "evil.exe");
    CHECK(mail::recipient_file_name("ev\til.e\rx\ne") == "evil.exe");
    CHECK(mail::recipient_file_name(" evil\x1b.exe") == " evil.exe");
    CHECK(mail::recipient_file_name("evil.exe\x7f.txt") == "evil.exe.txt");
    CHECK(mail::recipient_file_name("dir\x01/evil.exe") == "evil.exe");
    CHECK(mail::recipient_file_name("\x1b\x1b").empty());
    // RFC 2231 and RFC 2047 carry such bytes: the extension is the kept name's.
    CHECK(extension_of(with_attachment("; filename*=utf-8''evil.ex%1Be")) == "exe");
    CHECK(extension_of(with_attachment("; filename=\"=?utf-8?q?evil.e=1Bxe?=\"")) == "exe");
    // The record keeps the name as sent.
    CHECK(name_of(with_attachment("; filename*=utf-8''evil.ex%1Be")) ==
          "evil.ex\x1b"
          "e");

    mfsim::test::simulator sim(kProgramRules);
    sim.run(with_attachment("; filename*=utf-8''ev%1Bil.ex%1Be"));
    CHECK(sim.fired() == fired_rules{"Programs", "Evil by name"});
  }

  TEST_CASE("a hostile name has the extension the recipient's system uses") {
    // RFC 2231 percent-encoding carries any byte: a tab, a NUL, a line break.
    CHECK(extension_of(with_attachment("; filename*=utf-8''evil.exe%09")) == "exe");
    CHECK(extension_of(with_attachment("; filename*=utf-8''evil.exe%00.txt")) == "exe");
    CHECK(extension_of(with_attachment("; filename*=utf-8''evil.exe%0D%0A")) == "exe");
    CHECK(extension_of(with_attachment("; filename=\"evil.exe \"")) == "exe");
    // An RFC 2047 encoded word, as Outlook and many mailers write names.
    CHECK(extension_of(with_attachment("; filename=\"=?utf-8?q?evil.exe=00.txt?=\"")) == "exe");
    CHECK(extension_of(with_attachment("; filename=\"=?utf-8?q?evil.exe=09?=\"")) == "exe");
    // The name as sent is kept for the record.
    CHECK(name_of(with_attachment("; filename*=utf-8''evil.exe%00.txt")) == "evil.exe\0.txt"s);

    mfsim::test::simulator sim(kProgramRules);
    for (const std::string params :
         {"; filename*=utf-8''evil.exe%09", "; filename*=utf-8''evil.exe%00.txt",
          "; filename=evil.exe."}) {
      CAPTURE(params);
      sim.run(with_attachment(params));
      CHECK(sim.fired() == fired_rules{"Programs", "Evil by name"});
    }
  }

  TEST_CASE("AttachmentNameMatchesPatterns reads the file name, not a path before it") {
    mfsim::test::simulator sim(kProgramRules);
    for (const std::string params :
         {"; filename=\"C:\\\\dir\\\\evil.exe\"", "; filename=\"../../evil.exe\"",
          "; filename=\"dir/evil.exe\"", "; filename*=utf-8''tmp%2Fevil.exe"}) {
      CAPTURE(params);
      sim.run(with_attachment(params));
      CHECK(sim.fired() == fired_rules{"Programs", "Evil by name"});
    }
    // A folder: not the file evil.exe.
    sim.run(with_attachment("; filename=\"evil.exe/\""));
    CHECK(sim.fired().empty());
  }
}

TEST_SUITE("e2e: attachment file names") {
  TEST_CASE("explain shows the name as sent, escaped, where the rule read its file name") {
    mfsim::test::temp_dir dir;
    const std::string rules = dir.write("names.yaml", kProgramRules);
    const auto r =
        mfsim::test::run_mfsim({"explain", "--rules", rules, "-"},
                               with_attachment("; filename*=utf-8''..%2Fevil.exe%00%1B%5B31m.txt"));
    CHECK(r.exit_code == 0);
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find('\0') == std::string::npos);
    CHECK_MESSAGE(
        r.out.find("\"Evil by name\" (priority 1, Enabled, Enforce): applied") != std::string::npos,
        r.out);
    CHECK_MESSAGE(r.out.find(R"("../evil.exe\x00\x1b[31m.txt")") != std::string::npos, r.out);
  }
}
