// read_body(): the MIME walk behind the body and attachment conditions.
#include "engine/mail/mime_body.h"

#include <mimetic/mimetic.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "engine/ascii.h"
#include "engine/case_fold.h"
#include "engine/mail/asf_signals.h"
#include "engine/mail/attachment_bytes.h"
#include "engine/mail/attachment_file_name.h"
#include "engine/mail/attachment_key_derivations.h"
#include "engine/mail/binhex_file.h"
#include "engine/mail/charset.h"
#include "engine/mail/crypto_primitives.h"
#include "engine/mail/executable_content.h"
#include "engine/mail/html_text.h"
#include "engine/mail/linear_substring_search.h"
#include "engine/mail/mime_parameters.h"
#include "engine/mail/mime_parts.h"
#include "engine/mail/mimetic_input.h"
#include "engine/mail/password_protected.h"
#include "engine/mail/rendered_text.h"
#include "engine/mail/second_readings.h"
#include "engine/mail/tnef_attachments.h"
#include "engine/mail/tnef_body_texts.h"
#include "engine/mail/uuencoded_files.h"

namespace mfsim::mail {

// A text part's decoded bytes in UTF-8: converted from the charset its Content-Type names when
// iconv knows it (decision 36), else as sent.
std::string text_as_utf8(std::string bytes, const mimetic::Header& h) {
  const std::string charset = h.contentType().param("charset");
  if (needs_no_conversion(charset)) return bytes;
  std::string converted;
  return append_as_utf8(charset, bytes, converted) ? converted : bytes;
}

namespace {

// The message was not fully read: its record says so, and a plan that inspects content is told
// why (AttachmentProcessingLimitExceeded).
void mark_not_fully_read(body_summary& out, const body_limits& limits, std::string why) {
  out.truncated = true;
  if (limits.inspect_content) out.contents.exceed(std::move(why));
}

// What bounded_for_mimetic() could not give mimetic of a message, the one read or one attached
// to it (decision 940): each budget reached makes the message not fully read, and says which;
// true when one was.
bool mark_budgets_reached(const mimetic_input& input, body_summary& out,
                          const body_limits& limits) {
  if (input.cut_short)
    mark_not_fully_read(out, limits, "the message has more MIME parts than read");
  if (input.media_type_unread) {
    // mimetic read a part of a media type: a multipart it hides is not split (decision 873).
    mark_not_fully_read(out, limits, "a Content-Type's media type is longer than read");
  }
  if (input.boundary_unread) {
    // mimetic was given a multipart's field without its boundary (decision 910).
    mark_not_fully_read(out, limits,
                        "a Content-Type's boundary is past the bytes of its field read");
  }
  return input.cut_short || input.media_type_unread || input.boundary_unread;
}

bool has_field(const mimetic::Header& h, std::string_view name) {
  return std::any_of(h.begin(), h.end(), [&](const mimetic::Field& field) {
    return ascii_iequals(field.name(), name);
  });
}

// Whether the part's Content-Disposition is `attachment`: read from its text without comments,
// as mimetic keeps `attachment (x)` whole (decision 668).
bool is_attachment_disposition(const mimetic::Header& h) {
  const std::string text = without_comments(first_field_value(h, "Content-Disposition"));
  const std::string_view type =
      ascii_trim_whitespace(std::string_view(text).substr(0, text.find(';')));
  return ascii_iequals(type, "attachment");
}

// Whether a leaf part can be the message body: [MS-OXCMAIL] section 2.2.3.3.2 lets only a
// text/plain, text/html, text/enriched or text/calendar entity be it, and every other leaf is
// an Attachment object, named or not (decision 900). A part without Content-Type is text/plain
// (RFC 2045 section 5.2); one whose type is no `text` and has no `/` stays an attachment, its
// content inspected (900); the subtype is its token, so `TEXT/PLAIN charset=US-ASCII` (no `;`)
// is text/plain. message/rfc822 is never a leaf here: mimetic reads it into the message it
// holds, whose parts are walked.
bool can_be_body(std::string_view media) {
  const std::size_t slash = media.find('/');
  const std::string_view type = media.substr(0, slash);
  std::string_view subtype =
      slash == std::string_view::npos ? std::string_view() : media.substr(slash + 1);
  subtype = subtype.substr(0, subtype.find_first_of(" \t\r\n;,()<>@:\\\"/[]?="));
  if (type.empty() || (type == "text" && subtype.empty())) return true;
  if (type == "message") return subtype == "rfc822" || subtype == "global";
  return type == "text" && (subtype == "plain" || subtype == "html" || subtype == "enriched" ||
                            subtype == "calendar");
}

// Whether mimetic can split a multipart on this boundary: not one it lacks, nor a quoted one it
// cut at a `;` (`boundary="a;b"` reads `"a`; RFC 2046's boundaries never start with a quote).
bool usable_boundary(std::string_view boundary) {
  return !boundary.empty() && boundary.front() != '"';
}

class walker {
 public:
  walker(const body_limits& limits, body_summary& out, message_key_derivations& derivations)
      : limits_(limits), out_(out), derivations_(derivations) {}

