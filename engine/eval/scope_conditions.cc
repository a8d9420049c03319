// FromScope and SentToScope as New-TransportRule defines them: inside the organisation is an
// accepted domain that is Authoritative or InternalRelay, reached over an authenticated
// connection; the authentication comes from the headers Exchange wrote or the manifest
// (docs/decisions.md, "Organization, direction and anti-spam settings (issue 15)").
#include <string>

#include "engine/eval/eval_context.h"

namespace mfsim::eval_detail {
namespace {

bool in_organization(const context& ctx, std::string_view address_lower) {
  return rules::in_organization_domain(address_lower, ctx.compiled.source.accepted_domains,
                                       ctx.extra_domains);
}

// Whether the message recorded no authentication at all: then a sender in an accepted domain
// counts as the organisation's own (decision "A message without Exchange's headers").
bool nothing_recorded(const mail::message_auth& auth) {
  return auth.as == mail::auth_as::unknown && auth.dir == mail::direction::unknown;
}

}  // namespace

bool from_scope_holds(context& ctx, const compiled_condition& c, condition_match* where) {
  const mail::message_auth& auth = ctx.s.result.auth;
  std::string_view inside_address, first_address;
  const bool inside_domain =
      any_from_address(ctx, c, [&](std::string_view address, std::string_view lower) {
        if (first_address.empty()) first_address = address;
        if (!in_organization(ctx, lower)) return false;
        inside_address = address;
        return true;
      });
  // InOrganization: an authenticated connection AND (a mailbox of the organisation, or an
  // address in an accepted domain). Internal authentication (or Originating) is Exchange
  // saying the sender is one of the organisation's own.
  const bool inside =
      auth.internal_sender() || (inside_domain && (auth.authenticated() || nothing_recorded(auth)));
  if (c.scope == scope_value::in_organization) {
    if (inside && where != nullptr) {
      if (!inside_address.empty())
        where->note(inside_address, "InOrganization", std::nullopt, 0);
      else
        where->note(std::string("authenticated as ") + mail::to_string(auth.as), "InOrganization",
                    std::nullopt, 0);
    }
    return inside;
  }
  // NotInOrganization: the address is in no accepted domain (or in an ExternalRelay one). A
  // spoofed sender of an accepted domain is neither InOrganization nor NotInOrganization.
  const bool outside = !inside_domain && !auth.internal_sender();
  if (outside && where != nullptr) {
    where->note(first_address.empty() ? std::string_view("(no sender address)") : first_address,
                "NotInOrganization", std::nullopt, 0);
  }
  return outside;
}

bool sent_to_scope_holds(context& ctx, const compiled_condition& c, condition_match* where) {
  // ExternalPartner needs a partner organisation reached over a mutual TLS connector: mfsim
  // has no connectors, so no recipient is one (and ExternalNonPartner is NotInOrganization).
  if (c.scope == scope_value::external_partner) return false;
  const bool want_inside = c.scope == scope_value::in_organization;
  for (const auto& r : ctx.s.recipients()) {
    if (in_organization(ctx, r) != want_inside) continue;
    if (where != nullptr) {
      where->note(r, want_inside ? "InOrganization" : "NotInOrganization", std::nullopt, 0);
    }
    return true;
  }
  return false;
}

void list_scope_inputs(context& ctx, const compiled_condition& c, condition_trace& t) {
  const mail::message_auth& auth = ctx.s.result.auth;
  if (c.kind == rules::condition_kind::from_scope) {
    any_from_address(ctx, c, [&](std::string_view address, std::string_view) {
      t.decoded_values.emplace_back(address);
      return false;  // every address
    });
    t.decoded_values.push_back(std::string("authenticated as ") + mail::to_string(auth.as) +
                               ", direction " + mail::to_string(auth.dir) + " (from " +
                               mail::to_string(auth.source) + ")");
    return;
  }
  for (const auto& r : ctx.s.recipients()) t.decoded_values.push_back(r);
}

}  // namespace mfsim::eval_detail
