// BIFF8 records ([MS-XLS] 2.1.4): BOF 2.4.21, FILEPASS 2.4.117, SST 2.4.265, CONTINUE 2.4.58,
// LABEL 2.4.148; strings XLUnicodeRichExtendedString 2.5.293 and XLUnicodeString 2.5.294;
// encrypted records 2.2.10.
#include "engine/mail/excel_binary_text.h"

#include <optional>
#include <vector>

#include "engine/little_endian.h"
#include "engine/mail/office_binary_encryption.h"
#include "engine/mail/rendered_text.h"
#include "engine/utf8.h"

namespace mfsim::mail {
namespace {

constexpr std::uint32_t kBof = 0x0809;
constexpr std::uint32_t kBiff8 = 0x0600;
constexpr std::uint32_t kFilePass = 0x002F;
constexpr std::uint32_t kSst = 0x00FC;
constexpr std::uint32_t kContinue = 0x003C;
constexpr std::uint32_t kLabel = 0x0204;
constexpr std::uint32_t kEof = 0x000A;
constexpr std::uint32_t kBoundSheet = 0x0085;
constexpr std::uint32_t kXorObfuscation = 0x0000;  // FilePass.wEncryptionType
constexpr std::uint32_t kRc4 = 0x0001;
constexpr std::uint8_t kHighByte = 0x01;  // characters are UTF-16LE, else their low bytes
constexpr std::uint8_t kExtended = 0x04;  // phonetic data (ExtRst) follows the runs
constexpr std::uint8_t kRich = 0x08;      // formatting runs follow the characters

struct record {
  std::uint32_t type = 0;
  std::string_view data;
  std::size_t next = 0;  // where the record after it starts
};

// The record at `at`; nullopt at the end or where the stream is cut short.
std::optional<record> record_at(std::string_view stream, std::size_t at) {
  if (at + 4 > stream.size()) return std::nullopt;
  const std::uint32_t size = read_le16(stream, at + 2);
  if (size > stream.size() - at - 4) return std::nullopt;
  return record{read_le16(stream, at), stream.substr(at + 4, size), at + 4 + size};
}

// Bytes read across a record and the CONTINUE records after it, as one string of them; a
// string's characters that go on in the next record start it with a new flags byte.
class continued_bytes {
 public:
  explicit continued_bytes(std::vector<std::string_view> parts) : parts_(std::move(parts)) {}

  bool byte(std::uint8_t& value) {
    if (!next_part_if_done()) return false;
    value = static_cast<std::uint8_t>(parts_[part_][at_++]);
    return true;
  }
  bool le(std::size_t width, std::uint32_t& value) {
    value = 0;
    for (std::size_t k = 0; k < width; ++k) {
      std::uint8_t b = 0;
      if (!byte(b)) return false;
      value |= static_cast<std::uint32_t>(b) << (8 * k);
    }
    return true;
  }
  bool skip(std::size_t count) {
    while (count > 0) {
      if (!next_part_if_done()) return false;
      const std::size_t step = std::min(count, parts_[part_].size() - at_);
      at_ += step;
      count -= step;
    }
    return true;
  }
  // `count` characters, 8- or 16-bit as `flags` says and as each CONTINUE's flags byte says
  // after it, appended as rendered text.
  bool characters(std::size_t count, std::uint8_t flags, std::string& out) {
    bool wide = (flags & kHighByte) != 0;
    while (count > 0) {
      if (at_ == parts_[part_].size()) {
        if (part_ + 1 == parts_.size()) return false;
        ++part_;
        at_ = 0;
        std::uint8_t continued = 0;
        if (!byte(continued)) return false;
        wide = (continued & kHighByte) != 0;
      }
      const std::size_t width = wide ? 2 : 1;
      const std::size_t take = std::min(count, (parts_[part_].size() - at_) / width);
      if (take == 0) return false;  // half a character: damaged
      append_rendered_units(parts_[part_].substr(at_, take * width), wide, out);
      at_ += take * width;
      count -= take;
    }
    return true;
  }

 private:
  bool next_part_if_done() {
    while (at_ == parts_[part_].size()) {
      if (part_ + 1 == parts_.size()) return false;
      ++part_;
      at_ = 0;
    }
    return true;
  }

