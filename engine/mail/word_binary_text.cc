// Word 97-2003 text (decision 375): the File Information Block names the table stream and where
// the piece table (Clx) is in it; each piece is a run of characters stored 8-bit or as UTF-16.
// Offsets are [MS-DOC]'s: FibBase 2.5.2, Fib 2.5.1, FibRgFcLcb97 2.5.6, Clx 2.9.38, Pcd 2.9.177.
#include "engine/mail/word_binary_text.h"

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/little_endian.h"
#include "engine/mail/charset.h"
#include "engine/mail/compound_file.h"
#include "engine/mail/rendered_text.h"

namespace mfsim::mail {
namespace {

constexpr std::uint32_t kWordIdent = 0xA5EC;
// FibBase.nFib of Word 97 and later; Word 6 and 95 documents (101-104) have another FIB and no
// piece table of this form, and are not read.
constexpr std::uint32_t kWord97 = 0x00C1;
constexpr std::size_t kFibBaseSize = 32;
constexpr std::uint32_t kEncrypted = 0x0100;     // FibBase.fEncrypted
constexpr std::uint32_t kTableStream1 = 0x0200;  // FibBase.fWhichTblStm: 1Table, else 0Table
// fcClx and lcbClx: the 34th of FibRgFcLcb97's pairs of 32-bit values.
constexpr std::size_t kClxPair = 33;
constexpr std::uint8_t kPrc = 0x01;   // Clx: a run of formatting properties
constexpr std::uint8_t kPcdt = 0x02;  // Clx: the piece table
constexpr std::uint32_t kMaxGrpprl = 0x3FA2;
constexpr std::size_t kPcdSize = 8;
constexpr std::uint32_t kCompressed = 0x40000000;  // FcCompressed.fCompressed
constexpr std::uint32_t kFcMask = 0x3FFFFFFF;
constexpr std::size_t kMaxFieldDepth = 64;

struct clx_location {
  std::uint32_t fc = 0;
  std::uint32_t lcb = 0;
  bool table1 = false;
};

// The Fib's fields mfsim needs; nullopt for no Word document, or an encrypted one.
std::optional<clx_location> read_fib(std::string_view word) {
  if (word.size() < kFibBaseSize + 2 || read_le16(word, 0) != kWordIdent) return std::nullopt;
  if (read_le16(word, 2) < kWord97) return std::nullopt;
  const std::uint32_t flags = read_le16(word, 0x0A);
  if ((flags & kEncrypted) != 0) return std::nullopt;
  std::size_t at = kFibBaseSize;
  at += 2 + 2 * std::size_t{read_le16(word, at)};  // csw, fibRgW
  if (at + 2 > word.size()) return std::nullopt;
  at += 2 + 4 * std::size_t{read_le16(word, at)};  // cslw, fibRgLw
  if (at + 2 > word.size()) return std::nullopt;
  const std::size_t pairs = read_le16(word, at);  // cbRgFcLcb
  at += 2;
  if (pairs <= kClxPair || at + (kClxPair + 1) * 8 > word.size()) return std::nullopt;
  clx_location clx;
  clx.fc = read_le32(word, at + kClxPair * 8);
  clx.lcb = read_le32(word, at + kClxPair * 8 + 4);
  clx.table1 = (flags & kTableStream1) != 0;
  return clx;
}

struct piece {
  std::uint32_t characters = 0;
  std::uint32_t fc = 0;  // where its bytes start in the WordDocument stream
  bool compressed = false;
};

// The pieces of the Clx at `where` in the table stream, in document order; nullopt when it is
// damaged.
std::optional<std::vector<piece>> read_pieces(std::string_view table, const clx_location& where) {
  if (where.fc > table.size() || where.lcb > table.size() - where.fc) return std::nullopt;
  const std::string_view clx = table.substr(where.fc, where.lcb);
  std::size_t at = 0;
  while (at < clx.size() && static_cast<std::uint8_t>(clx[at]) == kPrc) {
    if (at + 3 > clx.size()) return std::nullopt;
    const std::uint32_t size = read_le16(clx, at + 1);  // cbGrpprl
    if (size > kMaxGrpprl) return std::nullopt;
    at += 3 + size;
  }
  if (at + 5 > clx.size() || static_cast<std::uint8_t>(clx[at]) != kPcdt) return std::nullopt;
  const std::uint32_t size = read_le32(clx, at + 1);
  at += 5;
  // PlcPcd: n + 1 character positions, then n Pcds.
  if (size > clx.size() - at || size < 4 || (size - 4) % (4 + kPcdSize) != 0) return std::nullopt;
  const std::string_view plc = clx.substr(at, size);
  const std::size_t count = (size - 4) / (4 + kPcdSize);
  std::vector<piece> pieces;
  pieces.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    const std::uint32_t begin = read_le32(plc, 4 * k);
    const std::uint32_t end = read_le32(plc, 4 * (k + 1));
    if (end < begin) return std::nullopt;
    const std::uint32_t fc = read_le32(plc, 4 * (count + 1) + kPcdSize * k + 2);
    pieces.push_back({end - begin, fc & kFcMask, (fc & kCompressed) != 0});
  }
  return pieces;
}

// Word's characters as a reader sees them: marks a space, field instructions hidden.
class word_text_writer {
 public:
  word_text_writer(std::string& out, std::size_t max_bytes) : out_(out), max_bytes_(max_bytes) {}

