// An address a mailbox can have, as the directory and the mailbox state hold them.
#pragma once

#include <string_view>

#include "engine/rules/validate.h"

namespace mfsim::rules {

// is_address with a domain is_host_domain accepts: `a@b..c`, `a@-x` and `a@b.` are none
// (decision 775). Rule values stay is_address, as permissive as Exchange's (decision 661).
[[nodiscard]] inline bool is_mailbox_address(std::string_view text) noexcept {
  return is_address(text) && is_host_domain(text.substr(text.rfind('@') + 1));
}

}  // namespace mfsim::rules
