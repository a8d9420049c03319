// The readers of attachment text one by one (decisions 375-379): a PDF of 50 pages of text in
// compressed content streams, drawn as word processors draw it (a TJ array a line, kerned),
// an Excel 97-2003 workbook of 5,000 shared strings, plain and encrypted with Excel's default
// password, a RAR archive of 1,000 small text files (libarchive's cost per file), and an
// Office 2007 workbook encrypted with Excel's default password as Office does (100,000
// rounds of SHA-512: the key derivation is the cost). Each is inspected as one attachment and
// reports bytes of file a second and the bytes of text it read.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/mail/attachment_content.h"
#include "tests/support/archive_writer.h"
#include "tests/support/office97_writer.h"
#include "tests/support/package_encryption_writer.h"
#include "tests/support/pdf_writer.h"
#include "tests/support/rar_writer.h"

namespace {

using mfsim::mail::attachment_contents;

// `pages` pages of 40 lines each, all in Helvetica (WinAnsiEncoding, widths given).
std::string many_page_pdf(int pages) {
  mfsim::test::pdf_writer pdf;
  pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (int p = 0; p < pages; ++p) kids += fmt::format("{} 0 R ", 4 + 2 * p);
  pdf.add(
      fmt::format("<< /Type /Pages /Kids [{}] /Count {} /Resources << /Font << /F1 3 0 R >> "
                  ">> >>",
                  kids, pages));
  std::string widths;
  for (int code = 32; code <= 126; ++code) widths += "556 ";
  pdf.add(
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
      "/FirstChar 32 /LastChar 126 /Widths [" +
      widths + "] >>");
  for (int p = 0; p < pages; ++p) {
    std::string content = "BT /F1 11 Tf 72 720 Td 14 TL\n";
    for (int line = 0; line < 40; ++line) {
      content += fmt::format(
          "[(Invoice {} of page {}: the pay)-12(ment is due on receipt; wire the total to the)"
          "-250(account below.)] TJ T*\n",
          line, p);
    }
    content += "ET";
    pdf.add(fmt::format("<< /Type /Page /Parent 2 0 R /Contents {} 0 R >>", 5 + 2 * p));
    pdf.add_stream("", content, true);
  }
  return pdf.finish(1);
}

void inspect(benchmark::State& state, const std::string& name, const std::string& bytes) {
  const mfsim::mail::content_limits limits;
  attachment_contents contents;
  for (auto _ : state) {
    contents.clear();
    mfsim::mail::inspect_attachment(name, bytes, limits, contents);
    benchmark::DoNotOptimize(contents.files.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
  state.counters["text_bytes"] =
      contents.files.empty() ? 0.0 : static_cast<double>(contents.files[0].text_lower.size());
}

void pdf_text(benchmark::State& state) {
  static const std::string pdf = many_page_pdf(50);
  inspect(state, "statement.pdf", pdf);
}
BENCHMARK(pdf_text);

std::vector<mfsim::test::office_text> ledger_strings() {
  std::vector<mfsim::test::office_text> strings;
  for (int i = 0; i < 5000; ++i)
    strings.push_back({fmt::format("Invoice {} payment due on receipt", i), false});
  return strings;
}

void excel_97_text(benchmark::State& state) {
  static const std::string workbook = mfsim::test::excel_97(ledger_strings());
  inspect(state, "ledger.xls", workbook);
}
BENCHMARK(excel_97_text);

void excel_97_default_password_text(benchmark::State& state) {
  static const std::string workbook = mfsim::test::excel_97(
      ledger_strings(), {}, 8224,
      {mfsim::test::excel_encryption::method::rc4_cryptoapi, "VelvetSweatshop"});
  inspect(state, "ledger.xls", workbook);
}
BENCHMARK(excel_97_default_password_text);

void rar_text(benchmark::State& state) {
  static const std::string archive = [] {
    std::vector<mfsim::test::rar_file> files;
    for (int i = 0; i < 1000; ++i)
      files.push_back({fmt::format("notes/{}.txt", i), fmt::format("Invoice {} is due", i)});
    return mfsim::test::rar5_of(files);
  }();
  mfsim::mail::content_limits limits;
  limits.max_files = 2000;
  attachment_contents contents;
  for (auto _ : state) {
    contents.clear();
    mfsim::mail::inspect_attachment("notes.rar", archive, limits, contents);
    benchmark::DoNotOptimize(contents.files.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * archive.size()));
  state.counters["files"] = static_cast<double>(contents.files.size());
}
BENCHMARK(rar_text);

void ooxml_default_password_workbook(benchmark::State& state) {
  static const std::string workbook = mfsim::test::encrypted_package(
      mfsim::test::zip_of({{"[Content_Types].xml", "<Types/>"},
                           {"xl/workbook.xml", "<workbook/>"},
                           {"xl/sharedStrings.xml", "<sst><si><t>Wire transfer</t></si></sst>"}}),
      "VelvetSweatshop", 100000);
  inspect(state, "book.xlsx", workbook);
}
BENCHMARK(ooxml_default_password_workbook)->Unit(benchmark::kMillisecond);

}  // namespace
