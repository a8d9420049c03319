// append_office_binary_text(): one opening of the compound file, its property sets and
// embedded files, then the reader of the document stream it holds.
#include "engine/mail/office_binary_text.h"

#include "engine/mail/compound_file.h"
#include "engine/mail/excel_binary_text.h"
#include "engine/mail/ole_properties.h"
#include "engine/mail/powerpoint_binary_text.h"
#include "engine/mail/word_binary_text.h"

namespace mfsim::mail {
namespace {

// The files embedded in the objects a presentation keeps in its own records (decision 380).
void add_presentation_objects(std::string_view slides, office_binary_extras& extras) {
  std::size_t used = 0;
  for (const auto& e : extras.embedded) used += e.bytes.size();
  if (extras.embedded.size() >= extras.max_embedded_files || used >= extras.max_embedded_bytes)
    return;
  for (const std::string& storage :
       presentation_objects(slides, extras.max_embedded_files, extras.max_embedded_bytes - used)) {
    const compound_file object(storage);
    if (!object.opened()) continue;
    const std::size_t files_left = extras.max_embedded_files - extras.embedded.size();
    if (files_left == 0 || used >= extras.max_embedded_bytes) return;
    for (auto& file : embedded_files_of(object, files_left, extras.max_embedded_bytes - used)) {
      used += file.bytes.size();
      extras.embedded.push_back(std::move(file));
    }
  }
}

}  // namespace

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
    add_presentation_objects(*slides, extras);
    // An encrypted presentation keeps its summary apart ([MS-PPT] 2.3.7): its records are not
    // readable.
    if (file.root_stream("EncryptedSummary", 0)) return false;
    return append_slides_text(*slides, out, max_bytes);
  }
  return false;
}

}  // namespace mfsim::mail