  std::vector<std::string_view> parts_;
  std::size_t part_ = 0;
  std::size_t at_ = 0;
};

// One XLUnicodeRichExtendedString: its characters appended, its runs and phonetic data passed.
bool read_rich_string(continued_bytes& in, std::string& out) {
  std::uint32_t count = 0;
  std::uint8_t flags = 0;
  if (!in.le(2, count) || !in.byte(flags)) return false;
  std::uint32_t runs = 0;
  std::uint32_t extended = 0;
  if ((flags & kRich) != 0 && !in.le(2, runs)) return false;
  if ((flags & kExtended) != 0 && !in.le(4, extended)) return false;
  append_rendered(' ', out);
  if (!in.characters(count, flags, out)) return false;
  return in.skip(std::size_t{runs} * 4) && in.skip(extended);
}

// The first record of a BIFF8 workbook (its BOF); nullopt for another stream.
std::optional<record> workbook_bof(std::string_view workbook) {
  const std::optional<record> bof = record_at(workbook, 0);
  if (!bof || bof->type != kBof || bof->data.size() < 4 || read_le16(bof->data, 0) != kBiff8)
    return std::nullopt;
  return bof;
}

// The workbook's FILEPASS record, which says how the records after it are encrypted: in the
// globals substream, before its EOF.
std::optional<record> file_pass(std::string_view workbook, const record& bof) {
  for (auto r = record_at(workbook, bof.next); r && r->type != kEof;
       r = record_at(workbook, r->next)) {
    if (r->type == kFilePass) return r;
  }
  return std::nullopt;
}

// The records' data after `from` decrypted in place (2.2.10): the key stream runs over every
// byte of the stream, but record headers, the data of the records that say how to read the
// file, and a BoundSheet8's stream position (lbPlyPos) are stored plain. So the whole stream is
// decrypted in one pass, and those bytes are then put back as they were.
void decrypt_records(std::string& workbook, std::size_t from, const office97::rc4_blocks& key) {
  const std::string stored = workbook;
  key.decrypt(workbook.data() + from, workbook.size() - from, from);
  const auto keep_plain = [&](std::size_t at, std::size_t size) {
    workbook.replace(at, size, stored, at, size);
  };
  for (auto r = record_at(stored, from); r; r = record_at(stored, r->next)) {
    const std::size_t data = r->next - r->data.size();
    keep_plain(data - 4, 4);
    switch (r->type) {
      case kBof:
      case kFilePass:
      case 0x0194:  // UsrExcl
      case 0x0195:  // FileLock
      case 0x00E1:  // InterfaceHdr
      case 0x0196:  // RRDInfo
      case 0x0138:  // RRDHead
        keep_plain(data, r->data.size());
        break;
      case kBoundSheet: keep_plain(data, std::min<std::size_t>(r->data.size(), 4)); break;
      default: break;
    }
  }
}

// The key of a workbook encrypted with RC4 and Excel's default password; nullopt otherwise.
std::optional<office97::rc4_blocks> default_key(const record& pass) {
  if (pass.data.size() < 2 || read_le16(pass.data, 0) != kRc4) return std::nullopt;
  return office97::rc4_blocks::open(pass.data.substr(2), office97::kExcelDefaultPassword);
}

}  // namespace

office97::protection workbook_protection(std::string_view workbook) {
  const std::optional<record> bof = workbook_bof(workbook);
  if (!bof) return office97::protection::none;
  const std::optional<record> pass = file_pass(workbook, *bof);
  if (!pass) return office97::protection::none;
  if (pass->data.size() >= 6 && read_le16(pass->data, 0) == kXorObfuscation) {
    const bool default_password = read_le16(pass->data, 4) ==
                                  office97::xor_password_verifier(office97::kExcelDefaultPassword);
    return default_password ? office97::protection::default_password
                            : office97::protection::password;
  }
  return default_key(*pass) ? office97::protection::default_password
                            : office97::protection::password;
}

bool append_workbook_text(std::string_view stream, std::string& out, std::size_t max_bytes) {
  const std::optional<record> bof = workbook_bof(stream);
  if (!bof) return false;
  std::string_view workbook = stream;
  std::string decrypted;
  if (const std::optional<record> pass = file_pass(stream, *bof)) {
    // Only RC4 with Excel's default password is read: another password is not known, and
    // XOR-obfuscated records are left unread (decision 377).
    const std::optional<office97::rc4_blocks> key = default_key(*pass);
    if (!key) return false;
    decrypted = stream;
    decrypt_records(decrypted, pass->next, *key);
    workbook = decrypted;
  }
  for (auto r = record_at(workbook, bof->next); r && out.size() < max_bytes;
       r = record_at(workbook, r->next)) {
    if (r->type == kSst && r->data.size() >= 8) {
      std::vector<std::string_view> parts = {r->data.substr(8)};
      for (auto c = record_at(workbook, r->next); c && c->type == kContinue;
           c = record_at(workbook, c->next)) {
        parts.push_back(c->data);
      }
      const std::uint32_t unique = read_le32(r->data, 4);
      continued_bytes strings(std::move(parts));
      for (std::uint32_t s = 0; s < unique && out.size() < max_bytes; ++s) {
        if (!read_rich_string(strings, out)) break;  // damaged: the strings before it stand
      }
    } else if (r->type == kLabel && r->data.size() >= 9) {
      const std::string_view label = r->data.substr(6);  // after row, column and format
      continued_bytes cell({label.substr(3)});
      append_rendered(' ', out);
      (void)cell.characters(read_le16(label, 0), static_cast<std::uint8_t>(label[2]), out);
    }
  }
  cut_utf8_to(out, max_bytes);
  return true;
}

}  // namespace mfsim::mail
