// A PDF font's text and widths (ISO 32000-1 9.6.6 encodings, 9.7.5 CMaps, 9.10 ToUnicode).
#include "engine/mail/pdf_fonts.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/ascii.h"
#include "engine/little_endian.h"
#include "engine/mail/charset.h"
#include "engine/utf8.h"

namespace mfsim::mail::pdf {
namespace {

constexpr std::uint32_t kMaxRangeSpan = 0xFFFF;
constexpr std::size_t kMaxCodeSpaceRanges = 64;  // each code shown is matched against them

// The glyph names of WinAnsiEncoding (Annex D.2), codes 32 to 255; "" for codes it leaves out.
// They name the Latin glyphs of the other encodings and of /Differences too.
// clang-format off
constexpr std::array<std::string_view, 224> kWinAnsiNames = {
    "space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand", "quotesingle",
    "parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period", "slash", "zero",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "colon", "semicolon",
    "less", "equal", "greater", "question", "at", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J",
    "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "bracketleft",
    "backslash", "bracketright", "asciicircum", "underscore", "grave", "a", "b", "c", "d", "e",
    "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x",
    "y", "z", "braceleft", "bar", "braceright", "asciitilde", "", "Euro", "", "quotesinglbase",
    "florin", "quotedblbase", "ellipsis", "dagger", "daggerdbl", "circumflex", "perthousand",
    "Scaron", "guilsinglleft", "OE", "", "Zcaron", "", "", "quoteleft", "quoteright",
    "quotedblleft", "quotedblright", "bullet", "endash", "emdash", "tilde", "trademark", "scaron",
    "guilsinglright", "oe", "", "zcaron", "Ydieresis", "nbspace", "exclamdown", "cent", "sterling",
    "currency", "yen", "brokenbar", "section", "dieresis", "copyright", "ordfeminine",
    "guillemotleft", "logicalnot", "sfthyphen", "registered", "macron", "degree", "plusminus",
    "twosuperior", "threesuperior", "acute", "mu", "paragraph", "periodcentered", "cedilla",
    "onesuperior", "ordmasculine", "guillemotright", "onequarter", "onehalf", "threequarters",
    "questiondown", "Agrave", "Aacute", "Acircumflex", "Atilde", "Adieresis", "Aring", "AE",
    "Ccedilla", "Egrave", "Eacute", "Ecircumflex", "Edieresis", "Igrave", "Iacute", "Icircumflex",
    "Idieresis", "Eth", "Ntilde", "Ograve", "Oacute", "Ocircumflex", "Otilde", "Odieresis",
    "multiply", "Oslash", "Ugrave", "Uacute", "Ucircumflex", "Udieresis", "Yacute", "Thorn",
    "germandbls", "agrave", "aacute", "acircumflex", "atilde", "adieresis", "aring", "ae",
    "ccedilla", "egrave", "eacute", "ecircumflex", "edieresis", "igrave", "iacute", "icircumflex",
    "idieresis", "eth", "ntilde", "ograve", "oacute", "ocircumflex", "otilde", "odieresis",
    "divide", "oslash", "ugrave", "uacute", "ucircumflex", "udieresis", "yacute", "thorn",
    "ydieresis",
};
// clang-format on

// Windows-1252's characters at 0x80-0x9F (the rest of WinAnsiEncoding is Latin-1); 0 unused.
constexpr std::array<std::uint16_t, 32> kWindows1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::uint32_t win_ansi_code_point(std::uint32_t code) {
  if (code >= 0x80 && code < 0xA0) return kWindows1252High[code - 0x80];
  return code;
}

// Glyph names outside WinAnsiEncoding that mailed documents use for letters and punctuation.
struct named_glyph {
  std::string_view name;
  std::string_view text;
};
constexpr std::array<named_glyph, 10> kOtherGlyphs = {{{"fi", "fi"},
                                                       {"fl", "fl"},
                                                       {"ff", "ff"},
                                                       {"ffi", "ffi"},
                                                       {"ffl", "ffl"},
                                                       {"dotlessi", "\u0131"},
                                                       {"Lslash", "\u0141"},
                                                       {"lslash", "\u0142"},
                                                       {"minus", "\u2212"},
                                                       {"fraction", "\u2044"}}};

bool hex_code_point(std::string_view hex, std::uint32_t& code) {
  code = 0;
  for (const char c : hex) {
    const int value = ascii_hex_value(c);
    if (value < 0) return false;
    code = code * 16 + static_cast<std::uint32_t>(value);
  }
  return code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
}

// One component of a glyph name (no '_' or '.'): "A", "eacute", "uni00E9", "u1F600".
std::string component_text(std::string_view name) {
  std::string out;
  if (name.empty()) return out;  // "" marks the codes WinAnsiEncoding leaves out
  for (std::size_t i = 0; i < kWinAnsiNames.size(); ++i) {
    if (kWinAnsiNames[i] == name) {
      append_utf8_code_point(win_ansi_code_point(static_cast<std::uint32_t>(i + 32)), out);
      return out;
    }
  }
  for (const named_glyph& g : kOtherGlyphs) {
    if (g.name == name) return std::string(g.text);
  }
  std::uint32_t code = 0;
  if (name.starts_with("uni") && name.size() >= 7 && (name.size() - 3) % 4 == 0) {
    for (std::size_t i = 3; i < name.size(); i += 4) {  // "uni" and groups of four digits
      if (!hex_code_point(name.substr(i, 4), code)) return {};
      append_utf8_code_point(code, out);
    }
  } else if (name.size() >= 5 && name.size() <= 7 && name[0] == 'u' &&
             hex_code_point(name.substr(1), code)) {
    append_utf8_code_point(code, out);
  }
  return out;
}

std::uint32_t big_endian_code(std::string_view bytes) {
  return static_cast<std::uint32_t>(read_be(bytes, 0, std::min<std::size_t>(bytes.size(), 4)));
}

}  // namespace

std::string glyph_name_text(std::string_view name) {
  name = name.substr(0, name.find('.'));  // "a.sc", "one.oldstyle": the suffix is a variant
  std::string out;
  while (!name.empty()) {  // "f_f_i": a ligature of its components
    const std::size_t cut = name.find('_');
    out += component_text(name.substr(0, cut));
    if (cut == std::string_view::npos) break;
    name.remove_prefix(cut + 1);
  }
  return out;
}

font::font(document& file, const object* dict) {
  if (dict == nullptr || !dict->is(object::kind::dict)) return;
  const object* subtype = file.get(dict, "Subtype");
  composite_ = subtype != nullptr && subtype->is_name("Type0");
  const object* encoding = file.get(dict, "Encoding");
  if (composite_) {
    default_width_ = 1000;
    const std::string_view cmap = encoding != nullptr && encoding->is(object::kind::name)
                                      ? std::string_view(encoding->text)
                                      : std::string_view();
    unicode_codes_ = cmap.starts_with("Uni") && (cmap.find("UCS2") != std::string_view::npos ||
                                                 cmap.find("UTF16") != std::string_view::npos);
    const object* descendants = file.get(dict, "DescendantFonts");
    if (descendants != nullptr && descendants->is(object::kind::array) &&
        !descendants->items.empty()) {
      read_cid_widths(file, file.resolve(&descendants->items.front()));
    }
  } else {
    read_simple_encoding(file, encoding);
    read_widths(file, dict);
  }
  read_to_unicode(file, dict->get("ToUnicode"));
}

void font::read_simple_encoding(document& file, const object* encoding) {
  std::string_view base = "WinAnsiEncoding";
  const object* differences = nullptr;
  if (encoding != nullptr && encoding->is(object::kind::name)) base = encoding->text;
  if (encoding != nullptr && encoding->is(object::kind::dict)) {
    const object* named = file.get(encoding, "BaseEncoding");
    if (named != nullptr && named->is(object::kind::name)) base = named->text;
    differences = file.get(encoding, "Differences");
  }
  for (std::uint32_t code = 32; code < 256; ++code) {
    if (base == "MacRomanEncoding" && code >= 0x80) {
      (void)append_as_utf8("MACINTOSH", std::string(1, static_cast<char>(code)),
                           simple_text_[code]);
    } else if (!kWinAnsiNames[code - 32].empty()) {
      append_utf8_code_point(win_ansi_code_point(code), simple_text_[code]);
    }
  }
  if (base == "StandardEncoding") {  // its quotes differ from ASCII's
    simple_text_['\''] = "\u2019";
    simple_text_['`'] = "\u2018";
  }
  if (differences == nullptr || !differences->is(object::kind::array)) return;
  std::uint32_t code = 256;
  for (const object& item : differences->items) {  // [code /name /name code /name ...]
    if (item.is(object::kind::number)) {
      code = item.number >= 0 && item.number < 256 ? static_cast<std::uint32_t>(item.number) : 256;
    } else if (item.is(object::kind::name) && code < 256) {
      simple_text_[code++] = glyph_name_text(item.text);
    }
  }
}

void font::read_widths(document& file, const object* dict) {
  const object* widths = file.get(dict, "Widths");
  const double first = number_or(file.get(dict, "FirstChar"), 0);
  double scale = 1;  // a Type3 font's widths are in its glyph space
  const object* matrix = file.get(dict, "FontMatrix");
  if (matrix != nullptr && matrix->is(object::kind::array) && !matrix->items.empty())
    scale = number_or(&matrix->items.front(), 0.001) * 1000;
  const object* descriptor = file.get(dict, "FontDescriptor");
  const double missing = number_or(file.get(descriptor, "MissingWidth"), 0);
  if (missing > 0) default_width_ = missing;
  if (widths == nullptr || !widths->is(object::kind::array) || first < 0 || first > 255) return;
  auto code = static_cast<std::uint32_t>(first);
  for (const object& w : widths->items) {
    if (code > 255) break;
    const object* value = file.resolve(&w);
    if (!count_code(file)) return;
    widths_[code++] = number_or(value, default_width_) * scale;
  }
}

// A CIDFont's /DW and /W: "c [w1 w2 ...]" gives consecutive CIDs from c, "c1 c2 w" a range.
void font::read_cid_widths(document& file, const object* cid_font) {
  default_width_ = number_or(file.get(cid_font, "DW"), 1000);
  const object* w = file.get(cid_font, "W");
  if (w == nullptr || !w->is(object::kind::array)) return;
  for (std::size_t i = 0; i + 1 < w->items.size();) {
    const std::optional<std::uint32_t> start = w->items[i].as_index();
    const object* second = file.resolve(&w->items[i + 1]);
    if (!start || second == nullptr) break;
    std::uint32_t cid = *start;
    if (second->is(object::kind::array)) {
      for (const object& value : second->items) {
        if (!count_code(file)) return;
        widths_[cid++] = number_or(&value, default_width_);
      }
      i += 2;
      continue;
    }
    const std::optional<std::uint32_t> last = second->as_index();
    if (i + 2 >= w->items.size() || !last) break;
    const double width = number_or(&w->items[i + 2], default_width_);
    for (std::uint32_t c = cid; c <= *last && c - cid <= kMaxRangeSpan; ++c) {
      if (!count_code(file)) return;
      widths_[c] = width;
    }
    i += 3;
  }
}

// Counts one more code mapped or sized against the file's budget; false once it is spent.
bool font::count_code(document& file) {
  budget& limits = file.limits();
  if (limits.mapped_codes >= limits.max_mapped_codes) {
    limits.exceed(fmt::format("maps more than {} character codes", limits.max_mapped_codes));
    return false;
  }
  ++limits.mapped_codes;
  return true;
}

// A ToUnicode CMap (9.10.3): its code space ranges, bfchar and bfrange mappings.
void font::read_to_unicode(document& file, const object* stream) {
  std::string cmap;
  if (!file.stream_data(stream, cmap)) return;
  reader objects(cmap, reader::mode::content);
  std::vector<object> operands;
  object token;
  while (objects.next(token)) {
    if (!token.is(object::kind::op)) {
      if (operands.size() < kMaxPdfNodes) operands.push_back(std::move(token));
      continue;
    }
    if (token.text == "endcodespacerange") {
      for (std::size_t i = 0; i + 1 < operands.size(); i += 2) {
        const std::string& low = operands[i].text;
        if (low.empty() || low.size() > 4 || low.size() != operands[i + 1].text.size()) continue;
        if (code_space_.size() == kMaxCodeSpaceRanges) break;
        code_space_.push_back(
            {big_endian_code(low), big_endian_code(operands[i + 1].text), low.size()});
      }
    } else if (token.text == "endbfchar") {
      for (std::size_t i = 0; i + 1 < operands.size(); i += 2) {
        if (!count_code(file)) return;
        std::string text;
        append_utf16be_as_utf8(operands[i + 1].text, text);
        to_unicode_[big_endian_code(operands[i].text)] = std::move(text);
      }
    } else if (token.text == "endbfrange") {
      for (std::size_t i = 0; i + 2 < operands.size(); i += 3) {
        const std::uint32_t low = big_endian_code(operands[i].text);
        const std::uint32_t high = big_endian_code(operands[i + 1].text);
        const object& target = operands[i + 2];
        if (high < low || high - low > kMaxRangeSpan) continue;
        for (std::uint32_t code = low; code <= high; ++code) {
          if (!count_code(file)) return;
          std::string utf16;
          if (target.is(object::kind::array)) {
            if (code - low >= target.items.size()) break;
            utf16 = target.items[code - low].text;
          } else {
            // The range's codes map to consecutive characters: the last unit counts up.
            utf16 = target.text;
            if (utf16.size() < 2) break;
            const std::uint32_t unit =
                big_endian_code(utf16.substr(utf16.size() - 2)) + (code - low);
            utf16[utf16.size() - 2] = static_cast<char>((unit >> 8) & 0xFF);
            utf16[utf16.size() - 1] = static_cast<char>(unit & 0xFF);
          }
          std::string text;
          append_utf16be_as_utf8(utf16, text);
          to_unicode_[code] = std::move(text);
        }
      }
    }
    if (token.text.starts_with("end") || token.text.starts_with("begin")) operands.clear();
  }
}

// How many bytes the code at `at` takes: the code space range its first bytes fall in, else
// two bytes for a composite font and one for a simple one.
std::size_t font::code_length(std::string_view codes, std::size_t at) const {
  for (const code_range& range : code_space_) {
    if (at + range.bytes > codes.size()) continue;
    const std::uint32_t code = big_endian_code(codes.substr(at, range.bytes));
    if (code >= range.low && code <= range.high) return range.bytes;
  }
  return composite_ ? std::min<std::size_t>(2, codes.size() - at) : 1;
}

shown_code font::show_code(std::string_view codes, std::size_t& at, std::string& out) const {
  const std::size_t length = code_length(codes, at);
  const std::string_view bytes = codes.substr(at, length);
  at += length;
  const std::uint32_t code = big_endian_code(bytes);
  if (const auto mapped = to_unicode_.find(code); mapped != to_unicode_.end()) {
    out += mapped->second;
  } else if (composite_ && unicode_codes_) {
    append_utf16be_as_utf8(bytes, out);
  } else if (!composite_ && code < 256) {
    out += simple_text_[code];
  }
  const auto width = widths_.find(code);  // by CID: Identity CMaps make the code the CID
  return {width == widths_.end() ? default_width_ : width->second, length == 1 && code == ' '};
}

}  // namespace mfsim::mail::pdf
