// build_rfc5322(): an Outlook item's properties as the RFC 5322 message mfsim evaluates.
#include <mimetic/codec/base64.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <initializer_list>
#include <iterator>
#include <string_view>

#include "corpus/outlook_message.h"
#include "engine/ascii.h"

namespace mfsim::corpus {
namespace {

// Base64 without line breaks.
void append_base64(std::string& out, std::string_view bytes) {
  mimetic::Base64::Encoder encoder(0);
  encoder.process(bytes.begin(), bytes.end(), std::back_inserter(out));
}

// "Tue, 05 Mar 2024 14:22:27 +0000": RFC 5322's date-time, in UTC.
void append_rfc5322_date(std::string& out, std::int64_t epoch) {
  const auto t = static_cast<std::time_t>(epoch);
  std::tm utc{};
  if (::gmtime_r(&t, &utc) == nullptr) return;
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char text[64];
  std::snprintf(text, sizeof text, "%s, %d %s %d %02d:%02d:%02d +0000", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  out += text;
}

// The Content-Type and Content-Transfer-Encoding of a stored header block, enough to rebuild a
// body that the block describes.
struct declared_body {
  std::string type;      // "multipart", "text", ... lower case; empty when not declared
  std::string subtype;   // lower case
  std::string boundary;  // multipart only
  std::string encoding;  // lower case Content-Transfer-Encoding; empty when not declared
};

// The unfolded value of the first field called `name` in `headers` (case-insensitive).
std::string field_value(std::string_view headers, std::string_view name) {
  std::size_t pos = 0;
  while (pos < headers.size()) {
    std::size_t end = headers.find('\n', pos);
    if (end == std::string_view::npos) end = headers.size();
    const std::string_view line = headers.substr(pos, end - pos);
    if (line.size() > name.size() && line[name.size()] == ':' &&
        ascii_iequals(line.substr(0, name.size()), name)) {
      std::string value(line.substr(name.size() + 1));
      // Continuation lines start with white space.
      while (end + 1 < headers.size() && (headers[end + 1] == ' ' || headers[end + 1] == '\t')) {
        const std::size_t next = headers.find('\n', end + 1);
        const std::size_t stop = next == std::string_view::npos ? headers.size() : next;
        value += headers.substr(end + 1, stop - end - 1);
        end = stop;
      }
      std::erase(value, '\r');
      return value;
    }
    pos = end + 1;
  }
  return {};
}

std::string trimmed_lower(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return ascii_lower_copy(s);
}

// The value of parameter `name` in a Content-Type value (quoted or not).
std::string parameter(std::string_view value, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = value.find(';', pos)) != std::string_view::npos) {
    ++pos;
    while (pos < value.size() && (value[pos] == ' ' || value[pos] == '\t')) ++pos;
    if (!ascii_iequals(value.substr(pos, name.size()), name)) continue;
    std::size_t k = pos + name.size();
    while (k < value.size() && value[k] == ' ') ++k;
    if (k >= value.size() || value[k] != '=') continue;
    ++k;
    while (k < value.size() && value[k] == ' ') ++k;
    if (k < value.size() && value[k] == '"') {
      const std::size_t close = value.find('"', k + 1);
      return std::string(
          value.substr(k + 1, close == std::string_view::npos ? close : close - k - 1));
    }
    const std::size_t stop = value.find_first_of("; \t", k);
    return std::string(value.substr(k, stop == std::string_view::npos ? stop : stop - k));
  }
  return {};
}

declared_body read_declared_body(std::string_view headers) {
  declared_body d;
  const std::string content_type = field_value(headers, "Content-Type");
  const std::string_view media = std::string_view(content_type).substr(0, content_type.find(';'));
  const std::size_t slash = media.find('/');
  if (slash != std::string_view::npos) {
    d.type = trimmed_lower(media.substr(0, slash));
    d.subtype = trimmed_lower(media.substr(slash + 1));
  }
  if (d.type == "multipart") d.boundary = parameter(content_type, "boundary");
  d.encoding = trimmed_lower(field_value(headers, "Content-Transfer-Encoding"));
  return d;
}

// Whether a stored header block's Content-Type can frame the body rebuilt from the item's
// properties: a multipart with its boundary, or a text body (or none declared, text/plain by
// RFC 2045 5.2) of an item without attachments.
bool describes_the_properties(const declared_body& d, const outlook_message& m) {
  if (d.type == "multipart") return !d.boundary.empty();
  return (d.type.empty() || d.type == "text") && m.attachments.empty();
}

// Appends the fields of a header block (CRLF or LF lines, folded lines kept with their field)
// except those named in `dropped` (ASCII case ignored), each line ended by CRLF.
void append_fields_except(std::string_view headers, std::initializer_list<std::string_view> dropped,
                          std::string& out) {
  bool keep = true;
  std::size_t pos = 0;
  while (pos < headers.size()) {
    std::size_t end = headers.find('\n', pos);
    if (end == std::string_view::npos) end = headers.size();
    std::string_view line = headers.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || (line.front() != ' ' && line.front() != '\t')) {
      const std::string_view name = line.substr(0, line.find(':'));
      keep = std::none_of(dropped.begin(), dropped.end(),
                          [&](std::string_view d) { return ascii_iequals(name, d); });
    }
    if (keep) {
      out += line;
      out += "\r\n";
    }
    pos = end + 1;
  }
}

