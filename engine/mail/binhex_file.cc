// read_binhex(): the six-bit characters and the run-length coding undone in one pass, only as
// far as the header and the data fork need.
#include "engine/mail/binhex_file.h"

#include <cstdint>
#include <string_view>

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
    while (bits_ < 8) {
      if (at_ >= encoded_.size()) return -1;
      const char c = encoded_[at_++];
      if (c == '\r' || c == '\n' || c == ' ' || c == '\t') continue;
      const std::size_t value = kAlphabet.find(c);
      if (value == std::string_view::npos) return -1;
      held_ = ((held_ << 6) | static_cast<unsigned>(value)) & 0x3FFFu;
      bits_ += 6;
    }
    bits_ -= 8;
    return static_cast<int>((held_ >> bits_) & 0xFFu);
  }

  std::string_view encoded_;
  std::size_t at_ = 0;
  unsigned held_ = 0;
  unsigned bits_ = 0;
  char last_ = 0;
  std::size_t repeat_ = 0;
};

std::uint32_t big_endian(std::string_view bytes) {
  std::uint32_t value = 0;
  for (const char c : bytes) value = (value << 8) | static_cast<unsigned char>(c);
  return value;
}

}  // namespace

std::optional<binhex_file> read_binhex(std::string_view text, std::size_t max_data_bytes) {
  std::size_t start = text.starts_with(':') ? 0 : text.find("\n:");
  if (start == std::string_view::npos) return std::nullopt;
  start = text.find(':', start) + 1;
  binhex_bytes stream(text.substr(start));
  // The header: name length, name, version, type, creator, flags, data and resource fork
  // lengths, CRC.
  std::string header;
  if (!stream.read_to(header, 1)) return std::nullopt;
  const auto name_length = static_cast<unsigned char>(header[0]);
  if (name_length == 0 || name_length > 63) return std::nullopt;
  const std::size_t header_size = 1 + name_length + 1 + 4 + 4 + 2 + 4 + 4 + 2;
  if (!stream.read_to(header, header_size)) return std::nullopt;
  binhex_file file{header.substr(1, name_length), {}, true};
  const std::size_t data_length =
      big_endian(std::string_view(header).substr(1 + name_length + 1 + 10, 4));
  const std::size_t read = data_length < max_data_bytes ? data_length : max_data_bytes;
  file.whole = stream.read_to(file.data, read) && read == data_length;
  return file;
}

}  // namespace mfsim::mail
