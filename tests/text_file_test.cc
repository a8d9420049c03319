// text_file (engine/read_file.h): a file's head, then its whole text, UTF-16 decoded as it is
// read into the one buffer the text is returned in (decisions 1123, 1125).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "engine/read_file.h"
#include "engine/status.h"
#include "engine/utf16_text.h"
#include "tests/support/process.h"

using mfsim::kTextHeadBytes;
using mfsim::load_error;
using mfsim::text_file;
using mfsim::test::temp_dir;

namespace {

// `text` (ASCII, or UTF-8 of the BMP and beyond) as UTF-16 LE code units.
std::string utf16le(const std::u16string& text) {
  std::string out;
  for (const char16_t unit : text) {
    out += static_cast<char>(unit & 0xFF);
    out += static_cast<char>(unit >> 8);
  }
  return out;
}

std::string read_all(const std::string& path, std::size_t max_bytes = std::size_t{1} << 30) {
  return text_file(path, "mailbox state", max_bytes).read_all();
}

// The first problem as LINE:COL: MESSAGE.
std::string placed(const load_error& e) {
  const mfsim::diagnostic& d = e.diagnostics().at(0);
  return std::to_string(d.where.line) + ":" + std::to_string(d.where.col) + ": " + d.message;
}

std::string error_of(const std::string& path) {
  try {
    (void)read_all(path);
  } catch (const load_error& e) {
    return placed(e);
  }
  return "";
}

}  // namespace

