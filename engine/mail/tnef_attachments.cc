// tnef_attachments(): one pass over a TNEF stream's attributes ([MS-OXTNEF] 2.1.3), with the
// attachment's property list read for its long file name (decision 595) and an embedded
// message's stream (decision 874).
#include "engine/mail/tnef_attachments.h"

#include <cstdint>

#include "engine/little_endian.h"
#include "engine/utf8.h"

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
  return type == 0x001E || type == 0x001F || type == 0x0102 || type == 0x000D;
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

// What mfsim reads of an attAttachment property list ([MS-OXTNEF] 2.1.3.4).
struct attachment_properties {
  std::string long_name;      // PR_ATTACH_LONG_FILENAME, as UTF-8
  std::string_view embedded;  // PR_ATTACH_DATA_OBJ's embedded message: a TNEF stream
};

// The properties of `list` that mfsim reads, as far as the list can be read.
attachment_properties read_attachment_properties(std::string_view list) {
  attachment_properties out;
  cursor c(list);
  std::uint32_t count = 0;
  if (!c.u32(count)) return out;
  for (std::uint32_t k = 0; k < count; ++k) {
    std::uint32_t tag = 0;
    if (!c.u32(tag)) return out;
    const std::uint32_t type = tag & 0xFFFF;
    const std::uint32_t id = tag >> 16;
    std::string_view skipped;
    if (id >= 0x8000) {  // a named property: GUID, kind, then a number or a name
      std::uint32_t kind = 0;
      std::uint32_t size = 0;
      if (!c.take(16, skipped) || !c.u32(kind) || !c.u32(size)) return out;
      if (kind == 1 && !c.take(padded(size), skipped)) return out;
    }
    const std::uint32_t base = type & ~kMultiValued;
    std::uint32_t values = 1;
    if (((type & kMultiValued) != 0 || variable_size(base)) && !c.u32(values)) return out;
    for (std::uint32_t v = 0; v < values; ++v) {
      if (const std::size_t size = fixed_size(base); size > 0) {
        if (!c.take(padded(size), skipped)) return out;
        continue;
      }
      if (!variable_size(base)) return out;  // an unknown type: its size is unknown too
      std::uint32_t size = 0;
      std::string_view value;
      if (!c.u32(size) || !c.take(size, value) || !c.take(padded(size) - size, skipped)) return out;
      if (id == kAttachDataObject && base == kObject && out.embedded.empty()) {
        // The object's interface identifier, counted in its size, then its data: an embedded
        // message (IID_IMessage) is a TNEF stream of its own.
        if (value.size() > kInterfaceIdBytes && looks_like_tnef(value.substr(kInterfaceIdBytes)))
          out.embedded = value.substr(kInterfaceIdBytes);
        continue;
      }
      if (id != kLongFileName || (base != 0x001E && base != 0x001F) || !out.long_name.empty())
        continue;
      std::string& name = out.long_name;
      if (base == 0x001F) {
        for_each_utf16_code_point(value, false, [&](std::uint32_t code) {
          append_utf8_code_point(code, name);
          return true;
        });
      } else {
        name = value;
      }
      // The terminating NUL the property is written with.
      if (!name.empty() && name.back() == '\0') name.pop_back();
    }
  }
  return out;
}

}  // namespace

bool looks_like_tnef(std::string_view bytes) noexcept { return bytes.starts_with(kSignature); }

std::vector<tnef_file> tnef_attachments(std::string_view bytes, std::size_t max_files) {
  std::vector<tnef_file> files;
  if (!looks_like_tnef(bytes)) return files;
  std::size_t at = kSignature.size() + 2;  // the signature and the legacy key
  // Level (1), id (4), length (4), data, checksum (2).
  while (at + 9 <= bytes.size()) {
    const int level = static_cast<unsigned char>(bytes[at]);
    const std::uint32_t id = read_le32(bytes, at + 1);
    const std::uint32_t length = read_le32(bytes, at + 5);
    if (length > bytes.size() - (at + 9)) break;  // cut short
    const std::string_view data = bytes.substr(at + 9, length);
    at += 9 + std::size_t{length} + 2;
    if (level != kLevelAttachment) continue;
    if (id == kAttachRendData) {
      if (files.size() >= max_files) break;
      files.push_back({});
      continue;
    }
    if (files.empty()) continue;  // an attachment attribute before any attachment starts
    tnef_file& file = files.back();
    if (id == kAttachTitle) {
      if (file.name.empty()) file.name = data.substr(0, data.find('\0'));
    } else if (id == kAttachData) {
      file.data = data;
    } else if (id == kAttachment) {
      attachment_properties properties = read_attachment_properties(data);
      if (!properties.long_name.empty()) file.name = std::move(properties.long_name);
      // An embedded message has no attAttachData: its TNEF stream is the attachment's bytes,
      // whose own attachments the inspection reads as this stream's (decision 874).
      if (file.data.empty()) file.data = properties.embedded;
    }
  }
  return files;
}

}  // namespace mfsim::mail
