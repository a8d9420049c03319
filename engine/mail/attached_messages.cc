// find_attached_messages(): the MIME walk behind --unwrap. It splits parts on their boundaries
// itself, so that an attached message comes back byte for byte (mimetic parses message/rfc822
// parts into entities and would give back a re-serialised copy); mimetic reads each part's
// header fields (names, RFC 2231 parameters) and decodes the transfer encodings.
#include "engine/mail/attached_messages.h"

#include <mimetic/mimetic.h>

#include <algorithm>

#include "engine/ascii.h"
#include "engine/mail/header_scanner.h"
#include "engine/mail/mime_parameters.h"
#include "engine/mail/mime_parts.h"
#include "engine/mail/mimetic_input.h"

namespace mfsim::mail {
namespace {

// The offset of the next line at or after `from` that starts with "--" + boundary; npos if none.
std::size_t next_delimiter(std::string_view body, const std::string& dash_boundary,
                           std::size_t from) {
  for (std::size_t at = from; at < body.size();) {
    if (body.compare(at, dash_boundary.size(), dash_boundary) == 0) return at;
    const std::size_t nl = body.find('\n', at);
    if (nl == std::string_view::npos) return std::string_view::npos;
    at = nl + 1;
  }
  return std::string_view::npos;
}

// The boundary a header block's Content-Type declares, read from the field's text: mimetic's
// reading cuts a quoted one at a `;` (decision 503). Of a field given twice, the one `reading`
// takes.
std::string declared_boundary(const header_block& block, duplicate_reading reading) {
  const header_field* content_type = nullptr;
  for (const header_field& field : block.fields) {
    if (!header_name_equals(field.name, "Content-Type")) continue;
    content_type = &field;
    if (reading == duplicate_reading::first) break;
  }
  if (content_type == nullptr) return {};
  std::string value;
  unfold_value(content_type->raw_value, value);
  return std::string(parameter_value(parse_mime_parameters(value), "boundary"));
}

class finder {
 public:
  finder(const body_limits& limits, duplicate_reading reading, std::vector<std::string>& out)
      : limits_(limits), reading_(reading), out_(out) {}

  // Whether an entity's header block gave a MIME field twice: the message has another reading.
  bool saw_duplicate_fields() const noexcept { return saw_duplicate_fields_; }

  void visit(std::string_view entity, int depth) {
    if (++parts_ > limits_.max_parts || depth > 64) return;
    header_block block;
    scan_headers(entity, scan_limits{}, block);
    const std::string_view head = entity.substr(0, block.body_offset);
    const std::string_view body = entity.substr(block.body_offset);
    // mimetic reads the header fields only (an entity without its body), none past its budget;
    // of a field given twice, the one this walk's reading takes.
    std::string bounded_copy;
    const mimetic_input input = bounded_for_mimetic(head, bounded_copy, reading_);
    saw_duplicate_fields_ = saw_duplicate_fields_ || input.duplicate_fields;
    mimetic::MimeEntity part;  // then loaded: a parse that throws frees what it made (mime_body.cc)
    part.load(input.text.begin(), input.text.end());
    const std::string media = media_type(part);
    if (depth > 0 && is_message_part(part, media)) {
      out_.push_back(
          decode_transfer_encoding(body, part.header().contentTransferEncoding().mechanism()));
      return;
    }
    // The boundary as mimetic is given the field: a bare CR inside it is a blank there
    // (decision 1160), while scan_headers() reads the line after it as a stray line (decision
    // 4), and `multipart/mixed<CR>; boundary=b` split by the body walk hid its attached
    // messages from --unwrap (decision 1188).
    header_block given;
    if (input.text.data() != head.data()) scan_headers(input.text, scan_limits{}, given);
    const std::string boundary =
        declared_boundary(input.text.data() != head.data() ? given : block, reading_);
    if (!media.starts_with("multipart/") || boundary.empty()) return;
    const std::string dash_boundary = "--" + boundary;
    std::size_t at = next_delimiter(body, dash_boundary, 0);
    while (at != std::string_view::npos) {
      if (body.compare(at + dash_boundary.size(), 2, "--") == 0) return;  // the close delimiter
      const std::size_t line_end = body.find('\n', at);
      if (line_end == std::string_view::npos) return;
      const std::size_t start = line_end + 1;
      const std::size_t next = next_delimiter(body, dash_boundary, start);
      std::size_t end = next == std::string_view::npos ? body.size() : next;
      // The line break before a delimiter belongs to the delimiter (RFC 2046 5.1.1).
      if (end > start && body[end - 1] == '\n') --end;
      if (end > start && body[end - 1] == '\r') --end;
      visit(body.substr(start, end - start), depth + 1);
      at = next;
    }
  }

 private:
  static bool is_message_part(const mimetic::MimeEntity& part, const std::string& media) {
    if (media == "message/rfc822" || media == "message/global") return true;
    const std::string name = attachment_name(part);
    const std::string extension = file_extension(name);
    return media == "application/vnd.ms-outlook" ||
           (!name.empty() && (extension == "eml" || extension == "msg"));
  }

  const body_limits& limits_;
  const duplicate_reading reading_;
  std::vector<std::string>& out_;
  std::size_t parts_ = 0;
  bool saw_duplicate_fields_ = false;
};

}  // namespace

void find_attached_messages(std::string_view message, const body_limits& limits,
                            std::vector<std::string>& out) noexcept {
  try {
    finder first(limits, duplicate_reading::first, out);
    first.visit(message, 0);
    if (!first.saw_duplicate_fields()) return;
    // mimetic takes the first of a field given twice, a mail client may take the last: the
    // message is walked again with the last of each (decision 711, as decision 667 reads the
    // body), once, so that nested duplicates cannot multiply the walks. The messages that walk
    // finds and the first did not follow them, in their order.
    const std::size_t found_first = out.size();
    std::vector<bool> matched(found_first, false);  // by a message the second walk found
    std::vector<std::string> other;
    finder(limits, duplicate_reading::last, other).visit(message, 0);
    for (std::string& message_found : other) {
      std::size_t i = 0;
      while (i < found_first && (matched[i] || out[i] != message_found)) ++i;
      if (i < found_first)
        matched[i] = true;
      else
        out.push_back(std::move(message_found));
    }
  } catch (...) {
    // mimetic could not read a header: what was found before it is kept.
  }
}

}  // namespace mfsim::mail