  // Reads `text` as a message, the one evaluated or one attached to it (decision 940), within
  // the budgets of bounded_for_mimetic(): as mimetic reads it, then, when a header block gives
  // a MIME field twice, a second time with the earlier ones left out, which adds only the
  // attachments the first reading did not find, each of those matched once by its name and
  // size (decision 667). One code for both, so that an attached message follows the rule the
  // message around it does (decision 1047).
  void read_message(std::string_view text, int depth) {
    if (depth == 0) other_reading_bytes_left_ = kOtherReadingBytesPerByte * text.size();
    std::string bounded_copy;
    const mimetic_input input = bounded_for_mimetic(text, bounded_copy);
    const std::size_t first_reading = readings_.first_reading_start();
    const std::size_t parts_before = parts_;
    const std::size_t uuencoded_before = uuencoded_left_;
    {
      // Constructed first, then loaded: mimetic's constructor from iterators parses inside it,
      // so a parse that throws half-way (a std::length_error on some damaged parts) ran no
      // destructor and leaked the parts it had made; an entity already constructed frees them.
      mimetic::MimeEntity entity;
      entity.load(input.text.begin(), input.text.end());
      if (input.duplicate_fields) ++awaiting_other_way_;
      visit(entity, depth);
      if (input.duplicate_fields) --awaiting_other_way_;
    }
    if (input.duplicate_fields) {
      // mimetic read the first of a field given twice; a mail client may read the last, and
      // what that reading makes an attachment must not be hidden.
      out_.duplicate_fields = true;
      read_other_way(text, depth, first_reading, parts_before, uuencoded_before);
    }
    if (mark_budgets_reached(input, out_, limits_)) ++marks_;
  }

