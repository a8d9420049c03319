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
class mbox_reader {
 public:
  explicit mbox_reader(std::string_view data) noexcept;

  // Copies the next message (unquoted) into `out`; false when there is none left.
  bool next(std::string& out);
  // How far into the data the reader is: nothing before it is read again.
  [[nodiscard]] std::size_t position() const noexcept { return pos_; }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace mfsim::corpus
