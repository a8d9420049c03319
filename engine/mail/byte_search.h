// Finding the next line break, or the next byte a header scan must look at, many bytes per
// step: SSE2 where the compiler targets it, eight bytes in a 64-bit word elsewhere; the end of
// a header block and of a folded field also 32 bytes at a time where the CPU has AVX2 (chosen
// at run time).
//
// Header lines are short (tens of bytes), so one memchr per line break and another per kind of
// byte spends more on calls than on bytes; these search once per line for every byte class the
// scanner needs, once per folded field (find_field_end) or once per header block
// (find_empty_line); find_name_end finds the end of a field's name, find_parenthesis_or
// the bytes a walk over a Received value's comments looks at, and find_not_plain the end of a
// run of bytes an escape leaves as they are. Each function returns `end` when what it looks for
// is not in [p, end).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define MFSIM_AVX2_SEARCH 1
#endif

namespace mfsim::mail {

namespace byte_search_detail {

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighBits = 0x8080808080808080ull;

// The high bit of every byte of `word` that is below `limit` (at most 128). Bits above the
// first such byte may be spurious (a borrow); the lowest set bit is always right.
constexpr std::uint64_t bytes_below(std::uint64_t word, std::uint8_t limit) noexcept {
  return (word - kOnes * limit) & ~word & kHighBits;
}

// The high bit of every byte of `word` equal to `value`; as exact as bytes_below.
constexpr std::uint64_t bytes_equal(std::uint64_t word, std::uint8_t value) noexcept {
  return bytes_below(word ^ (kOnes * value), 1);
}

// The high bit of exactly the bytes of `word` equal to `value` (no borrow between bytes).
constexpr std::uint64_t bytes_equal_exact(std::uint64_t word, std::uint8_t value) noexcept {
  constexpr std::uint64_t low7 = ~kHighBits;
  const std::uint64_t x = word ^ (kOnes * value);
  return ~(((x & low7) + low7) | x) & kHighBits;
}

inline std::uint64_t load_word(const char* p) noexcept {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

// The byte that holds the lowest set high bit of `mask` (little-endian words only).
inline const char* first_marked(const char* p, std::uint64_t mask) noexcept {
  return p + std::countr_zero(mask) / 8;
}

inline bool is_line_break(char c) noexcept { return c == '\r' || c == '\n'; }

inline bool is_control_or_high(char c, bool high) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || (high && u >= 0x80);
}

// A byte that may stand in a header field's name: printable US-ASCII but the colon.
inline bool is_name_byte(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u >= 33 && u <= 126 && c != ':';
}

// A line break that begins an empty line when it follows `before`: after a LF every break
// does; after a CR only another CR (CR LF is one break, a CR alone ends its line).
inline bool starts_empty_line(char before, char c) noexcept {
  return (before == '\n' && is_line_break(c)) || (before == '\r' && c == '\r');
}

}  // namespace byte_search_detail

// The first CR or LF in [p, end), one byte at a time (the reference the others must equal).
inline const char* find_line_break_bytewise(const char* p, const char* end) noexcept {
  while (p < end && !byte_search_detail::is_line_break(*p)) ++p;
  return p;
}

// The first byte in [p, end) below 0x20 (CR, LF, TAB, NUL, other controls) or, when `high`,
// of 0x80 or above; one byte at a time.
inline const char* find_control_bytewise(const char* p, const char* end, bool high) noexcept {
  while (p < end && !byte_search_detail::is_control_or_high(*p, high)) ++p;
  return p;
}

// The first line break in (p, end) that begins an empty line (the byte before it is a break
// that ends a line, see starts_empty_line), one byte at a time; `end` when there is none.
inline const char* find_empty_line_bytewise(const char* p, const char* end) noexcept {
  for (; end - p >= 2; ++p) {
    if (byte_search_detail::starts_empty_line(p[0], p[1])) return p + 1;
  }
  return end;
}

// The first byte in [p, end) that cannot stand in a field name (a control byte, a space, the
// colon, DEL or a byte of 0x80 and above), one byte at a time.
inline const char* find_name_end_bytewise(const char* p, const char* end) noexcept {
  while (p < end && byte_search_detail::is_name_byte(*p)) ++p;
  return p;
}

// The first '(' or ')' or `extra` in [p, end), one byte at a time: the bytes a walk over a
// Received value's comments looks at.
inline const char* find_parenthesis_or_bytewise(const char* p, const char* end,
                                                char extra) noexcept {
  while (p < end && *p != '(' && *p != ')' && *p != extra) ++p;
  return p;
}

// find_line_break_bytewise, eight bytes at a time (little-endian), for machines without SSE2.
inline const char* find_line_break_words(const char* p, const char* end) noexcept {
  using namespace byte_search_detail;
  if constexpr (std::endian::native == std::endian::little) {
    for (; end - p >= 8; p += 8) {
      const std::uint64_t word = load_word(p);
      const std::uint64_t mask = bytes_equal(word, '\n') | bytes_equal(word, '\r');
      if (mask != 0) return first_marked(p, mask);
    }
  }
  return find_line_break_bytewise(p, end);
}

// find_control_bytewise, eight bytes at a time (little-endian).
inline const char* find_control_words(const char* p, const char* end, bool high) noexcept {
  using namespace byte_search_detail;
  if constexpr (std::endian::native == std::endian::little) {
    const std::uint64_t high_mask = high ? kHighBits : 0;
    for (; end - p >= 8; p += 8) {
      const std::uint64_t word = load_word(p);
      const std::uint64_t mask = bytes_below(word, 0x20) | (word & high_mask);
      if (mask != 0) return first_marked(p, mask);
    }
  }
  return find_control_bytewise(p, end, high);
}

// find_name_end_bytewise, eight bytes at a time (little-endian).
inline const char* find_name_end_words(const char* p, const char* end) noexcept {
  using namespace byte_search_detail;
  if constexpr (std::endian::native == std::endian::little) {
    for (; end - p >= 8; p += 8) {
      const std::uint64_t word = load_word(p);
      // Each mask's lowest bit is exact, so the lowest bit of their union is too.
      const std::uint64_t mask = bytes_below(word, 0x21) | (word & kHighBits) |
                                 bytes_equal(word, 0x7f) | bytes_equal(word, ':');
      if (mask != 0) return first_marked(p, mask);
    }
  }
  return find_name_end_bytewise(p, end);
}

// find_empty_line_bytewise, eight byte pairs at a time (little-endian).
inline const char* find_empty_line_words(const char* p, const char* end) noexcept {
  using namespace byte_search_detail;
  if constexpr (std::endian::native == std::endian::little) {
    for (; end - p >= 9; p += 8) {
      const std::uint64_t first = load_word(p);
      const std::uint64_t second = load_word(p + 1);
      const std::uint64_t second_break =
          bytes_equal_exact(second, '\n') | bytes_equal_exact(second, '\r');
      const std::uint64_t mask = (bytes_equal_exact(first, '\n') & second_break) |
                                 (bytes_equal_exact(first, '\r') & bytes_equal_exact(second, '\r'));
      if (mask != 0) return first_marked(p, mask) + 1;
    }
  }
  return find_empty_line_bytewise(p, end);
}

// The first byte in [p, end) that `is_plain` rejects: eight bytes a step where words are
// little-endian, then one at a time. `marks(word)` gives the high bit of every byte of the word
// that is not plain; a mask built from the masks above may mark bytes after its first true mark
// (a borrow), never before it, so its lowest mark is the byte wanted. For escapes, where most
// text needs none: one step over the plain run, then the escaping walk from its end.
template <class Marks, class IsPlain>
const char* find_not_plain(const char* p, const char* end, Marks&& marks,
                           IsPlain&& is_plain) noexcept {
  using namespace byte_search_detail;
  if constexpr (std::endian::native == std::endian::little) {
    for (; end - p >= 8; p += 8) {
      if (const std::uint64_t marked = marks(load_word(p)); marked != 0)
        return first_marked(p, marked);
    }
  }
  while (p < end && is_plain(*p)) ++p;
  return p;
}

// The first CR or LF in [p, end).
inline const char* find_line_break(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
    if (mask != 0) return p + std::countr_zero(static_cast<unsigned>(mask));
  }
#endif
  return find_line_break_words(p, end);
}