  // `container` is the multipart that holds the part; null for none.
  void visit(const mimetic::MimeEntity& part, int depth,
             const mimetic::MimeEntity* container = nullptr) {
    if (++parts_ > limits_.max_parts || depth > 64) {
      not_fully_read("the message has more MIME parts than read");
      return;
    }
    const mimetic::Header& h = part.header();
    if (!attachments_only_) note_part_type(part);
    const auto& children = part.body().parts();
    if (limits_.scan_signals && !attachments_only_) note_returned_original(part);
    if (h.contentType().isMultipart() || !children.empty()) {
      if (children.empty() && !usable_boundary(h.contentType().param("boundary"))) {
        // mimetic found no parts and kept none of the body: say so rather than read nothing.
        out_.unreadable = true;
        if (limits_.inspect_content)
          out_.contents.exceed("a multipart part's boundary could not be read");
      }
      for (const mimetic::MimeEntity* child : children) visit(*child, depth + 1, &part);
      return;
    }
    if (is_binhex(part)) {
      // Whatever its Content-Type: BinHex encodes a file, never body text (decision 971).
      add_binhex_attachment(part);
      return;
    }
    const std::string holder = container ? media_type(*container) : std::string();
    if (holder == "multipart/digest" && !has_field(h, "Content-Type")) {
      visit_message_in(part, depth);  // RFC 2046 section 5.1.5: message/rfc822 by default
      return;
    }
    const std::string media = media_type(part);
    if (holder == "multipart/report" && is_report_data(*container, media)) return;
    if (media == "message/global" || media == "message/rfc822") {
      visit_message_in(part, depth);  // named or not; mimetic splits no message/global
      return;
    }
    const std::string name = attachment_name(part);
    if (!name.empty() || is_attachment_disposition(h) || !can_be_body(media)) {
      // Decoded only for a plan that reads the bytes: an attachment is often most of a message.
      // A TNEF stream is decoded for its body text as well (decision 973): one labelled so,
      // whatever the plan, so that the body text does not depend on it (decision 1007).
      const bool tnef = is_tnef_part(media, name);
      // A second reading adds only what its first reading did not find, known by name and
      // size: a size known without decoding tells first whether the bytes are needed at all
      // (decision 1161).
      bool counted = false;
      if (attachments_only_ && decodes()) {
        const std::optional<std::size_t> size = attachment_size(part);
        if (size && !readings_.add(name, *size)) return;
        counted = size.has_value();
      }
      const std::string bytes = decodes() || tnef ? attachment_bytes(part) : std::string();
      // The body text a TNEF stream carries, which Outlook shows as the message's body
      // ([MS-OXCMAIL] section 2.1.3.3.2), kept until the walk ends (add_tnef_bodies()).
      if (tnef && !attachments_only_ && looks_like_tnef(bytes)) tnef_texts_.add_part_stream(bytes);
      add_attachment(name, decodes() ? bytes : std::string(), counted);
      return;  // attachments are not body text
    }
    const std::string_view subtype = std::string_view(media).substr(media.find('/') + 1);
    std::string text;
    if (subtype != "html") {
      std::string bytes = decoded_body(part);
      add_uuencoded_files(bytes);
      if (attachments_only_) return;
      text = text_as_utf8(std::move(bytes), h);
      if (limits_.scan_signals) scan_url_signals(text, out_.signals);
    } else if (!attachments_only_) {
      const std::string html = text_as_utf8(decoded_body(part), h);
      append_html_text(html, text);
      if (limits_.scan_signals) {
        scan_html_signals(html, out_.signals);
        scan_url_signals(html, out_.signals);
      }
    } else {
      return;
    }
    append_text(text);
  }

 private:
  // An attached message that mimetic did not read as one (message/global, which it does not
  // know; a multipart/digest part without Content-Type): its body, transfer-decoded, read as
  // the message it holds, whose parts are walked as an attached message's are (decision 940).
  void visit_message_in(const mimetic::MimeEntity& part, int depth) {
    // Each reading holds a copy of its text until its parts are walked: a few at once, not one
    // per level of a message nested 64 deep.
    if (messages_read_in_ == kMaxMessagesReadIn) {
      not_fully_read("attached messages are nested deeper than read");
      return;
    }
    // A body sent as is is read where mimetic keeps it: no copy of most of the message.
    const std::string mechanism =
        transfer_encoding_mechanism(part.header().contentTransferEncoding().mechanism());
    const bool decoded = mechanism == "base64" || mechanism == "quoted-printable";
    const std::string decoded_text = decoded ? decoded_body(part) : std::string();
    const std::string_view text = decoded ? std::string_view(decoded_text) : part.body();
    // A second reading meets this message as a first reading read it already: what that
    // reading recorded is replayed, not read again (decision 1104). Remembered only where a
    // second reading may follow.
    std::string key;
    if (attachments_only_ || awaiting_other_way_ > 0) {
      key =
          crypto::sha256_of(text) + std::to_string(depth) + '/' + std::to_string(messages_read_in_);
    }
    if (attachments_only_ && replayed(key)) return;
    const std::size_t record = readings_.record_start();
    const std::size_t parts_before = parts_;
    const std::size_t uuencoded_before = uuencoded_left_;
    const std::size_t marks_before = marks_;
    ++messages_read_in_;
    read_message(text, depth + 1);
    --messages_read_in_;
    // Read within every budget, it reads so again wherever those budgets allow it.
    if (!key.empty() && marks_ == marks_before)
      readings_.remember(std::move(key), record,
                         {parts_ - parts_before, uuencoded_before - uuencoded_left_, 0});
  }

