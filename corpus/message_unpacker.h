// From one stored message to what mfsim evaluates: a .msg (found by its signature) is rebuilt
// as RFC 5322, and with --unwrap a user's report is replaced by the messages it carries.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "corpus/message_source.h"

namespace mfsim::corpus {

// Calls `sink` for `message` as read: once, or with options.unwrap once per attached message
// (ids "ID#attached/N"; a report that carries none gives one record with read_error and no
// bytes). Views passed to `sink` are valid during the call only.
void unpack_message(const corpus_message& message, const read_options& options,
                    const std::function<void(const corpus_message&)>& sink);

// Two read errors as one ("A; B"), either may be empty.
[[nodiscard]] std::string join_errors(std::string_view a, std::string_view b);

// An Outlook item read by a container reader (PST) as its record(s): the rebuilt message, the
// no_transport_headers flag when its header block was reconstructed, then as unpack_message.
void unpack_outlook_item(std::string_view id, const outlook_message& item,
                         std::string_view read_error, const read_options& options,
                         const std::function<void(const corpus_message&)>& sink);

}  // namespace mfsim::corpus
