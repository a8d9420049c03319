// The messages a message carries as attachments: what `--unwrap` evaluates in place of a user's
// report (a forwarded phishing report carries the original as message/rfc822 or as a .msg).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/mime_body.h"

namespace mfsim::mail {

// Appends to `out`, in part order, the transfer-decoded bytes of every part of `message` that
// is an attached message: Content-Type message/rfc822 (or message/global), or an attachment
// of type application/vnd.ms-outlook or named *.eml or *.msg. Parts inside an attached
// message are not searched (they belong to it). Walks at most limits.max_parts parts; never
// throws. The bytes of a .msg are returned as they are (a compound file, for the caller).
void find_attached_messages(std::string_view message, const body_limits& limits,
                            std::vector<std::string>& out) noexcept;

}  // namespace mfsim::mail