  // Whether the attached message remembered under `key` was replayed: its parts and uuencoded
  // files within what the budgets have left, its record within the bytes left to the second
  // readings of attached messages, whose work a replay is (decision 1143), and each of its
  // attachments found already.
  bool replayed(const std::string& key) {
    const std::optional<second_readings::reading_cost> cost = readings_.cost_of(key);
    if (!cost || parts_ + cost->parts > limits_.max_parts ||
        uuencoded_left_ < cost->uuencoded_files || cost->record_bytes > other_reading_bytes_left_ ||
        !readings_.replay(key))
      return false;
    parts_ += cost->parts;
    uuencoded_left_ -= cost->uuencoded_files;
    other_reading_bytes_left_ -= cost->record_bytes;
    return true;
  }

  // read_message()'s second reading, in which only attachments are added. It starts from the
  // budgets of parts and uuencoded files the first reading started from, as a reading of its
  // own, and counts as much of them as the larger of the two. The first reading's attachments
  // (those readings_ recorded from `first_reading` on) are those it must not add again
  // (second_readings). An attached message read so is read within a budget of bytes, all such
  // readings of a message together kOtherReadingBytesPerByte times its size: messages nested
  // in messages, each with a field given twice whose readings differ, would otherwise double
  // the readings at each level (decisions 1047, 1105).
  void read_other_way(std::string_view text, int depth, std::size_t first_reading,
                      std::size_t parts_before, std::size_t uuencoded_before) {
    if (depth > 0 && text.size() > other_reading_bytes_left_) {
      not_fully_read("attached messages give a MIME field twice more often than read");
      return;
    }
    if (depth > 0) other_reading_bytes_left_ -= text.size();
    std::string other_copy;
    const mimetic_input other = bounded_for_mimetic(text, other_copy, duplicate_reading::last);
    mimetic::MimeEntity entity;
    entity.load(other.text.begin(), other.text.end());
    const bool around_adds_only = attachments_only_;
    readings_.begin(first_reading);
    const std::size_t parts_after = parts_;
    const std::size_t uuencoded_after = uuencoded_left_;
    parts_ = parts_before;
    uuencoded_left_ = uuencoded_before;
    attachments_only_ = true;
    visit(entity, depth);
    attachments_only_ = around_adds_only;
    readings_.end();
    parts_ = std::max(parts_, parts_after);
    uuencoded_left_ = std::min(uuencoded_left_, uuencoded_after);
    if (mark_budgets_reached(other, out_, limits_)) ++marks_;
  }

  // The machine-readable part of a multipart/report, which [MS-OXCMAIL] section 2.2.3.7 reads
  // into the report's properties (its message class, its recipients' delivery status): not the
  // body, nor an attachment (decision 941): the part the report's report-type names.
  static bool is_report_data(const mimetic::MimeEntity& report, std::string_view media) {
    const std::string report_type =
        ascii_lower_copy(ascii_trim_whitespace(report.header().contentType().param("report-type")));
    if (report_type != "delivery-status" && report_type != "disposition-notification") return false;
    return media == "message/" + report_type || media == "message/global-" + report_type;
  }

  // What MessageTypeMatches and ContentCharacterSetContainsWords read from every part.
  void note_part_type(const mimetic::MimeEntity& part) {
    const mimetic::Header& h = part.header();
    const std::string type = media_type(part);
    if (type == "text/calendar") out_.has_calendar_part = true;
    if (type == "application/x-microsoft-rpmsg-message") out_.has_rights_protected_part = true;
    if (type == "message/delivery-status") out_.signals |= signal_delivery_report;
    const std::string charset = ascii_lower_copy(h.contentType().param("charset"));
    if (!charset.empty() &&
        std::find(out_.charsets.begin(), out_.charsets.end(), charset) == out_.charsets.end()) {
      out_.charsets.push_back(charset);
    }
  }

