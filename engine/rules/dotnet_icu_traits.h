// Boost.Regex's ICU traits with .NET's classes and case: what a pattern read by character
// (decision 851) means by \s, \w, \b and an ignored case where ICU's reading is not .NET's.
#pragma once

#include <unicode/uchar.h>

#include <boost/regex/icu.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/rules/dotnet_lower_case.h"

namespace mfsim::rules::ps {

class dotnet_icu_traits {
 public:
  using char_type = UChar32;
  using size_type = std::size_t;
  using string_type = std::vector<char_type>;
  using locale_type = boost::icu_regex_traits::locale_type;
  using char_class_type = boost::icu_regex_traits::char_class_type;
  struct boost_extensions_tag {};

  dotnet_icu_traits() = default;
  dotnet_icu_traits(const dotnet_icu_traits&) = delete;
  dotnet_icu_traits& operator=(const dotnet_icu_traits&) = delete;

  static size_type length(const char_type* p) { return boost::icu_regex_traits::length(p); }
  [[nodiscard]] boost::regex_constants::syntax_type syntax_type(char_type c) const {
    return icu_.syntax_type(c);
  }
  [[nodiscard]] boost::regex_constants::escape_syntax_type escape_syntax_type(char_type c) const {
    return icu_.escape_syntax_type(c);
  }
  [[nodiscard]] char_type translate(char_type c) const { return c; }
  [[nodiscard]] char_type translate_nocase(char_type c) const { return dotnet_lower_case(c); }
  [[nodiscard]] char_type translate(char_type c, bool icase) const {
    return icase ? translate_nocase(c) : c;
  }
  [[nodiscard]] char_type tolower(char_type c) const { return translate_nocase(c); }
  [[nodiscard]] char_type toupper(char_type c) const { return u_toupper(c); }
  string_type transform(const char_type* p1, const char_type* p2) const {
    return icu_.transform(p1, p2);
  }
  string_type transform_primary(const char_type* p1, const char_type* p2) const {
    return icu_.transform_primary(p1, p2);
  }
  // `\s`, `\S`, `\w`, `\W` name .NET's classes ("Character classes in .NET regular
  // expressions"); Boost asks for `w` and `s` by those letters, \b's word class among them.
  [[nodiscard]] char_class_type lookup_classname(const char_type* p1, const char_type* p2) const {
    if (p2 - p1 == 1 && (*p1 == 's' || *p1 == 'S')) return kSpace;
    if (p2 - p1 == 1 && (*p1 == 'w' || *p1 == 'W')) return kWord;
    return icu_.lookup_classname(p1, p2);
  }
  string_type lookup_collatename(const char_type* p1, const char_type* p2) const {
    return icu_.lookup_collatename(p1, p2);
  }
  [[nodiscard]] bool isctype(char_type c, char_class_type f) const {
    if ((f & kSpaceControls) != 0 &&
        ((c >= '\t' && c <= '\r') || c == kNextLine))  // \t \n \v \f \r and U+0085
      return true;
    const char_class_type rest = f & ~kSpaceControls;
    return rest != 0 && icu_.isctype(c, rest);
  }
  boost::intmax_t toi(const char_type*& p1, const char_type* p2, int radix) const {
    return icu_.toi(p1, p2, radix);
  }
  [[nodiscard]] int value(char_type c, int radix) const { return icu_.value(c, radix); }
  locale_type imbue(locale_type l) { return icu_.imbue(l); }
  [[nodiscard]] locale_type getloc() const { return icu_.getloc(); }
  [[nodiscard]] std::string error_string(boost::regex_constants::error_type n) const {
    return icu_.error_string(n);
  }

 private:
  static constexpr char_type kNextLine = 0x85;
  // Bits past those of ICU's categories and Boost's own classes (icu_regex_traits' offsets end
  // at U_CHAR_CATEGORY_COUNT + 8).
  static constexpr char_class_type kSpaceControls = char_class_type{1} << 63;
  static_assert(U_CHAR_CATEGORY_COUNT + 8 < 63);
  // .NET's \s: [\f\n\r\t\v\x85\p{Z}]; ICU's also holds U+001C to U+001F (decision 964).
  static constexpr char_class_type kSpace = U_GC_Z_MASK | kSpaceControls;
  // .NET's \w: [\p{L}\p{Mn}\p{Nd}\p{Pc}]; ICU's lacks the connector punctuation past `_`
  // (U+203F, U+FE33, ...). Boost's \b reads the same class, as .NET's does but for the
  // zero-width (non-)joiner, which only .NET's boundary counts (decision 965).
  static constexpr char_class_type kWord = U_GC_L_MASK | U_GC_MN_MASK | U_GC_ND_MASK | U_GC_PC_MASK;

  boost::icu_regex_traits icu_;
};

}  // namespace mfsim::rules::ps
