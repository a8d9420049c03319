// RFC 2047 encoded-word decoding of header values, for matching.
#pragma once

#include <string>
#include <string_view>

namespace mfsim::mail {

enum class rfc2047_result {
  plain,       // no encoded word found; output equals input
  decoded,     // every encoded word decoded
  partly_bad,  // some encoded word was malformed or had an unknown charset (kept as text)
};

// Appends the decoded form of an unfolded header value to `out`, as UTF-8.
// B and Q encodings; UTF-8, US-ASCII, ISO-8859-1, Windows-1252 (and their aliases) are
// converted here, any other charset through iconv (charset.h); an encoded word in a charset
// iconv does not know keeps its decoded bytes as they are.
// Whitespace between two adjacent encoded words is dropped (RFC 2047 section 6.2).
// Never throws except std::bad_alloc.
rfc2047_result decode_rfc2047(std::string_view value, std::string& out);

}  // namespace mfsim::mail