// The first byte in [p, end) below 0x20 or, when `high`, of 0x80 or above.
inline const char* find_control(const char* p, const char* end, bool high) noexcept {
#if defined(__SSE2__)
  // A signed compare: bytes of 0x80 and above are negative, so "below 0x20" catches them too;
  // the byte's own high bit (movemask of v) takes them out again when `high` is false.
  const __m128i space = _mm_set1_epi8(0x20);
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    int mask = _mm_movemask_epi8(_mm_cmplt_epi8(v, space));
    if (!high) mask &= ~_mm_movemask_epi8(v);
    if (mask != 0) return p + std::countr_zero(static_cast<unsigned>(mask));
  }
#endif
  return find_control_words(p, end, high);
}

// The first '(' or ')' or `extra` in [p, end).
inline const char* find_parenthesis_or(const char* p, const char* end, char extra) noexcept {
#if defined(__SSE2__)
  const __m128i open = _mm_set1_epi8('(');
  const __m128i close = _mm_set1_epi8(')');
  const __m128i wanted = _mm_set1_epi8(extra);
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i parenthesis = _mm_or_si128(_mm_cmpeq_epi8(v, open), _mm_cmpeq_epi8(v, close));
    const int mask = _mm_movemask_epi8(_mm_or_si128(parenthesis, _mm_cmpeq_epi8(v, wanted)));
    if (mask != 0) return p + std::countr_zero(static_cast<unsigned>(mask));
  }
