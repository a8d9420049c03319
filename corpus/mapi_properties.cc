// MAPI properties to outlook_message fields, and compressed RTF.
#include "corpus/mapi_properties.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "corpus/mapi_text.h"
#include "engine/ascii.h"
#include "engine/mail/compressed_rtf.h"
#include "engine/mail/rtf_text.h"

namespace mfsim::corpus {
namespace {

std::string text_or_empty(mapi_properties& p, std::uint16_t id) {
  return p.text(id).value_or(std::string());
}

bool is_smtp_address(std::string_view type, std::string_view address) {
  return (type.empty() || ascii_iequals(type, "SMTP")) &&
         address.find('@') != std::string_view::npos;
}

// The SMTP address of a sender or recipient: the SMTP address property when set (Exchange
// stores senders and recipients inside the organization as X.500 DNs, type "EX"), else the
// e-mail address when its type is SMTP. Empty when there is none.
std::string smtp_address(mapi_properties& p, std::uint16_t smtp_id, std::uint16_t type_id,
                         std::uint16_t address_id) {
  std::string smtp = text_or_empty(p, smtp_id);
  if (!smtp.empty()) return smtp;
  std::string address = text_or_empty(p, address_id);
  return is_smtp_address(text_or_empty(p, type_id), address) ? address : std::string();
}

std::optional<std::int64_t> time_property(mapi_properties& p, std::uint16_t id) {
  const auto raw = p.integer(id);
  if (!raw) return std::nullopt;
  return filetime_to_epoch(static_cast<std::uint64_t>(*raw));
}

constexpr std::size_t kMostRtfBytes = std::size_t{16} << 20;  // one body

// Compressed RTF expands up to about 8 times: what it expands to is charged to the item's
// budget, as the streams read are, so that an item of nested messages cannot spend more than
// the budget decompressing their bodies.
std::string decompress_charged(std::string_view rtf, item_read_budget& budget) {
  const std::size_t most = std::min(kMostRtfBytes, budget.bytes_left);
  std::string out = mail::decompress_rtf(rtf, most);
  budget.bytes_left -= out.size();
  if (most < kMostRtfBytes && out.size() == most) budget.note_over_limit();
  return out;
}

}  // namespace

void read_message_fields(mapi_properties& p, outlook_message& m) {
  m.message_class = text_or_empty(p, prop::message_class);
  m.transport_headers = text_or_empty(p, prop::transport_message_headers);
  m.subject = text_or_empty(p, prop::subject);
  // From is who the message is sent as (PR_SENT_REPRESENTING_*); the PR_SENDER_* pair names a
  // delegate and stands in when the other is absent.
  m.sender_name = text_or_empty(p, prop::sent_representing_name);
  m.sender_address = smtp_address(p, prop::sent_representing_smtp_address,
                                  prop::sent_representing_addrtype, prop::sent_representing_email);
  if (m.sender_address.empty()) {
    m.sender_address =
        smtp_address(p, prop::sender_smtp_address, prop::sender_addrtype, prop::sender_email);
    if (m.sender_name.empty()) m.sender_name = text_or_empty(p, prop::sender_name);
  }
  m.message_id = text_or_empty(p, prop::internet_message_id);
  m.in_reply_to = text_or_empty(p, prop::in_reply_to_id);
  m.submit_time = time_property(p, prop::client_submit_time);
  m.delivery_time = time_property(p, prop::message_delivery_time);
  m.body_text = text_or_empty(p, prop::body);
  // PR_HTML is binary in most stores; some writers store it as a string.
  m.body_html = p.binary(prop::html).value_or(text_or_empty(p, prop::html));
  if (m.body_text.empty() && m.body_html.empty()) {
    if (const auto rtf = p.binary(prop::rtf_compressed)) {
      // The text is bounded as the RTF is: it is shorter, but where raw 8-bit bytes become
      // two or three bytes of UTF-8.
      (void)mail::append_rtf_text(decompress_charged(*rtf, p.budget()), m.body_rtf, kMostRtfBytes,
                                  mail::rtf_layout::lines);
    }
  }
}

void read_recipient(mapi_properties& p, outlook_recipient& r) {
  r.type = static_cast<int>(p.integer(prop::recipient_type).value_or(1) & 0x0F);
  r.name = text_or_empty(p, prop::display_name);
  r.address = smtp_address(p, prop::smtp_address, prop::addrtype, prop::email_address);
}

void read_attachment_names(mapi_properties& p, outlook_attachment& a) {
  a.file_name = text_or_empty(p, prop::attach_long_filename);
  if (a.file_name.empty()) a.file_name = text_or_empty(p, prop::attach_filename);
  if (a.file_name.empty()) a.file_name = text_or_empty(p, prop::display_name);
  a.mime_type = text_or_empty(p, prop::attach_mime_tag);
  a.content_id = text_or_empty(p, prop::attach_content_id);
}

}  // namespace mfsim::corpus
