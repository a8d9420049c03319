// mbox splitting and From_ unquoting, without copying what needs no unquoting.
#include "corpus/mbox_reader.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <bit>

#include "engine/mail/byte_search.h"

namespace mfsim::corpus {
namespace {

constexpr std::string_view kBom = "\xef\xbb\xbf";

// "From " opens an envelope line; "From :" is a header field with a space before its colon
// (phishing_pot's sample-400.eml starts that way), not an envelope.
bool is_from_line(std::string_view data, std::size_t at) noexcept {
  if (data.compare(at, 5, "From ") != 0) return false;
  std::size_t k = at + 5;
  while (k < data.size() && (data[k] == ' ' || data[k] == '\t')) ++k;
  return k < data.size() && data[k] != ':' && data[k] != '\r' && data[k] != '\n';
}

// RFC 4155's three-letter day and month names, as asctime() writes them.
bool is_one_of(std::string_view word, std::string_view names) noexcept {
  if (word.size() != 3) return false;
  for (std::size_t k = 0; k + 3 <= names.size(); k += 3) {
    if (names.substr(k, 3) == word) return true;
  }
  return false;
}

bool all_digits(std::string_view word, std::size_t least, std::size_t most) noexcept {
  if (word.size() < least || word.size() > most) return false;
  for (const char c : word) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "14:22" or "14:22:31".
bool is_clock(std::string_view word) noexcept {
  return (word.size() == 5 || word.size() == 8) && all_digits(word.substr(0, 2), 2, 2) &&
         word[2] == ':' && all_digits(word.substr(3, 2), 2, 2) &&
         (word.size() == 5 || (word[5] == ':' && all_digits(word.substr(6), 2, 2)));
}

// The words of one line, split at spaces and tabs.
class line_words {
 public:
  explicit line_words(std::string_view line) noexcept : line_(line) {}
  std::string_view next() noexcept {
    while (at_ < line_.size() && (line_[at_] == ' ' || line_[at_] == '\t')) ++at_;
    const std::size_t begin = at_;
    while (at_ < line_.size() && line_[at_] != ' ' && line_[at_] != '\t') ++at_;
    return line_.substr(begin, at_ - begin);
  }

 private:
  std::string_view line_;
  std::size_t at_ = 0;
};

// RFC 4155 section 2: "From ", the sender, a space and an asctime() timestamp
// ("Tue Mar  5 14:22:31 2024"; Google Takeout puts a zone before the year, "+0000 2024").
// Netscape and Thunderbird write "From - " with or without the timestamp. Judged on the line's
// first kEnvelopeJudgedBytes alone, so that every reader of the file agrees.
bool is_envelope_line(std::string_view data, std::size_t at) noexcept {
  std::string_view line = data.substr(at, kEnvelopeJudgedBytes);
  line = line.substr(0, line.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.substr(0, 5) != "From ") return false;
  line_words words(line.substr(5));
  const std::string_view sender = words.next();
  if (sender.empty()) return false;
  std::string_view word = words.next();
  if (sender == "-" && word.empty()) return true;
  if (!is_one_of(word, "MonTueWedThuFriSatSun")) return false;
  if (!is_one_of(words.next(), "JanFebMarAprMayJunJulAugSepOctNovDec")) return false;
  if (!all_digits(words.next(), 1, 2) || !is_clock(words.next())) return false;
  // The year, after at most two words of zone ("+0000", "EST", "PST PDT").
  for (int k = 0; k < 3; ++k) {
    word = words.next();
    if (all_digits(word, 4, 4)) return true;
  }
  return false;
}

// ">From ", ">>From ": a quoted From_ line (`line` may run on past the line's end: "From "
// holds no line break).
bool is_quoted_from(std::string_view line) noexcept {
  std::size_t k = 0;
  while (k < line.size() && line[k] == '>') ++k;
  return k > 0 && line.compare(k, 5, "From ") == 0;
}

// find_line_of_interest, 16 bytes a step where the compiler targets SSE2.
const char* find_line_of_interest_sse2(const char* p, const char* last) noexcept {
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i f = _mm_set1_epi8('F');
  const __m128i gt = _mm_set1_epi8('>');
  for (; last - p >= 16; p += 16) {
    const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i after = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
    const __m128i pairs =
        _mm_and_si128(_mm_cmpeq_epi8(here, lf),
                      _mm_or_si128(_mm_cmpeq_epi8(after, f), _mm_cmpeq_epi8(after, gt)));
    const int mask = _mm_movemask_epi8(pairs);
    if (mask != 0) return p + std::countr_zero(static_cast<unsigned>(mask));
  }
#endif
  while (p < last) {
    const auto* lf_at =
        static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(last - p)));
    if (lf_at == nullptr) return last;
    if (lf_at[1] == 'F' || lf_at[1] == '>') return lf_at;
    p = lf_at + 1;
  }
  return last;
}

#if defined(MFSIM_AVX2_SEARCH)
// The same, 32 bytes a step, for CPUs with AVX2: the search runs over every byte of an mbox,
// bodies included, so the wider step pays (one header line is too short for it).
__attribute__((target("avx2"))) const char* find_line_of_interest_avx2(const char* p,
                                                                       const char* last) noexcept {
  const __m256i lf = _mm256_set1_epi8('\n');
  const __m256i f = _mm256_set1_epi8('F');
  const __m256i gt = _mm256_set1_epi8('>');
  for (; last - p >= 32; p += 32) {
    const __m256i here = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i after = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 1));
    const __m256i pairs = _mm256_and_si256(
        _mm256_cmpeq_epi8(here, lf),
        _mm256_or_si256(_mm256_cmpeq_epi8(after, f), _mm256_cmpeq_epi8(after, gt)));
    const auto mask = static_cast<unsigned>(_mm256_movemask_epi8(pairs));
    if (mask != 0) return p + std::countr_zero(mask);
  }
  return find_line_of_interest_sse2(p, last);
}
#endif

}  // namespace