  // A delivery report's copy of the original (RFC 3462): its header fields as a
  // text/rfc822-headers part, or the whole message as message/rfc822 (which mimetic parses
  // into a child entity).
  void note_returned_original(const mimetic::MimeEntity& part) {
    const std::string media = media_type(part);
    std::string header_text;
    if (media == "text/rfc822-headers") {
      header_text = decoded_body(part);
    } else if (media == "message/rfc822" && !part.body().parts().empty()) {
      for (const mimetic::Field& field : part.body().parts().front()->header()) {
        header_text += field.name() + ": " + field.value() + "\r\n";
      }
    } else {
      return;
    }
    if (returned_from_organization(header_text)) out_.signals |= signal_returned_from_organization;
  }

  void append_text(std::string_view text) {
    if (!out_.text_lower.empty()) out_.text_lower += '\n';
    const std::size_t room = limits_.max_text_bytes > out_.text_lower.size()
                                 ? limits_.max_text_bytes - out_.text_lower.size()
                                 : 0;
    if (text.size() > room) {
      text = text.substr(0, room);
      out_.truncated = true;
    }
    append_case_folded(text, out_.text_lower);
  }

  // `part` holds a TNEF stream whose body text is read: typed so, or named as Outlook names it
  // (a gateway may relabel it application/octet-stream).
  static bool is_tnef_part(std::string_view media, std::string_view name) {
    return media == "application/ms-tnef" || media == "application/vnd.ms-tnef" ||
           ascii_iequals(name, "winmail.dat");
  }

 public:
  // The TNEF streams' body texts, once the walk has read every text part: the text body part
  // beside a stream holds a plain copy, wherever it stands, so a text is added only when the
  // body text does not hold it already (their words compared, white space aside: rich text
  // breaks its lines elsewhere), and counts are not doubled (decision 1008). Each comparison
  // reads the body text once, in time linear in both (contains_text()): a few streams are
  // read, not one per part.
  void add_tnef_bodies() {
    for (const std::string& text : tnef_texts_.take()) {
      std::string words;
      append_rendered(case_folded_copy(text), words);
      if (words.empty() || words == " ") continue;
      std::string body_words;
      append_rendered(out_.text_lower, body_words);
      if (contains_text(body_words, ascii_trim_whitespace(words))) continue;
      append_text(text);
    }
  }

 private:
  bool decodes() const {
    return limits_.decode_attachments || limits_.inspect_content || limits_.list_archives;
  }

  // One attachment: `bytes` are its decoded bytes when decodes(), else empty. `counted`: the
  // second readings know of it already (readings_.add() was called with its size).
  void add_attachment(const std::string& name, const std::string& bytes, bool counted = false) {
    if (!counted && !readings_.add(name, bytes.size())) return;
    const std::string extension = file_extension(name);
    if (!extension.empty()) out_.attachment_extensions.push_back(extension);
    if (ascii_iequals(name, "message.rpmsg")) out_.has_rights_protected_part = true;
    if (!decodes()) {
      out_.attachments.push_back({name});
      return;
    }
    const std::size_t refused = derivations_.refused();
    out_.attachments.push_back({name, bytes.size(), is_executable_content(bytes),
                                is_password_protected(bytes, derivations_.checks), true});
    if (limits_.inspect_content || limits_.list_archives)
      inspect_attachment(name, bytes, limits_.content, out_.contents, derivations_);
    // An encrypted Office file past the message's budget of key derivations was not opened
    // (decision 1000).
    if (derivations_.refused() > refused)
      not_fully_read(derivations_.checks.refusal(name.empty() ? "(unnamed)" : name));
  }

  // An `application/mac-binhex40` part, or one sent with that Content-Transfer-Encoding, is
  // an attachment: its data fork, named by the MIME headers, else by its BinHex header
  // ([MS-OXCMAIL] section 2.2.3.4.2.3, decision 755). The `x-` forms that mailers write for
  // both are the same BinHex (decision 871).
  static bool is_binhex(const mimetic::MimeEntity& part) {
    const std::string type = media_type(part);
    const std::string mechanism =
        transfer_encoding_mechanism(part.header().contentTransferEncoding().mechanism());
    return type == "application/mac-binhex40" || type == "application/x-mac-binhex40" ||
           mechanism == "mac-binhex40" || mechanism == "x-mac-binhex40";
  }

