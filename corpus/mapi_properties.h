// The MAPI properties mfsim reads from an Outlook item, whatever stores them (.msg or PST),
// and how they become an outlook_message's fields (docs/outlook.md lists the mapping).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "corpus/outlook_message.h"

namespace mfsim::corpus {

// Property ids ([MS-OXPROPS]); the type is the reader's business.
namespace prop {
constexpr std::uint16_t message_class = 0x001A;
constexpr std::uint16_t subject = 0x0037;
constexpr std::uint16_t client_submit_time = 0x0039;
constexpr std::uint16_t sent_representing_name = 0x0042;
constexpr std::uint16_t sent_representing_addrtype = 0x0064;
constexpr std::uint16_t sent_representing_email = 0x0065;
constexpr std::uint16_t transport_message_headers = 0x007D;
constexpr std::uint16_t recipient_type = 0x0C15;
constexpr std::uint16_t sender_name = 0x0C1A;
constexpr std::uint16_t sender_addrtype = 0x0C1E;
constexpr std::uint16_t sender_email = 0x0C1F;
constexpr std::uint16_t message_delivery_time = 0x0E06;
constexpr std::uint16_t body = 0x1000;
constexpr std::uint16_t rtf_compressed = 0x1009;
constexpr std::uint16_t html = 0x1013;
constexpr std::uint16_t internet_message_id = 0x1035;
constexpr std::uint16_t in_reply_to_id = 0x1042;
constexpr std::uint16_t display_name = 0x3001;
constexpr std::uint16_t addrtype = 0x3002;
constexpr std::uint16_t email_address = 0x3003;
constexpr std::uint16_t attach_data = 0x3701;
constexpr std::uint16_t attach_filename = 0x3704;
constexpr std::uint16_t attach_method = 0x3705;
constexpr std::uint16_t attach_long_filename = 0x3707;
constexpr std::uint16_t attach_mime_tag = 0x370E;
constexpr std::uint16_t attach_content_id = 0x3712;
constexpr std::uint16_t smtp_address = 0x39FE;
constexpr std::uint16_t internet_cpid = 0x3FDE;
constexpr std::uint16_t message_codepage = 0x3FFD;
constexpr std::uint16_t sender_smtp_address = 0x5D01;
constexpr std::uint16_t sent_representing_smtp_address = 0x5D02;
}  // namespace prop

// PR_ATTACH_METHOD values that matter here.
constexpr std::int64_t kAttachByValue = 1;
constexpr std::int64_t kAttachEmbeddedMessage = 5;

// One property object (message, recipient or attachment) as its reader exposes it. Strings
// come back UTF-8 whether stored UTF-16 or 8-bit; nullopt means absent or unreadable.
class mapi_properties {
 public:
  virtual ~mapi_properties() = default;
  [[nodiscard]] virtual std::optional<std::string> text(std::uint16_t id) = 0;
  [[nodiscard]] virtual std::optional<std::string> binary(std::uint16_t id) = 0;
  // PT_LONG, PT_I8 and PT_SYSTIME (a FILETIME) alike.
  [[nodiscard]] virtual std::optional<std::int64_t> integer(std::uint16_t id) = 0;
  // The item's budget, which what is read from these properties is charged to.
  [[nodiscard]] virtual item_read_budget& budget() = 0;
};

// Subject, class, sender (its SMTP address for Exchange DN senders), times, ids, transport
// headers and bodies of a message.
void read_message_fields(mapi_properties& p, outlook_message& m);
// A recipient's type, name and SMTP address.
void read_recipient(mapi_properties& p, outlook_recipient& r);
// An attachment's names and MIME tag (the data and any embedded message are the reader's).
void read_attachment_names(mapi_properties& p, outlook_attachment& a);

}  // namespace mfsim::corpus
