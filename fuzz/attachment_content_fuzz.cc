// Fuzzes the inspection of one attachment's bytes (issue 15): the type sniffing, libzip over
// hostile archives, gzip and tar, the Office Open XML and OpenDocument parts, the XML, HTML and
// RTF text extractors and the document property readers, within content_limits' budgets.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/attachment_content.h"
#include "engine/mail/markup_text.h"
#include "engine/mail/office_documents.h"
#include "engine/mail/rtf_text.h"
#include "fuzz/fuzz_check.h"

namespace {

struct fixture {
  mfsim::mail::content_limits limits;
  mfsim::mail::attachment_contents contents;
  std::vector<mfsim::mail::document_property> properties;
  std::string text;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fixture f;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  f.contents.clear();
  mfsim::mail::inspect_attachment("fuzz.bin", bytes, f.limits, f.contents);
  MFSIM_FUZZ_CHECK(!f.contents.files.empty() || f.contents.limit_exceeded);
  MFSIM_FUZZ_CHECK(f.contents.files.size() <= f.limits.max_files);
  MFSIM_FUZZ_CHECK(f.contents.unpacked_bytes <= f.limits.max_unpacked_bytes);
  for (const auto& file : f.contents.files) {
    MFSIM_FUZZ_CHECK(file.text_lower.size() <= f.limits.max_text_bytes);
    for (const char c : file.text_lower) MFSIM_FUZZ_CHECK(c < 'A' || c > 'Z');
  }
  // The readers on their own, on the raw bytes as if they were a document part.
  f.properties.clear();
  mfsim::mail::read_builtin_properties(bytes, f.properties);
  mfsim::mail::read_custom_properties(bytes, f.properties);
  f.text.clear();
  (void)mfsim::mail::append_xml_text(bytes, f.text, 4096);
  MFSIM_FUZZ_CHECK(f.text.size() <= 4096);
  f.text.clear();
  for (const auto layout : {mfsim::mail::rtf_layout::words, mfsim::mail::rtf_layout::lines}) {
    f.text.clear();
    (void)mfsim::mail::append_rtf_text(bytes, f.text, 4096, layout);
    MFSIM_FUZZ_CHECK(f.text.size() <= 4096);
  }
  return 0;
}
