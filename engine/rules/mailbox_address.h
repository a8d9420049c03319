// An address a mailbox can have, as the directory and the mailbox state hold them.
#pragma once

#include <cstddef>
#include <string_view>

#include "engine/rules/validate.h"

namespace mfsim::rules {

// is_address with a domain is_host_domain accepts: `a@b..c`, `a@-x` and `a@b.` are none
// (decision 775). Rule values stay is_address, as permissive as Exchange's (decision 661).
// Its local part holds no `@` either, unless quoted (`"a@b"@x`, RFC 5321 4.1.2's
// Quoted-string): `a@@x` and `ann@x@contoso.com` are typos (decision 813).
[[nodiscard]] inline bool is_mailbox_address(std::string_view text) noexcept {
  if (!is_address(text)) return false;
  const std::size_t at = text.rfind('@');
  const std::string_view local = text.substr(0, at);
  const bool quoted = local.size() >= 2 && local.front() == '"' && local.back() == '"';
  return (quoted || local.find('@') == std::string_view::npos) &&
         is_host_domain(text.substr(at + 1));
}

}  // namespace mfsim::rules
