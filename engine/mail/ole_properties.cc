// read_ole_properties(): [MS-OLEPS] 2.21 PropertySetStream (byte order, version, the sets'
// FMTIDs and offsets), 2.20 PropertySet (size, count, identifiers and offsets), 2.15
// TypedPropertyValue, 2.17 Dictionary; the identifiers of [MS-OLEPS] 3.2.2 and 3.2.3.
#include "engine/mail/ole_properties.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "engine/case_fold.h"
#include "engine/little_endian.h"
#include "engine/mail/charset.h"
#include "engine/mail/compound_file.h"
#include "engine/mail/office_documents.h"
#include "engine/utf8.h"

namespace mfsim::mail {
namespace {

// The FMTIDs as stored (a GUID's first three fields little-endian).
constexpr std::string_view kSummary(
    "\xE0\x85\x9F\xF2\xF9\x4F\x68\x10\xAB\x91\x08\x00\x2B\x27\xB3\xD9", 16);
constexpr std::string_view kDocumentSummary(
    "\x02\xD5\xCD\xD5\x9C\x2E\x1B\x10\x93\x97\x08\x00\x2B\x2C\xF9\xAE", 16);
constexpr std::string_view kUserDefined(
    "\x05\xD5\xCD\xD5\x9C\x2E\x1B\x10\x93\x97\x08\x00\x2B\x2C\xF9\xAE", 16);

constexpr std::uint32_t kDictionary = 0;
constexpr std::uint32_t kCodePage = 1;
constexpr std::uint32_t kUnicode = 1200;  // CP_WINUNICODE: strings are UTF-16LE
constexpr std::size_t kMaxStreamBytes = 1u << 20;
constexpr std::size_t kMaxSections = 4;
// Properties and dictionary entries read per set: real sets hold tens; each name is looked up
// among the properties, so both are bounded.
constexpr std::size_t kMaxProperties = 4096;
constexpr std::size_t kMaxValueBytes = 4096;  // as an Office Open XML property's text

struct known_name {
  std::uint32_t id;
  std::string_view name;
};
constexpr known_name kSummaryNames[] = {
    {2, "Title"}, {3, "Subject"}, {4, "Author"}, {5, "Keywords"}, {6, "Comments"}};
constexpr known_name kDocumentSummaryNames[] = {
    {2, "Category"}, {0x0E, "Manager"}, {0x0F, "Company"}, {0x1B, "Status"}};

// One property set: `data` runs from the set's start to the end of the stream.
class property_set {
 public:
  explicit property_set(std::string_view data) {
    if (data.size() < 8) return;
    const std::size_t size = read_le32(data, 0);
    data_ = data.substr(0, std::max<std::size_t>(8, size));
    count_ = std::min<std::size_t>({read_le32(data_, 4), (data_.size() - 8) / 8, kMaxProperties});
    code_page_ = 1252;
    if (const auto at = offset_of(kCodePage); at && *at + 6 <= data_.size())
      code_page_ = read_le16(data_, *at + 4);
  }

  // Calls visit(id, offset) for each property.
  template <class Visit>
  void for_each(Visit&& visit) const {
    for (std::size_t k = 0; k < count_; ++k)
      visit(read_le32(data_, 8 + 8 * k), std::size_t{read_le32(data_, 12 + 8 * k)});
  }

  [[nodiscard]] std::optional<std::size_t> offset_of(std::uint32_t id) const {
    std::optional<std::size_t> found;
    for_each([&](std::uint32_t each, std::size_t at) {
      if (each == id && !found) found = at;
    });
    return found;
  }

  // The typed value at `at` as text; nullopt for a type not read or a value cut short.
  [[nodiscard]] std::optional<std::string> text(std::size_t at) const {
    if (at > data_.size() || data_.size() - at < 8) return std::nullopt;
    const std::uint32_t type = read_le16(data_, at);
    const std::string_view rest = data_.substr(at + 4);
    switch (type) {
      case 0x0002: return std::to_string(static_cast<std::int16_t>(read_le16(rest, 0)));
      case 0x0012: return std::to_string(read_le16(rest, 0));
      case 0x0003:
      case 0x0016: return std::to_string(static_cast<std::int32_t>(read_le32(rest, 0)));
      case 0x0013:
      case 0x0017: return std::to_string(read_le32(rest, 0));
      case 0x000B: return read_le16(rest, 0) != 0 ? "true" : "false";
      case 0x0005: {
        if (rest.size() < 8) return std::nullopt;
        double value = 0;
        const std::uint64_t bits = read_le(rest, 0, 8);
        std::memcpy(&value, &bits, sizeof value);
        return fmt::format("{}", value);
      }
      case 0x001E: {  // CodePageString: a byte count, then the bytes in the set's code page
        const std::string_view bytes = counted(rest, 1);
        return codepage_to_utf8(bytes.substr(0, kMaxValueBytes), code_page_);
      }
      case 0x001F: {  // UnicodeString: a character count, then UTF-16LE
        return utf16le_to_utf8(counted(rest, 2).substr(0, kMaxValueBytes));
      }
      default: return std::nullopt;
    }
  }

