// What a manifest says of one message: the envelope facts that override its headers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/mail/message_auth.h"
#include "engine/net/ip_address.h"

namespace mfsim::corpus {

struct manifest_entry {
  std::optional<net::ip_address> client_ip;
  std::vector<std::string> recipients;  // SentTo, RecipientDomainIs, scoped policies
  std::optional<std::int64_t> received;
  // How Exchange authenticated the message and its direction (FromScope, SentToScope):
  // auth_as Anonymous / Internal / Partner / External, direction Incoming / Originating.
  mail::auth_as auth_as = mail::auth_as::unknown;
  mail::direction direction = mail::direction::unknown;
};

}  // namespace mfsim::corpus