const char* find_line_of_interest(const char* p, const char* last) noexcept {
#if defined(MFSIM_AVX2_SEARCH)
  if (mail::has_avx2()) return find_line_of_interest_avx2(p, last);
#endif
  return find_line_of_interest_sse2(p, last);
}

namespace {

// True when a line starts at `at` of the message `scan` is on.
bool line_starts_at(std::string_view data, const mbox_scan& scan, std::size_t at) noexcept {
  if (at == scan.begin && !scan.begin_cut) return true;
  return at > scan.begin && at >= 1 && data[at - 1] == '\n';
}

// True when the line before the one at `at` (which follows a LF) is empty and is a line of the
// message: "\n" or "\r\n".
bool follows_empty_line(std::string_view data, const mbox_scan& scan, std::size_t at) noexcept {
  if (at >= 1 && line_starts_at(data, scan, at - 1)) return true;  // "\n"
  return at >= 2 && data[at - 2] == '\r' && line_starts_at(data, scan, at - 2);
}

}  // namespace

std::size_t mbox_lead_bytes(std::string_view data) noexcept {
  std::size_t at = data.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
  const std::size_t limit = at + kMaxLeadingEmptyBytes;
  for (;;) {
    if (at < data.size() && data[at] == '\n' && at + 1 <= limit) {
      at += 1;
    } else if (data.compare(at, 2, "\r\n") == 0 && at + 2 <= limit) {
      at += 2;
    } else {
      break;
    }
  }
  if (is_from_line(data, at)) return at;
  return data.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
}

bool looks_like_mbox(std::string_view data) noexcept {
  return is_from_line(data, mbox_lead_bytes(data)) && bare_cr_envelope_bytes(data) == 0;
}

std::size_t bare_cr_envelope_bytes(std::string_view data) noexcept {
  const std::size_t at = data.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
  if (!is_from_line(data, at)) return 0;
  const std::size_t end = data.substr(0, at + kEnvelopeJudgedBytes).find_first_of("\r\n", at);
  if (end == std::string_view::npos || data[end] != '\r') return 0;
  if (end + 1 < data.size() && data[end + 1] == '\n') return 0;
  return end + 1;
}

bool starts_mbox_message(std::string_view data, std::size_t at) noexcept {
  if (at >= data.size() || !is_from_line(data, at)) return false;
  if (at == 0) return true;
  // The line before is "\n" (a LF ending the line before it, or the data's start) or "\r\n".
  if (data[at - 1] != '\n') return false;
  if (at >= 2 && data[at - 2] == '\n') return true;
  if (at == 1) return true;
  if (data[at - 2] == '\r' && (at == 2 || data[at - 3] == '\n')) return true;
  return is_envelope_line(data, at);  // decision 391: no empty line before a true envelope
}

std::size_t skip_envelope_line(std::string_view data, std::size_t at) noexcept {
  if (at >= data.size() || !is_from_line(data, at)) return at;
  const void* lf = std::memchr(data.data() + at, '\n', data.size() - at);
  return lf == nullptr ? data.size()
                       : static_cast<std::size_t>(static_cast<const char*>(lf) - data.data()) + 1;
}