  bool full() const noexcept { return out_.size() >= max_bytes_; }

  // UTF-8 text of a piece: control characters are ASCII, so a byte below 0x20 is one.
  void add(std::string_view text) {
    for (const char c : text) {
      if (full()) return;
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x20) {
        if (hidden_ == 0) append_rendered(c, out_);
        continue;
      }
      control(u);
    }
  }

 private:
  void control(unsigned char c) {
    switch (c) {
      case 0x13: return field_begin();
      case 0x14: return field_separator();
      case 0x15: return field_end();
      // Paragraph, line, cell or row, page or section, column marks, tab.
      case 0x0D:
      case 0x0B:
      case 0x07:
      case 0x0C:
      case 0x0E:
      case 0x09:
        if (hidden_ == 0) append_rendered(' ', out_);
        return;
      case 0x1E:  // a non-breaking hyphen
        if (hidden_ == 0) out_ += '-';
        return;
      default: return;  // object anchors, note references, optional hyphens
    }
  }

  // A field's instruction (from its begin mark to its separator) is hidden; its result shows.
  void field_begin() {
    if (fields_.size() >= kMaxFieldDepth) {
      ++deeper_;
      return;
    }
    fields_.push_back(true);
    ++hidden_;
  }
  void field_separator() {
    if (deeper_ > 0 || fields_.empty() || !fields_.back()) return;
    fields_.back() = false;
    --hidden_;
  }
  void field_end() {
    if (deeper_ > 0) {
      --deeper_;
      return;
    }
    if (fields_.empty()) return;
    if (fields_.back()) --hidden_;
    fields_.pop_back();
  }

  std::string& out_;
  std::size_t max_bytes_;
  std::vector<bool> fields_;  // the open fields: in their instruction (true) or result
  std::size_t hidden_ = 0;    // open fields in their instruction
  std::size_t deeper_ = 0;    // fields open past kMaxFieldDepth
};

}  // namespace

bool word_is_encrypted(std::string_view word) {
  return word.size() >= kFibBaseSize && read_le16(word, 0) == kWordIdent &&
         (read_le16(word, 0x0A) & kEncrypted) != 0;
}

bool append_word_binary_text(const compound_file& file, std::string_view word, std::string& out,
                             std::size_t max_bytes) {
  const auto clx = read_fib(word);
  if (!clx) return false;
  const auto table = file.root_stream(clx->table1 ? "1Table" : "0Table", file.size());
  if (!table) return false;
  const auto pieces = read_pieces(*table, *clx);
  if (!pieces) return false;
  word_text_writer writer(out, max_bytes);
  std::string decoded;
  for (const piece& p : *pieces) {
    if (writer.full()) break;
    // 8-bit pieces start at half their fc ([MS-DOC] 2.9.73); what lies past the stream is not
    // there to read.
    const std::size_t start = p.compressed ? p.fc / 2 : p.fc;
    const std::size_t length = std::size_t{p.characters} * (p.compressed ? 1 : 2);
    if (start >= word.size()) continue;
    const std::string_view stored = word.substr(start, length);
    decoded.clear();
    (void)append_as_utf8(p.compressed ? "CP1252" : "UTF-16LE", stored, decoded);
    writer.add(decoded);
  }
  return true;
}

}  // namespace mfsim::mail