#endif
  return find_parenthesis_or_bytewise(p, end, extra);
}

// The first byte in [p, end) that cannot stand in a field name.
inline const char* find_name_end(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  // Signed compares: bytes of 0x80 and above are negative, so not above the space.
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i del = _mm_set1_epi8(0x7f);
  const __m128i colon = _mm_set1_epi8(':');
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i printable = _mm_and_si128(_mm_cmpgt_epi8(v, space), _mm_cmplt_epi8(v, del));
    const __m128i name = _mm_andnot_si128(_mm_cmpeq_epi8(v, colon), printable);
    const unsigned mask = ~static_cast<unsigned>(_mm_movemask_epi8(name)) & 0xffffu;
    if (mask != 0) return p + std::countr_zero(mask);
  }
#endif
  return find_name_end_words(p, end);
}

// The first line break in (p, end) that begins an empty line: the end of a header block.
inline const char* find_empty_line(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  for (; end - p >= 17; p += 16) {
    const __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i second = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
    const __m128i second_cr = _mm_cmpeq_epi8(second, cr);
    const __m128i second_break = _mm_or_si128(second_cr, _mm_cmpeq_epi8(second, lf));
    const __m128i pairs = _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(first, lf), second_break),
                                       _mm_and_si128(_mm_cmpeq_epi8(first, cr), second_cr));
    const int mask = _mm_movemask_epi8(pairs);
    if (mask != 0) return p + std::countr_zero(static_cast<unsigned>(mask)) + 1;
  }
#endif
  return find_empty_line_words(p, end);
}

// Where the continuation lines of a header field end, or the scan must take them one at a
// time: the first byte in [p, end) that is
//   - a LF not followed by SP or TAB (the next line is no continuation of the field),
//   - a NUL, or a byte of 0x80 and above when `high`,
//   - a line break of another style than the field's first line: with `crlf`, a CR not
//     followed by LF or a LF not preceded by CR; without, any CR.
// Reads p[-1] (p must not be the text's first byte) and the bytes before `text_end`; a byte at
// text_end - 1 has no next byte. `end` when there is none. One byte at a time (the reference).
inline const char* find_field_end_bytewise(const char* p, const char* end, const char* text_end,
                                           bool crlf, bool high) noexcept {
  for (; p < end; ++p) {
    const char c = *p;
    const bool has_next = p + 1 < text_end;
    const char next = has_next ? p[1] : '\0';
    const bool wsp_next = has_next && (next == ' ' || next == '\t');
    if (c == '\n' && (!wsp_next || (crlf && p[-1] != '\r'))) return p;
    if (c == '\r' && (!crlf || !has_next || next != '\n')) return p;
    if (c == '\0' || (high && (static_cast<unsigned char>(c) & 0x80u) != 0)) return p;
  }
  return end;
}

// find_field_end_bytewise, 16 bytes at a time where the compiler targets SSE2.
inline const char* find_field_end(const char* p, const char* end, const char* text_end, bool crlf,
                                  bool high) noexcept {
#if defined(__SSE2__)
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i tab = _mm_set1_epi8('\t');
  const __m128i nul = _mm_setzero_si128();
  const unsigned high_bits = high ? 0xffffu : 0u;
  // Each step reads p[-1] to p[16].
  for (; end - p >= 16 && text_end - p >= 17; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
    const __m128i is_lf = _mm_cmpeq_epi8(v, lf);
    const __m128i is_cr = _mm_cmpeq_epi8(v, cr);
    const __m128i wsp_next = _mm_or_si128(_mm_cmpeq_epi8(next, space), _mm_cmpeq_epi8(next, tab));
    __m128i stops = _mm_or_si128(_mm_andnot_si128(wsp_next, is_lf), _mm_cmpeq_epi8(v, nul));
    if (crlf) {
      const __m128i before = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p - 1));
      stops = _mm_or_si128(stops, _mm_andnot_si128(_mm_cmpeq_epi8(before, cr), is_lf));
      stops = _mm_or_si128(stops, _mm_andnot_si128(_mm_cmpeq_epi8(next, lf), is_cr));
    } else {
      stops = _mm_or_si128(stops, is_cr);
    }
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(stops)) |
                          (static_cast<unsigned>(_mm_movemask_epi8(v)) & high_bits);
    if (mask != 0) return p + std::countr_zero(mask);
  }