bool is_ascii_token_text(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}

// A header phrase or parameter value: as is when plain ASCII, else RFC 2047 base64 UTF-8
// (control characters, CR and LF never reach the header block).
void append_encoded_word_text(std::string& out, std::string_view text) {
  if (is_ascii_token_text(text)) {
    out += text;
    return;
  }
  std::string clean;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') clean += c;
  }
  out += "=?UTF-8?B?";
  append_base64(out, clean);
  out += "?=";
}

void append_base64_lines(std::string& out, std::string_view bytes) {
  constexpr std::size_t kLineBytes = 57;  // 76 characters of base64
  for (std::size_t k = 0; k < bytes.size(); k += kLineBytes) {
    append_base64(out, bytes.substr(k, kLineBytes));
    out += "\r\n";
  }
}

// Quoted-printable for a body the header block declares so: '=' and 8-bit bytes escaped,
// lines kept (a decoder needs no soft breaks to read it back).
void append_quoted_printable(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '=' || u >= 0x80) {
      out += '=';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  out += "\r\n";
}

void append_mailbox(std::string& out, std::string_view name, std::string_view address) {
  if (!name.empty() && name != address) {
    out += '"';
    append_encoded_word_text(out, name);
    out += "\" ";
  }
  if (!address.empty()) {
    out += '<';
    for (const char c : address) {
      if (static_cast<unsigned char>(c) > 0x20 && c != '<' && c != '>') out += c;
    }
    out += '>';
  }
}

// The body text mfsim reads when no plain or HTML body exists: the text of the RTF body.
// A clear-signed item's one multipart/signed attachment, which holds the message's whole MIME
// entity as sent, its Content-Type field first (MS-OXOSMIME 2.1.3.1; decision 510); nullptr
// for any other item.
const outlook_attachment* clear_signed_entity(const outlook_message& m) {
  const std::string_view type = m.message_class;
  constexpr std::string_view kSigned = ".SMIME.MultipartSigned";
  if (type.size() < kSigned.size() ||
      !ascii_iequals(type.substr(type.size() - kSigned.size()), kSigned)) {
    return nullptr;
  }
  for (const auto& a : m.attachments) {
    if (a.embedded || !ascii_iequals(a.mime_type, "multipart/signed")) continue;
    const std::string_view data = a.data;
    // A MIME entity starts with its fields: a Content-Type (or MIME-Version) line.
    if (data.size() >= 13 && (ascii_iequals(data.substr(0, 13), "Content-Type:") ||
                              ascii_iequals(data.substr(0, 13), "MIME-Version:"))) {
      return &a;
    }
  }
  return nullptr;
}

