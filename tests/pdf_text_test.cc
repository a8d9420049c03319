// The text of PDF attachments (engine/mail/pdf_text.h, decision 376), on PDF files written by
// tests/support/pdf_writer.h: text operators, fonts, filters, the page tree and the budgets.
#include "engine/mail/pdf_text.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/mail/pdf_fonts.h"
#include "tests/support/build_paths.h"
#include "tests/support/corpora.h"
#include "tests/support/pdf_writer.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::mail::append_pdf_text;
using mfsim::mail::pdf::budget;
using mfsim::test::one_page_pdf;
using mfsim::test::pdf_writer;

std::string text_of(const std::string& pdf, std::size_t max_bytes = 1u << 20) {
  std::string out;
  budget limits;
  CHECK(append_pdf_text(pdf, out, max_bytes, limits));
  CHECK(limits.exceeded.empty());
  return out;
}

// A file of tests/testdata/pdf (tests/testdata/pdf.md).
std::string fixture(const std::string& name) {
  std::ifstream in(mfsim::test::source_dir() + "/tests/testdata/pdf/" + name + ".pdf",
                   std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A page of `content`, its font /F1 being object 5, whatever `font` describes.
std::string page_with_font(const std::string& content, const std::string& font,
                           const std::string& extra_stream = {}) {
  pdf_writer pdf;
  pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
  pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  pdf.add("<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
  pdf.add_stream("", content);
  pdf.add(font);
  if (!extra_stream.empty()) pdf.add_stream("", extra_stream);  // object 6
  return pdf.finish(1);
}

}  // namespace

TEST_SUITE("pdf text") {
  TEST_CASE("strings shown by Tj, TJ, ' and \" are the text, compressed or not") {
    for (const bool compress : {false, true}) {
      CHECK(text_of(one_page_pdf("BT /F1 12 Tf 72 700 Td (Invoice overdue) Tj ET", compress)) ==
            "Invoice overdue");
    }
    CHECK(text_of(one_page_pdf("BT /F1 12 Tf 14 TL (one) Tj (two) ' 0 0 (three) \" ET")) ==
          "one two three");
    // A no-break space (\240) separates words as a space does.
    CHECK(text_of(one_page_pdf("BT /F1 12 Tf (Wire\\240now) Tj ET")) == "Wire now");
    // Escapes, octal codes in WinAnsiEncoding (\351 is e acute) and a string split in lines.
    CHECK(text_of(one_page_pdf("BT /F1 12 Tf (caf\\351 \\(open\\) a\\\nb) Tj ET")) ==
          "caf\xC3\xA9 (open) ab");
  }

  TEST_CASE("the pen's jumps separate words; kerning and glyph-by-glyph placing do not") {
    // TJ: -20 thousandths is kerning, -300 a gap a reader sees as a space.
    CHECK(text_of(one_page_pdf("BT /F1 10 Tf [(Pay)-20(ment)-300(due)] TJ ET")) == "Payment due");
    // Each glyph placed on its own, 500 thousandths of 10 points apart: one word.
    CHECK(text_of(one_page_pdf("BT /F1 10 Tf 100 700 Td (W) Tj 5 0 Td (i) Tj 5 0 Td (r) Tj 5 0 Td "
                               "(e) Tj 20 0 Td (now) Tj ET")) == "Wire now");
    // T* starts a new word even where the leading is 0 (hidden text drawn in one place).
    CHECK(text_of(one_page_pdf("BT /F1 0 Tf 0 TL (<meta) Tj T* (content) Tj ET")) ==
          "<meta content");
    // A new line, a move back to the margin, and text placed by Tm are new words.
    CHECK(text_of(one_page_pdf("BT /F1 10 Tf 72 700 Td (end) Tj 0 -12 Td (of) Tj ET BT /F1 1 Tf "
                               "10 0 0 10 72 600 Tm (line) Tj ET")) == "end of line");
    // Character spacing (Tc) moves the pen with the glyphs: letter-spaced text is one word.
    CHECK(text_of(one_page_pdf("BT /F1 10 Tf 4 Tc (a) Tj (b) Tj 13 0 Td (c) Tj ET")) == "abc");
    CHECK(text_of(one_page_pdf("BT /F1 10 Tf (a) Tj (b) Tj 13 0 Td (c) Tj ET")) == "ab c");
  }

  TEST_CASE("a composite font's codes are read through its ToUnicode CMap") {
    const std::string cmap =
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        "2 beginbfchar <0003> <0020> <0010> <D83DDE00> endbfchar\n"
        "2 beginbfrange <0024> <0026> <0041> <0030> <0031> [<00E9> <00660069>] endbfrange\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end";
    const std::string font =
        "<< /Type /Font /Subtype /Type0 /BaseFont /Calibri /Encoding /Identity-H"
        " /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /DW 1000 /W [36 [600 610]] >>]"
        " /ToUnicode 6 0 R >>";
    // Codes 0024-0026 are A-C, 0030 e acute, 0031 the ligature "fi", 0010 an emoji.
    CHECK(text_of(page_with_font("BT /F1 11 Tf <00240025002600030030003100030010> Tj ET", font,
                                 cmap)) ==
          "ABC \xC3\xA9"
          "fi \xF0\x9F\x98\x80");
    // Without a ToUnicode map an Identity-H font's glyph numbers are no text.
    CHECK(text_of(page_with_font("BT /F1 11 Tf <00240025> Tj ET",
                                 "<< /Type /Font /Subtype /Type0 /Encoding /Identity-H >>")) == "");
    // A CMap whose codes are Unicode reads them as such.
    CHECK(text_of(page_with_font("BT /F1 11 Tf <004F004B> Tj ET",
                                 "<< /Type /Font /Subtype /Type0 /Encoding /UniGB-UCS2-H >>")) ==
          "OK");
  }

  TEST_CASE("a simple font's /Differences name its glyphs") {
    const std::string font =
        "<< /Type /Font /Subtype /Type1 /BaseFont /Custom /Encoding << /Type /Encoding"
        " /BaseEncoding /WinAnsiEncoding /Differences [1 /P /a /y /uni00E9 /f_i /g.sc /u1F600"
        " /unknownglyph] >> >>";
    CHECK(text_of(page_with_font("BT /F1 9 Tf <0102030405060708> Tj ( Ok) Tj ET", font)) ==
          "Pay\xC3\xA9"
          "fig\xF0\x9F\x98\x80 Ok");
    CHECK(mfsim::mail::pdf::glyph_name_text("quotedblleft") == "\xE2\x80\x9C");
    CHECK(mfsim::mail::pdf::glyph_name_text("Euro") == "\xE2\x82\xAC");
    CHECK(mfsim::mail::pdf::glyph_name_text("uniD800") == "");
    CHECK(mfsim::mail::pdf::glyph_name_text("") == "");
  }

  TEST_CASE("pages are read in the order of the page tree, with inherited resources") {
    pdf_writer pdf;
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    // The second page is listed first; the tree's root gives both pages their font, and a kid
    // that loops back to the root is read once.
    pdf.add(
        "<< /Type /Pages /Kids [4 0 R 3 0 R 2 0 R] /Count 2 /Resources << /Font << /F1 7 0 R >> >> "
        ">>");
    pdf.add("<< /Type /Page /Parent 2 0 R /Contents [5 0 R 6 0 R] >>");
    pdf.add("<< /Type /Page /Parent 2 0 R /Contents 8 0 R >>");
    pdf.add_stream("", "BT /F1 10 Tf (first page, part) Tj");  // split between two streams
    pdf.add_stream("", "( one) Tj ET", true);
    pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    pdf.add_stream("", "BT /F1 10 Tf (listed first) Tj ET");
    CHECK(text_of(pdf.finish(1)) == "listed first first page, part one");
  }

  TEST_CASE("objects are found without the cross-reference table: object streams, updates") {
    pdf_writer pdf;
    // The catalog, page tree and font are members of an object stream; no trailer names them.
    const std::string members = "1 0 2 40 3 90 ";
    std::string body = "<< /Type /Catalog /Pages 2 0 R >>";
    body.resize(40, ' ');
    body += "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
    body.resize(90, ' ');
    body +=
        "<< /Type /Page /Parent 2 0 R /Contents 5 0 R /Resources << /Font << /F1 6 0 R >> >> >>";
    pdf.add("null");
    pdf.add("null");
    pdf.add("null");
    pdf.add_stream(fmt::format("/Type /ObjStm /N 3 /First {}", members.size()), members + body,
                   true);
    pdf.add_stream("", "BT /F1 10 Tf (from an object stream) Tj ET");
    pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    std::string file = pdf.finish(0);
    // Objects 1-3 are written in the file as null: those written in the file stand, so remove
    // them to leave the stream's.
    for (const char* placeholder :
         {"1 0 obj\nnull\nendobj\n", "2 0 obj\nnull\nendobj\n", "3 0 obj\nnull\nendobj\n"}) {
      file.erase(file.find(placeholder), std::string(placeholder).size());
    }
    CHECK(text_of(file) == "from an object stream");

    // An incremental update appends a new version of the content stream: it wins.
    std::string updated = one_page_pdf("BT /F1 10 Tf (draft) Tj ET");
    updated += "4 0 obj\n<< /Length 26 >>\nstream\nBT /F1 10 Tf (final) Tj ET\nendstream\nendobj\n";
    CHECK(text_of(updated) == "final");
    // Offsets that are wrong, or a /Length that is, do not matter.
    std::string wrong_length = one_page_pdf("BT /F1 10 Tf (kept) Tj ET");
    wrong_length.replace(wrong_length.find("/Length 25"), 10, "/Length 99");
    CHECK(text_of(wrong_length) == "kept");
  }

  TEST_CASE("form XObjects are read; inline images and unknown filters are not text") {
    pdf_writer pdf;
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add(
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /XObject << /X1 5 0 R >>"
        " /Font << /F1 6 0 R >> >> >>");
    pdf.add_stream(
        "", "BI /W 4 /H 1 /BPC 8 /CS /G ID (hidden) Tj\nEI q /X1 Do Q BT /F1 9 Tf (ok) Tj ET");
    // The form draws itself: forms nest at most 8 deep.
    pdf.add_stream(
        "/Type /XObject /Subtype /Form /Resources << /Font << /F1 6 0 R >>"
        " /XObject << /X1 5 0 R >> >>",
        "BT /F1 9 Tf (in a form) Tj ET /X1 Do");
    pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    std::string drawn;
    for (int i = 0; i < 8; ++i) drawn += "in a form ";
    CHECK(text_of(pdf.finish(1)) == drawn + "ok");
    // A stream in a filter mfsim does not decode shows nothing; ASCIIHex and ASCII85 decode.
    std::string lzw = one_page_pdf("BT /F1 10 Tf (plain) Tj ET");
    lzw.replace(lzw.find("/Length 26"), 10, "/Filter /LZWDecode /Length 26");
    CHECK(text_of(lzw) == "");
    std::string hex = one_page_pdf("42542F46312031302054662028686578292054 6a 20 45 54>");
    hex.replace(hex.find("/Length"), 7, "/Filter /AHx /Length");
    CHECK(text_of(hex) == "hex");
    std::string a85 = one_page_pdf("6<#'\\7PQ#?+B2qq-oa(5+B3(u78s~>");
    a85.replace(a85.find("/Length"), 7, "/Filter [/ASCII85Decode] /Length");
    CHECK(text_of(a85) == "85");
  }

  TEST_CASE("the fuzzing seeds' sample PDF reads as its parts say") {
    CHECK(text_of(mfsim::test::sample_pdf()) == "WXY Wifi x Wi");
  }

  TEST_CASE("files encrypted for their permissions only open with the empty password") {
    for (const char* name :
         {"plain", "rc4-40", "rc4-128", "aes-128-object-streams", "aes-256", "aes-256-r5"}) {
      INFO(name);
      CHECK(text_of(fixture(name)) == "Wire transfer today");
    }
    for (const char* name : {"rc4-128-user-password", "aes-256-user-password"}) {
      INFO(name);
      std::string out;
      budget limits;
      CHECK_FALSE(append_pdf_text(fixture(name), out, 1u << 20, limits));
      CHECK(out.empty());
    }
    // Another /ID makes another key, which /U does not check: the file is locked.
    std::string wrong_id = fixture("rc4-128");
    const std::size_t id = wrong_id.find("/ID [<");
    REQUIRE(id != std::string::npos);
    wrong_id[id + 6] = wrong_id[id + 6] == '0' ? '1' : '0';
    std::string out;
    budget limits;
    CHECK_FALSE(append_pdf_text(wrong_id, out, 1u << 20, limits));
  }

  TEST_CASE("encrypted files and files without pages are not read") {
    std::string out = "kept";
    budget limits;
    std::string encrypted = one_page_pdf("BT /F1 10 Tf (secret) Tj ET");
    encrypted.replace(encrypted.find("/Root"), 5, "/Encrypt 9 0 R /Root");
    CHECK_FALSE(append_pdf_text(encrypted, out, 1u << 20, limits));
    CHECK_FALSE(append_pdf_text("%PDF-1.4\n1 0 obj << >> endobj", out, 1u << 20, limits));
    CHECK_FALSE(append_pdf_text("%PDF-1.4 trailer << /Root 1 0 R >>", out, 1u << 20, limits));
    CHECK(out == "kept");
  }

  TEST_CASE("the budgets: text, decoded bytes, objects, nesting") {
    const std::string pdf = one_page_pdf("BT /F1 10 Tf (d\\351j\\340 vu) Tj ET");
    CHECK(text_of(pdf, 4) == "d\xC3\xA9j");  // cut between characters
    CHECK(text_of(pdf, 2) == "d");
    // Streams decoded over the budget stop the reading, and say so.
    std::string out;
    budget small;
    small.max_stream_bytes = 1000;
    const std::string big =
        one_page_pdf("BT /F1 10 Tf (" + std::string(5000, 'x') + ") Tj ET", true);
    CHECK(append_pdf_text(big, out, 1u << 20, small));
    CHECK(out.empty());
    CHECK(small.exceeded == "reads more than 1000 bytes of streams");
    // One stream named by 2,000 pages costs 2,000 readings of it.
    pdf_writer many;
    many.add("<< /Type /Catalog /Pages 2 0 R >>");
    std::string kids;
    for (int i = 0; i < 2000; ++i) kids += fmt::format("{} 0 R ", 5 + i);
    many.add("<< /Type /Pages /Kids [" + kids + "] /Resources << /Font << /F1 4 0 R >> >> >>");
    many.add_stream("", "BT /F1 10 Tf (" + std::string(1000, 'y') + ") Tj ET", true);
    many.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    for (int i = 0; i < 2000; ++i) many.add("<< /Type /Page /Contents 3 0 R >>");
    budget shared;
    shared.max_stream_bytes = 100000;
    out.clear();
    CHECK(append_pdf_text(many.finish(1), out, 100u << 20, shared));
    CHECK(shared.exceeded == "reads more than 100000 bytes of streams");
    CHECK(out.size() < 100000);
    // More objects than the budget.
    budget few;
    few.max_objects = 3;
    out.clear();
    (void)append_pdf_text(one_page_pdf("BT /F1 10 Tf (x) Tj ET"), out, 1u << 20, few);
    CHECK(few.exceeded == "holds more than 3 objects");
    // Codes fonts map or size, together: a bfrange of 256 codes over a budget of 100.
    budget codes;
    codes.max_mapped_codes = 100;
    out.clear();
    CHECK(append_pdf_text(
        page_with_font("BT /F1 9 Tf <0041> Tj ET", "<< /Subtype /Type0 /ToUnicode 6 0 R >>",
                       "1 beginbfrange <0000> <00FF> <0000> endbfrange"),
        out, 1u << 20, codes));
    CHECK(codes.exceeded == "maps more than 100 character codes");
    CHECK(out == "A");  // the codes mapped before the bound still read
    // Arrays nested past the depth bound are passed over without recursing so deep.
    const std::string deep = std::string(100000, '[') + "(x)<<>><0a>" + std::string(100000, ']');
    CHECK(text_of(one_page_pdf(deep + " BT /F1 10 Tf (deep) Tj ET")) == "deep");
    CHECK(text_of(one_page_pdf(std::string(100000, '[') + " BT /F1 10 Tf (lost) Tj ET")) == "");
  }
}

TEST_SUITE("corpora") {
  TEST_CASE("the GTUBE PDF of SpamAssassin's tests is read as its words") {
    const auto dir = mfsim::test::corpus_dir("torture");
    if (!dir) return;
    std::ifstream in(*dir / "spamassassin/spam/extracttext/gtube_pdf.eml", std::ios::binary);
    REQUIRE(in);
    const std::string message{std::istreambuf_iterator<char>(in), {}};
    mfsim::test::simulator sim(
        "mfsim: 1\nname: gtube\ntransport_rules:\n  - Name: Gtube\n    AttachmentContainsWords: "
        "['Generic Test for Unsolicited Bulk Email']\n    SetAuditSeverity: Low\n");
    sim.run(message);
    CHECK(sim.fired() == std::vector<std::string>{"Gtube"});
  }
}
