// zlib and gzip streams inflated within a byte budget: gzip attachments (attachment_content.cc)
// and the compressed streams of PDF files (pdf_document.cc).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::mail {

enum class inflated {
  complete,   // the stream's end was reached
  too_large,  // it inflates to more than the budget: `out` holds the budget's worth
  damaged,    // cut short or corrupt: `out` holds what inflated before the damage
};

// Appends what the zlib stream (RFC 1950) `in` inflates to, at most `max_bytes` of it, to `out`.
inflated inflate_bounded(std::string_view in, std::size_t max_bytes, std::string& out);

// As inflate_bounded, for every member of a gzip file in turn (RFC 1952 section 2.2: "a series
// of members", which gzip -d joins), within one budget; what follows the last member (zero
// padding, or bytes that are no member) is ignored, as gzip ignores it.
inflated inflate_gzip_members(std::string_view in, std::size_t max_bytes, std::string& out);

}  // namespace mfsim::mail
