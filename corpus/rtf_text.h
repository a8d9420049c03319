// The body of an Outlook item stored only as compressed RTF (PR_RTF_COMPRESSED): decompressed
// ([MS-OXRTFCP]) and reduced to its text for the body conditions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::corpus {

// [MS-OXRTFCP] compressed RTF (LZFu, or "MELA": stored uncompressed) to RTF; at most
// `max_bytes` of it; what could be decompressed when the data is damaged, empty when it is not
// compressed RTF at all.
[[nodiscard]] std::string decompress_rtf(std::string_view compressed, std::size_t max_bytes);

// The text of an RTF document: control words and symbols dropped (\par and \line become line
// breaks, \tab a tab, \'hh its byte, \uN its character), destination groups that hold no
// body text (font and colour tables, style sheets, document info, pictures, {\* ...}) skipped.
// Nesting deeper than 256 groups is read as text at that depth.
[[nodiscard]] std::string rtf_to_text(std::string_view rtf);

}  // namespace mfsim::corpus
