// The one reading of RTF (engine/mail/rtf_text.h, decision 374): Outlook bodies kept only as
// RTF and RTF attachments.
#include "engine/mail/rtf_text.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace {

using mfsim::mail::append_rtf_text;
using mfsim::mail::rtf_layout;

std::string lines(std::string_view rtf) {
  std::string out;
  CHECK(append_rtf_text(rtf, out, 1u << 20, rtf_layout::lines));
  return out;
}

// `inner` inside `depth` groups.
std::string nested(std::size_t depth, std::string_view inner) {
  return std::string(depth, '{') + std::string(inner) + std::string(depth, '}');
}

std::string words(std::string_view rtf) {
  std::string out;
  CHECK(append_rtf_text(rtf, out, 1u << 20, rtf_layout::words));
  return out;
}

}  // namespace

TEST_SUITE("rtf text") {
  TEST_CASE("breaks are lines and tabs in a body, one space in an attachment's words") {
    const std::string_view rtf =
        "{\\rtf1\\ansi\\pard Wire\\tab transfer\\par now  please\\line\\trowd A\\cell "
        "B\\cell\\row}";
    CHECK(lines(rtf) == "Wire\ttransfer\nnow  please\nA\tB\t\n");
    CHECK(words(rtf) == "Wire transfer now please A B ");
  }

  TEST_CASE("groups without document text are skipped, at their start or after \\*") {
    CHECK(lines("{\\rtf1{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red0\\green0\\blue0;}"
                "{\\stylesheet{\\s0 Normal;}}{\\info{\\title Secret}{\\author Eve}}"
                "{\\*\\generator Msftedit;}{\\*\\htmltag64 <p>}{\\pict\\wmetafile8 0102}"
                "{\\object{\\*\\objdata 0304}}Body}") == "Body");
    // A destination word later in a group does not hide the text before it, nor the group.
    CHECK(lines("{\\rtf1{\\b bold \\info} text}") == "bold  text");
    // The text of a skipped group's siblings and parent is read again after it closes.
    CHECK(lines("{\\rtf1 a{\\*\\x{b}{c}}d}") == "ad");
  }

  TEST_CASE("\\'hh bytes are read in the document's code page, a double-byte character whole") {
    // Windows-1252 without \ansicpg: 0x93 and 0x94 are curly quotes, not C1 controls.
    CHECK(lines("{\\rtf1\\ansi caf\\'e9 \\'93ok\\'94}") ==
          "caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D");
    CHECK(lines("{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2}") ==
          "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");  // Привет
    // Shift_JIS: 0x82 0xA0 is one character (あ), whether escaped or written raw.
    CHECK(lines("{\\rtf1\\ansi\\ansicpg932 \\'82\\'a0}") == "\xE3\x81\x82");
    CHECK(lines("{\\rtf1\\ansi\\ansicpg932 \x82\xA0}") == "\xE3\x81\x82");
    // A code page the C library does not know: Latin-1.
    CHECK(lines("{\\rtf1\\ansi\\ansicpg99999 \\'e9}") == "\xC3\xA9");
    // Not two hex digits: the \' is dropped, what follows is text.
    CHECK(lines("{\\rtf1 a\\'zz}") == "azz");
  }

  TEST_CASE("\\uN is its character, a surrogate pair one character, its fallback skipped") {
    CHECK(lines("{\\rtf1 \\u8364?5}") ==
          "\xE2\x82\xAC"
          "5");
    CHECK(lines("{\\rtf1 \\u-10179?\\u-8704?!}") == "\xF0\x9F\x98\x80!");  // U+1F600
    // \uc2 in its group: two fallback bytes skipped there, one again after it.
    CHECK(lines("{\\rtf1{\\uc2\\u12354\\'82\\'a0x}\\u233?y}") == "\xE3\x81\x82x\xC3\xA9y");
    // \uc0: nothing to skip.
    CHECK(lines("{\\rtf1\\uc0\\u233 e}") ==
          "\xC3\xA9"
          "e");
    // A brace or a control word ends the fallback early.
    CHECK(lines("{\\rtf1{\\u233}x\\u233\\par y}") == "\xC3\xA9x\xC3\xA9\ny");
    // A high surrogate no low one follows is U+FFFD, in its place before what comes next.
    CHECK(lines("{\\rtf1 \\u-10179?\\u233?}") == "\xEF\xBF\xBD\xC3\xA9");
    // No character: a lone surrogate, \u0, a value past 16 bits.
    CHECK(lines("{\\rtf1 \\u-9000?a\\u-10179?b\\u0?c\\u70000?d}") ==
          "\xEF\xBF\xBD"
          "a\xEF\xBF\xBD"
          "b\xEF\xBF\xBD"
          "c\xEF\xBF\xBD"
          "d");
  }

  TEST_CASE("control symbols and typographic words stand for their characters") {
    CHECK(lines("{\\rtf1 don\\rquote t \\ldblquote x\\rdblquote  a\\emdash b\\endash c\\bullet}") ==
          "don\xE2\x80\x99t \xE2\x80\x9Cx\xE2\x80\x9D a\xE2\x80\x94"
          "b\xE2\x80\x93"
          "c\xE2\x80\xA2");
    CHECK(lines("{\\rtf1 New\\~York e\\_mail op\\-tion \\{x\\} a\\\\b}") ==
          "New York e-mail option {x} a\\b");
    // A backslash that ends a source line is \par; source line ends are not text.
    CHECK(lines("{\\rtf1 one\\\ntwo\r\nthree}") == "one\ntwothree");
  }

  TEST_CASE("\\bin data is skipped, braces in it included") {
    CHECK(lines("{\\rtf1 a{\\pict\\bin4 }}{{}b}c") == "abc");
    CHECK(lines("{\\rtf1 a\\bin3 {{{b}") == "ab");
    // A length past the end takes what is there.
    CHECK(lines("{\\rtf1 a\\bin99 bc") == "a");
  }

  TEST_CASE("hostile documents cost their size and stop at max_bytes") {
    // Deeper than 256 groups: read at that depth; the closing braces find their groups again.
    CHECK(lines("{\\rtf1 " + nested(100000, "x") + "y}") == "xy");
    CHECK(lines("{\\rtf1{\\*" + nested(1000, "hidden") + "}shown}") == "shown");
    // A long run of code page bytes is decoded in bounded pieces: all of it comes out.
    std::string run = "{\\rtf1 ";
    for (int i = 0; i < 100000; ++i) run += "\\'e9";
    run += '}';
    std::string out;
    CHECK(append_rtf_text(run, out, 1u << 20, rtf_layout::lines));
    CHECK(out.size() == 200000);
    // max_bytes: cut there, false.
    out.clear();
    CHECK_FALSE(append_rtf_text("{\\rtf1 0123456789}", out, 4, rtf_layout::words));
    CHECK(out == "0123");
    out.clear();
    CHECK_FALSE(append_rtf_text("{\\rtf1 \\u8364?\\u8364?}", out, 4, rtf_layout::lines));
    CHECK(out.size() == 4);
    // A control word's letters and digits are bounded: the rest is text.
    const std::string long_word = "{\\rtf1\\" + std::string(40, 'a') + " z}";
    CHECK(lines(long_word) == std::string(8, 'a') + " z");
  }
}
