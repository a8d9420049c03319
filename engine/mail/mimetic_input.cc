// bounded_for_mimetic(): one pass over the lines to find what needs cutting, a second to copy
// the rest only when something does.
#include "engine/mail/mimetic_input.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/ascii.h"
#include "engine/mail/header_lines.h"
#include "engine/mail/mime_parameters.h"
#include "engine/mail/mimetic_media_type.h"

namespace mfsim::mail {
namespace {

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
  // A block ends at a close delimiter too, where mimetic ends the part (decision 1207).
  std::size_t stray_scan_to = 0;
  bool stray_scan_found = false;
  // The boundaries declared before the block being read: a close delimiter ends the block only
  // for a multipart around it, not for the one the block declares (decision 1255).
  std::size_t outer_boundaries = 0;
  const auto closes_outer_part = [&](std::string_view text) {
    return closes_part(text, std::span(boundaries).first(outer_boundaries));
  };
  const auto block_goes_on_to_empty_line = [&](std::size_t from, const auto& is_delimiter) {
    if (from < stray_scan_to) return stray_scan_found;
    std::size_t at = from;
    while (at < message.size()) {
      const header_line next = line_at(message, at);
      if (next.text.empty() || is_delimiter(next.text) || closes_outer_part(next.text)) break;
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
    const header_line line = line_at(message, at);
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
      outer_boundaries = boundaries.size();
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
        outer_boundaries = boundaries.size();
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
                             !closes_outer_part(line.text) &&
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
