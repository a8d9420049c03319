// The document properties of an Office 97-2003 file, for AttachmentPropertyContainsWords
// (decision 253): the property sets ([MS-OLEPS]) of its SummaryInformation stream (Title,
// Subject, Author, Keywords, Comments) and DocumentSummaryInformation stream (Category,
// Manager, Company, Status, and the custom properties its second section names in its
// dictionary: Confidentiality, Department, ...).
#pragma once

#include <vector>

#include "engine/mail/attachment_content.h"

namespace mfsim::mail {

class compound_file;

// Appends the properties of `file` to `out`, up to kMaxDocumentProperties in `out`: strings
// in the set's code page or UTF-16, integers in decimal, booleans as "true" or "false"; dates
// and other types are not read. Damaged sets are read as far as they go.
void read_ole_properties(const compound_file& file, std::vector<document_property>& out);

}  // namespace mfsim::mail
