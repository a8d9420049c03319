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

// The files embedded in the objects a presentation keeps in its own records (decision 380). An
// object cut by the bytes budget stands for itself, so that the budget says it was reached.
void add_presentation_objects(std::string_view slides, office_binary_extras& extras) {
  if (extras.room.files == 0 || extras.room.bytes == 0) return;
  for (const presentation_object& object :
       presentation_objects(slides, extras.room.files, extras.room.bytes)) {
    if (object.cut) {
      extras.embedded.push_back({"ExOleObjStg", {}, true});
      return;
    }
    const compound_file storage(object.storage);
    if (storage.opened()) add_embedded_files(storage, extras.room, extras.embedded);
  }
}

}  // namespace

bool append_office_binary_text(std::string_view bytes, std::string& out, std::size_t max_bytes,
                               office_binary_extras& extras) {
  const compound_file file(bytes);
  if (!file.opened()) return false;
  read_ole_properties(file, extras.properties);
  add_embedded_files(file, extras.room, extras.embedded);
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
