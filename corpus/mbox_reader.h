// Splitting an mbox (mboxo or mboxrd) into messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::corpus {

// A line is judged an envelope line on this many of its first bytes alone, wherever a reader's
// bytes end, so that every reader of a file (whole, streamed, in parts) splits it alike.
inline constexpr std::size_t kEnvelopeJudgedBytes = 256;
// Empty lines before an mbox's first envelope line are passed over up to this many bytes
// (decision 392); a file with more is not taken for an mbox.
inline constexpr std::size_t kMaxLeadingEmptyBytes = 256;

// How many bytes come before an mbox's first envelope line: a UTF-8 byte order mark, then
// empty lines ("\n", "\r\n"), at most kMaxLeadingEmptyBytes of them. Where no envelope line
// follows them, only the byte order mark's.
[[nodiscard]] std::size_t mbox_lead_bytes(std::string_view data) noexcept;

// True when the data starts with an mbox envelope line: "From " (a space, not "From:" or
// "From :"), after what mbox_lead_bytes() passes over, that does not end in a bare CR (see
// bare_cr_envelope_bytes()).
[[nodiscard]] bool looks_like_mbox(std::string_view data) noexcept;

// An mbox written with classic Mac OS line ends (a bare CR; mboxo and mboxrd end lines with
// LF) is not split into messages: where the data starts with a "From " line (after a UTF-8
// byte order mark) whose first line end, within kEnvelopeJudgedBytes, is a bare CR, the bytes
// up to that CR included; else 0. Such data is one message after that line (decision 593).
[[nodiscard]] std::size_t bare_cr_envelope_bytes(std::string_view data) noexcept;

// True when a message of an mbox starts at `at`: its envelope line ("From ", not a "From :"
// field) opens the data or follows an empty line ("\n" or "\r\n"), or is a whole RFC 4155
// envelope line ("From " sender, asctime timestamp; decision 391) after any line. Where
// mbox_reader splits. Judged on kEnvelopeJudgedBytes from `at`.
[[nodiscard]] bool starts_mbox_message(std::string_view data, std::size_t at) noexcept;

// The number of messages mbox_reader finds in `data` (which starts with an envelope line),
// counted without copying any.
[[nodiscard]] std::size_t count_mbox_messages(std::string_view data) noexcept;

// Where the message whose envelope line may start at `at` begins: past that line (its line end
// included) when it is one, else `at`. A stream must hold the whole line.
[[nodiscard]] std::size_t skip_envelope_line(std::string_view data, std::size_t at) noexcept;

// Where one message lies in an mbox's bytes (offsets into the data mbox_reader was given).
struct mbox_span {
  std::size_t begin = 0;   // just after its envelope line
  std::size_t end = 0;     // its last byte + 1: the empty line before the next envelope is not
                           // part of the message
  std::size_t next = 0;    // where the next message's envelope line starts, or the data's end
  std::size_t quoted = 0;  // lines ">From ", ">>From "... in it, which lose one '>'
  bool too_large = false;  // more than the reader's max_message_bytes once unquoted
};

// The search for the end of one message, resumable when the bytes come in pieces (a stream).
// Offsets are into the bytes searched; mbox_stream moves them when it moves its buffer.
struct mbox_scan {
  std::size_t begin = 0;   // the message's first byte (after its envelope line)
  std::size_t resume = 0;  // where the search goes on
  std::size_t quoted = 0;  // quoted From_ lines found so far
  bool first_line_done = false;
  // Over the limit: from here on the message is walked, not kept.
  bool discarding = false;
  // The message's bytes before `begin` are gone (dropped while discarding): `begin` is not
  // where a line starts, and lines start after a LF only.
  bool begin_cut = false;
};

// The first LF in [p, last) that is followed by 'F' or '>' (a line that may be an envelope or
// a quoted From_ line); `last` when there is none. p[i + 1] must be readable for every p + i
// before `last`. One SIMD comparison per 16 bytes (32 where the CPU has AVX2), not one memchr
// per line.
[[nodiscard]] const char* find_line_of_interest(const char* p, const char* last) noexcept;

// Looks in `window` for the envelope line that ends the message `scan` is on, counting quoted
// lines on the way. `window` must end just after a LF unless `final` (the data's end). Returns
// where that envelope line starts, or npos when the window holds none (then `scan` goes on
// from the window's end, once more bytes follow).
[[nodiscard]] std::size_t find_message_end(std::string_view window, mbox_scan& scan,
                                           bool final) noexcept;

// The span of the message `scan` found, ending at `next` (an envelope line, or the data's end:
// `more_follows` says whether the data ends with an envelope line after it, as a part of a
// larger mbox does).
[[nodiscard]] mbox_span finish_span(std::string_view data, const mbox_scan& scan, std::size_t next,
                                    bool more_follows, std::size_t max_message_bytes) noexcept;

// The message's bytes: a view into `data` when no line is quoted, else the message unquoted
// into `unquoted`. Empty when it is too large.
[[nodiscard]] std::string_view message_bytes(std::string_view data, const mbox_span& span,
                                             std::string& unquoted);

// Walks the messages of an mbox held in memory. A message starts after a "From " line where
// starts_mbox_message() says; the envelope line itself is not part of it. Lines
// of the form ">From " / ">>From " lose one '>' (mboxrd unquoting, also right for mboxo).
// CRLF and LF line ends are both handled. Messages are views into the data, copied only when
// a line must be unquoted.
class mbox_reader {
 public:
  // Messages longer than `max_message_bytes` are skipped over, not copied. `more_follows`:
  // `data` is a part of an mbox that goes on after it (mbox_parts.h), so its last message ends
  // before an envelope line, as every message but the file's last does.
  explicit mbox_reader(std::string_view data,
                       std::size_t max_message_bytes = static_cast<std::size_t>(-1),
                       bool more_follows = false) noexcept;

  // Where the next message lies; false when there is none left.
  bool next_span(mbox_span& span) noexcept;
  // The next message (unquoted): a view into the data, or into `unquoted` when a line had to
  // lose a '>'; valid while both are. False when there is none left. When the message is
  // longer than the limit, `message` is empty and entry_too_large() is true.
  bool next(std::string_view& message, std::string& unquoted);
  // The same, copied into `out`.
  bool next(std::string& out);
  [[nodiscard]] bool entry_too_large() const noexcept { return too_large_; }
  // Moves past the next message without copying it; false when there is none left.
  bool skip() noexcept;
  // How far into the data the reader is: nothing before it is read again.
  [[nodiscard]] std::size_t position() const noexcept { return pos_; }
  // The data the spans' offsets count from (without what mbox_lead_bytes() passes over).
  [[nodiscard]] std::string_view data() const noexcept { return data_; }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
  std::size_t max_bytes_;
  bool more_follows_ = false;
  bool too_large_ = false;
};

}  // namespace mfsim::corpus
