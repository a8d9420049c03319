// Excel and PowerPoint 97-2003 files for the tests (office97_writer.h). Records: [MS-XLS]
// 2.1.4 (BOF 2.4.21, FILEPASS 2.4.117, BoundSheet8 2.4.28, SST 2.4.265, CONTINUE 2.4.58,
// LABEL 2.4.148); [MS-PPT] 2.3.1-2.3.7; encryption [MS-OFFCRYPTO] 2.3.5 and 2.3.6.
#include "tests/support/office97_writer.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "engine/mail/crypto_primitives.h"
#include "engine/mail/office_binary_encryption.h"
#include "tests/support/le_bytes.h"
#include "tests/support/msg_writer.h"

namespace mfsim::test {
namespace {

std::string biff_record(std::uint32_t type, const std::string& data) {
  return le_bytes(type, 2) + le_bytes(static_cast<std::uint32_t>(data.size()), 2) + data;
}

std::size_t characters_of(const office_text& t) {
  return t.wide ? t.bytes.size() / 2 : t.bytes.size();
}

// The SST's data split into records of at most `limit` bytes: a string's header never split,
// its characters split at a character, the record they go on in starting with their flags.
std::vector<std::string> sst_records(const std::vector<office_text>& strings, std::size_t limit) {
  std::vector<std::string> records;
  std::string current = le_bytes(static_cast<std::uint32_t>(strings.size()), 4) +
                        le_bytes(static_cast<std::uint32_t>(strings.size()), 4);
  for (const office_text& s : strings) {
    const char flags = s.wide ? '\x01' : '\x00';
    const std::string header = le_bytes(static_cast<std::uint32_t>(characters_of(s)), 2) + flags;
    if (current.size() + header.size() > limit) {
      records.push_back(current);
      current.clear();
    }
    current += header;
    const std::size_t width = s.wide ? 2 : 1;
    for (std::size_t at = 0; at < s.bytes.size();) {
      const std::size_t room = (limit - current.size()) / width * width;
      if (room == 0) {
        records.push_back(current);
        current = std::string(1, flags);
        continue;
      }
      const std::size_t take = std::min(room, s.bytes.size() - at);
      current += s.bytes.substr(at, take);
      at += take;
    }
  }
  records.push_back(current);
  return records;
}

std::string utf16le_of(const std::string& ascii) {
  std::string out;
  for (const char c : ascii) out += std::string(1, c) + '\0';
  return out;
}

// RC4 or RC4 CryptoAPI encryption with a password: the encryption info a file stores and the
// key of each 1024-byte block, written from [MS-OFFCRYPTO] apart from the reader.
class rc4_writer {
 public:
  rc4_writer(bool cryptoapi, const std::string& password) : cryptoapi_(cryptoapi) {
    using namespace mfsim::mail::crypto;
    if (cryptoapi_) {
      hash_ = sha1_of(kSalt + utf16le_of(password));
    } else {
      const std::string h0 = md5_of(utf16le_of(password)).substr(0, 5);
      std::string buffer;
      for (int k = 0; k < 16; ++k) buffer += h0 + kSalt;
      hash_ = md5_of(buffer).substr(0, 5);
    }
  }

  // EncryptionVersionInfo and what follows it: salt, verifier, its hash, the last two sealed.
  std::string info() const {
    using namespace mfsim::mail::crypto;
    const std::string sealed =
        rc4(key(0), kVerifier + (cryptoapi_ ? sha1_of(kVerifier) : md5_of(kVerifier)));
    if (!cryptoapi_) return le_bytes(1, 2) + le_bytes(1, 2) + kSalt + sealed;
    const std::string provider =
        utf16le_of("Microsoft Enhanced Cryptographic Provider v1.0") + std::string(2, '\0');
    const std::string header = le_bytes(4, 4) + le_bytes(0, 4) + le_bytes(0x6801, 4) +
                               le_bytes(0x8004, 4) + le_bytes(128, 4) + le_bytes(1, 4) +
                               le_bytes(0, 4) + le_bytes(0, 4) + provider;
    return le_bytes(4, 2) + le_bytes(2, 2) + le_bytes(4, 4) +
           le_bytes(static_cast<std::uint32_t>(header.size()), 4) + header + le_bytes(16, 4) +
           kSalt + sealed.substr(0, 16) + le_bytes(20, 4) + sealed.substr(16);
  }

  // Encrypts `size` bytes of `stream` at `at`: block `at / 1024`'s key stream from `at % 1024`.
  void encrypt(std::string& stream, std::size_t at, std::size_t size) const {
    for (std::size_t k = at; k < at + size; ++k) {
      const std::size_t block = k / 1024;
      if (block != block_) {
        block_ = block;
        stream_ = mfsim::mail::crypto::rc4(key(static_cast<std::uint32_t>(block)),
                                           std::string(1024, '\0'));
      }
      stream[k] = static_cast<char>(stream[k] ^ stream_[k % 1024]);
    }
  }

 private:
  std::string key(std::uint32_t block) const {
    using namespace mfsim::mail::crypto;
    return cryptoapi_ ? sha1_of(hash_ + le_bytes(block, 4)).substr(0, 16)
                      : md5_of(hash_ + le_bytes(block, 4));
  }

