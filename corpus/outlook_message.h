// An Outlook item (from a .msg file or a PST) as the properties mfsim reads, and the RFC 5322
// message built from them (docs/outlook.md).
//
// PST and .msg store no MIME: the Internet header block, when the item came over SMTP, is the
// property PR_TRANSPORT_MESSAGE_HEADERS; bodies, recipients and attachments are separate
// properties. Readers fill an outlook_message; build_rfc5322() turns it into the bytes mfsim
// evaluates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mfsim::corpus {

// Budgets for one Outlook item and what it embeds (every reader honours them).
struct outlook_limits {
  int max_embedding_depth = 8;                         // messages inside messages inside ...
  std::size_t max_item_bytes = std::size_t{64} << 20;  // properties and attachments read
  std::size_t max_attachments = 1000;                  // per message
  std::size_t max_recipients = 20000;                  // per message
};

// What reading one Outlook item may still spend (outlook_limits::max_item_bytes), and the first
// thing that went wrong on the way.
struct item_read_budget {
  std::size_t bytes_left;
  std::string error;
  void note(const std::string& e) {
    if (error.empty()) error = e;
  }
  void note_over_limit() { note("item larger than the size limit: the rest was not read"); }
};

struct outlook_recipient {
  int type = 1;  // PR_RECIPIENT_TYPE: 1 To, 2 Cc, 3 Bcc
  std::string name;
  std::string address;  // SMTP address when the item has one
};

struct outlook_message;

struct outlook_attachment {
  std::string file_name;   // PR_ATTACH_LONG_FILENAME, else PR_ATTACH_FILENAME, else display name
  std::string mime_type;   // PR_ATTACH_MIME_TAG
  std::string content_id;  // PR_ATTACH_CONTENT_ID
  std::string data;        // PR_ATTACH_DATA_BIN
  std::unique_ptr<outlook_message> embedded;  // PR_ATTACH_DATA_OBJ holding a message
};

struct outlook_message {
  std::string message_class;      // PR_MESSAGE_CLASS
  std::string transport_headers;  // PR_TRANSPORT_MESSAGE_HEADERS, as stored (UTF-16 made UTF-8)
  std::string subject;            // PR_SUBJECT, UTF-8
  std::string sender_name, sender_address;    // PR_SENT_REPRESENTING_*, else PR_SENDER_*
  std::string message_id;                     // PR_INTERNET_MESSAGE_ID
  std::string in_reply_to;                    // PR_IN_REPLY_TO_ID
  std::optional<std::int64_t> submit_time;    // PR_CLIENT_SUBMIT_TIME, seconds since the epoch
  std::optional<std::int64_t> delivery_time;  // PR_MESSAGE_DELIVERY_TIME
  std::string body_text;                      // PR_BODY, UTF-8
  std::string body_html;  // PR_HTML (bytes as stored; their charset is the item's)
  std::string body_rtf;   // the text of PR_RTF_COMPRESSED (read when there is no other body)
  std::vector<outlook_recipient> recipients;
  std::vector<outlook_attachment> attachments;
  std::string read_error;  // what could not be read (the rest is kept); empty when all was
  bool found = false;      // the store held a message here (false: nothing to build from)
};

// The bytes mfsim evaluates. With transport headers: that header block unchanged, followed by
// a body rebuilt to fit its Content-Type (its boundary for a multipart, its transfer encoding
// for a single part). Without: a header block reconstructed from the properties (From, To, Cc,
// Subject, Date, Message-ID, In-Reply-To, MIME-Version, Content-Type) and a multipart/mixed
// body. Embedded messages become message/rfc822 attachments, down to limits.max_embedding_depth.
struct built_message {
  std::string bytes;
  bool reconstructed_headers = false;  // no PR_TRANSPORT_MESSAGE_HEADERS: see above
  bool too_large = false;              // more than max_bytes: `bytes` is empty
};
// At most `max_bytes` (--max-message-bytes): an item of a few MiB could otherwise grow to
// gigabytes, each embedded message holding its own and base64 copying it again at each level.
[[nodiscard]] built_message build_rfc5322(const outlook_message& m, const outlook_limits& limits,
                                          std::size_t max_bytes);

}  // namespace mfsim::corpus
