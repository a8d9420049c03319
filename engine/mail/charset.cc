// Charset conversion through iconv, with the converters each thread opened kept for reuse.
#include "engine/mail/charset.h"

#include <iconv.h>

#include <cerrno>
#include <string>
#include <vector>

#include "engine/ascii.h"
#include "engine/little_endian.h"
#include "engine/utf8.h"

namespace mfsim::mail {
namespace {

constexpr std::size_t kLongestName = 40;
constexpr std::size_t kKeptConverters = 16;  // per thread: charset names come from the mail
constexpr char32_t kReplacement = 0xFFFD;
const iconv_t kNoConverter = reinterpret_cast<iconv_t>(-1);

bool plausible_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > kLongestName) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':' || c == '+';
    if (!ok) return false;
  }
  return true;
}

// The converters (or the failure to open one) of the charsets this thread met, by lower-cased
// name; emptied when full, so that a message naming a thousand charsets holds sixteen.
class converter_cache {
 public:
  converter_cache() = default;
  converter_cache(const converter_cache&) = delete;
  converter_cache& operator=(const converter_cache&) = delete;
  ~converter_cache() { clear(); }

  // Allocates only for a charset not met before (the evaluate path allocates nothing once
  // warm: tests/alloc_free_test.cc).
  iconv_t get(std::string_view charset) {
    for (const auto& kept : kept_) {
      if (ascii_iequals(kept.name, charset)) return kept.cd;
    }
    if (kept_.size() >= kKeptConverters) clear();
    const std::string name = ascii_lower_copy(charset);
    kept_.push_back({name, ::iconv_open("UTF-8", name.c_str())});
    return kept_.back().cd;
  }

 private:
  struct entry {
    std::string name;
    iconv_t cd;
  };
  void clear() {
    for (const auto& kept : kept_) {
      if (kept.cd != kNoConverter) ::iconv_close(kept.cd);
    }
    kept_.clear();
  }
  std::vector<entry> kept_;
};

}  // namespace

bool needs_no_conversion(std::string_view charset) noexcept {
  return charset.empty() || ascii_iequals(charset, "utf-8") || ascii_iequals(charset, "utf8") ||
         ascii_iequals(charset, "us-ascii") || ascii_iequals(charset, "ascii");
}

bool append_as_utf8(std::string_view charset, std::string_view bytes, std::string& out) {
  if (!plausible_name(charset)) return false;
  static thread_local converter_cache cache;
  const iconv_t cd = cache.get(charset);
  if (cd == kNoConverter) return false;
  ::iconv(cd, nullptr, nullptr, nullptr, nullptr);  // a fresh start, whatever came before
  char* in = const_cast<char*>(bytes.data());       // iconv's signature; it does not write
  std::size_t in_left = bytes.size();
  char chunk[4096];
  while (in_left > 0) {
    char* o = chunk;
    std::size_t o_left = sizeof chunk;
    const std::size_t rc = ::iconv(cd, &in, &in_left, &o, &o_left);
    out.append(chunk, sizeof chunk - o_left);
    if (rc != static_cast<std::size_t>(-1) || errno == E2BIG) continue;
    // A byte the charset does not define, or a sequence cut short: one replacement, go on.
    append_utf8_code_point(kReplacement, out);
    ++in;
    --in_left;
    ::iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  // A stateful charset (ISO-2022-JP) may owe bytes that return to its initial state.
  char* o = chunk;
  std::size_t o_left = sizeof chunk;
  ::iconv(cd, nullptr, nullptr, &o, &o_left);
  out.append(chunk, sizeof chunk - o_left);
  return true;
}

namespace {

// iconv's name for a Windows code page number (the ones Outlook and Office write).
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
    case 10000: return "MACINTOSH";
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

std::string ascii_to_utf16le(std::string_view ascii) {
  std::string out;
  out.reserve(2 * ascii.size());
  for (const char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

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
  // UTF-16 drops its own NUL units: stripping NUL bytes first would cut a character's high
  // byte ("Hi" is 48 00 69 00).
  if (codepage == 1200) return utf16le_to_utf8(bytes);
  while (!bytes.empty() && bytes.back() == '\0') bytes.remove_suffix(1);
  std::string out;
  out.reserve(bytes.size());
  if (!append_as_utf8(iconv_name(codepage), bytes, out) && !append_as_utf8("CP1252", bytes, out)) {
    return std::string(bytes);
  }
  return out;
}

}  // namespace mfsim::mail