std::string_view plain_text_of(const outlook_message& m) {
  return !m.body_text.empty() ? std::string_view(m.body_text) : std::string_view(m.body_rtf);
}

class builder {
 public:
  builder(const outlook_limits& limits, int depth, std::size_t max_bytes)
      : limits_(limits), depth_(depth), max_bytes_(max_bytes) {}

  built_message build(const outlook_message& m) {
    built_message result = build_unbounded(m);
    if (too_large_ || result.bytes.size() > max_bytes_) {
      result.too_large = true;
      std::string().swap(result.bytes);
    }
    return result;
  }

 private:
  // Stops adding attachments once the budget is spent (too_large_); a body of a few parts can
  // still pass it, which build() then sees.
  built_message build_unbounded(const outlook_message& m) {
    built_message result;
    std::string& out = result.bytes;
    // The stored header block, without the blank line and NULs after it.
    std::string_view headers = m.transport_headers;
    while (!headers.empty() &&
           (headers.back() == '\r' || headers.back() == '\n' || headers.back() == '\0')) {
      headers.remove_suffix(1);
    }
    if (const outlook_attachment* entity = clear_signed_entity(m)) {
      // The signed entity is the body as it was sent: its own fields describe it.
      if (!headers.empty()) {
        append_fields_except(headers, {"Content-Type", "Content-Transfer-Encoding", "MIME-Version"},
                             out);
      } else {
        result.reconstructed_headers = true;
        append_reconstructed_headers(m, out);
      }
      out += "MIME-Version: 1.0\r\n";
      out += entity->data;
      return result;
    }
    if (!headers.empty()) {
      const declared_body declared = read_declared_body(headers);
      if (describes_the_properties(declared, m)) {
        out += headers;
        out += "\r\n\r\n";
        append_body_for(declared, m, out);
        return result;
      }
      // The stored block names a body the item no longer has in that form: a TNEF message
      // (application/ms-tnef, winmail.dat) that Exchange unpacked into the item's body and
      // attachment properties. Its other fields stay as stored; the MIME fields describe the
      // body rebuilt from the properties.
      append_fields_except(headers, {"Content-Type", "Content-Transfer-Encoding", "MIME-Version"},
                           out);
      append_multipart_fields(out);
      append_multipart(m, boundary(), out);
      return result;
    }
    result.reconstructed_headers = true;
    append_reconstructed_headers(m, out);
    append_multipart_fields(out);
    append_multipart(m, boundary(), out);
    return result;
  }

  // The MIME fields of a body rebuilt from the item's properties, and the header block's end.
  void append_multipart_fields(std::string& out) const {
    out += "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"" + boundary() +
           "\"\r\n\r\n";
  }

  [[nodiscard]] std::string boundary() const { return "=_mfsim_" + std::to_string(depth_) + "_"; }

  void append_reconstructed_headers(const outlook_message& m, std::string& out) {
    out += "From: ";
    append_mailbox(out, m.sender_name, m.sender_address);
    out += "\r\n";
    append_recipients(m, 1, "To", out);
    append_recipients(m, 2, "Cc", out);
    out += "Subject: ";
    append_encoded_word_text(out, m.subject);
    out += "\r\n";
    if (const auto when = m.submit_time ? m.submit_time : m.delivery_time) {
      out += "Date: ";
      append_rfc5322_date(out, *when);
      out += "\r\n";
    }
    append_id_field(out, "Message-ID", m.message_id);
    append_id_field(out, "In-Reply-To", m.in_reply_to);
  }

  static void append_id_field(std::string& out, std::string_view name, std::string_view value) {
    if (value.empty() || !is_ascii_token_text(value)) return;
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }

  static void append_recipients(const outlook_message& m, int type, std::string_view name,
                                std::string& out) {
    bool first = true;
    for (const auto& r : m.recipients) {
      if (r.type != type) continue;
      out += first ? std::string(name) + ": " : std::string(",\r\n ");
      append_mailbox(out, r.name, r.address);
      first = false;
    }
    if (!first) out += "\r\n";
  }

