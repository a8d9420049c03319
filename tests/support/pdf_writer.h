// Writing PDF files for the tests and the fuzzing seeds: objects numbered in the order they are
// added, streams compressed with zlib when asked, and a cross-reference table and trailer, so
// that the PDF text reader is tested on a fresh clone.
#pragma once

#include <string>
#include <vector>

namespace mfsim::test {

class pdf_writer {
 public:
  // Adds an object whose value is `value` ("<< /Type /Page ... >>"); returns its number.
  int add(const std::string& value);
  // Adds a stream: `entries` go in its dictionary beside /Length (and /Filter /FlateDecode when
  // `compress`); returns its number.
  int add_stream(const std::string& entries, const std::string& data, bool compress = false);
  // Sets object `number`'s value (an object added with a placeholder, to refer ahead).
  void set(int number, const std::string& value);
  // The file: a header, the objects, a cross-reference table and a trailer naming `root` (no
  // trailer when `root` is 0: a file whose catalog is found by its type).
  [[nodiscard]] std::string finish(int root) const;

 private:
  std::vector<std::string> objects_;
};

// zlib (RFC 1950) compression of `data`, as FlateDecode streams hold it.
[[nodiscard]] std::string zlib_of(const std::string& data);

// A PDF of one page whose content stream is `content`, its resources naming Helvetica with
// WinAnsiEncoding /F1, each of its codes 32-126 500 thousandths of the font size wide.
[[nodiscard]] std::string one_page_pdf(const std::string& content, bool compress = false);

// A PDF that uses what the reader knows, for the fuzzing seeds and a test of their own: pages
// in an object stream under a tree that passes resources down, a composite font read through
// its ToUnicode CMap, a /Differences font, a form XObject, an inline image, TJ kerning and a
// compressed content stream in two parts.
[[nodiscard]] std::string sample_pdf();

}  // namespace mfsim::test
