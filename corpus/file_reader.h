// Reading one input file into memory: mapped when large, read when small or not a regular
// file, and decompressed when gzip; never more than --max-message-bytes held per input.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "corpus/huge_page_buffer.h"

namespace mfsim::corpus {

// --max-message-bytes: the most bytes one message may have (a file, an mbox entry, standard
// input, a FIFO or device, or what a gzip file inflates to); a larger one is one record with an
// error and is not evaluated. Bounds memory per worker whatever the compression ratio.
inline constexpr std::size_t kDefaultMaxMessageBytes = std::size_t{64} << 20;

// The limit every reader applies; set once from the command line before any read (process-wide
// so that every worker and every command reads alike).
void set_max_message_bytes(std::size_t bytes) noexcept;
[[nodiscard]] std::size_t max_message_bytes() noexcept;

// The error text of a message over the limit.
[[nodiscard]] std::string too_large_error(std::string_view what);
// ... and of gzip data that inflates past it (a file held whole or a stream).
[[nodiscard]] std::string inflated_too_large_error();

// read_head's first read, and the bytes a head_read_batch reads for it (16 KiB: most header
// blocks fit; a third of the bytes of the public corpora are header, and their messages
// average a few tens of KiB).
inline constexpr std::size_t kHeadFirstRead = std::size_t{16} << 10;

// A regular file this large or larger is mapped; below it, one read() is cheaper than setting
// up a mapping.
inline constexpr std::size_t kMapThreshold = std::size_t{256} << 10;

class head_read_batch;
struct started_head;

// How the walk saw the path: it expects a regular file, and lstat itself said so (no symlink).
struct open_expectation {
  bool regular = false;    // open O_NONBLOCK and refuse what fstat says is not a regular file
  bool no_follow = false;  // O_NOFOLLOW: a symlink put in its place is not followed
  // When not -1: the walk holds the file's directory open, and the file is opened relative to
  // it (openat) by the name at path[name_offset], so that its whole path is not looked up
  // again. The descriptor belongs to the walk's input (input_ref::directory), which keeps it
  // open while the input is read.
  int directory_fd = -1;
  std::size_t name_offset = 0;
};

// Holds the bytes of the last file read; reuse one reader to reuse its buffers.
class file_reader {
 public:
  file_reader() = default;
  ~file_reader();
  file_reader(const file_reader&) = delete;
  file_reader& operator=(const file_reader&) = delete;

  // Reads `path` (opened read-only) or, for path "-", standard input. Returns an error text,
  // empty on success; the bytes are then in data() until the next read. A stream (stdin, FIFO,
  // device) or a gzip file that holds more than max_message_bytes() gives an error and no data.
  // A gzip file that inflates to an mbox stays compressed in data() (compressed_mbox()), to be
  // read as a stream (mbox_stream.h) or inflated whole with inflate().
  std::string read(const std::string& path, open_expectation expect = {});
  // Like read(), but for a regular file reads only its start: 16 KiB, then twice as much at a
  // time until mail::header_block_extent() finds the end of the header block (or the file
  // ends). The file is read whole, as read() does, when its first bytes make
  // `read_whole(first_bytes)` true (an mbox, a gzip stream, a container), when it is not a
  // regular file, or when its header block is longer than `max_header_bytes`. whole_size()
  // then gives the file's size. `walked_size` is the size the walk's stat gave a regular file
  // (0: unknown): while the reads agree with it, the file is not stat'ed again.
  std::string read_head(const std::string& path, open_expectation expect, std::uint64_t walked_size,
                        std::size_t max_header_bytes, bool (*read_whole)(std::string_view));
  // read_head() for a file whose open and first kHeadFirstRead bytes `batch` read (started by
  // head_read_batch::start for this file, handed back by take()): the same bytes and errors,
  // further bytes read through the batch, and `started` finished. data() may view the batch's
  // buffer: it is valid until the next read or the batch's next start(). When `walked_size` is 0
  // the file's size is not looked up: whole_size() is then the bytes read, and a file over
  // max_message_bytes() (the batch's probe) gives too_large_error("holds") and no data. A file
  // to read whole is read on through the batch while it is small (see read_rest); anything
  // unusual (a failed open or read, an empty file, a larger file to read whole) is read again
  // by read_head(), from the start.
  std::string read_started_head(head_read_batch& batch, started_head& started,
                                const std::string& path, open_expectation expect,
                                std::uint64_t walked_size, std::size_t max_header_bytes,
                                bool (*read_whole)(std::string_view));
  // The size of the whole input: data().size(), or the file's size after a read_head() that
  // stopped after the header block.
  [[nodiscard]] std::uint64_t whole_size() const noexcept {
    return whole_size_ > data_.size() ? whole_size_ : data_.size();
  }
  [[nodiscard]] std::string_view data() const noexcept { return data_; }
  // True when data() holds a gzip stream whose first bytes inflate to an mbox (see read()).
  [[nodiscard]] bool compressed_mbox() const noexcept { return compressed_mbox_; }
  // Inflates a compressed_mbox() whole into data(), as every other gzip file is; returns the
  // error read() would have.
  std::string inflate();
  // True when data() is a mapping of the file itself, not a copy (the file may change under it).
  [[nodiscard]] bool mapped() const noexcept {
    return mapping_ != nullptr && data_.data() == mapping_;
  }
  // True once the mapped file turned out shorter than when it was mapped (truncated by another
  // process): the missing bytes read as zeros. Check after touching the bytes.
  [[nodiscard]] bool truncated() const noexcept;
  // Touches every page of data() so that a truncation shows in truncated() now, not later.
  void touch_all() const noexcept;
  // Tells the kernel that data() before `position` will not be read again: a mapped file's
  // pages there are dropped (they would be read back from the file if touched), so a large mbox
  // read front to back keeps a few megabytes resident instead of the whole file. A no-op for
  // files read into memory.
  void release_before(const char* position) noexcept;

