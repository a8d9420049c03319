// An entry's values as both forms of a manifest read them.
#include "corpus/manifest_fields.h"

#include "corpus/manifest.h"
#include "engine/mail/rfc5322_date.h"
#include "engine/utf8.h"

namespace mfsim::corpus::manifest_reading {

std::string shown(std::string_view text) { return shortened_at(text, 64); }

bool too_many_problems(std::vector<diagnostic>& problems, const std::string& file, int line) {
  if (problems.size() < kMaxManifestProblems) return false;
  line_context{file, line, problems}.fail(
      0, "more than " + std::to_string(kMaxManifestProblems) +
             " problems (the limit kMaxManifestProblems): the rest of the file is not read; is "
             "it the manifest?");
  return true;
}

void set_client_ip(manifest_entry& e, std::string_view text, const line_context& at) {
  if (text.empty()) return;
  e.client_ip = net::ip_address::parse(text);
  if (!e.client_ip) at.fail(0, "client_ip '" + shown(text) + "' is not an IP address");
}

void set_received(manifest_entry& e, std::string_view text, const line_context& at) {
  if (text.empty()) return;
  e.received = mail::parse_iso8601(text);
  if (!e.received) e.received = mail::parse_rfc5322_date(text);
  if (!e.received) at.fail(0, "received '" + shown(text) + "' is not an ISO 8601 or RFC 5322 date");
}

// auth_as and direction: Exchange's spellings (X-MS-Exchange-Organization-AuthAs and
// -MessageDirectionality), without case.
void set_auth(manifest_entry& e, std::string_view key, std::string_view text,
              const line_context& at) {
  if (text.empty()) return;
  if (key == "auth_as") {
    e.auth_as = mail::parse_auth_as(text);
    if (e.auth_as == mail::auth_as::unknown) {
      at.fail(0, "auth_as '" + shown(text) + "' is not Anonymous, Internal, Partner or External");
    }
    return;
  }
  e.direction = mail::parse_direction(text);
  if (e.direction == mail::direction::unknown) {
    at.fail(0, "direction '" + shown(text) + "' is not Incoming or Originating");
  }
}

void add_recipient(manifest_entry& e, std::string_view text, const line_context& at) {
  if (text.empty()) return;
  if (text.find('@') == std::string_view::npos) {
    at.fail(0, "recipient '" + shown(text) + "' is not an email address");
  }
  e.recipients.emplace_back(text);
}

void insert(entry_store& entries, std::string_view id, manifest_entry e, const line_context& at) {
  if (id.empty()) {
    at.fail(0, "the entry has no id");
    return;
  }
  if (entries.index.size() >= entries.max_entries) {
    throw load_error({diagnostic{
        diag_code::bad_value,
        {at.file, at.line, 1},
        "the manifest holds more than " + std::to_string(entries.max_entries) +
            " entries (the limit kMaxManifestEntries): it is not read; split the corpus and its "
            "manifest"}});
  }
  if (!entries.index.insert(id, std::move(e))) at.fail(0, "id '" + shown(id) + "' appears twice");
}

}  // namespace mfsim::corpus::manifest_reading
