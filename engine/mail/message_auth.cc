// Reading the authentication and direction Exchange stamps on a message it accepted.
#include "engine/mail/message_auth.h"

#include "engine/ascii.h"

namespace mfsim::mail {
namespace {

// The first instance of a header, trimmed; empty when absent.
std::string_view first_value(std::span<const header_field> fields, std::string_view name) noexcept {
  for (const auto& f : fields) {
    if (ascii_iequals(f.name, name)) return ascii_trim_whitespace(f.raw_value);
  }
  return {};
}

}  // namespace

auth_as parse_auth_as(std::string_view text) noexcept {
  text = ascii_trim_whitespace(text);
  if (ascii_iequals(text, "Anonymous")) return auth_as::anonymous;
  if (ascii_iequals(text, "Internal")) return auth_as::internal;
  if (ascii_iequals(text, "Partner")) return auth_as::partner;
  if (ascii_iequals(text, "External")) return auth_as::external;
  return auth_as::unknown;
}

direction parse_direction(std::string_view text) noexcept {
  text = ascii_trim_whitespace(text);
  if (ascii_iequals(text, "Incoming")) return direction::incoming;
  if (ascii_iequals(text, "Originating")) return direction::originating;
  return direction::unknown;
}

message_auth read_message_auth(std::span<const header_field> fields) noexcept {
  message_auth out;
  out.dir =
      parse_direction(first_value(fields, "X-MS-Exchange-Organization-MessageDirectionality"));
  out.as = parse_auth_as(first_value(fields, "X-MS-Exchange-Organization-AuthAs"));
  if (out.as != auth_as::unknown) {
    out.source = auth_source::organization_header;
    return out;
  }
  out.as = parse_auth_as(first_value(fields, "X-MS-Exchange-CrossTenant-AuthAs"));
  if (out.as != auth_as::unknown) {
    out.source = auth_source::cross_tenant_header;
  } else if (out.dir != direction::unknown) {
    out.source = auth_source::directionality;
  }
  return out;
}

const char* to_string(auth_as a) noexcept {
  switch (a) {
    case auth_as::anonymous: return "anonymous";
    case auth_as::internal: return "internal";
    case auth_as::partner: return "partner";
    case auth_as::external: return "external";
    case auth_as::unknown: break;
  }
  return "unknown";
}

const char* to_string(direction d) noexcept {
  switch (d) {
    case direction::incoming: return "incoming";
    case direction::originating: return "originating";
    case direction::unknown: break;
  }
  return "unknown";
}

const char* to_string(auth_source s) noexcept {
  switch (s) {
    case auth_source::manifest: return "manifest";
    case auth_source::organization_header: return "x-ms-exchange-organization-authas";
    case auth_source::cross_tenant_header: return "x-ms-exchange-crosstenant-authas";
    case auth_source::directionality: return "x-ms-exchange-organization-messagedirectionality";
    case auth_source::none: break;
  }
  return "none";
}

}  // namespace mfsim::mail
