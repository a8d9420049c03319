// append_office_binary_text(): one opening of the compound file, its property sets and
// embedded files, then the reader of the document stream it holds.
#include "engine/mail/office_binary_text.h"

#include "engine/mail/compound_file.h"
#include "engine/mail/excel_binary_text.h"
#include "engine/mail/ole_properties.h"
#include "engine/mail/powerpoint_binary_text.h"
#include "engine/mail/word_binary_text.h"

namespace mfsim::mail {

bool append_office_binary_text(std::string_view bytes, std::string& out, std::size_t max_bytes,
                               office_binary_extras& extras) {
  const compound_file file(bytes);
  if (!file.opened()) return false;
  read_ole_properties(file, extras.properties);
  if (extras.max_embedded_files > 0) {
    extras.embedded = embedded_files_of(file, extras.max_embedded_files, extras.max_embedded_bytes);
  }
  if (const auto word = file.root_stream("WordDocument", file.size()))
    return append_word_binary_text(file, *word, out, max_bytes);
  if (const auto workbook = file.root_stream("Workbook", file.size()))
    return append_workbook_text(*workbook, out, max_bytes);
  if (const auto slides = file.root_stream("PowerPoint Document", file.size())) {
    // An encrypted presentation keeps its summary apart ([MS-PPT] 2.3.7): its records are not
    // readable.
    if (file.root_stream("EncryptedSummary", 0)) return false;
    return append_slides_text(*slides, out, max_bytes);
  }
  return false;
}

}  // namespace mfsim::mail
