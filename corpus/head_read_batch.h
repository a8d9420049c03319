// Opening and reading the start of many message files with one system call (io_uring), for
// plans that read only header blocks (decision 333).
//
// On the 2-core VM the benchmarks run on, a system call costs about 1 us however little it
// does, and reading one header block took four (open, fstat, read, close): more time than
// scanning and evaluating it. A worker that claims a run of inputs queues, for each, an open
// into a slot of the ring's own file table (no descriptor in the table the workers share),
// linked to a read of its first bytes and to a one-byte read at --max-message-bytes that says
// whether the file is over the limit without a stat; one io_uring_enter issues the whole run,
// with the closes of the run before. What is unusual (an open or a read that failed, an empty
// file) is left to file_reader's own reads, so that the records are the same either way.
//
// Where io_uring cannot be set up (no io_uring in the kernel, a seccomp filter,
// kernel.io_uring_disabled, MFSIM_IO_URING=0) or refuses an open into its file table (before
// Linux 5.15), start() says no and every file is read as before.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "corpus/huge_page_buffer.h"

struct io_uring;

namespace mfsim::corpus {

class open_directory;  // corpus/input_handles.h

// One file's open and first read, once they have completed (head_read_batch::take).
struct started_head {
  int open_result = 0;   // 0, or -errno when the open failed
  int read_result = 0;   // bytes the first read gave, or -errno (-ECANCELED after a failed open)
  int probe_result = 0;  // the byte at offset max_message_bytes(): 1 when the file is larger
  // The first read's bytes (read_result of them): the batch's, valid until its next start().
  const char* bytes = nullptr;
};

class head_read_batch {
 public:
  static constexpr unsigned kSlots = 16;  // a worker's claimed run (pipeline's kMaxRun)

  head_read_batch();
  ~head_read_batch();
  head_read_batch(const head_read_batch&) = delete;
  head_read_batch& operator=(const head_read_batch&) = delete;

  // Queues the open of `name` (relative to `directory_fd`, or AT_FDCWD) with O_NOFOLLOW when
  // `no_follow`, and the read of its first kHeadFirstRead bytes; `key` names the read for
  // take(). Nothing is issued until take(). False when io_uring is not available here or every
  // slot is taken: read the file as usual then. The batch keeps a copy of `name`, and
  // `directory` (what holds `directory_fd` open) at least until the file is finished: a read
  // started and never taken (its input given up after a failure) is issued when the batch is
  // destroyed. The directory of the latest start() is kept past that, until a file of another
  // directory starts: the files of one folder then share it without touching its count, which
  // the walking thread changes for each file too (decision 357).
  bool start(const void* key, int directory_fd,
             const std::shared_ptr<const open_directory>& directory, std::string_view name,
             bool no_follow);
  // The read started for `key`, once it has completed; null when none was. Reads started for
  // keys before it and never taken are given up (their files closed).
  started_head* take(const void* key);
  // Reads up to `want` bytes at `offset` of a taken file, waiting for them: bytes, or -errno.
  ssize_t read(started_head& head, char* into, std::size_t want, std::uint64_t offset);
  // Done with a taken file: its close goes with the next submission.
  void finish(started_head& head);

 private:
  struct slot;
  bool ready();
  unsigned slot_of(const started_head& head) const noexcept;
  bool wait_for(const slot& s);
  void collect_completions();

  std::unique_ptr<io_uring> ring_;
  std::unique_ptr<std::array<slot, kSlots>> slots_;
  raw_buffer buffers_{nullptr, &std::free};  // kHeadFirstRead bytes per slot, the probes' byte
  bool tried_ = false;    // ready() has tried to set the ring up (ring_: it worked)
  bool failed_ = false;   // waiting on the ring failed: nothing more is started
  bool refused_ = false;  // the kernel refused an open into the ring's file table
  unsigned started_ = 0;  // slots started and not yet finished
  // The directory of the latest start(): the only one an idle slot may still hold, so that a
  // worker keeps at most one directory open besides those of the files it reads.
  const open_directory* latest_directory_ = nullptr;
  std::uint64_t next_order_ = 0;
};

}  // namespace mfsim::corpus
