// Inspecting one of a message's attachments with the key derivations the whole message shares
// (decisions 1000, 1036): the password checks of every attachment spend one budget of hashing
// rounds, reading their contents another, and a key derived for one is found again by the others.
#pragma once

#include <string_view>

#include "engine/mail/attachment_content.h"
#include "engine/mail/key_derivations.h"

namespace mfsim::mail {

// inspect_attachment() (attachment_content.h), the keys of encrypted Office files derived within
// `derivations`: a file whose key does not fit what is left is not opened, and the inspection
// did not complete (out.limit_exceeded says which file).
void inspect_attachment(std::string_view name, std::string_view bytes, const content_limits& limits,
                        attachment_contents& out, message_key_derivations& derivations) noexcept;

}  // namespace mfsim::mail
