// The media type mimetic is given: mimetic_media_type.h.
#include "engine/mail/mimetic_media_type.h"

#include <algorithm>
#include <iterator>

#include "engine/mail/mime_parameters.h"
#include "engine/mail/mimetic_input.h"

namespace mfsim::mail {
namespace {

// Whether mimetic reads `media`, the media type it is given (before any `;`), as
// message/rfc822: its type and subtype, in any case and between blanks, parameters and all
// else aside (RFC 2045 section 5.1), as media_type() reads them, its comments kept as mimetic
// keeps them (the rewrite has dropped those it could). `text/plain; name="message/rfc822.txt"`
// is text/plain (decision 1046).
bool reads_as_rfc822(std::string_view media) { return type_and_subtype(media) == "message/rfc822"; }

// What mimetic is given for a message/rfc822 part sent base64 or quoted-printable, which RFC
// 2046 section 5.2.1 forbids and senders write: a comment in the subtype keeps mimetic from
// splitting the encoded text as if it were the message (mimetic reads `rfc822 (x)` as no
// rfc822), while media_type(), which drops comments, still reads message/rfc822; the body walk
// then decodes the body and reads the message it holds (visit_message_in()).
constexpr std::string_view kEncodedMessageComment = " (transfer-encoded)";

}  // namespace

std::optional<bool> block_is_transfer_encoded(
    std::string_view message, std::size_t block_start, const std::vector<std::size_t>& left_out,
    const std::function<bool(std::string_view)>& is_delimiter, std::size_t& bytes_left) {
  constexpr std::size_t kMaxValueBytes = 1024;  // a mechanism is a token of a few bytes
  for (std::size_t at = block_start; at < message.size();) {
    header_line line = line_at(message, at);
    if (line.next - at > bytes_left) return std::nullopt;
    bytes_left -= line.next - at;
    if (line.text.empty() || is_delimiter(line.text)) return false;
    if (!is_field_line(line.text, "content-transfer-encoding") ||
        std::binary_search(left_out.begin(), left_out.end(), at)) {
      at = line.next;
      continue;
    }
    std::string value(line.text.substr(line.text.find(':') + 1).substr(0, kMaxValueBytes));
    while (value.size() < kMaxValueBytes && continues_field(message, line.next)) {
      if (!folded_at(message, line.next)) value += ' ';  // the bare CR, as mimetic is given it
      line = line_at(message, line.next);
      value.append(line.text.substr(0, kMaxValueBytes - value.size()));
    }
    return is_decoded_mechanism(transfer_encoding_mechanism(value));
  }
  return false;
}

media_reading rewritten_media_type(std::string_view message, std::size_t at,
                                   const header_line& first, unfolded_field& field,
                                   const std::function<bool()>& transfer_encoded) {
  const std::size_t colon = first.text.find(':');
  if (colon == std::string_view::npos) return {};
  const std::size_t value_from = colon + 1;
  std::string& joined = field.value;
  const std::string_view first_value = first.text.substr(value_from);
  joined.assign(first_value.substr(0, kMaxMediaTypeBytes));
  const std::size_t first_line_size = joined.size();
  field.line_starts.clear();
  bool past_budget = first_value.size() > kMaxMediaTypeBytes;
  // A `;` before any quote or comment ends the media type on the first line (the common
  // `multipart/mixed;` then ` boundary=...`): nothing to join.
  const bool ends_on_first = joined.find(';') < joined.find_first_of("\"(");
  for (std::size_t next = first.next;
       !ends_on_first && !past_budget && continues_field(message, next);) {
    const header_line line = line_at(message, next);
    // A line joined at a bare CR starts at the CR, read as a blank (decision 1160).
    const bool after_cr = !folded_at(message, next);
    if (joined.size() + after_cr + line.text.size() > kMaxMediaTypeBytes) {
      past_budget = true;
      break;
    }
    field.line_starts.emplace_back(joined.size(), next - after_cr);
    if (after_cr) joined += ' ';
    joined.append(line.text);
    next = line.next;
  }
  const std::size_t media_to = media_type_end(joined);
  if (media_to == joined.size() && past_budget)
    return {std::nullopt, true, reads_as_rfc822(joined)};
  // The walk cuts the field past kMaxMimeticFieldBytes: a media type that ends past that is
  // rewritten even as sent, so that all of it comes before the cut.
  const bool cut_inside = value_from + media_to > kMaxMimeticFieldBytes;
  auto media = media_type_for_mimetic(joined, past_budget, first_line_size, cut_inside);
  const std::string_view media_read =
      media ? std::string_view(media->extended) : std::string_view(joined).substr(0, media_to);
  const bool as_message = reads_as_rfc822(media_read);
  // mimetic keeps the blanks before a `;` in the subtype, and splits no `message/rfc822 ;`,
  // which RFC 2045 reads as message/rfc822 (decision 1106): given without them.
  if (!media && as_message && media_read.find_last_not_of(" \t") + 1 < media_read.size())
    media = media_type_for_mimetic(joined, past_budget, first_line_size, true);
  const bool encoded_message = as_message && transfer_encoded();
  if (encoded_message) {
    if (!media) media = media_type_for_mimetic(joined, past_budget, first_line_size, true);
    if (media) media->extended += kEncodedMessageComment;
  }
  // Not rewritten: mimetic reads the media type as sent (the comment could not be added).
  if (!media) return {std::nullopt, false, as_message};
  if (value_from + media->extended.size() > kMaxMimeticFieldBytes)
    return {std::nullopt, true, as_message};
  // Where the media type ends in the message: in the last line starting before media->to (a
  // continuation line starts with a blank, so a `;` is never its first byte).
  const auto line = std::upper_bound(
      field.line_starts.begin(), field.line_starts.end(), media->to,
      [](std::size_t to, const std::pair<std::size_t, std::size_t>& s) { return to < s.first; });
  const std::size_t to = line == field.line_starts.begin()
                             ? at + value_from + media->to
                             : std::prev(line)->second + (media->to - std::prev(line)->first);
  return {media_rewrite{at + value_from, to, std::move(media->extended)}, false,
          as_message && !encoded_message};
}

}  // namespace mfsim::mail
