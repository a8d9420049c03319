// UTF-16LE and code-page decoding (engine/mail/charset.h) and FILETIME conversion.
#include "corpus/mapi_text.h"

#include "engine/little_endian.h"
#include "engine/mail/charset.h"
#include "engine/utf8.h"

namespace mfsim::corpus {
namespace {

// iconv's name for a Windows code page number (the ones Outlook writes).
std::string iconv_name(std::uint32_t codepage) {
  switch (codepage) {
    case 20127: return "ASCII";
    case 20866: return "KOI8-R";
    case 21866: return "KOI8-U";
    case 50220:
    case 50221:
    case 50222: return "ISO-2022-JP";
    case 51932: return "EUC-JP";
    case 51949: return "EUC-KR";
    case 52936: return "HZ";
    case 54936: return "GB18030";
    case 65000: return "UTF-7";
    case 65001: return "UTF-8";
    case 1200: return "UTF-16LE";
    default: break;
  }
  if (codepage >= 28591 && codepage <= 28606) return "ISO-8859-" + std::to_string(codepage - 28590);
  if ((codepage >= 1250 && codepage <= 1258) || codepage == 874 || codepage == 932 ||
      codepage == 936 || codepage == 949 || codepage == 950 || codepage == 437 || codepage == 850 ||
      codepage == 866) {
    return "CP" + std::to_string(codepage);
  }
  return "CP1252";
}

}  // namespace

std::string utf16le_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() / 2);
  std::size_t end = bytes.size() / 2;  // in units: trailing NUL terminators dropped
  while (end > 0 && read_le16(bytes, 2 * (end - 1)) == 0) --end;
  for_each_utf16_code_point(bytes.substr(0, 2 * end), false, [&](std::uint32_t code) {
    append_utf8_code_point(code, out);
    return true;
  });
  return out;
}

std::string codepage_to_utf8(std::string_view bytes, std::uint32_t codepage) {
  while (!bytes.empty() && bytes.back() == '\0') bytes.remove_suffix(1);
  if (codepage == 1200) return utf16le_to_utf8(bytes);
  std::string out;
  out.reserve(bytes.size());
  if (!mail::append_as_utf8(iconv_name(codepage), bytes, out) &&
      !mail::append_as_utf8("CP1252", bytes, out)) {
    return std::string(bytes);
  }
  return out;
}

std::optional<std::int64_t> filetime_to_epoch(std::uint64_t filetime) noexcept {
  constexpr std::uint64_t kEpochOffset = 116444736000000000ull;  // 1601 to 1970 in 100 ns
  constexpr std::uint64_t kYear10000 = 2650467744000000000ull;   // 9999-12-31 and a bit
  if (filetime < kEpochOffset || filetime > kYear10000) return std::nullopt;
  return static_cast<std::int64_t>((filetime - kEpochOffset) / 10000000ull);
}

}  // namespace mfsim::corpus
