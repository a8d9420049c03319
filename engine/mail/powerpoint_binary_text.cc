// PowerPoint records ([MS-PPT] 2.3.1 RecordHeader): a container's children follow its header,
// an atom's data is its length; TextCharsAtom 2.9.12 and TextBytesAtom 2.9.13 hold text.
// Encryption: CurrentUserAtom 2.3.2, UserEditAtom 2.3.3, PersistDirectoryAtom 2.3.4,
// CryptSession10Container 2.3.7; embedded objects ExOleObjStgCompressedAtom 2.10.34 and
// ExOleObjStgUncompressedAtom 2.10.35.
#include "engine/mail/powerpoint_binary_text.h"

#include <optional>

#include "engine/little_endian.h"
#include "engine/mail/compound_file.h"
#include "engine/mail/inflate_bounded.h"
#include "engine/mail/rendered_text.h"
#include "engine/utf8.h"

namespace mfsim::mail {
namespace {

constexpr std::uint32_t kContainer = 0xF;  // recVer of a container record
constexpr std::uint32_t kTextChars = 0x0FA0;
constexpr std::uint32_t kTextBytes = 0x0FA8;
constexpr std::size_t kHeaderSize = 8;
constexpr std::uint32_t kCurrentUser = 0x0FF6;
constexpr std::uint32_t kEncryptedToken = 0xF3D1C4DF;  // CurrentUserAtom.headerToken
constexpr std::uint32_t kUserEdit = 0x0FF5;
constexpr std::uint32_t kPersistDirectory = 0x1772;
constexpr std::uint32_t kCryptSession = 0x2F14;
constexpr std::uint32_t kExOleObjStg = 0x1011;  // an embedded object's storage
constexpr std::uint32_t kCompressed = 1;        // its recInstance when zlib-compressed
constexpr std::size_t kMaxEdits = 4096;         // a chain of saves longer than this is damaged

// The data of the record of type `type` at `at`; nullopt when another or cut short.
std::optional<std::string_view> record_data(std::string_view stream, std::size_t at,
                                            std::uint32_t type) {
  if (at > stream.size() || stream.size() - at < kHeaderSize || read_le16(stream, at + 2) != type) {
    return std::nullopt;
  }
  const std::uint32_t length = read_le32(stream, at + 4);
  if (length > stream.size() - at - kHeaderSize) return std::nullopt;
  return stream.substr(at + kHeaderSize, length);
}

// Where the persist directory `directory` puts object `id`; nullopt when it does not list it.
std::optional<std::size_t> persist_offset(std::string_view directory, std::uint32_t id) {
  for (std::size_t at = 0; at + 4 <= directory.size();) {
    const std::uint32_t entry = read_le32(directory, at);
    const std::uint32_t first = entry & 0xFFFFF;
    const std::uint32_t count = entry >> 20;
    at += 4;
    if (id >= first && id - first < count) {
      const std::size_t slot = at + 4 * std::size_t{id - first};
      if (slot + 4 > directory.size()) return std::nullopt;
      return read_le32(directory, slot);
    }
    at += 4 * std::size_t{count};
  }
  return std::nullopt;
}

// The CryptSession10Container's data: the persist object the current edit names, found in
// the persist directories from the last save back. Each save lies before the one after it, so
// the walk only goes back, and the directories it reads hold at most the stream's size.
std::optional<std::string_view> crypt_session(std::string_view document, std::size_t edit_at) {
  const auto first_edit = record_data(document, edit_at, kUserEdit);
  if (!first_edit || first_edit->size() < 32) return std::nullopt;
  const std::uint32_t session = read_le32(*first_edit, 28);  // encryptSessionPersistIdRef
  std::size_t scanned = 0;
  for (std::size_t edits = 0; edits < kMaxEdits && edit_at != 0; ++edits) {
    const auto edit = record_data(document, edit_at, kUserEdit);
    if (!edit || edit->size() < 28) return std::nullopt;
    if (const auto directory = record_data(document, read_le32(*edit, 12), kPersistDirectory)) {
      scanned += directory->size();
      if (scanned > document.size()) return std::nullopt;
      if (const auto offset = persist_offset(*directory, session))
        return record_data(document, *offset, kCryptSession);
    }
    const std::size_t previous = read_le32(*edit, 8);  // offsetLastEdit: the save before it
    if (previous >= edit_at) return std::nullopt;
    edit_at = previous;
  }
  return std::nullopt;
}

// Calls visit(type, instance, data) for each atom of `document` in stream order, until it
// returns false. One pass: a container's header is passed and its children read in turn, so
// nesting costs no recursion; an atom cut short ends the walk.
template <class Visit>
void for_each_atom(std::string_view document, Visit&& visit) {
  for (std::size_t at = 0; at + kHeaderSize <= document.size();) {
    const std::uint32_t version_and_instance = read_le16(document, at);
    const std::uint32_t type = read_le16(document, at + 2);
    const std::uint32_t length = read_le32(document, at + 4);
    at += kHeaderSize;
    if ((version_and_instance & 0xF) == kContainer) continue;
    if (length > document.size() - at) return;
    if (!visit(type, version_and_instance >> 4, document.substr(at, length))) return;
    at += length;
  }
}

}  // namespace

office97::protection presentation_protection(const compound_file& file) {
  // The CurrentUserAtom's headerToken and offsetToCurrentEdit; an empty atom when there is none.
  const std::string user = file.root_stream("Current User", 4096).value_or("");
  const std::string_view atom = record_data(user, 0, kCurrentUser).value_or("");
  const bool readable = atom.size() >= 12;
  const bool encrypted = file.root_stream("EncryptedSummary", 0).has_value() ||
                         (readable && read_le32(atom, 4) == kEncryptedToken);
  if (!encrypted) return office97::protection::none;
  const auto document = file.root_stream("PowerPoint Document", file.size());
  if (!readable || !document) return office97::protection::password;
  const auto session = crypt_session(*document, read_le32(atom, 8));
  return session && office97::rc4_blocks::open(*session, office97::kPowerPointDefaultPassword)
             ? office97::protection::default_password
             : office97::protection::password;
}

bool append_slides_text(std::string_view document, std::string& out, std::size_t max_bytes) {
  if (document.size() < kHeaderSize || (read_le16(document, 0) & 0xF) != kContainer) return false;
  for_each_atom(document, [&](std::uint32_t type, std::uint32_t, std::string_view data) {
    if (type == kTextChars || type == kTextBytes) {
      // TextBytesAtom holds UTF-16's low bytes (Latin-1); \r ends a paragraph, \v a line.
      append_rendered(' ', out);
      append_rendered_units(data, type == kTextChars, out, max_bytes);
    }
    return out.size() < max_bytes;
  });
  cut_utf8_to(out, max_bytes);
  return true;
}

std::vector<presentation_object> presentation_objects(std::string_view document,
                                                      std::size_t max_objects,
                                                      std::size_t max_bytes) {
  std::vector<presentation_object> out;
  std::size_t used = 0;
  for_each_atom(document, [&](std::uint32_t type, std::uint32_t instance, std::string_view data) {
    if (type != kExOleObjStg) return true;
    if (out.size() >= max_objects) return false;
    presentation_object object;
    if (instance == kCompressed) {  // a 32-bit size, then zlib (ExOleObjStgCompressedAtom)
      if (data.size() < 4) return true;
      object.cut =
          inflate_bounded(data.substr(4), max_bytes - used, object.storage) == inflated::too_large;
    } else {
      object.cut = data.size() > max_bytes - used;
      object.storage = data.substr(0, max_bytes - used);
    }
    used += object.storage.size();
    out.push_back(std::move(object));
    return !out.back().cut;  // the bytes are spent: what comes after is not read
  });
  return out;
}

}  // namespace mfsim::mail
