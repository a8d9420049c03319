// The files a TNEF stream (winmail.dat, application/ms-tnef; [MS-OXTNEF]) carries, by the names
// Outlook gives them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::mail {

// True when `bytes` start with TNEF's signature (0x223E9F78, little-endian).
[[nodiscard]] bool looks_like_tnef(std::string_view bytes) noexcept;

struct tnef_file {
  // PR_ATTACH_LONG_FILENAME (from attAttachment, UTF-16 or 8-bit) when the stream has it, else
  // attAttachTitle; empty when neither names it.
  std::string name;
  // attAttachData's bytes, else an embedded message's own TNEF stream (PR_ATTACH_DATA_OBJ after
  // its interface identifier, decision 874), inside the stream
  std::string_view data;
  // The attachment is an embedded message (PR_ATTACH_DATA_OBJ), `data` its TNEF stream.
  bool embedded_message = false;
};

// The attachments of a TNEF stream in order, at most `max_files` of them: each starts at an
// attAttachRendData attribute. The walk stops where an attribute is cut short; a property list
// it cannot read keeps the attachment's title. Linear in the stream's size.
[[nodiscard]] std::vector<tnef_file> tnef_attachments(std::string_view bytes,
                                                      std::size_t max_files);

// The message body text a TNEF stream carries, as UTF-8: that of the form its attMsgProps'
// PidTagNativeBody names ([MS-OXBBODY] 2.1.3.1 step 1: 1 plain text, 2 RTF, 3 HTML), when the
// stream has it; else PidTagBody from its attMsgProps (PT_UNICODE, or PT_STRING8 in
// attOemCodepage's code page), else its attBody (the same property as 8-bit text, [MS-OXTNEF]
// 2.1.3.3.9), else the text of its compressed RTF (PidTagRtfCompressed), else of its HTML
// (PidTagHtml); at most `max_bytes` of text, empty when it has none. Linear in the stream's
// size. A message embedded in the stream is not read here (tnef_attachments() gives its stream).
[[nodiscard]] std::string tnef_body_text(std::string_view bytes, std::size_t max_bytes);

}  // namespace mfsim::mail
