// Test support for the attachment content conditions: one attachment inspected on its own,
// and a message that attaches files. Header-only.
#pragma once

#include <mimetic/mimetic.h>

#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "engine/mail/attachment_content.h"
#include "engine/mail/mime_body.h"

namespace mfsim::test {

// `bytes` inspected as the attachment `name`, within `limits`.
inline mail::attachment_contents inspect(const std::string& name, const std::string& bytes,
                                         const mail::content_limits& limits = {}) {
  mail::attachment_contents out;
  mail::inspect_attachment(name, bytes, limits, out);
  return out;
}

inline std::string base64(const std::string& bytes) {
  std::string out;
  mimetic::Base64::Encoder encoder;
  mimetic::encode(bytes.begin(), bytes.end(), encoder, std::back_inserter(out));
  return out;
}

// A multipart/mixed message with a text part and one base64 attachment per (name, bytes).
inline std::string mail_with(const std::vector<std::pair<std::string, std::string>>& attachments) {
  std::string m =
      "From: a@example.org\r\nTo: b@contoso.com\r\nSubject: files\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: text/plain\r\n"
      "\r\nsee attached\r\n";
  for (const auto& [name, bytes] : attachments) {
    m += "--XX\r\nContent-Type: application/octet-stream; name=\"" + name +
         "\"\r\nContent-Disposition: attachment; filename=\"" + name +
         "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64(bytes) + "\r\n";
  }
  return m + "--XX--\r\n";
}

// read_body() of `message`, the attachments' content inspected.
inline mail::body_summary inspected_body(const std::string& message) {
  mail::body_summary out;
  mail::body_limits limits;
  limits.inspect_content = true;
  mail::read_body(message, limits, out);
  return out;
}

// A rule set that finds a program by its extension, by its name evil.exe, and by its content.
inline constexpr const char* kProgramRules = R"(mfsim: 1
name: programs
transport_rules:
  - Name: Programs
    AttachmentExtensionMatchesWords: [exe]
    SetSCL: 5
  - Name: Evil by name
    AttachmentNameMatchesPatterns: ['^evil\.exe$']
    SetSCL: 6
  - Name: Executable
    AttachmentHasExecutableContent: true
    SetSCL: 7
)";

}  // namespace mfsim::test