#endif
  return find_field_end_bytewise(p, end, text_end, crlf, high);
}

#if defined(MFSIM_AVX2_SEARCH)
// find_empty_line, 32 byte pairs at a time, for CPUs with AVX2 (has_avx2()): the search that
// finds a header block's end runs over every header byte before the scan does.
__attribute__((target("avx2"))) inline const char* find_empty_line_avx2(const char* p,
                                                                        const char* end) noexcept {
  const __m256i cr = _mm256_set1_epi8('\r');
  const __m256i lf = _mm256_set1_epi8('\n');
  for (; end - p >= 33; p += 32) {
    const __m256i first = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i second = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 1));
    const __m256i second_cr = _mm256_cmpeq_epi8(second, cr);
    const __m256i second_break = _mm256_or_si256(second_cr, _mm256_cmpeq_epi8(second, lf));
    const __m256i pairs =
        _mm256_or_si256(_mm256_and_si256(_mm256_cmpeq_epi8(first, lf), second_break),
                        _mm256_and_si256(_mm256_cmpeq_epi8(first, cr), second_cr));
    const auto mask = static_cast<unsigned>(_mm256_movemask_epi8(pairs));
    if (mask != 0) return p + std::countr_zero(mask) + 1;
  }
  return find_empty_line(p, end);
}

// find_field_end, 32 bytes at a time, for CPUs with AVX2 (has_avx2()).
__attribute__((target("avx2"))) inline const char* find_field_end_avx2(
    const char* p, const char* end, const char* text_end, bool crlf, bool high) noexcept {
  const __m256i cr = _mm256_set1_epi8('\r');
  const __m256i lf = _mm256_set1_epi8('\n');
  const __m256i space = _mm256_set1_epi8(' ');
  const __m256i tab = _mm256_set1_epi8('\t');
  const __m256i nul = _mm256_setzero_si256();
  const unsigned high_bits = high ? ~0u : 0u;
  // Each step reads p[-1] to p[32].
  for (; end - p >= 32 && text_end - p >= 33; p += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i next = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 1));
    const __m256i is_lf = _mm256_cmpeq_epi8(v, lf);
    const __m256i is_cr = _mm256_cmpeq_epi8(v, cr);
    const __m256i wsp_next =
        _mm256_or_si256(_mm256_cmpeq_epi8(next, space), _mm256_cmpeq_epi8(next, tab));
    __m256i stops =
        _mm256_or_si256(_mm256_andnot_si256(wsp_next, is_lf), _mm256_cmpeq_epi8(v, nul));
    if (crlf) {
      const __m256i before = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p - 1));
      stops = _mm256_or_si256(stops, _mm256_andnot_si256(_mm256_cmpeq_epi8(before, cr), is_lf));
      stops = _mm256_or_si256(stops, _mm256_andnot_si256(_mm256_cmpeq_epi8(next, lf), is_cr));
    } else {
      stops = _mm256_or_si256(stops, is_cr);
    }
    const unsigned mask = static_cast<unsigned>(_mm256_movemask_epi8(stops)) |
                          (static_cast<unsigned>(_mm256_movemask_epi8(v)) & high_bits);
    if (mask != 0) return p + std::countr_zero(mask);
  }
  return find_field_end(p, end, text_end, crlf, high);
}

// Whether this CPU has AVX2 (asked once).
inline bool has_avx2() noexcept {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}
#endif

// find_empty_line and find_field_end at the widest step this CPU has: what the scanner and the
// reader call, so that the choice is made here once.
inline const char* find_empty_line_widest(const char* p, const char* end) noexcept {
#if defined(MFSIM_AVX2_SEARCH)
  if (has_avx2()) return find_empty_line_avx2(p, end);
#endif
  return find_empty_line(p, end);
}

inline const char* find_field_end_widest(const char* p, const char* end, const char* text_end,
                                         bool crlf, bool high) noexcept {
#if defined(MFSIM_AVX2_SEARCH)
  if (has_avx2()) return find_field_end_avx2(p, end, text_end, crlf, high);
#endif
  return find_field_end(p, end, text_end, crlf, high);
}

}  // namespace mfsim::mail