std::size_t find_message_end(std::string_view window, mbox_scan& scan, bool final) noexcept {
  if (scan.resume >= window.size()) return std::string_view::npos;
  if (!scan.first_line_done) {
    scan.first_line_done = true;
    if (is_quoted_from(window.substr(scan.begin))) ++scan.quoted;
    // An envelope line right after the envelope line (decision 391): the message between them
    // is empty, as starts_mbox_message() (where mbox parts are cut) says. (A "From " line at
    // the message's start follows an envelope line: skip_envelope_line() took any other.)
    if (!scan.begin_cut && is_from_line(window, scan.begin) &&
        is_envelope_line(window, scan.begin)) {
      scan.resume = scan.begin;
      return scan.begin;
    }
  }
  const char* base = window.data();
  const char* last = base + window.size() - 1;  // a candidate line needs its first byte
  for (const char* p = base + scan.resume; p < last;) {
    p = find_line_of_interest(p, last);
    if (p == last) break;
    const auto line = static_cast<std::size_t>(p - base) + 1;
    if (window[line] == '>') {
      if (is_quoted_from(window.substr(line))) ++scan.quoted;
    } else if (is_from_line(window, line) &&
               (follows_empty_line(window, scan, line) || is_envelope_line(window, line))) {
      scan.resume = line;
      return line;
    }
    p = base + line;
  }
  // The last LF's pair was not looked at when the window ends just after it: it is, once more
  // bytes follow.
  scan.resume = window.size() - 1;
  (void) final;
  return std::string_view::npos;
}

mbox_span finish_span(std::string_view data, const mbox_scan& scan, std::size_t next,
                      bool more_follows, std::size_t max_message_bytes) noexcept {
  mbox_span span;
  span.begin = scan.begin;
  span.next = next;
  span.end = next;
  span.quoted = scan.quoted;
  const std::string_view raw = data.substr(scan.begin, next - scan.begin);
  // The size once unquoted, plus one when the last line is quoted: the reader this one
  // replaces checked each line's raw size against what it had unquoted so far.
  std::size_t last_line = 0;
  if (raw.size() >= 2) {
    const std::size_t lf = raw.rfind('\n', raw.size() - 2);
    last_line = lf == std::string_view::npos ? 0 : lf + 1;
  }
  const bool last_quoted = !raw.empty() && is_quoted_from(raw.substr(last_line));
  span.too_large =
      scan.discarding || raw.size() - scan.quoted + (last_quoted ? 1 : 0) > max_message_bytes;
  // The empty line before the next envelope belongs to the mbox format, not the message.
  if (next < data.size() || more_follows) {
    if (raw.size() >= 4 && raw.substr(raw.size() - 4) == "\r\n\r\n")
      span.end -= 2;
    else if (raw.size() >= 2 && raw.substr(raw.size() - 2) == "\n\n")
      span.end -= 1;
  }
  return span;
}

std::string_view message_bytes(std::string_view data, const mbox_span& span,
                               std::string& unquoted) {
  if (span.too_large) return {};
  const std::string_view bytes = data.substr(span.begin, span.end - span.begin);
  if (span.quoted == 0) return bytes;
  unquoted.clear();
  unquoted.reserve(bytes.size());
  // Line by line from here: quoted lines are rare, so this is not the hot path.
  for (std::size_t pos = 0; pos < bytes.size();) {
    const std::size_t lf = bytes.find('\n', pos);
    const std::size_t end = lf == std::string_view::npos ? bytes.size() : lf + 1;
    const std::string_view line = bytes.substr(pos, end - pos);
    unquoted.append(is_quoted_from(line) ? line.substr(1) : line);
    pos = end;
  }
  return unquoted;
}

std::size_t count_mbox_messages(std::string_view data) noexcept {
  mbox_reader reader(data);
  std::size_t count = 0;
  while (reader.skip()) ++count;
  return count;
}

mbox_reader::mbox_reader(std::string_view data, std::size_t max_message_bytes,
                         bool more_follows) noexcept
    : data_(data), max_bytes_(max_message_bytes), more_follows_(more_follows) {
  data_.remove_prefix(mbox_lead_bytes(data_));
}

bool mbox_reader::next_span(mbox_span& span) noexcept {
  too_large_ = false;
  if (pos_ >= data_.size()) return false;
  mbox_scan scan;
  scan.begin = skip_envelope_line(data_, pos_);
  scan.resume = scan.begin;
  std::size_t next = find_message_end(data_, scan, true);
  if (next == std::string_view::npos) next = data_.size();
  span = finish_span(data_, scan, next, more_follows_, max_bytes_);
  too_large_ = span.too_large;
  pos_ = next;
  return true;
}

bool mbox_reader::next(std::string_view& message, std::string& unquoted) {
  message = {};
  mbox_span span;
  if (!next_span(span)) return false;
  message = message_bytes(data_, span, unquoted);
  return true;
}

bool mbox_reader::next(std::string& out) {
  std::string_view message;
  const bool found = next(message, out);
  if (message.data() != out.data()) out.assign(message);
  return found;
}

bool mbox_reader::skip() noexcept {
  mbox_span span;
  return next_span(span);
}

}  // namespace mfsim::corpus
