// The body of an Outlook item or a TNEF stream stored as compressed RTF (PR_RTF_COMPRESSED),
// decompressed ([MS-OXRTFCP]); rtf_text.h reduces it to its text for the body conditions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::mail {

// [MS-OXRTFCP] compressed RTF (LZFu, or "MELA": stored uncompressed) to RTF; at most
// `max_bytes` of it; what could be decompressed when the data is damaged, empty when it is not
// compressed RTF at all.
[[nodiscard]] std::string decompress_rtf(std::string_view compressed, std::size_t max_bytes);

}  // namespace mfsim::mail
