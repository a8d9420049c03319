// The readings of one MIME part that the body walk and the search for attached messages share
// (mime_parts.h).
#include "engine/mail/mime_parts.h"

#include <mimetic/mimetic.h>

#include <array>
#include <iterator>
#include <string>
#include <vector>

#include "engine/ascii.h"
#include "engine/mail/mime_parameters.h"
#include "engine/mail/rfc2047.h"
#include "engine/mail/rfc2231.h"

namespace mfsim::mail {

std::string decode_transfer_encoding(std::string_view raw, std::string_view mechanism) {
  const std::string m = transfer_encoding_mechanism(mechanism);
  std::string out;
  if (m == "base64") {
    mimetic::Base64::Decoder decoder;
    mimetic::decode(raw.begin(), raw.end(), decoder, std::back_inserter(out));
  } else if (m == "quoted-printable") {
    mimetic::QP::Decoder decoder;
    mimetic::decode(raw.begin(), raw.end(), decoder, std::back_inserter(out));
  } else {
    out = raw;
  }
  return out;
}

namespace {

// What mimetic's base64 decoder makes of a byte: skips it, reads it as a pad (`=`), or as a
// digit. Asked of the decoder itself, whose table is private: "QQ", the byte, "Q" decode to 3
// bytes for a digit, 1 for a pad (the third of four), 2 for a byte skipped ("QQQ").
enum class base64_byte : unsigned char { skipped, pad, digit };

const std::array<base64_byte, 256>& base64_bytes() {
  static const std::array<base64_byte, 256> table = [] {
    std::array<base64_byte, 256> bytes{};
    for (std::size_t b = 0; b < bytes.size(); ++b) {
      const std::string probe{'Q', 'Q', static_cast<char>(b), 'Q'};
      const std::size_t size = decode_transfer_encoding(probe, "base64").size();
      bytes[b] = size == 3   ? base64_byte::digit
                 : size == 1 ? base64_byte::pad
                             : base64_byte::skipped;
    }
    return bytes;
  }();
  return table;
}

// The bytes mimetic's base64 decoder writes for `raw`: each four bytes it reads give three,
// one when the third is a pad, two when the fourth is; three left at the end give two (one
// after a pad), two give one, one gives none.
std::size_t base64_decoded_size(std::string_view raw) {
  const std::array<base64_byte, 256>& bytes = base64_bytes();
  std::size_t size = 0;
  int read = 0;  // of the four
  bool third_pad = false;
  for (const char c : raw) {
    const base64_byte b = bytes[static_cast<unsigned char>(c)];
    if (b == base64_byte::skipped) continue;
    if (read == 2) third_pad = b == base64_byte::pad;
    if (read < 3) {
      ++read;
      continue;
    }
    size += third_pad ? 1 : b == base64_byte::pad ? 2 : 3;
    read = 0;
  }
  if (read == 2) size += 1;
  if (read == 3) size += third_pad ? 1 : 2;
  return size;
}

}  // namespace

std::optional<std::size_t> decoded_size(std::string_view raw, std::string_view mechanism) {
  const std::string m = transfer_encoding_mechanism(mechanism);
  if (m == "base64") return base64_decoded_size(raw);
  if (m == "quoted-printable") return std::nullopt;
  return raw.size();
}

std::string decoded_body(const mimetic::MimeEntity& part) {
  return decode_transfer_encoding(part.body(), part.header().contentTransferEncoding().mechanism());
}

std::string media_type(const mimetic::MimeEntity& part) {
  const mimetic::ContentType& type = part.header().contentType();
  return type_and_subtype(without_comments(type.type() + "/" + type.subtype()));
}

std::string first_field_value(const mimetic::Header& h, std::string_view name) {
  for (const mimetic::Field& field : h) {
    if (ascii_iequals(field.name(), name)) return field.value();
  }
  return {};
}

// The attachment's file name: Content-Disposition filename, else Content-Type name (RFC 2047
// and RFC 2231 forms decoded; of a parameter sent in both forms, RFC 2231's, as RFC 6266
// section 4.3 and mail clients read it: decision 590); empty when it has none.
std::string attachment_name(const mimetic::MimeEntity& part) {
  const mimetic::Header& h = part.header();
  // Content-Disposition from its text: mimetic's parameters cut `filename="a; b.exe"` at the
  // `;`. Content-Type's text is gone (mimetic's parser replaced it with its own reading, which
  // has that flaw), so its `name` is mimetic's.
  const std::vector<mime_parameter> disposition =
      parse_mime_parameters(first_field_value(h, "Content-Disposition"));
  std::string name = rfc2231_parameter(disposition, "filename");
  if (name.empty()) name = parameter_value(disposition, "filename");
  if (name.empty()) {
    std::vector<mime_parameter> type;
    for (const mimetic::FieldParam& p : h.contentType().paramList())
      type.push_back({p.name(), p.value()});
    name = rfc2231_parameter(type, "name");
  }
  if (name.empty()) name = h.contentType().param("name");
  if (name.find("=?") != std::string::npos) {
    std::string decoded;
    decode_rfc2047(name, decoded);
    name = std::move(decoded);
  }
  return name;
}

}  // namespace mfsim::mail
