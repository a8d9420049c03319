// Bytes from characters that each stand for six bits, most significant first: base64 (RFC 2047's
// B encoding, `uuencode -m`) and BinHex 4.0 share this, each with its own alphabet.
#pragma once

namespace mfsim::mail {

class six_bit_bytes {
 public:
  // Adds one character's six bits (0 to 63); true when that completes a byte, put in `byte`.
  bool add(unsigned six_bits, char& byte) noexcept {
    held_ = ((held_ << 6) | six_bits) & 0xFFFu;  // at most 6 bits wait, so 12 are enough
    bits_ += 6;
    if (bits_ < 8) return false;
    bits_ -= 8;
    byte = static_cast<char>((held_ >> bits_) & 0xFFu);
    return true;
  }

  // Bits added and not yet part of a byte: 0, 2, 4 or 6.
  [[nodiscard]] unsigned waiting_bits() const noexcept { return bits_; }

  void reset() noexcept { held_ = bits_ = 0; }

 private:
  unsigned held_ = 0;
  unsigned bits_ = 0;
};

}  // namespace mfsim::mail
