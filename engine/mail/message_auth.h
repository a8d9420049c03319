// How the message reached the organisation, as Exchange recorded it in its own headers: the
// authentication of the submitting connection and the message's direction. FromScope,
// SentToScope and IntraOrgFilterState read it (docs/decisions.md, "Organization, direction and
// anti-spam settings (issue 15)").
#pragma once

#include <span>
#include <string_view>

#include "engine/mail/header_scanner.h"

namespace mfsim::mail {

// X-MS-Exchange-Organization-AuthAs (and -CrossTenant-AuthAs): who Exchange authenticated the
// submitting connection as. unknown: the message records none.
enum class auth_as { unknown, anonymous, internal, partner, external };

// X-MS-Exchange-Organization-MessageDirectionality: Originating (sent by the organisation's
// own users) or Incoming (received from outside).
enum class direction { unknown, incoming, originating };

// Where the authentication came from.
enum class auth_source { none, manifest, organization_header, cross_tenant_header, directionality };

struct message_auth {
  auth_as as = auth_as::unknown;
  direction dir = direction::unknown;
  auth_source source = auth_source::none;

  // The connection was authenticated (Internal, Partner or External, or Originating).
  [[nodiscard]] bool authenticated() const noexcept {
    return as == auth_as::internal || as == auth_as::partner || as == auth_as::external ||
           dir == direction::originating;
  }
  // An organisation's own user sent it: AuthAs Internal, or Originating.
  [[nodiscard]] bool internal_sender() const noexcept {
    return as == auth_as::internal || dir == direction::originating;
  }
};

// Reads the authentication Exchange recorded: -Organization-AuthAs, else -CrossTenant-AuthAs;
// the direction from -Organization-MessageDirectionality (Originating alone also means
// Internal). Values are compared without case after trimming; unknown values are ignored.
// Allocation-free; reads at most the given fields.
[[nodiscard]] message_auth read_message_auth(std::span<const header_field> fields) noexcept;

// "Anonymous", "Internal", ...; nullopt-like unknown for anything else.
[[nodiscard]] auth_as parse_auth_as(std::string_view text) noexcept;
[[nodiscard]] direction parse_direction(std::string_view text) noexcept;

// The record's spellings: "anonymous", "internal", "partner", "external", "unknown";
// "incoming", "originating", "unknown"; "manifest", "x-ms-exchange-organization-authas", ...
[[nodiscard]] const char* to_string(auth_as a) noexcept;
[[nodiscard]] const char* to_string(direction d) noexcept;
[[nodiscard]] const char* to_string(auth_source s) noexcept;

}  // namespace mfsim::mail