 private:
  void unmap() noexcept;
  std::string read_file(const std::string& path, open_expectation expect);
  std::string read_open_file(int fd, const struct stat& st);
  // What read_head's loop over an open file found.
  enum class head_read {
    done,        // data() holds the header block or the whole file; or `error` is set
    read_whole,  // the file must be read whole
    stat_it,     // the reads disagree with the walked size: stat the file and read again
  };
  // Where the size read_head_of checks its reads against comes from.
  enum class size_source {
    stat,     // the file's fstat: a read error is the input's error
    walk,     // the walk's stat: reads that disagree, or fail, ask for a stat (stat_it)
    unknown,  // none (read_started_head): the file ends where a read comes short
  };
  struct head_source;
  // `first`: bytes already read from the file's start (by a batch, in its buffer), or empty.
  head_read read_head_of(const head_source& source, std::uint64_t size, size_source known,
                         std::string_view first, std::size_t max_header_bytes,
                         bool (*read_whole)(std::string_view), std::string& error);
  // A file to read whole, `bytes` of it read from its start, that is below kMapThreshold (by
  // its `size` when `sized`): reads on through `source` to its end (done, data() set), or says
  // to read it whole from the start (read_whole) when the reads do not end at `size`, or, not
  // sized, do not end within 64 KiB.
  head_read read_rest(const head_source& source, std::uint64_t size, bool sized,
                      std::string_view bytes);
  // Makes head_ hold at least `need` bytes with `kept` (the bytes read so far, in head_ or in
  // a batch's buffer) at its start.
  void keep_in_head(std::string_view kept, std::size_t need);
  std::string finish_read();  // gunzips when the bytes start with gzip's magic

  std::string buffer_;
  raw_buffer head_{nullptr, &std::free};  // read_head's bytes, page-aligned (kPageBytes)
  std::size_t head_capacity_ = 0;
  std::uint64_t whole_size_ = 0;
  std::string inflated_;
  void* mapping_ = nullptr;
  std::size_t mapping_size_ = 0;
  int guard_slot_ = -1;       // the mapping's SIGBUS guard (mapping_guard.h)
  std::size_t released_ = 0;  // bytes at the start of the mapping already dropped
  std::string_view data_;
  bool compressed_mbox_ = false;
};

// Opens `path` read-only as `expect` says (O_NOFOLLOW, O_NONBLOCK) and fstat's it into `st`;
// refuses what is not a regular file when one was expected. Returns an error text (and fd -1),
// empty on success (then the caller closes fd).
std::string open_checked(const std::string& path, open_expectation expect, int& fd,
                         struct stat& st);
// open_checked in two steps: opening, then the fstat and its check (which closes fd and sets
// it to -1 on failure).
std::string open_expected(const std::string& path, open_expectation expect, int& fd);
std::string check_opened(open_expectation expect, int& fd, struct stat& st);

// True when the bytes start with gzip's magic number (1f 8b).
[[nodiscard]] bool is_gzip(std::string_view bytes) noexcept;

// What a record's error says of a gzip file that could not be inflated, before the reason.
inline constexpr std::string_view kNotFullyDecompressed = "could not be fully decompressed: ";

// Decompresses every gzip member of `compressed` (which starts with gzip's magic number) into
// `out`, at most `max_bytes` of it; returns the record's error text ("could not be fully
// decompressed: " and why), empty on success. A truncated or damaged stream keeps what was
// decompressed; more than `max_bytes` clears `out`.
std::string gunzip(std::string_view compressed, std::string& out, std::size_t max_bytes);

}  // namespace mfsim::corpus
