// Splitting an mbox (mboxo or mboxrd) into messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::corpus {

// True when the data starts with an mbox envelope line: "From " (a space, not "From:" or
// "From :"), after an optional UTF-8 byte order mark.
[[nodiscard]] bool looks_like_mbox(std::string_view data) noexcept;

// Walks the messages of an mbox held in memory. A message starts after a "From " line that
// opens the data or follows an empty line; the envelope line itself is not part of it. Lines
// of the form ">From " / ">>From " lose one '>' (mboxrd unquoting, also right for mboxo).
// CRLF and LF line ends are both handled.
// True when a message of an mbox starts at `at`: its envelope line ("From ", not a "From :"
// field) opens the data or follows an empty line ("\n" or "\r\n"). Where mbox_reader splits.
[[nodiscard]] bool starts_mbox_message(std::string_view data, std::size_t at) noexcept;

// The number of messages mbox_reader finds in `data` (which starts with an envelope line),
// counted with memchr, without copying any.
[[nodiscard]] std::size_t count_mbox_messages(std::string_view data) noexcept;

class mbox_reader {
 public:
  // Messages longer than `max_message_bytes` are skipped over, not copied. `more_follows`:
  // `data` is a part of an mbox that goes on after it (mbox_parts.h), so its last message ends
  // before an envelope line, as every message but the file's last does.
  explicit mbox_reader(std::string_view data,
                       std::size_t max_message_bytes = static_cast<std::size_t>(-1),
                       bool more_follows = false) noexcept;

  // Copies the next message (unquoted) into `out`; false when there is none left. When the
  // message is longer than the limit, `out` is left empty and entry_too_large() is true.
  bool next(std::string& out);
  [[nodiscard]] bool entry_too_large() const noexcept { return too_large_; }
  // Moves past the next message without copying it; false when there is none left.
  bool skip();
  // How far into the data the reader is: nothing before it is read again.
  [[nodiscard]] std::size_t position() const noexcept { return pos_; }

 private:
  bool advance(std::string* copy);  // next() when `copy` is given, skip() otherwise

  std::string_view data_;
  std::size_t pos_ = 0;
  std::size_t max_bytes_;
  bool more_follows_ = false;
  bool too_large_ = false;
};

}  // namespace mfsim::corpus