  // The names of the custom properties: the dictionary's entries ([MS-OLEPS] 2.17).
  template <class Visit>
  void for_each_name(Visit&& visit) const {
    const auto at = offset_of(kDictionary);
    if (!at || *at > data_.size() || data_.size() - *at < 4) return;
    const std::string_view dictionary = data_.substr(*at);
    const std::size_t entries = std::min<std::size_t>(read_le32(dictionary, 0), kMaxProperties);
    std::size_t next = 4;
    for (std::size_t k = 0; k < entries && dictionary.size() - next >= 8; ++k) {
      const std::uint32_t id = read_le32(dictionary, next);
      const std::size_t length = read_le32(dictionary, next + 4);
      next += 8;
      const std::size_t width = code_page_ == kUnicode ? 2 : 1;
      if (length > (dictionary.size() - next) / width) return;
      const std::string_view name = dictionary.substr(next, length * width);
      visit(id, width == 2 ? utf16le_to_utf8(name) : codepage_to_utf8(name, code_page_));
      next += length * width;
      if (width == 2) next += (4 - next % 4) % 4;  // UTF-16 names are padded to 4 bytes
      if (next > dictionary.size()) return;
    }
  }

 private:
  // The bytes after a 32-bit count of `width`-byte units, at most what is there.
  static std::string_view counted(std::string_view rest, std::size_t width) {
    const std::size_t units = read_le32(rest, 0);
    return rest.substr(4, std::min(units, (rest.size() - 4) / width) * width);
  }

  std::string_view data_;
  std::size_t count_ = 0;
  std::uint32_t code_page_ = 1252;
};

// The property sets of a stream, by FMTID.
std::vector<std::pair<std::string_view, property_set>> sets_of(std::string_view stream) {
  std::vector<std::pair<std::string_view, property_set>> out;
  if (stream.size() < 28 || read_le16(stream, 0) != 0xFFFE) return out;
  const std::size_t count = std::min<std::size_t>(read_le32(stream, 24), kMaxSections);
  for (std::size_t k = 0; k < count && 28 + 20 * (k + 1) <= stream.size(); ++k) {
    const std::size_t at = read_le32(stream, 28 + 20 * k + 16);
    if (at >= stream.size()) continue;
    out.emplace_back(stream.substr(28 + 20 * k, 16), property_set(stream.substr(at)));
  }
  return out;
}

// Keeps a property whose value is not empty: its first 4 KB, trimmed and case-folded.
void keep(std::string name, std::optional<std::string> value, std::vector<document_property>& out) {
  if (!value || out.size() >= kMaxDocumentProperties) return;
  cut_utf8_to(*value, kMaxValueBytes);
  const auto first = value->find_first_not_of(' ');
  if (first == std::string::npos) return;
  const auto last = value->find_last_not_of(' ');
  out.push_back({std::move(name),
                 case_folded_copy(std::string_view(*value).substr(first, last - first + 1))});
}

template <std::size_t N>
void read_known(const property_set& set, const known_name (&names)[N],
                std::vector<document_property>& out) {
  for (const known_name& known : names) {
    if (const auto at = set.offset_of(known.id)) keep(std::string(known.name), set.text(*at), out);
  }
}

}  // namespace

void read_ole_properties(const compound_file& file, std::vector<document_property>& out) {
  if (const auto stream = file.root_stream("\005SummaryInformation", kMaxStreamBytes)) {
    for (const auto& [fmtid, set] : sets_of(*stream))
      if (fmtid == kSummary) read_known(set, kSummaryNames, out);
  }
  const auto stream = file.root_stream("\005DocumentSummaryInformation", kMaxStreamBytes);
  if (!stream) return;
  for (const auto& [fmtid, found] : sets_of(*stream)) {
    if (fmtid == kDocumentSummary) read_known(found, kDocumentSummaryNames, out);
    if (fmtid != kUserDefined) continue;
    const property_set& set = found;  // a structured binding: lambdas take it by name (clang)
    set.for_each_name([&](std::uint32_t id, std::string name) {
      if (const auto at = set.offset_of(id); at && !name.empty())
        keep(std::move(name), set.text(*at), out);
    });
  }
}

}  // namespace mfsim::mail
