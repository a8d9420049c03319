// tnef_attachments(): one pass over a TNEF stream's attributes ([MS-OXTNEF] 2.1.3), with the
// attachment's property list read for its long file name (decision 595) and an embedded
// message's stream (decision 874).
#include "engine/mail/tnef_attachments.h"

#include <algorithm>
#include <cstdint>

#include "engine/little_endian.h"
#include "engine/mail/charset.h"
#include "engine/mail/compressed_rtf.h"
#include "engine/mail/html_text.h"
#include "engine/mail/rtf_text.h"

namespace mfsim::mail {
namespace {

constexpr std::string_view kSignature = "\x78\x9F\x3E\x22";
constexpr int kLevelAttachment = 2;
// [MS-OXTNEF] 2.1.3.3: attribute ids with their types in the high half.
constexpr std::uint32_t kAttachRendData = 0x00069002;  // starts an attachment
constexpr std::uint32_t kAttachTitle = 0x00018010;     // its (short) file name
constexpr std::uint32_t kAttachData = 0x0006800F;      // its bytes
constexpr std::uint32_t kAttachment = 0x00069005;      // its MAPI properties
constexpr std::uint32_t kLongFileName = 0x3707;        // PR_ATTACH_LONG_FILENAME's id
constexpr std::uint32_t kAttachDataObject = 0x3701;    // PR_ATTACH_DATA_OBJ's id
constexpr std::uint32_t kObject = 0x000D;              // PT_OBJECT
constexpr std::size_t kInterfaceIdBytes = 16;

constexpr std::uint32_t kMultiValued = 0x1000;
constexpr std::uint32_t kString8 = 0x001E;  // PT_STRING8
constexpr std::uint32_t kUnicode = 0x001F;  // PT_UNICODE

bool is_string(std::uint32_t type) { return type == kString8 || type == kUnicode; }

// Message-level attributes ([MS-OXTNEF] 2.1.3.3) and the property that hold the body text.
constexpr int kLevelMessage = 1;
constexpr std::uint32_t kOemCodepage = 0x00069007;  // attOemCodepage: the 8-bit strings' code page
constexpr std::uint32_t kBody = 0x0001800C;         // attBody: PidTagBody as 8-bit text
constexpr std::uint32_t kMsgProps = 0x00069003;     // attMsgProps: the message's properties
constexpr std::uint32_t kBodyProperty = 0x1000;     // PidTagBody's id
constexpr std::uint32_t kRtfCompressedProperty = 0x1009;  // PidTagRtfCompressed's id
constexpr std::uint32_t kHtmlProperty = 0x1013;           // PidTagHtml's id
constexpr std::uint32_t kBinary = 0x0102;                 // PT_BINARY
constexpr std::uint32_t kNativeBodyProperty = 0x1016;     // PidTagNativeBody's id
constexpr std::uint32_t kLong = 0x0003;                   // PT_LONG

std::size_t padded(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

// The size of one value of a fixed-size property type; 0 for a variable-size or unknown one.
std::size_t fixed_size(std::uint32_t type) {
  switch (type) {
    case 0x0002: return 2;   // PT_I2
    case 0x000B: return 2;   // PT_BOOLEAN
    case 0x0003: return 4;   // PT_LONG
    case 0x0004: return 4;   // PT_FLOAT
    case 0x000A: return 4;   // PT_ERROR
    case 0x0005: return 8;   // PT_DOUBLE
    case 0x0006: return 8;   // PT_CURRENCY
    case 0x0007: return 8;   // PT_APPTIME
    case 0x0014: return 8;   // PT_I8
    case 0x0040: return 8;   // PT_SYSTIME
    case 0x0048: return 16;  // PT_CLSID
    default: return 0;
  }
}

bool variable_size(std::uint32_t type) {
  return is_string(type) || type == kBinary || type == kObject;
}

// A reader over one attribute's bytes that fails, once, on the first read past their end.
class cursor {
 public:
  explicit cursor(std::string_view bytes) : bytes_(bytes) {}
  bool take(std::size_t n, std::string_view& out) {
    if (failed_ || n > bytes_.size() - at_) {
      failed_ = true;
      return false;
    }
    out = bytes_.substr(at_, n);
    at_ += n;
    return true;
  }
  bool u32(std::uint32_t& out) {
    std::string_view b;
    if (!take(4, b)) return false;
    out = read_le32(b, 0);
    return true;
  }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
  bool failed_ = false;
};

// Calls on_value(id, type, value) for each value of a property list ([MS-OXTNEF] 2.1.3.4),
// variable-size (PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT) or fixed-size (its bytes without
// the padding), as far as the list can be read: callers check the type. `type` is the tag's,
// its multi-valued bit kept: a property tag names its type ([MS-OXCDATA] section 2.9), and a
// multi-valued form of a single-valued property is another tag, which readers of the property
// ignore (decision 1107). A property of an unknown type ends the walk: its size is unknown too.
template <typename OnValue>
void for_each_property_value(std::string_view list, OnValue&& on_value) {
  cursor c(list);
  std::uint32_t count = 0;
  if (!c.u32(count)) return;
  for (std::uint32_t k = 0; k < count; ++k) {
    std::uint32_t tag = 0;
    if (!c.u32(tag)) return;
    const std::uint32_t type = tag & 0xFFFF;
    const std::uint32_t id = tag >> 16;
    std::string_view skipped;
    if (id >= 0x8000) {  // a named property: GUID, kind, then a number or a name
      std::uint32_t kind = 0;
      std::uint32_t size = 0;
      if (!c.take(16, skipped) || !c.u32(kind) || !c.u32(size)) return;
      if (kind == 1 && !c.take(padded(size), skipped)) return;
    }
    const std::uint32_t base = type & ~kMultiValued;
    std::uint32_t values = 1;
    if (((type & kMultiValued) != 0 || variable_size(base)) && !c.u32(values)) return;
    for (std::uint32_t v = 0; v < values; ++v) {
      if (const std::size_t size = fixed_size(base); size > 0) {
        std::string_view value;
        if (!c.take(padded(size), value)) return;
        on_value(id, type, value.substr(0, size));
        continue;
      }
      if (!variable_size(base)) return;
      std::uint32_t size = 0;
      std::string_view value;
      if (!c.u32(size) || !c.take(size, value) || !c.take(padded(size) - size, skipped)) return;
      on_value(id, type, value);
    }
  }
}

// A string property's value as UTF-8: PT_UNICODE from UTF-16LE, PT_STRING8 in `codepage`; the
// terminating NUL it is written with dropped; at most `max_bytes` of it, converted from as
// many bytes as that can take (4 a byte: UTF-7 writes 3 bytes of text in 8).
std::string string_value(std::uint32_t type, std::string_view value, std::uint32_t codepage,
                         std::size_t max_bytes) {
  value = value.substr(0, std::min(value.size(), max_bytes) * 4);
  std::string text = type == kUnicode ? utf16le_to_utf8(value) : codepage_to_utf8(value, codepage);
  while (!text.empty() && text.back() == '\0') text.pop_back();
  if (text.size() > max_bytes) text.resize(max_bytes);
  return text;
}

// What mfsim reads of an attAttachment property list ([MS-OXTNEF] 2.1.3.4).
struct attachment_properties {
  std::string long_name;      // PR_ATTACH_LONG_FILENAME, as UTF-8
  std::string_view embedded;  // PR_ATTACH_DATA_OBJ's embedded message: a TNEF stream
};

// The properties of `list` that mfsim reads, as far as the list can be read.
attachment_properties read_attachment_properties(std::string_view list) {
  attachment_properties out;
  for_each_property_value(list, [&](std::uint32_t id, std::uint32_t type, std::string_view value) {
    if (id == kAttachDataObject && type == kObject && out.embedded.empty()) {
      // The object's interface identifier, counted in its size, then its data: an embedded
      // message (IID_IMessage) is a TNEF stream of its own.
      if (value.size() > kInterfaceIdBytes && looks_like_tnef(value.substr(kInterfaceIdBytes)))
        out.embedded = value.substr(kInterfaceIdBytes);
    } else if (id == kLongFileName && is_string(type) && out.long_name.empty()) {
      out.long_name = type == kUnicode ? utf16le_to_utf8(value) : std::string(value);
      // The terminating NUL the property is written with.
      if (!out.long_name.empty() && out.long_name.back() == '\0') out.long_name.pop_back();
    }
  });
  return out;
}

// One attribute of the stream: its level, id and data.
struct tnef_attribute {
  int level = 0;
  std::uint32_t id = 0;
  std::string_view data;
};

// Calls on_attribute(attribute) for each attribute of a TNEF stream in order (level (1), id
// (4), length (4), data, checksum (2)), up to one cut short; on_attribute returns false to stop.
template <typename OnAttribute>
void for_each_attribute(std::string_view bytes, OnAttribute&& on_attribute) {
  if (!looks_like_tnef(bytes)) return;
  std::size_t at = kSignature.size() + 2;  // the signature and the legacy key
  while (at + 9 <= bytes.size()) {
    const int level = static_cast<unsigned char>(bytes[at]);
    const std::uint32_t id = read_le32(bytes, at + 1);
    const std::uint32_t length = read_le32(bytes, at + 5);
    if (length > bytes.size() - (at + 9)) return;  // cut short
    const std::string_view data = bytes.substr(at + 9, length);
    at += 9 + std::size_t{length} + 2;
    if (!on_attribute(tnef_attribute{level, id, data})) return;
  }
}

}  // namespace

bool looks_like_tnef(std::string_view bytes) noexcept { return bytes.starts_with(kSignature); }

std::vector<tnef_file> tnef_attachments(std::string_view bytes, std::size_t max_files) {
  std::vector<tnef_file> files;
  for_each_attribute(bytes, [&](const tnef_attribute& a) {
    if (a.level != kLevelAttachment) return true;
    if (a.id == kAttachRendData) {
      if (files.size() >= max_files) return false;
      files.push_back({});
      return true;
    }
    if (files.empty()) return true;  // an attachment attribute before any attachment starts
    tnef_file& file = files.back();
    if (a.id == kAttachTitle) {
      if (file.name.empty()) file.name = a.data.substr(0, a.data.find('\0'));
    } else if (a.id == kAttachData) {
      file.data = a.data;
    } else if (a.id == kAttachment) {
      attachment_properties properties = read_attachment_properties(a.data);
      if (!properties.long_name.empty()) file.name = std::move(properties.long_name);
      // An embedded message has no attAttachData: its TNEF stream is the attachment's bytes,
      // whose own attachments the inspection reads as this stream's (decision 874).
      if (file.data.empty() && !properties.embedded.empty()) {
        file.data = properties.embedded;
        file.embedded_message = true;
      }
    }
    return true;
  });
  return files;
}

std::string tnef_body_text(std::string_view bytes, std::size_t max_bytes) {
  std::uint32_t codepage = 1252;  // until attOemCodepage says otherwise
  std::string body;               // attBody's, read if attMsgProps gives no PidTagBody
  std::string properties_body;
  std::string_view rtf;      // PidTagRtfCompressed, read when neither gives plain text
  std::string_view html;     // PidTagHtml, read when none of those gives text
  std::uint32_t native = 0;  // PidTagNativeBody: 1 plain text, 2 RTF, 3 HTML
  for_each_attribute(bytes, [&](const tnef_attribute& a) {
    if (a.level != kLevelMessage) return true;
    if (a.id == kOemCodepage && a.data.size() >= 4) {
      codepage = read_le32(a.data, 0);
    } else if (a.id == kBody && body.empty()) {
      body = string_value(kString8, a.data, codepage, max_bytes);
    } else if (a.id == kMsgProps && properties_body.empty()) {
      for_each_property_value(
          a.data, [&](std::uint32_t id, std::uint32_t type, std::string_view value) {
            if (id == kBodyProperty && is_string(type) && properties_body.empty())
              properties_body = string_value(type, value, codepage, max_bytes);
            else if (id == kRtfCompressedProperty && type == kBinary && rtf.empty())
              rtf = value;
            else if (id == kHtmlProperty && (type == kBinary || is_string(type)) && html.empty())
              html = value;
            else if (id == kNativeBodyProperty && type == kLong && value.size() == 4)
              native = read_le32(value, 0);
          });
    }
    return true;
  });
  const std::string& plain = properties_body.empty() ? body : properties_body;
  const auto rtf_text = [&] {
    std::string text;
    // Compressed RTF expands up to about eight times: what it may expand to is the text budget.
    if (!rtf.empty())
      (void)append_rtf_text(decompress_rtf(rtf, max_bytes), text, max_bytes, rtf_layout::lines);
    return text;
  };
  const auto html_text = [&] {
    std::string text;
    if (!html.empty()) append_html_text(html.substr(0, max_bytes), text);
    return text;
  };
  // [MS-OXBBODY] section 2.1.3.1, step 1: PidTagNativeBody names the best body, which Outlook
  // shows (decision 1048); a form it names that the stream lacks, or gives no text, leaves the
  // choice to the order below.
  if (native == 1 && !plain.empty()) return plain;
  if (native == 2)
    if (std::string text = rtf_text(); !text.empty()) return text;
  if (native == 3)
    if (std::string text = html_text(); !text.empty()) return text;
  if (!plain.empty()) return plain;
  std::string text = rtf_text();
  return text.empty() ? html_text() : text;
}

}  // namespace mfsim::mail
