// The text of an Office 97-2003 document attached to a message: a compound file ([MS-CFB])
// holding a Word document, an Excel workbook or a PowerPoint presentation (decisions 375, 377).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/attachment_content.h"
#include "engine/mail/embedded_objects.h"

namespace mfsim::mail {

// Appends the text of the compound file `bytes` to `out` as rendered text, at most `max_bytes`
// of `out`: Word's (word_binary_text.h), Excel's (excel_binary_text.h) or PowerPoint's
// (powerpoint_binary_text.h), by the stream it holds. Returns false, `out` as it was, for a
// file whose text is not read: damaged, encrypted, another kind (Visio) or an older version.
// What the same opening of the file gives besides its text, whether or not the text is read:
// its document properties (ole_properties.h) and the files embedded in it
// (embedded_objects.h), within the budgets given.
struct office_binary_extras {
  std::vector<document_property>& properties;
  std::vector<embedded_file>& embedded;
  embedded_budget room;
};
bool append_office_binary_text(std::string_view bytes, std::string& out, std::size_t max_bytes,
                               office_binary_extras& extras);

}  // namespace mfsim::mail