  // A body that the stored header block describes: its boundary for a multipart, else the one
  // text body its Content-Type names, in its transfer encoding (attachments cannot appear in
  // a single-part message, and a message stored as one had none).
  void append_body_for(const declared_body& d, const outlook_message& m, std::string& out) {
    if (d.type == "multipart" && !d.boundary.empty()) {
      append_multipart(m, d.boundary, out);
      return;
    }
    const std::string_view text =
        (d.subtype == "html" && !m.body_html.empty()) || plain_text_of(m).empty()
            ? std::string_view(m.body_html)
            : plain_text_of(m);
    if (d.encoding == "base64")
      append_base64_lines(out, text);
    else if (d.encoding == "quoted-printable")
      append_quoted_printable(out, text);
    else
      out += text;
  }

  void append_multipart(const outlook_message& m, const std::string& boundary, std::string& out) {
    const std::string delimiter = "--" + boundary + "\r\n";
    if (!plain_text_of(m).empty()) {
      out += delimiter;
      out += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
      append_base64_lines(out, plain_text_of(m));
    }
    if (!m.body_html.empty()) {
      out += delimiter;
      out += "Content-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n";
      append_base64_lines(out, m.body_html);
    }
    for (const auto& a : m.attachments) {
      if (out.size() > max_bytes_) {
        too_large_ = true;
        return;
      }
      out += delimiter;
      append_attachment(a, boundary, out);
    }
    out += "--" + boundary + "--\r\n";
  }

  void append_attachment(const outlook_attachment& a, const std::string& boundary,
                         std::string& out) {
    if (a.embedded && depth_ < limits_.max_embedding_depth) {
      // The embedded message gets what is left of the budget: it cannot be larger than that.
      const std::size_t room = max_bytes_ > out.size() ? max_bytes_ - out.size() : 0;
      const built_message built = builder(limits_, depth_ + 1, room).build(*a.embedded);
      if (built.too_large) {
        too_large_ = true;
        return;
      }
      const std::string& inner = built.bytes;
      const std::string name =
          (a.file_name.empty() ? std::string("message") : a.file_name) + ".eml";
      out += "Content-Type: message/rfc822\r\n";
      append_disposition(name, a.content_id, out);
      // A message that holds our own delimiter (a copy of this very message) goes base64.
      if (inner.find("--" + boundary) != std::string::npos) {
        out += "Content-Transfer-Encoding: base64\r\n\r\n";
        append_base64_lines(out, inner);
      } else {
        out += "\r\n";
        out += inner;
        out += "\r\n";
      }
      return;
    }
    out += "Content-Type: ";
    out += !a.mime_type.empty() && is_ascii_token_text(a.mime_type) &&
                   a.mime_type.find('/') != std::string::npos
               ? a.mime_type
               : std::string("application/octet-stream");
    out += "\r\n";
    append_disposition(a.file_name, a.content_id, out);
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    append_base64_lines(out, a.data);
  }

  static void append_disposition(std::string_view name, std::string_view content_id,
                                 std::string& out) {
    out += content_id.empty() ? "Content-Disposition: attachment" : "Content-Disposition: inline";
    if (!name.empty()) {
      out += "; filename=\"";
      append_encoded_word_text(out, name);
      out += '"';
    }
    out += "\r\n";
    if (!content_id.empty() && is_ascii_token_text(content_id))
      out += "Content-ID: <" + std::string(content_id) + ">\r\n";
  }

  const outlook_limits& limits_;
  int depth_;
  std::size_t max_bytes_;
  bool too_large_ = false;
};

}  // namespace

built_message build_rfc5322(const outlook_message& m, const outlook_limits& limits,
                            std::size_t max_bytes) {
  return builder(limits, 0, max_bytes).build(m);
}

}  // namespace mfsim::corpus
