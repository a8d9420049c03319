// The readers of attachment text one by one (decisions 375-377): a PDF of 50 pages of text in
// compressed content streams, drawn as word processors draw it (a TJ array a line, kerned),
// and an Excel 97-2003 workbook of 5,000 shared strings, each inspected as one attachment.
// Each reports bytes of file a second and the bytes of text it read.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/mail/attachment_content.h"
#include "tests/support/office97_writer.h"
#include "tests/support/pdf_writer.h"

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

void excel_97_text(benchmark::State& state) {
  static const std::string workbook = [] {
    std::vector<mfsim::test::office_text> strings;
    for (int i = 0; i < 5000; ++i)
      strings.push_back({fmt::format("Invoice {} payment due on receipt", i), false});
    return mfsim::test::excel_97(strings);
  }();
  inspect(state, "ledger.xls", workbook);
}
BENCHMARK(excel_97_text);

}  // namespace
