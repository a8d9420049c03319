// bounded_for_mimetic(): one pass over the lines to find what needs cutting, a second to copy
// the rest only when something does.
#include "engine/mail/mimetic_input.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/ascii.h"
#include "engine/mail/byte_search.h"
#include "engine/mail/mime_parameters.h"

namespace mfsim::mail {
namespace {

// The line starting at `at`: its text without the line end, and where the next line starts.
// mimetic takes "\r\n" and "\n\r" each as one line end, and CR or LF alone.
struct line_span {
  std::string_view text;
  std::size_t next = 0;
};

line_span line_at(std::string_view message, std::size_t at) {
  // Not find_first_of("\r\n"): libstdc++ looks each byte up in the set with a call to memchr,
  // which made this walk a fifth of a body-reading run (decision 360).
  const char* const stop = message.data() + message.size();
  const char* const found = find_line_break(message.data() + at, stop);
  if (found == stop) return {message.substr(at), message.size()};
  const auto end = static_cast<std::size_t>(found - message.data());
  const bool pair =
      end + 1 < message.size() && ((message[end] == '\r' && message[end + 1] == '\n') ||
                                   (message[end] == '\n' && message[end + 1] == '\r'));
  const std::size_t next = pair ? end + 2 : end + 1;
  return {message.substr(at, end - at), next};
}

// Whether the line starting at `next` (past the first) starts with a blank: RFC 5322's folding.
bool folded_at(std::string_view message, std::size_t next) {
  return next < message.size() && (message[next] == ' ' || message[next] == '\t');
}

// Whether the header line starting at `next` goes on the field the line before it holds
// although no blank starts it: that line ended at a bare CR, which RFC 5322 section 2.3 allows
// only before a LF, and this one is no field, no empty line and no delimiter (mimetic took it
// for the first line of the body, and `message/rfc822<CR>; x=1` hid the attached message). Both
// readers read the CR as a blank (decision 1160): the walk joins the lines, and mimetic is given
// a space in its place.
// Whether mimetic reads the header line starting at `at` as a field: a name of printable bytes
// but the colon, blanks, then the colon (its parser's sName state).
bool mimetic_reads_field(std::string_view message, std::size_t at) {
  const char* const stop = message.data() + message.size();
  const char* p = message.data() + at;
  while (p != stop && *p > 32 && *p < 127 && *p != ':') ++p;
  if (p == message.data() + at) return false;
  while (p != stop && (*p == ' ' || *p == '\t')) ++p;
  return p != stop && *p == ':';
}

bool joins_at_bare_cr(std::string_view message, std::size_t next) {
  if (next < 2 || next >= message.size() || message[next - 1] != '\r' || message[next - 2] == '\n')
    return false;
  const std::string_view rest = message.substr(next, 2);
  if (rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r' || rest[0] == '\n' || rest == "--")
    return false;
  return !mimetic_reads_field(message, next);
}

// Whether mimetic takes the header line `line`, starting at `at`, for the first line of the
// body although it is no empty line: no field, no fold, and not one starting with a colon
// (which mimetic skips).
bool ends_header_for_mimetic(std::string_view message, std::size_t at, std::string_view line) {
  return !line.empty() && line.front() != ' ' && line.front() != '\t' && line.front() != ':' &&
         !mimetic_reads_field(message, at);
}

// Whether the line at `next` goes on the field the line before it holds, and so what joins
// the two in the field's unfolded value: nothing past a fold's blank, a blank for a bare CR.
bool continues_field(std::string_view message, std::size_t next) {
  return folded_at(message, next) || joins_at_bare_cr(message, next);
}

// The boundary parameter a header line declares, or "" (boundary=X, boundary="X", and with
// spaces or tabs around the '=', as mimetic reads it).
std::string_view declared_boundary(std::string_view line) {
  constexpr std::string_view kKey = "boundary";
  const std::string_view head = line.substr(0, 4096);
  std::string_view value;
  for (std::size_t at = ascii_ifind(head, kKey); at != std::string_view::npos;
       at = ascii_ifind(head, kKey, at + 1)) {
    const std::size_t equals = line.find_first_not_of(" \t", at + kKey.size());
    if (equals == std::string_view::npos || line[equals] != '=') continue;
    const std::size_t start = line.find_first_not_of(" \t", equals + 1);
    value = start == std::string_view::npos ? std::string_view() : line.substr(start);
    break;
  }
  if (value.empty()) return {};
  if (value.front() == '"') {
    value.remove_prefix(1);
    return value.substr(0, value.find('"'));
  }
  return value.substr(0, value.find_first_of("; \t"));
}

// Whether a Content-Type line mentions a boundary that declared_boundary() may not have read
// as mimetic reads it: mentioned but not read (`boundary=""`, `boundary*=x`), mentioned twice
// (`xboundary="z"; boundary="q"`), or past the 4 KiB it searches. Mimetic then makes parts of
// delimiter lines the budget would not count.
bool unsure_boundary(std::string_view line, std::string_view declared) {
  const std::size_t first = ascii_ifind(line, "boundary");
  if (first == std::string_view::npos) return false;
  return declared.empty() || first >= 4096 ||
         ascii_ifind(line, "boundary", first + 1) != std::string_view::npos;
}

// Whether `line` is the delimiter of a part (not the close delimiter) of a declared boundary.
bool opens_part(std::string_view line, const std::vector<std::string_view>& boundaries) {
  if (line.size() < 3 || line[0] != '-' || line[1] != '-') return false;
  const std::string_view rest = line.substr(2);
  return std::any_of(boundaries.begin(), boundaries.end(), [&](std::string_view b) {
    return rest.substr(0, b.size()) == b && rest.substr(b.size(), 2) != "--";
  });
}

// Whether `line` starts a Content-Type field: the name in any case, then the colon, with the
// spaces or tabs mimetic allows before it ("Content-Type :").
bool is_field_line(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || !ascii_iequals(line.substr(0, name.size()), name)) return false;
  const std::size_t colon = line.find_first_not_of(" \t", name.size());
  return colon != std::string_view::npos && line[colon] == ':';
}

bool is_content_type_line(std::string_view line) { return is_field_line(line, "content-type"); }

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

// Whether the header block starting at `block_start` gives a Content-Transfer-Encoding that
// decode_transfer_encoding() undoes (base64, quoted-printable): the first such field mimetic is
// given (those at `left_out` are not), its continuation lines joined up to a few bytes. Reads
// the block's lines to its end, where the walk ends it: an empty line, or a line that
// `opens_part` (a delimiter, which starts the next part's block), each line charged to
// `bytes_left`; nullopt when that runs out first. A delimiter of a boundary declared later in
// the block is not known yet: blocks that end so could each be read to the message's end, so
// the walk gives all such readings together a budget of the message's size a few times.
template <typename OpensPart>
std::optional<bool> block_is_transfer_encoded(std::string_view message, std::size_t block_start,
                                              const std::vector<std::size_t>& left_out,
                                              OpensPart&& opens_part, std::size_t& bytes_left) {
  constexpr std::size_t kMaxValueBytes = 1024;  // a mechanism is a token of a few bytes
  for (std::size_t at = block_start; at < message.size();) {
    line_span line = line_at(message, at);
    if (line.next - at > bytes_left) return std::nullopt;
    bytes_left -= line.next - at;
    if (line.text.empty() || opens_part(line.text)) return false;
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

// `transfer_encoded` tells whether the field's header block is transfer-encoded (called only
// for a message/rfc822 media type).
template <typename TransferEncoded>
media_reading rewritten_media_type(std::string_view message, std::size_t at, const line_span& first,
                                   unfolded_field& field, TransferEncoded&& transfer_encoded) {
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
    const line_span line = line_at(message, next);
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

// Boundaries whose parts' headers are looked for; a message that declares more nests its parts
// past what the body walk reads (64 levels) or repeats them.
constexpr std::size_t kMaxTrackedBoundaries = 128;

struct walk_result {
  bool changed = false;            // a field was cut, or the message
  bool cut_short = false;          // entities or fields past their budget were left out
  bool media_type_unread = false;  // a Content-Type's media type could not be read
  bool boundary_unread = false;    // a Content-Type's boundary was cut, or left out
};

// The MIME fields a part has one of (RFC 2045 section 3, RFC 2183), which mimetic reads the
// first of when a header block gives two.
enum class mime_field : std::uint8_t { none, content_type, transfer_encoding, disposition };

mime_field mime_field_of(std::string_view line) {
  if (is_content_type_line(line)) return mime_field::content_type;
  if (is_field_line(line, "content-transfer-encoding")) return mime_field::transfer_encoding;
  if (is_field_line(line, "content-disposition")) return mime_field::disposition;
  return mime_field::none;
}

// Where each such field starts, and in which header block (numbered in the order they start).
struct field_start {
  std::size_t block = 0;
  mime_field field = mime_field::none;
  std::size_t at = 0;
};

struct mime_fields {
  std::vector<field_start> starts;    // filled by the walk
  std::vector<std::size_t> left_out;  // the starts of fields the walk leaves out, ascending
};

// The starts of the fields given again later in the same header block, ascending: what the
// `last` reading leaves out.
std::vector<std::size_t> earlier_duplicates(std::vector<field_start> starts) {
  std::stable_sort(starts.begin(), starts.end(), [](const field_start& a, const field_start& b) {
    return a.block != b.block ? a.block < b.block : a.field < b.field;
  });
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
    if (starts[i].block == starts[i + 1].block && starts[i].field == starts[i + 1].field)
      out.push_back(starts[i].at);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Calls keep(from, to) for each byte range of `message` mimetic may read, in order, and
// emit(text) for a text given to it in place of a range left out.
// The MIME fields are listed in `fields.starts`, and those at `fields.left_out` are left out.
template <typename Keep, typename Emit>
walk_result walk_fields(std::string_view message, mime_fields& fields_seen, Keep&& keep,
                        Emit&& emit) {
  walk_result result;
  std::vector<std::string_view> boundaries;
  bool boundaries_full = false;  // a boundary was declared past kMaxTrackedBoundaries
  bool in_header = true;
  bool in_content_type = false;      // the field being read is a Content-Type
  bool in_parameters = false;        // ... or a Content-Disposition: mimetic lists its parameters
  bool content_type_quoted = false;  // a line of this Content-Type left a quoted-string open
  std::size_t field_parameters = 0;
  // The Content-Type mimetic reads of this header block (its first one given to mimetic) was
  // read: whether mimetic reads it as message/rfc822, its body then the attached message's
  // header (not when transfer-encoded: mimetic keeps that body as text, decision 972).
  bool type_read = false;
  bool rfc822 = false;
  std::size_t block_start = 0;  // where the header block being read starts
  // Whether that block gives a transfer encoding decoded (block_is_transfer_encoded()), once
  // judged: read once a block, only for a message/rfc822 part.
  bool block_judged = false;
  // What block_is_transfer_encoded() may read, all blocks together.
  std::size_t encoding_bytes_left = 4 * message.size() + 65536;
  bool block_encoded = false;
  bool dropping = false;     // the field being read is past kMaxMimeticFields
  bool leaving_out = false;  // the field being read is at fields_seen.left_out
  std::size_t block = 0;     // the header block being read
  auto next_left_out = fields_seen.left_out.begin();
  std::size_t field_bytes = 0;
  std::size_t kept_from = 0;
  std::size_t media_from = 0;  // where a Content-Type's rewritten media type starts
  std::size_t media_end = 0;   // ... and where it ends
  unfolded_field unfolded;     // a Content-Type's value unfolded (rewritten_media_type())
  std::size_t content_types = 0, delimiters = 0, fields = 0;
  // The line before was a header block's field or its continuation, which a line after a bare
  // CR may go on (joins_at_bare_cr()), and was not cut there (its CR then stays its line end).
  bool field_open = false;
  bool line_cut = false;
  // A stray line (ends_header_for_mimetic()) is left out when its block goes on to an empty
  // line, as the header scanner skips it (decision 1189): what the look-ahead found, valid for
  // the lines before `stray_scan_to` (it stopped there, at the empty line or the block's end).
  std::size_t stray_scan_to = 0;
  bool stray_scan_found = false;
  const auto block_goes_on_to_empty_line = [&](std::size_t from, const auto& is_delimiter) {
    if (from < stray_scan_to) return stray_scan_found;
    std::size_t at = from;
    while (at < message.size()) {
      const line_span next = line_at(message, at);
      if (next.text.empty() || is_delimiter(next.text)) break;
      at = next.next;
    }
    stray_scan_to = at;
    stray_scan_found = at < message.size() && line_at(message, at).text.empty();
    return stray_scan_found;
  };
  const auto end_here = [&](std::size_t at) {
    keep(kept_from, at);
    result.changed = result.cut_short = true;
    return result;
  };
  // Whether a line is a part's delimiter, which starts a header block (once boundaries go
  // untracked, every line that may be one).
  const auto is_delimiter = [&](std::string_view text) {
    return opens_part(text, boundaries) || (boundaries_full && text.starts_with("--"));
  };
  for (std::size_t at = 0; at < message.size();) {
    const line_span line = line_at(message, at);
    const bool joined_at_cr = in_header && field_open && joins_at_bare_cr(message, at);
    field_open = in_header && !line.text.empty();
    const bool after_cut = std::exchange(line_cut, false);
    // Each entity mimetic nests into needs a Content-Type line: counting every such line
    // bounds its recursion (and stops where the walk would stop anyway).
    if (is_content_type_line(line.text) && ++content_types > kMaxMimeticEntities)
      return end_here(at);
    // Each part is an entity mimetic keeps, Content-Type or not: their number is bounded too
    // (once boundaries go untracked, every line that may be a delimiter counts). A delimiter
    // in a part's header ends that part for mimetic as well ("--q" lines one after another
    // are as many empty parts).
    if (is_delimiter(line.text)) {
      if (++delimiters > kMaxMimeticEntities) return end_here(at);
      in_header = true;
      field_open = false;
      ++block;
      block_start = line.next;
      block_judged = false;
      in_content_type = type_read = rfc822 = dropping = leaving_out = false;
      field_bytes = 0;
      at = line.next;
      continue;
    }
    if (in_header) {
      if (line.text.empty()) {
        // The body of a message/rfc822 entity starts with the attached message's header.
        in_header = rfc822;
        if (in_header) ++block;
        block_start = line.next;
        block_judged = false;
        type_read = rfc822 = in_content_type = dropping = leaving_out = false;
        field_bytes = 0;
      } else {
        const bool continuation =
            line.text.front() == ' ' || line.text.front() == '\t' || joined_at_cr;
        // mimetic is given a blank for the bare CR, unless a rewrite of the media type spans
        // it already, the field is left out, or the line before was cut or filled the field's
        // budget (decision 1160): the CR then stays its line end, as a cut line's does.
        const bool blank_for_cr =
            joined_at_cr && !after_cut && kept_from < at && field_bytes < kMaxMimeticFieldBytes;
        if (blank_for_cr) {
          keep(kept_from, at - 1);
          emit(" ");
          kept_from = at;
          result.changed = true;
        }
        if (!continuation) {
          in_content_type = is_content_type_line(line.text);
          content_type_quoted = false;
          in_parameters = in_content_type || is_field_line(line.text, "content-disposition");
          field_parameters = 0;
          // A line that is no field, which mimetic takes for the first line of the body (and
          // what follows for the body), where the header scanner skips it (decision 4): left
          // out, with its continuation lines, when the block goes on to an empty line; no
          // field mimetic keeps, so none of its budget.
          const bool stray = ends_header_for_mimetic(message, at, line.text) &&
                             block_goes_on_to_empty_line(line.next, is_delimiter);
          // mimetic keeps every field it reads: past the budget, fields are left out whole.
          dropping = !stray && ++fields > kMaxMimeticFields;
          // Only fields mimetic is given: their number stays within kMaxMimeticFields.
          const mime_field field = dropping ? mime_field::none : mime_field_of(line.text);
          if (field != mime_field::none) fields_seen.starts.push_back({block, field, at});
          while (next_left_out != fields_seen.left_out.end() && *next_left_out < at)
            ++next_left_out;
          leaving_out =
              stray || (next_left_out != fields_seen.left_out.end() && *next_left_out == at);
        }
        if (dropping) {
          keep(kept_from, at);
          kept_from = line.next;
          result.changed = result.cut_short = true;
          at = line.next;
          continue;
        }
        // The blank given for a bare CR counts: mimetic's copying of a field grows with what
        // it is given (a header of 1-byte lines after bare CRs is given twice their bytes).
        field_bytes =
            continuation ? field_bytes + blank_for_cr + line.text.size() : line.text.size();
        // A Content-Type's boundary, each once, at most kMaxTrackedBoundaries: every line
        // that starts with "--" is compared with each (the walk reads 64 levels of parts).
        if (in_content_type) {
          const std::string_view b = declared_boundary(line.text);
          if (!b.empty() &&
              std::find(boundaries.begin(), boundaries.end(), b) == boundaries.end()) {
            if (boundaries.size() < kMaxTrackedBoundaries)
              boundaries.push_back(b);
            else
              boundaries_full = true;
          }
          // A boundary this reader may not read as mimetic does (boundary="", boundary*=,
          // two of them, one past the first 4 KiB): every line that may be a delimiter counts.
          if (unsure_boundary(line.text, b)) boundaries_full = true;
        }
        if (leaving_out) {
          // After its boundary was noted: the budgets count what either reading may split.
          keep(kept_from, at);
          kept_from = line.next;
          result.changed = true;
          at = line.next;
          continue;
        }
        // A media type with a comment (`multipart (x)/mixed`), which mimetic's reading keeps
        // in the type and so splits no multipart: given to it without (decision 753). One
        // folded onto continuation lines (`Content-Type:` then ` multipart/mixed`), which
        // mimetic reads after a blank, is given to it unfolded on the first line, the lines it
        // spanned left out up to where it ends (decision 850). One that ends past the field's
        // budget, as it is given too, so that the cut below falls after it; one that cannot
        // be read within kMaxMediaTypeBytes makes the message not fully read (decision 873).
        std::size_t media_added = 0;  // the bytes given to mimetic for the media type
        if (in_content_type && !continuation) {
          const media_reading media = rewritten_media_type(message, at, line, unfolded, [&] {
            if (!block_judged) {
              const std::optional<bool> encoded = block_is_transfer_encoded(
                  message, block_start, fields_seen.left_out, is_delimiter, encoding_bytes_left);
              // Past the budget the part is left to mimetic as before, and the message is not
              // fully read (decision 1006).
              if (!encoded) result.changed = result.cut_short = true;
              block_encoded = encoded.value_or(false);
            }
            block_judged = true;
            return block_encoded;
          });
          if (media.unread) result.media_type_unread = true;
          if (!type_read) rfc822 = media.message;
          type_read = true;
          if (media.rewrite) {
            keep(kept_from, media.rewrite->from);
            emit(media.rewrite->extended);
            media_from = media.rewrite->from;
            kept_from = media_end = media.rewrite->to;
            media_added = media.rewrite->extended.size();
            result.changed = true;
          }
        }
        // The bytes of this line a rewritten media type stands for, up to media_to: mimetic is
        // not given them, and no other rewrite or cut falls there. The field's bytes count
        // what mimetic is given.
        const std::size_t media_to =
            media_end > at ? std::min(media_end - at, line.text.size()) : 0;
        const std::size_t media_removed = media_to - (std::max(media_from, at) - at);
        if (media_end > at) field_bytes = field_bytes - media_removed + media_added;
        // The bytes of this line within the field's budget: those mimetic will be given.
        const std::size_t field_before =
            field_bytes - (line.text.size() - media_removed + media_added);
        const std::size_t line_room =
            field_before < kMaxMimeticFieldBytes ? kMaxMimeticFieldBytes - field_before : 0;
        if (in_parameters) {
          // mimetic keeps an entry for each `;` of these fields (16 KiB of `;` in each of 1,000
          // parts took 1.5 GB): the field ends before the `;` past kMaxMimeticParameters, cut
          // as an over-long field is below. Counted within the bytes kept of a line longer
          // than the budget too, which is cut but keeps its first 16 KiB of `;` (decision 572).
          for (std::size_t i = line.text.find(';', media_to);
               i != std::string_view::npos && i + media_added - media_removed < line_room;
               i = line.text.find(';', i + 1)) {
            if (++field_parameters <= kMaxMimeticParameters) continue;
            field_bytes = kMaxMimeticFieldBytes + (line.text.size() - i);
            break;
          }
        }
        if (in_content_type && field_bytes <= kMaxMimeticFieldBytes) {
          // A quoted name with a `;`, which mimetic's reading cuts there: given to it in RFC
          // 2231's extended form, which attachment_name() decodes (decision 508).
          // Percent-encoding triples a byte: the field mimetic is given, rewritten, stays
          // within kMaxMimeticFieldBytes, or its quadratic copying grows ninefold; a name that
          // would not fit is left as it is (cut at its `;`).
          const auto rewrite = name_with_semicolon(line.text, content_type_quoted);
          const std::size_t replaced = rewrite ? rewrite->to - rewrite->from : 0;
          const std::size_t growth = rewrite && rewrite->extended.size() > replaced
                                         ? rewrite->extended.size() - replaced
                                         : 0;
          if (rewrite && rewrite->from >= media_to &&
              field_bytes + growth <= kMaxMimeticFieldBytes) {
            keep(kept_from, at + rewrite->from);
            emit(rewrite->extended);
            kept_from = at + rewrite->to;
            field_bytes += growth;
            result.changed = true;
          }
          content_type_quoted = ends_quoted(line.text, content_type_quoted);
        }
        if (field_bytes > kMaxMimeticFieldBytes) {
          // Keep the part of this line within the budget and its line end, drop the rest.
          const std::size_t over = field_bytes - kMaxMimeticFieldBytes;
          const std::size_t keep_bytes = line.text.size() > over ? line.text.size() - over : 0;
          // A boundary in what the cut drops, or in the parameter it cuts: mimetic splits no
          // multipart on it, so the message is not fully read (decision 910).
          if (in_content_type) {
            // A cut at a `;` (the parameter budget's) keeps the parameter before it whole.
            const std::size_t cut_parameter =
                keep_bytes < line.text.size() && line.text[keep_bytes] == ';'
                    ? keep_bytes
                    : line.text.substr(0, keep_bytes).rfind(';');
            const std::string_view from_cut_parameter =
                line.text.substr(cut_parameter == std::string_view::npos ? 0 : cut_parameter);
            if (ascii_ifind(from_cut_parameter, "boundary") != std::string_view::npos)
              result.boundary_unread = true;
          }
          keep(kept_from, at + keep_bytes);
          kept_from = at + line.text.size();
          // The whole line goes, its line end too unless the line before lost its own to the
          // blank given for its bare CR: the next line would go on this field for mimetic.
          if (keep_bytes == 0 && !blank_for_cr) kept_from = line.next;
          field_bytes = kMaxMimeticFieldBytes;
          line_cut = true;
          result.changed = true;
        }
      }
    }
    at = line.next;
  }
  keep(kept_from, message.size());
  return result;
}

}  // namespace

mimetic_input bounded_for_mimetic(std::string_view message, std::string& storage,
                                  duplicate_reading reading) {
  mime_fields fields;
  const walk_result first = walk_fields(
      message, fields, [](std::size_t, std::size_t) {}, [](std::string_view) {});
  fields.left_out = earlier_duplicates(std::move(fields.starts));
  const bool duplicates = !fields.left_out.empty();
  if (reading == duplicate_reading::first) fields.left_out.clear();
  if (!first.changed && fields.left_out.empty())
    return {message, false, duplicates, first.media_type_unread, first.boundary_unread};
  storage.clear();
  fields.starts.clear();
  walk_fields(
      message, fields,
      [&](std::size_t from, std::size_t to) { storage.append(message.substr(from, to - from)); },
      [&](std::string_view text) { storage.append(text); });
  return {storage, first.cut_short, duplicates, first.media_type_unread, first.boundary_unread};
}

}  // namespace mfsim::mail