  inline static const std::string kSalt = "salt of the test";
  inline static const std::string kVerifier = "verifier 16 byte";
  bool cryptoapi_;
  std::string hash_;
  mutable std::size_t block_ = SIZE_MAX;
  mutable std::string stream_;
};

// Encrypts the data of the records after `from`, as [MS-XLS] 2.2.10 says: not their headers,
// not BOF, FILEPASS and the other records that say how to read the file, not a BoundSheet8's
// stream position.
void encrypt_records(std::string& stream, std::size_t from, const rc4_writer& cipher) {
  for (std::size_t at = from; at + 4 <= stream.size();) {
    const std::uint32_t type =
        static_cast<unsigned char>(stream[at]) | static_cast<unsigned char>(stream[at + 1]) << 8;
    const std::size_t size = static_cast<unsigned char>(stream[at + 2]) |
                             static_cast<unsigned char>(stream[at + 3]) << 8;
    const std::size_t data = at + 4;
    at = data + size;
    if (type == 0x0809 || type == 0x002F || type == 0x0194 || type == 0x0195 || type == 0x00E1 ||
        type == 0x0196 || type == 0x0138) {
      continue;
    }
    const std::size_t plain = type == 0x0085 ? std::min<std::size_t>(size, 4) : 0;
    cipher.encrypt(stream, data + plain, size - plain);
  }
}

std::string ppt_record(std::uint32_t version, std::uint32_t type, const std::string& data) {
  return le_bytes(version, 2) + le_bytes(type, 2) +
         le_bytes(static_cast<std::uint32_t>(data.size()), 4) + data;
}

}  // namespace

std::string excel_97(const std::vector<office_text>& strings,
                     const std::vector<office_text>& labels, std::size_t record_size,
                     const excel_encryption& encryption) {
  using method = excel_encryption::method;
  std::string stream =
      biff_record(0x0809, le_bytes(0x0600, 2) + le_bytes(0x0005, 2) + std::string(12, '\0'));
  std::optional<rc4_writer> cipher;
  if (encryption.cipher == method::xor_obfuscation) {
    const std::uint16_t verifier =
        mfsim::mail::office97::xor_password_verifier(encryption.password);
    stream += biff_record(0x002F, le_bytes(0, 2) + le_bytes(0x1234, 2) + le_bytes(verifier, 2));
  } else if (encryption.cipher != method::none) {
    cipher.emplace(encryption.cipher == method::rc4_cryptoapi, encryption.password);
    stream += biff_record(0x002F, le_bytes(1, 2) + cipher->info());
  }
  const std::size_t encrypted_from = stream.size();
  // A sheet's name and where its substream would start (no sheet follows: its stream position
  // is what stays plain in an encrypted workbook).
  stream += biff_record(
      0x0085, le_bytes(0x0400, 4) + std::string(2, '\0') + std::string("\x06\x00Sheet1", 8));
  const std::vector<std::string> sst = sst_records(strings, record_size);
  for (std::size_t i = 0; i < sst.size(); ++i)
    stream += biff_record(i == 0 ? 0x00FC : 0x003C, sst[i]);
  for (const office_text& label : labels) {
    stream +=
        biff_record(0x0204, std::string(6, '\0') +
                                le_bytes(static_cast<std::uint32_t>(characters_of(label)), 2) +
                                (label.wide ? '\x01' : '\x00') + label.bytes);
  }
  stream += biff_record(0x000A, "");
  if (cipher) encrypt_records(stream, encrypted_from, *cipher);
  return write_compound_file({{"Workbook", false, stream, {}}});
}

std::string powerpoint_97(const std::vector<office_text>& texts, const std::string& password) {
  const bool encrypted = !password.empty();
  std::string atoms;
  for (const office_text& t : texts) atoms += ppt_record(0, t.wide ? 0x0FA0 : 0x0FA8, t.bytes);
  std::string document =
      ppt_record(0xF, 0x03E8, ppt_record(0xF, 0x0FF0, atoms) + ppt_record(0, 0x03EA, ""));
  // Persist object 1 is the document; 2 the encryption session, when there is one.
  const auto session_at = static_cast<std::uint32_t>(document.size());
  if (encrypted) document += ppt_record(0xF, 0x2F14, rc4_writer(true, password).info());
  const auto directory_at = static_cast<std::uint32_t>(document.size());
  const std::uint32_t objects = encrypted ? 2 : 1;
  std::string entries = le_bytes(1 | objects << 20, 4) + le_bytes(0, 4);
  if (encrypted) entries += le_bytes(session_at, 4);
  document += ppt_record(0, 0x1772, entries);
  const auto edit_at = static_cast<std::uint32_t>(document.size());
  std::string edit = le_bytes(0, 4) + le_bytes(0, 2) + le_bytes(0x0300, 2) + le_bytes(0, 4) +
                     le_bytes(directory_at, 4) + le_bytes(1, 4) + le_bytes(objects, 4) +
                     le_bytes(1, 2) + le_bytes(0, 2);
  if (encrypted) edit += le_bytes(2, 4);  // encryptSessionPersistIdRef
  document += ppt_record(0, 0x0FF5, edit);
  const std::string user =
      ppt_record(0, 0x0FF6,
                 le_bytes(0x14, 4) + le_bytes(encrypted ? 0xF3D1C4DF : 0xE391C05F, 4) +
                     le_bytes(edit_at, 4) + le_bytes(0, 2) + le_bytes(0x03F4, 2) +
                     le_bytes(0x0003, 2) + le_bytes(0, 2) + le_bytes(8, 4));
  std::vector<cfb_node> streams = {{"PowerPoint Document", false, document, {}},
                                   {"Current User", false, user, {}}};
  if (encrypted) streams.push_back({"EncryptedSummary", false, std::string(16, '\0'), {}});
  return write_compound_file(streams);
}

}  // namespace mfsim::test
