// Tests of the many-bytes-per-step searches the header scanner uses: every implementation
// (AVX2 where the CPU has it, SSE2 where built, 64-bit words, one byte at a time) finds the
// same byte.
#include "engine/mail/byte_search.h"

#include <doctest/doctest.h>

#include <cstddef>
#include <random>
#include <string>

namespace mail = mfsim::mail;

namespace {

// Offset of each search's answer over text[from, to), checked to agree.
void check_all_agree(const std::string& text, std::size_t from, std::size_t to) {
  const char* p = text.data() + from;
  const char* end = text.data() + to;
  const char* want_break = mail::find_line_break_bytewise(p, end);
  CHECK(mail::find_line_break_words(p, end) == want_break);
  CHECK(mail::find_line_break(p, end) == want_break);
  const char* want_empty = mail::find_empty_line_bytewise(p, end);
  CHECK(mail::find_empty_line_words(p, end) == want_empty);
  CHECK(mail::find_empty_line(p, end) == want_empty);
#if defined(MFSIM_AVX2_SEARCH)
  if (mail::has_avx2()) CHECK(mail::find_empty_line_avx2(p, end) == want_empty);
#endif
  for (const char extra : {';', ' ', '\0'}) {
    CHECK(mail::find_parenthesis_or(p, end, extra) ==
          mail::find_parenthesis_or_bytewise(p, end, extra));
  }
  const char* want_name_end = mail::find_name_end_bytewise(p, end);
  CHECK(mail::find_name_end_words(p, end) == want_name_end);
  CHECK(mail::find_name_end(p, end) == want_name_end);
  for (const bool high : {false, true}) {
    const char* want = mail::find_control_bytewise(p, end, high);
    CHECK(mail::find_control_words(p, end, high) == want);
    CHECK(mail::find_control(p, end, high) == want);
    if (from == 0) continue;  // the field-end searches read the byte before p
    const char* text_end = text.data() + text.size();
    for (const bool crlf : {false, true}) {
      const char* want_field_end = mail::find_field_end_bytewise(p, end, text_end, crlf, high);
      CHECK(mail::find_field_end(p, end, text_end, crlf, high) == want_field_end);
#if defined(MFSIM_AVX2_SEARCH)
      if (mail::has_avx2())
        CHECK(mail::find_field_end_avx2(p, end, text_end, crlf, high) == want_field_end);
#endif
    }
  }
}

}  // namespace

TEST_CASE("byte search: each search stops at the first byte of its class") {
  const std::string text = "Subject: hello\tworld\xC3\xA9 and more text here\r\nNext";
  const char* begin = text.data();
  const char* end = begin + text.size();
  CHECK(mail::find_line_break(begin, end) - begin == static_cast<long>(text.find('\r')));
  CHECK(mail::find_control(begin, end, false) - begin == static_cast<long>(text.find('\t')));
  const char* after_tab = begin + text.find('\t') + 1;
  CHECK(mail::find_control(after_tab, end, true) - begin == static_cast<long>(text.find('\xC3')));
  CHECK(mail::find_control(after_tab, end, false) - begin == static_cast<long>(text.find('\r')));
  CHECK(mail::find_line_break(begin + text.size() - 4, end) == end);  // none: the end
  CHECK(mail::find_control(end, end, true) == end);                   // an empty range
  const std::string field = "X-MS-Exchange-Organization-Network-Message-Id: 1";
  CHECK(mail::find_name_end(field.data(), field.data() + field.size()) - field.data() ==
        static_cast<long>(field.find(':')));
  const std::string spaced = "Received-SPF-Result-For-A-Long-Name \t: x";
  CHECK(mail::find_name_end(spaced.data(), spaced.data() + spaced.size()) - spaced.data() ==
        static_cast<long>(spaced.find(' ')));
}

TEST_CASE("byte search: a folded field ends at a line break not followed by SP or TAB") {
  const auto end_at = [](const std::string& text, bool crlf, bool high = true) {
    // From the first line's LF, as the scanner searches.
    const char* from = text.data() + text.find('\n');
    const char* end = text.data() + text.size();
    return mail::find_field_end(from, end, end, crlf, high) - text.data();
  };
  CHECK(end_at("A: 1\r\n 2\r\n\t3\r\nB: 4", true) == 13);  // the LF before "B"
  CHECK(end_at("A: 1\n 2\n\t3\nB: 4", false) == 10);
  CHECK(end_at("A: 1\r\n 2\r\n\r\nbody", true) == 9);  // the empty line is no continuation
  CHECK(end_at("A: 1\r\n 2\r\n", true) == 9);          // the last byte has none after it
  // What the scanner must take line by line: another line style, NUL, an 8-bit byte.
  CHECK(end_at("A: 1\r\n 2\n 3\r\n", true) == 8);  // a LF without CR
  CHECK(end_at("A: 1\r\n 2\r 3\r\n", true) == 8);  // a CR without LF
  CHECK(end_at("A: 1\n 2\r\n 3\n", false) == 7);   // any CR in a LF-ended field
  CHECK(end_at(std::string("A: 1\r\n 2\0\r\n", 11), true) == 8);
  CHECK(end_at("A: 1\r\n 2\xC3\r\n", true) == 8);
  CHECK(end_at("A: 1\r\n 2\xC3\r\nB", true, false) == 10);  // 8-bit bytes already flagged
}

TEST_CASE("byte search: an empty line starts at a break after LF, or at a CR after CR") {
  const auto empty_at = [](const std::string& text) {
    const char* found = mail::find_empty_line(text.data(), text.data() + text.size());
    return found - text.data();
  };
  CHECK(empty_at("A: b\r\nC: d\r\n\r\nbody") == 12);
  CHECK(empty_at("A: b\nC: d\n\nbody") == 10);
  CHECK(empty_at("A: b\rC: d\r\rbody") == 10);    // bare CRs end lines too
  CHECK(empty_at("A: b\r\nC: d\r\nbody") == 16);  // CR LF is one break: none here
  CHECK(empty_at("A: b\n") == 5);                 // the last byte has no byte after it
}

TEST_CASE("byte search: every implementation agrees at every position and length") {
  // Bytes around each class's edges (0x1f, 0x20, 0x7f, 0x80) and the borrows between them,
  // and the parentheses and ';' of find_parenthesis_or.
  const std::string alphabet =
      std::string("\r\n\t\x1f\x20\x21\x7e\x7f\x80\xff\x0b\x0e a:Z\x00();", 20);
  std::mt19937 random(16);
  for (int round = 0; round < 400; ++round) {
    // Up to 100 bytes: past the 33 an AVX2 step needs, with room for two steps.
    std::string text(static_cast<std::size_t>(random() % 100), 'x');
    const unsigned density = random() % 4;  // from no special byte at all to many
    for (char& c : text) {
      if (density != 0 && random() % (4 * density + 1) == 0)
        c = alphabet[random() % alphabet.size()];
    }
    for (std::size_t from = 0; from <= text.size(); ++from) {
      for (std::size_t to = from; to <= text.size(); to += 1 + to % 5)
        check_all_agree(text, from, to);
    }
  }
}
