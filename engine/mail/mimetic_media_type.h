// How the MIME walk gives mimetic a Content-Type's media type (bounded_for_mimetic()): unfolded,
// without comments and blanks where those change mimetic's reading, and marked where a
// message/rfc822 body is transfer-encoded.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/mail/header_lines.h"

namespace mfsim::mail {

// A rewrite of the media type of the Content-Type field whose first line `first` starts at
// `at` (media_type_for_mimetic()), its place [from, to) in the message: the field's value is
// unfolded first, its continuation lines joined without their line ends (RFC 5322 section
// 3.2.2), so that a type or subtype on a continuation line is given to mimetic on the field's
// first line, followed by the rest of the line the media type ends on (decision 850). The
// field's first kMaxMediaTypeBytes are joined, past the kMaxMimeticFieldBytes mimetic is
// given: a media type that ends past those (100,000 comments, blanks before it) is rewritten
// too, as sent or not, so that the walk's cut falls after it, when its rewritten form fits
// within kMaxMimeticFieldBytes (decision 873).
struct media_rewrite {
  std::size_t from = 0;
  std::size_t to = 0;
  std::string extended;
};

// The buffers rewritten_media_type() fills: the value unfolded, and where each of its
// continuation lines starts in it and in the message.
struct unfolded_field {
  std::string value;
  std::vector<std::pair<std::size_t, std::size_t>> line_starts;
};

// What rewritten_media_type() found: the rewrite, if any, and whether the media type could not
// be given to mimetic whole (it does not end within kMaxMediaTypeBytes, or even without its
// comments and blanks it is longer than kMaxMimeticFieldBytes): the message is then not fully
// read, and says so.
struct media_reading {
  std::optional<media_rewrite> rewrite;
  bool unread = false;
  // mimetic reads the media type it is given as message/rfc822, and so the part's body as the
  // header and body of the message it holds: not when that body is transfer-encoded, which
  // mimetic is given with a comment in its subtype, so that it keeps the body whole (decision
  // 972).
  bool message = false;
};

// Whether the header block starting at `block_start` gives a Content-Transfer-Encoding that
// decode_transfer_encoding() undoes (base64, quoted-printable): the first such field mimetic is
// given (those at `left_out` are not), its continuation lines joined up to a few bytes. Reads
// the block's lines to its end, where the walk ends it: an empty line, or a line that
// `is_delimiter` (a delimiter, which starts the next part's block), each line charged to
// `bytes_left`; nullopt when that runs out first. A delimiter of a boundary declared later in
// the block is not known yet: blocks that end so could each be read to the message's end, so
// the walk gives all such readings together a budget of the message's size a few times.
[[nodiscard]] std::optional<bool> block_is_transfer_encoded(
    std::string_view message, std::size_t block_start, const std::vector<std::size_t>& left_out,
    const std::function<bool(std::string_view)>& is_delimiter, std::size_t& bytes_left);

// `transfer_encoded` tells whether the field's header block is transfer-encoded (called only
// for a message/rfc822 media type).
[[nodiscard]] media_reading rewritten_media_type(std::string_view message, std::size_t at,
                                                 const header_line& first, unfolded_field& field,
                                                 const std::function<bool()>& transfer_encoded);

}  // namespace mfsim::mail
