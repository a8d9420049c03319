// The text of an RTF document: one reading of RTF for the body of an Outlook item kept only as
// RTF (corpus/mapi_properties.cc) and for RTF attachments (attachment_content.cc), decision 374.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::mail {

// How the document's breaks are written.
enum class rtf_layout {
  lines,  // \par, \line, \sect, \page and \row a line break; \tab and \cell a tab (a body)
  words,  // any break, and any run of white space, one space (rendered_text.h: attachments)
};

// Appends the text of `rtf` to `out` in UTF-8, without its control words:
//  - \'hh bytes (and raw bytes of 0x80 and above) in the document's code page: \ansicpgN, or
//    \mac, \pc, \pca, Windows-1252 otherwise; consecutive bytes are decoded together, so that a
//    double-byte code page's characters come whole;
//  - \uN as its character (a surrogate pair joined, U+FFFD for what is no character), its
//    fallback skipped: the \ucN characters after it (one by default; \ucN holds in its group;
//    a brace or another control word ends the fallback early);
//  - \~, \enspace, \emspace and \qmspace a space, \_ a hyphen, \lquote, \rquote, \ldblquote,
//    \rdblquote, \bullet, \endash and \emdash their characters; \binN's N bytes skipped;
//  - groups that hold no document text skipped: font and colour tables, style sheets,
//    document information, pictures, objects and the other tables named at a group's start,
//    and every {\* ...} destination.
// Nesting deeper than 256 groups is read as if at that depth. Stops once `out` holds
// `max_bytes` (cut there) and returns false then.
bool append_rtf_text(std::string_view rtf, std::string& out, std::size_t max_bytes,
                     rtf_layout layout);

}  // namespace mfsim::mail