TEST_SUITE("text file") {
  TEST_CASE("UTF-16 decodes as utf8_file_text does, characters cut between blocks included") {
    temp_dir dir;
    // A surrogate pair (U+1F600) and a 3-byte character across each 64 KiB block's end.
    std::u16string text = u"Identity\r\n";
    while (text.size() < 200000) text += u"a\u00e9\u4e2d\U0001F600;";
    for (const std::size_t shift : {0, 1, 2, 3}) {
      CAPTURE(shift);
      const std::string bytes = "\xFF\xFE" + std::string(shift * 2, ' ') + utf16le(text);
      const std::string path = dir.write("u.csv", bytes);
      CHECK(read_all(path) == mfsim::utf8_file_text(bytes, path));
    }
  }

  TEST_CASE("a UTF-16 failure is placed and worded as utf8_file_text places it") {
    temp_dir dir;
    const std::string cases[] = {
        "\xFF\xFE" + utf16le(u"ab\ncd") + std::string("\x3D\xD8", 2),     // high at the end
        "\xFF\xFE" + utf16le(u"ab\ncd") + std::string("\x3D\xD8x\0", 4),  // high, no low
        "\xFF\xFE" + utf16le(u"ab\ncd") + std::string("\x00\xDC", 2),     // low alone
        "\xFF\xFE" + utf16le(u"ab\ncd") + "x",                            // half a unit
        "\xFF\xFE" + utf16le(std::u16string(70000, u'x')) + std::string("\x3D\xD8", 2),
    };
    for (const std::string& bytes : cases) {
      const std::string path = dir.write("bad.txt", bytes);
      std::string expected;
      try {
        (void)mfsim::utf8_file_text(bytes, path);
      } catch (const load_error& e) {
        expected = placed(e);
      }
      REQUIRE(!expected.empty());
      CHECK(error_of(path) == expected);
    }
  }

  TEST_CASE("the head is the first MiB's text; the whole text follows it, a mark dropped") {
    temp_dir dir;
    const std::string body = "#TYPE x\n" + std::string(3 << 20, 'y');
    const std::string path = dir.write("h.csv", "\xEF\xBB\xBF" + body);
    text_file file(path, "mailbox state", std::size_t{1} << 30);
    REQUIRE(file.size() == body.size() + 3);
    CHECK(file.head().starts_with("#TYPE x\n"));
    CHECK(file.head().size() >= kTextHeadBytes - 3);
    CHECK(file.head().size() < kTextHeadBytes + (std::size_t{1} << 16));
    CHECK(std::move(file).read_all() == body);
  }

  TEST_CASE("a UTF-16 file converted twice loses its second mark where it is decoded") {
    // Decision 1179: the second mark (U+FEFF, the first character) was erased from the whole
    // text once it was read, moving every byte of it; the head, read first, showed the text
    // past it. Now it is never appended: the head is where the text starts, nothing moved.
    temp_dir dir;
    const std::string text = "Identity\r\n" + std::string(std::size_t{3} << 20, 'a');
    std::u16string units(text.begin(), text.end());
    const std::string path = dir.write("twice.csv", "\xFF\xFE" + utf16le(u"\uFEFF" + units));
    text_file file(path, "mailbox state", std::size_t{1} << 30);
    const char* const head_starts = file.head().data();
    CHECK(file.head().starts_with("Identity\r\n"));
    const std::string whole = std::move(file).read_all();
    CHECK(whole == text);
    CHECK(static_cast<const void*>(whole.data()) == static_cast<const void*>(head_starts));
    // A failure on line 1 still counts the mark as a column, as before.
    const std::string bad =
        dir.write("bad.csv", "\xFF\xFE" + utf16le(u"\uFEFFab") + std::string("\x00\xDC", 2));
    CHECK(error_of(bad) ==
          "1:4: the file is UTF-16 and cannot be decoded: unpaired UTF-16 surrogate at byte 8");
    try {
      (void)mfsim::utf8_file_text(mfsim::test::read_file(bad), bad);
      FAIL("utf8_file_text decoded a lone low surrogate");
    } catch (const load_error& e) {
      CHECK(placed(e) == error_of(bad));
    }
    CHECK(mfsim::utf8_file_text("\xFF\xFE" + utf16le(u"\uFEFFab"), bad) == "ab");
  }

  TEST_CASE("a UTF-16 file is held once, as its UTF-8: no buffer of its bytes") {
    // Decision 1125: the bytes were read whole, then decoded into a second buffer (a 512 MiB
    // Export-Csv took 794 MB). The text's buffer is now what the file reads into; its capacity
    // shows it took half the file's bytes for ASCII, and no more than the UTF-8 for Latin text.
    temp_dir dir;
    std::string ascii(2 + (8 << 20), '\0');
    ascii[0] = '\xFF';
    ascii[1] = '\xFE';
    for (std::size_t k = 2; k < ascii.size(); k += 2) ascii[k] = 'a';
    const std::string path = dir.write("a.csv", ascii);
    const std::string text = read_all(path);
    CHECK(text.size() == (ascii.size() - 2) / 2);
    CHECK(text.capacity() <= text.size() + (std::size_t{1} << 18));
    std::string latin(2 + (8 << 20), '\0');
    latin[0] = '\xFF';
    latin[1] = '\xFE';
    for (std::size_t k = 2; k < latin.size(); k += 2) latin[k] = '\xE9';  // U+00E9
    const std::string latin_text = read_all(dir.write("l.csv", latin));
    CHECK(latin_text.size() == latin.size() - 2);
    CHECK(latin_text.capacity() <= 2 * latin_text.size());
  }

  TEST_CASE("the bytes read are counted: a file too large is refused before one is read") {
    temp_dir dir;
    const std::string path = dir.write("big.txt", "xy");             // no zero beside x: no UTF-16
    std::filesystem::resize_file(path, (std::size_t{8} << 20) + 1);  // sparse
    const std::size_t before = mfsim::file_bytes_read();
    CHECK_THROWS_AS((void)text_file(path, "rule set", std::size_t{8} << 20), load_error);
    CHECK(mfsim::file_bytes_read() == before);
    (void)read_all(path);
    CHECK(mfsim::file_bytes_read() == before + (std::size_t{8} << 20) + 1);
  }
}