  // The BinHex text is the body once its Content-Transfer-Encoding (base64, quoted-printable)
  // is undone; a body that holds no BinHex stream is the attachment's content as sent, so that
  // a program labelled mac-binhex40 is still read as one (decision 820).
  void add_binhex_attachment(const mimetic::MimeEntity& part) {
    std::string name = attachment_name(part);
    const std::string body = decoded_body(part);
    const std::optional<binhex_file> file = read_binhex(body, limits_.content.max_file_bytes);
    if (!file) {
      add_attachment(name, decodes() ? body : std::string());
      return;
    }
    if (name.empty()) name = file->name;
    if (!file->whole) {
      not_fully_read("a BinHex attachment's data fork is larger than read, or cut short");
    }
    add_attachment(name, decodes() ? file->data : std::string());
  }

  // The files a text part carries uuencoded, which Exchange's content conversion makes
  // attachments (decisions 670, 751); the text keeps their lines, as mail clients show them.
  void add_uuencoded_files(std::string_view text) {
    if (text.find("begin") == std::string_view::npos) return;
    uuencode_limits budget;
    budget.max_file_bytes = limits_.content.max_file_bytes;
    budget.max_files = uuencoded_left_;
    std::vector<uuencoded_file> files;
    if (!find_uuencoded_files(text, budget, files)) {
      not_fully_read("a uuencoded file in the body is larger, or the files more, than read");
    }
    uuencoded_left_ -= std::min(uuencoded_left_, files.size());
    for (const uuencoded_file& file : files)
      add_attachment(file.name, decodes() ? file.bytes : std::string());
  }

  // The message was not fully read: its record says so, and a plan that inspects content is told
  // why (AttachmentProcessingLimitExceeded).
  void not_fully_read(std::string why) {
    ++marks_;
    mark_not_fully_read(out_, limits_, std::move(why));
  }

  const body_limits& limits_;
  body_summary& out_;
  message_key_derivations& derivations_;  // the message's, both walks (decisions 1000, 1036)
  std::size_t parts_ = 0;
  static constexpr int kMaxMessagesReadIn = 8;
  int messages_read_in_ = 0;       // visit_message_in() readings under way
  bool attachments_only_ = false;  // in read_other_way(): only attachments are added
  second_readings readings_;       // which attachments the second readings found already
  int awaiting_other_way_ = 0;     // readings under way whose message is to be read again
  // Of the second readings of attached messages (read_other_way()).
  static constexpr std::size_t kOtherReadingBytesPerByte = 8;
  std::size_t other_reading_bytes_left_ = 0;
  std::size_t marks_ = 0;                                     // not_fully_read() calls so far
  std::size_t uuencoded_left_ = uuencode_limits{}.max_files;  // for the message, all parts
  tnef_body_texts tnef_texts_{limits_.max_text_bytes, [this] {
                                not_fully_read("the message holds more TNEF bodies than read");
                              }};
};

}  // namespace

std::string file_extension(std::string_view file_name) {
  // The name the recipient's system keeps: "invoice.exe." and "invoice.exe\t" run as programs.
  const std::string kept = recipient_file_name(file_name);
  const auto dot = kept.rfind('.');
  if (dot == std::string::npos || dot + 1 == kept.size()) return {};
  return case_folded_copy(std::string_view(kept).substr(dot + 1));
}

void read_body(std::string_view message, const body_limits& limits, body_summary& out) noexcept {
  out.clear();
  try {
    message_key_derivations derivations;
    walker walk(limits, out, derivations);
    walk.read_message(message, 0);
    walk.add_tnef_bodies();
  } catch (...) {
    // mimetic throws on little, but a body that cannot be read must not end the evaluation.
    out.unreadable = true;
    try {
      if (limits.inspect_content) out.contents.exceed("the MIME structure could not be read");
    } catch (...) {
      out.contents.limit_exceeded = true;
    }
  }
}

}  // namespace mfsim::mail
