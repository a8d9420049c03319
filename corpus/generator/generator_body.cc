// The body of a synthetic message: plain text, HTML alternatives and attachments, at the size
// the builder chose.
#include "corpus/generator/generator_builder.h"

namespace mfsim::corpus::gen::message {

// ---- body -------------------------------------------------------------------------------------

void builder::text(std::string& out, std::size_t target, bool plain_only) {
  // Paragraphs of sentences wrapped at 72 columns. Now and then a line starts with "From " or
  // ">From ", which an mbox must quote.
  const std::size_t start = out.size();
  const bool from_lines = !plain_only && r_.chance(150);
  std::size_t column = 0;
  bool sentence_start = true;
  int sentences_left = r_.between_int(2, 5);
  int words_left = r_.between_int(5, 16);
  if (from_lines) {
    out += r_.chance(800) ? "From " : ">From ";
    column = out.size() - start;
  }
  while (out.size() - start < target) {
    std::string_view word = r_.pick(kWords);
    if (column > 0 && column + word.size() + 1 > 72) {
      out += '\n';
      column = 0;
    }
    if (column > 0) {
      out += ' ';
      ++column;
    }
    if (sentence_start) {
      out += static_cast<char>(word[0] - 'a' + 'A');
      out.append(word.substr(1));
      sentence_start = false;
    } else {
      out.append(word);
    }
    column += word.size();
    if (--words_left > 0) continue;
    out += '.';
    ++column;
    sentence_start = true;
    words_left = r_.between_int(5, 16);
    if (--sentences_left > 0) continue;
    sentences_left = r_.between_int(2, 5);
    out += plain_only ? "\n" : "\n\n";
    column = 0;
    if (from_lines && r_.chance(300)) {
      out += "From ";
      column = 5;
    }
  }
  if (column > 0) out += '\n';
}

void builder::html(std::size_t target) {
  body_ += "--" + boundary_ +
           "\nContent-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: 7bit\n\n";
  body_ +=
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
      "charset=utf-8\"></head>\n<body>\n<p>";
  text(body_, target, true);
  body_ += "</p>\n</body></html>\n";
}

void builder::attachment(std::size_t target) {
  const std::size_t which = r_.below(std::size(kAttachmentNames));
  body_ += "--" + boundary_ + "\nContent-Type: " + kAttachmentTypes[which] + "; name=\"" +
           kAttachmentNames[which] + "\"\nContent-Disposition: attachment; filename=\"" +
           kAttachmentNames[which] + "\"\nContent-Transfer-Encoding: base64\n\n";
  std::string raw;
  raw.reserve(57);
  std::size_t written = 0;
  while (written < target) {
    raw.clear();
    for (int i = 0; i < 57; i += 8) {
      const std::uint64_t x = r_.next();
      for (int k = 0; k < 8 && i + k < 57; ++k) raw += static_cast<char>((x >> (8 * k)) & 0xff);
    }
    append_base64(body_, raw);
    body_ += '\n';
    written += 77;
  }
}

void builder::body() {
  switch (kind_) {
    case body_kind::plain: text(body_, body_target_, damage_ == damage::no_separator); break;
    case body_kind::alternative:
      body_ += "--" + boundary_ +
               "\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: 7bit\n\n";
      text(body_, body_target_ / 3, false);
      html(body_target_ - body_target_ / 3);
      body_ += "--" + boundary_ + "--\n";
      break;
    case body_kind::mixed: {
      const std::size_t text_size = std::min<std::size_t>(body_target_ / 4, 3000);
      body_ += "This is a multi-part message in MIME format.\n\n--" + boundary_ +
               "\nContent-Type: text/plain; charset=\"us-ascii\"\n\n";
      text(body_, text_size, false);
      attachment(body_target_ - text_size);
      body_ += "--" + boundary_ + "--\n";
      break;
    }
  }
}

// Offsets of the line ends in `head_` that end one field (the next line starts a new field).

}  // namespace mfsim::corpus::gen::message
