// A clear-signed Outlook item (MS-OXOSMIME 2.1.3.1): its one multipart/signed attachment holds
// the message's MIME entity as sent, which becomes the rebuilt message's body (decision 510).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/json_text.h"
#include "tests/support/msg_writer.h"
#include "tests/support/process.h"

namespace {

using mfsim::test::msg_attachment;
using mfsim::test::msg_message;
using mfsim::test::run_mfsim;
using mfsim::test::temp_dir;
using mfsim::test::write_msg;

// The signed entity: the text, then the signature.
const std::string kEntity =
    "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\";\r\n"
    "\tmicalg=SHA1; boundary=\"----=_signed\"\r\n\r\n"
    "This is a multi-part message in MIME format.\r\n\r\n"
    "------=_signed\r\nContent-Type: text/plain; charset=\"us-ascii\"\r\n\r\n"
    "Please wire transfer the amount today.\r\n\r\n"
    "------=_signed\r\nContent-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "Content-Disposition: attachment; "
    "filename=\"smime.p7s\"\r\n\r\nMIAGCSqGSIb3DQEHAqCAMIACAQEx\r\n\r\n"
    "------=_signed--\r\n";

msg_message signed_item(const std::string& message_class) {
  msg_message m;
  m.unicode(0x001A, message_class)
      .unicode(0x007D,
               "From: Fabrikam <deals@fabrikam.example>\r\nTo: adele.vance@contoso.com\r\n"
               "Subject: Signed\r\nMIME-Version: 1.0\r\nContent-Type: multipart/signed;\r\n"
               "\tprotocol=\"application/pkcs7-signature\"; boundary=\"----=_signed\"\r\n\r\n")
      .unicode(0x0037, "Signed");
  msg_attachment a;
  a.unicode(0x370E, "multipart/signed").binary(0x3701, kEntity);
  a.int32(0x3705, 1);
  m.attachments.push_back(std::move(a));
  return m;
}

const std::string kRules =
    "mfsim: 1\ntransport_rules:\n"
    "  - Name: wire\n    SubjectOrBodyContainsWords: [wire transfer]\n    SetSCL: 9\n"
    "  - Name: signature\n    AttachmentExtensionMatchesWords: [p7s]\n"
    "    SetAuditSeverity: Low\n";

nlohmann::json record_of(const temp_dir& dir, const msg_message& m) {
  const auto r = run_mfsim({"run", "--rules", dir.write("rules.yaml", kRules), "--format", "jsonl",
                            dir.write("item.msg", write_msg(m))});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return mfsim::parse_json(r.out);
}

}  // namespace

TEST_SUITE("outlook clear-signed items") {
  TEST_CASE("the signed entity is the body: its text and its signature are read") {
    temp_dir dir;
    const auto record = record_of(dir, signed_item("IPM.Note.SMIME.MultipartSigned"));
    CHECK(record["rules"] == nlohmann::json::array({"wire", "signature"}));
    CHECK(record["scl"] == 9);
    CHECK(record["flags"] == nlohmann::json::array());
    CHECK(record["error"].is_null());
  }

  TEST_CASE("another item class keeps such an attachment as an attachment") {
    temp_dir dir;
    const auto record = record_of(dir, signed_item("IPM.Note"));
    CHECK(record["scl"] != 9);  // the text is inside the attachment, not the body
  }
}
