// read_binhex(): the six-bit characters and the run-length coding undone in one pass, only as
// far as the header and the data fork need.
#include "engine/mail/binhex_file.h"

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/little_endian.h"
#include "engine/mail/six_bit_bytes.h"

namespace mfsim::mail {
namespace {

// BinHex 4.0's 64 characters, in the order of the values they stand for (RFC 1741).
constexpr std::string_view kAlphabet =
    "!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr";
constexpr unsigned char kRunMarker = 0x90;

// The bytes of the stream, run-length coding undone, produced up to a limit.
class binhex_bytes {
 public:
  explicit binhex_bytes(std::string_view encoded) : encoded_(encoded) {}

  // Appends bytes to `out` until it holds `size` of them; false when the stream ends first.
  bool read_to(std::string& out, std::size_t size) {
    while (out.size() < size) {
      if (repeat_ > 0) {
        out += last_;
        --repeat_;
        continue;
      }
      int byte = next_coded();
      if (byte < 0) return false;
      if (byte == kRunMarker) {
        const int count = next_coded();
        if (count < 0) return false;
        if (count == 0) {
          last_ = static_cast<char>(kRunMarker);  // a 0x90 of the data
          out += last_;
        } else if (count > 1) {
          repeat_ = static_cast<std::size_t>(count) - 1;  // the byte before, count times in all
        }
        continue;
      }
      last_ = static_cast<char>(byte);
      out += last_;
    }
    return true;
  }

 private:
  // The next byte of the six-bit coding; -1 at the closing `:` or a character not BinHex's.
  int next_coded() {
    char byte = 0;
    while (true) {
      if (at_ >= encoded_.size()) return -1;
      const char c = encoded_[at_++];
      if (c == '\r' || c == '\n' || c == ' ' || c == '\t') continue;
      const std::size_t value = kAlphabet.find(c);
      if (value == std::string_view::npos) return -1;
      if (bytes_.add(static_cast<unsigned>(value), byte)) return static_cast<unsigned char>(byte);
    }
  }

  std::string_view encoded_;
  std::size_t at_ = 0;
  six_bit_bytes bytes_;
  char last_ = 0;
  std::size_t repeat_ = 0;
};

// RFC 1741's CRC (CCITT's polynomial 0x1021, from zero) of `bytes`.
std::uint16_t binhex_crc(std::string_view bytes) {
  std::uint32_t crc = 0;
  for (const char c : bytes) {
    crc ^= static_cast<std::uint32_t>(static_cast<unsigned char>(c)) << 8;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 0x8000u) ? (crc << 1) ^ 0x1021u : crc << 1;
    crc &= 0xFFFFu;
  }
  return static_cast<std::uint16_t>(crc);
}

struct header_read {
  std::string header;  // its bytes, the CRC last
  std::size_t name_length = 0;
};

// The header at the start of `stream`; nullopt when it is cut short. Its name is as long as its
// length byte says, 0 to 255 bytes: RFC 1741 gives 1 to 63, but decoders read the length as
// written, so a longer name, or none, is the file's as the recipient gets it (decision 872).
std::optional<header_read> read_header(binhex_bytes& stream) {
  header_read out;
  if (!stream.read_to(out.header, 1)) return std::nullopt;
  out.name_length = static_cast<unsigned char>(out.header[0]);
  // The header: name length, name, version, type, creator, flags, data and resource fork
  // lengths, CRC.
  const std::size_t header_size = 1 + out.name_length + 1 + 4 + 4 + 2 + 4 + 4 + 2;
  if (!stream.read_to(out.header, header_size)) return std::nullopt;
  return out;
}

bool crc_matches(const header_read& read) {
  const std::string_view header = read.header;
  const std::size_t crc_at = header.size() - 2;
  return binhex_crc(header.substr(0, crc_at)) == read_be(header, crc_at, 2);
}

}  // namespace

std::optional<binhex_file> read_binhex(std::string_view text, std::size_t max_data_bytes) {
  // Each line that starts with `:` may start the stream: a line of junk (":-)") before it must
  // not hide it, so the first whose header's CRC is right is read, else the first whose header
  // reads at all (decision 820). Each try ends at the next character not BinHex's, a `:` too,
  // so the tries together read the text once.
  std::optional<binhex_bytes> chosen;
  std::optional<header_read> chosen_header;
  for (std::size_t colon = text.starts_with(':') ? 0 : text.find("\n:");
       colon != std::string_view::npos; colon = text.find("\n:", colon + 1)) {
    const std::size_t start = text.find(':', colon) + 1;
    binhex_bytes stream(text.substr(start));
    std::optional<header_read> header = read_header(stream);
    if (!header) continue;
    const bool right = crc_matches(*header);
    if (right || !chosen) {
      chosen = stream;
      chosen_header = std::move(header);
    }
    if (right) break;
  }
  if (!chosen) return std::nullopt;
  const std::string& header = chosen_header->header;
  const std::size_t name_length = chosen_header->name_length;
  binhex_file file{header.substr(1, name_length), {}, true};
  const std::size_t data_length = read_be(header, 1 + name_length + 1 + 10, 4);
  const std::size_t read = data_length < max_data_bytes ? data_length : max_data_bytes;
  file.whole = chosen->read_to(file.data, read) && read == data_length;
  return file;
}

}  // namespace mfsim::mail
