// How a PDF font's character codes become text and how far each moves the pen (ISO 32000-1
// 9.6-9.10): the font's ToUnicode CMap first, then its encoding (the standard encodings and
// /Differences glyph names), and its glyph widths (/Widths, or /W and /DW of a CIDFont).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/mail/pdf_document.h"

namespace mfsim::mail::pdf {

// What showing one character code did: how far it moves the pen, in thousandths of the font
// size, and whether it was the single-byte code 32, which word spacing (Tw) widens.
struct shown_code {
  double width = 0;
  bool word_space = false;
};

class font {
 public:
  // The font `dict` describes; a font mfsim cannot read decodes to nothing.
  font(document& file, const object* dict);
  font() = default;

  // One character code of `codes` from `at` (one or more bytes, as the font's code space says):
  // its text appended to `out` (nothing for a code that maps to none). `at` moves past it.
  shown_code show_code(std::string_view codes, std::size_t& at, std::string& out) const;

 private:
  struct code_range {
    std::uint32_t low = 0;
    std::uint32_t high = 0;
    std::size_t bytes = 1;
  };
  void read_to_unicode(document& file, const object* stream);
  void read_simple_encoding(document& file, const object* encoding);
  void read_widths(document& file, const object* dict);
  void read_cid_widths(document& file, const object* cid_font);
  std::size_t code_length(std::string_view codes, std::size_t at) const;
  static bool count_code(document& file);

  bool composite_ = false;      // Type0: codes of one or more bytes, widths by CID
  bool unicode_codes_ = false;  // a Type0 font whose CMap is UCS-2 or UTF-16 (Uni*-UCS2-H)
  std::vector<code_range> code_space_;
  std::unordered_map<std::uint32_t, std::string> to_unicode_;
  std::array<std::string, 256> simple_text_{};  // a simple font's codes by its encoding
  std::unordered_map<std::uint32_t, double> widths_;
  double default_width_ = 500;
};

// The Unicode text of a glyph name (Adobe's Glyph List conventions: "eacute", "uni00E9",
// "u1F600", "f_i", "a.sc"); empty when the name is not one mfsim knows.
std::string glyph_name_text(std::string_view name);

}  // namespace mfsim::mail::pdf
