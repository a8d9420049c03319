// pdf_writer: a PDF file assembled object by object, with true offsets in its xref table.
#include "tests/support/pdf_writer.h"

#include <fmt/format.h>
#include <zlib.h>

#include <stdexcept>

namespace mfsim::test {

int pdf_writer::add(const std::string& value) {
  objects_.push_back(value);
  return static_cast<int>(objects_.size());
}

int pdf_writer::add_stream(const std::string& entries, const std::string& data, bool compress) {
  const std::string bytes = compress ? zlib_of(data) : data;
  return add(fmt::format("<< {}{} /Length {} >>\nstream\n{}\nendstream", entries,
                         compress ? " /Filter /FlateDecode" : "", bytes.size(), bytes));
}

void pdf_writer::set(int number, const std::string& value) {
  objects_.at(static_cast<std::size_t>(number - 1)) = value;
}

std::string pdf_writer::finish(int root) const {
  std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects_.size(); ++i) {
    offsets.push_back(out.size());
    out += fmt::format("{} 0 obj\n{}\nendobj\n", i + 1, objects_[i]);
  }
  if (root == 0) return out + "%%EOF\n";
  const std::size_t xref = out.size();
  out += fmt::format("xref\n0 {}\n0000000000 65535 f \n", objects_.size() + 1);
  for (const std::size_t offset : offsets) out += fmt::format("{:010} 00000 n \n", offset);
  out += fmt::format("trailer\n<< /Size {} /Root {} 0 R >>\nstartxref\n{}\n%%EOF\n",
                     objects_.size() + 1, root, xref);
  return out;
}

std::string zlib_of(const std::string& data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()),
                Z_BEST_COMPRESSION) != Z_OK) {
    throw std::runtime_error("zlib could not compress");
  }
  out.resize(size);
  return out;
}

std::string one_page_pdf(const std::string& content, bool compress) {
  pdf_writer pdf;
  const int catalog = pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
  pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  pdf.add(
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
      " /Resources << /Font << /F1 5 0 R >> >> >>");
  pdf.add_stream("", content, compress);
  pdf.add(
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding"
      " /FirstChar 32 /LastChar 126 /Widths [" +
      [] {
        std::string widths;
        for (int code = 32; code <= 126; ++code) widths += "500 ";
        return widths;
      }() +
      "] >>");
  return pdf.finish(catalog);
}

std::string sample_pdf() {
  pdf_writer pdf;
  const int catalog = pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
  pdf.add(
      "<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 6 0 R /F2 7 0 R >>"
      " /XObject << /X1 9 0 R >> >> >>");
  pdf.add("null");  // object 3, the page, is the object stream's member: dropped below
  const std::string member = "3 0 ";
  pdf.add_stream(fmt::format("/Type /ObjStm /N 1 /First {}", member.size()),
                 member + "<< /Type /Page /Parent 2 0 R /Contents [5 0 R 10 0 R] >>", true);
  pdf.add_stream("",
                 "BT /F1 11 Tf 72 700 Td <002400250026> Tj /F2 11 Tf 0 -14 Td"
                 " [(\001\002)-40(\003)-400(x)] TJ ET BI /W 1 /H 1 /BPC 8 /CS /G ID \xff\nEI",
                 true);
  pdf.add(
      "<< /Type /Font /Subtype /Type0 /BaseFont /Calibri /Encoding /Identity-H"
      " /DescendantFonts [<< /Subtype /CIDFontType2 /DW 1000 /W [36 38 550] >>] /ToUnicode 8 0 R"
      " >>");
  pdf.add(
      "<< /Type /Font /Subtype /Type1 /BaseFont /Custom /FirstChar 1 /Widths [500 500 500]"
      " /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [1 /W /i /f_i] >> >>");
  pdf.add_stream("",
                 "begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange"
                 " <0024> <0026> <0057> endbfrange endcmap",
                 true);
  pdf.add_stream("/Type /XObject /Subtype /Form /Resources << /Font << /F1 7 0 R >> >>",
                 "BT /F1 9 Tf 0 0 Td (\001\002) Tj ET");
  pdf.add_stream("", "q /X1 Do Q");
  std::string file = pdf.finish(catalog);
  const std::string placeholder = "3 0 obj\nnull\nendobj\n";
  file.erase(file.find(placeholder), placeholder.size());
  return file;
}

}  // namespace mfsim::test
