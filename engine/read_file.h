// Reading a whole configuration file (a rule set, the mailbox state) for a loader: one place
// for the error text and for the size limit.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/utf16_text.h"

namespace mfsim {

// Rule files and mailbox states are kilobytes; an export of thousands of rules is a few
// megabytes. Anything larger is refused before it is read whole (docs/reliability.md), which
// also bounds /dev/zero or an endless pipe given as a file.
inline constexpr std::size_t kMaxConfigFileBytes = std::size_t{32} << 20;

// An Exchange export of a tenant's mailboxes (--mailbox-state) grows with the tenant: a
// Get-MailboxJunkEmailConfiguration row of Export-Csv is about 100 bytes, an Export-Clixml object
// 600 to 900, so 32 MiB held 140,000 mailboxes and a large tenant has millions (decision 1076).
// 1 GiB keeps every line and column within the positions' int.
inline constexpr std::size_t kMaxMailboxStateBytes = std::size_t{1} << 30;

// The bytes of `path`, read into one buffer of the file's size (no second copy while it grows).
// Throws load_error (io_error, "cannot read WHAT 'PATH': ...") when it cannot be read or holds
// more than `max_bytes`; `what` is "rule set" or "mailbox state". A pipe or device (no size to
// check first) holds at most kMaxConfigFileBytes whatever `max_bytes` is, so /dev/zero given as
// a mailbox state costs 32 MiB, not 1 GiB.
[[nodiscard]] std::string read_whole_file(const std::string& path, std::string_view what,
                                          std::size_t max_bytes = kMaxConfigFileBytes);

// The bytes this thread has read from files through read_whole_file and text_file, so that a
// test sees a file refused before it was read (or after its head only) without timing it.
[[nodiscard]] std::size_t file_bytes_read() noexcept;

// The bytes a text_file reads before its whole text is asked for: a loader tells the file's
// format from them, and with it the budget the format has (decision 1123).
inline constexpr std::size_t kTextHeadBytes = std::size_t{1} << 20;

// A text file read in two steps: its head, then, when the loader takes it, the rest. Its text is
// UTF-8 as utf8_file_text gives it (UTF-16 decoded, a UTF-8 byte order mark dropped), decoded as
// it is read into the one buffer the text is returned in, so that a UTF-16 file is never held
// twice (decision 1125). Limits and errors are read_whole_file's.
class text_file {
 public:
  // Opens `path` and reads its first kTextHeadBytes; a regular file larger than `max_bytes` is
  // refused before a byte is read.
  text_file(const std::string& path, std::string_view what, std::size_t max_bytes);
  text_file(const text_file&) = delete;
  text_file& operator=(const text_file&) = delete;
  ~text_file();

  // The file's size when it is a regular file (known before it is read); nullopt for a pipe.
  [[nodiscard]] std::optional<std::size_t> size() const noexcept { return size_; }
  // Its size as the file is now, which a file written meanwhile changed; nullopt for a pipe.
  [[nodiscard]] std::optional<std::size_t> size_now() const noexcept;
  // The text of the head: all of it when the file is no longer than kTextHeadBytes.
  [[nodiscard]] std::string_view head() const noexcept;
  // The whole text: reads the rest of the file.
  [[nodiscard]] std::string read_all() &&;
  // The bytes read from the file so far (all of them after read_all, which a file that grew
  // since its size was taken has more of).
  [[nodiscard]] std::size_t bytes_read() const noexcept { return read_; }

 private:
  bool read_block();
  void append(std::string_view bytes, std::size_t bytes_left);
  [[nodiscard]] std::size_t bytes_left() const noexcept;

  std::string path_;
  std::string what_;
  std::size_t max_bytes_;
  std::string_view kind_ = " file";
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  std::optional<std::size_t> size_;
  std::size_t read_ = 0;                // bytes read from the file
  std::optional<utf16_decoder> utf16_;  // set when the file is UTF-16
  std::string text_;                    // the UTF-8 text read so far
};

}  // namespace mfsim
