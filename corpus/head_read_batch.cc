// head_read_batch: io_uring opens and first reads for a run of message files.
#include "corpus/head_read_batch.h"

#include <fcntl.h>
#include <liburing.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

#include "corpus/file_reader.h"

namespace mfsim::corpus {
namespace {

// Requests per slot: open, regular-file check, first read, probe; a close; and one read() at
// a time.
constexpr unsigned kRingEntries = 128;

// What a completion is for: user_data holds the slot's start order, the slot and this.
enum request_kind : std::uint64_t {
  open_request = 1,
  regular_check_request,
  first_read_request,
  probe_request,
  more_request,
  close_request
};
constexpr unsigned kKindBits = 3;
constexpr unsigned kSlotBits = 4;
static_assert((1u << kSlotBits) >= head_read_batch::kSlots);

std::uint64_t user_data(std::uint64_t order, unsigned index, request_kind kind) noexcept {
  return (order << (kSlotBits + kKindBits)) | (std::uint64_t{index} << kKindBits) | kind;
}

// MFSIM_IO_URING=0 turns the batches off: for comparing the two ways of reading.
bool turned_off() noexcept {
  const char* setting = std::getenv("MFSIM_IO_URING");
  return setting != nullptr && std::strcmp(setting, "0") == 0;
}

}  // namespace

struct head_read_batch::slot {
  started_head head;
  const void* key = nullptr;
  std::string name;  // the open's, until it is issued
  // Holds the open's directory_fd open; once finished, kept while it is the latest directory.
  std::shared_ptr<const open_directory> directory;
  std::uint64_t order = 0;  // which start() this is, to tell its completions from earlier ones
  bool busy = false;        // started and not finished
  int awaited = 0;          // completions still to come (first read, probe, a read())
  ssize_t more_result = 0;  // the last read()'s
};

head_read_batch::head_read_batch() = default;

head_read_batch::~head_read_batch() {
  if (ring_ == nullptr) return;
  // The kernel may still write into buffers of reads never taken: wait for them first.
  bool settled = true;
  for (unsigned index = 0; index < kSlots && settled; ++index) {
    if ((*slots_)[index].awaited > 0) settled = wait_for((*slots_)[index]);
  }
  io_uring_queue_exit(ring_.get());
  // A ring that failed may still complete reads after it is closed: its buffers stay.
  if (!settled) static_cast<void>(buffers_.release());
}

bool head_read_batch::ready() {
  if (tried_) return ring_ != nullptr && !failed_;
  tried_ = true;
  if (turned_off()) return false;
  auto ring = std::make_unique<io_uring>();
  if (io_uring_queue_init(kRingEntries, ring.get(), 0) != 0) return false;
  // The ring's own file table: opens go into its slots, not into the process's descriptors.
  if (io_uring_register_files_sparse(ring.get(), kSlots) != 0) {
    io_uring_queue_exit(ring.get());
    return false;
  }
  ring_ = std::move(ring);
  slots_ = std::make_unique<std::array<slot, kSlots>>();
  // One block for every slot's first read, never grown: a longer header block is read on in
  // the file_reader's own buffer, so fresh pages (a fault costs 10-20 us on the benchmark VM)
  // are touched once per worker, not per long header.
  // The probes' bytes go after them (never read). Page-aligned, as a read's offset is
  // (kPageBytes).
  buffers_ = small_buffer(std::size_t{kSlots} * kHeadFirstRead + 1);
  for (unsigned index = 0; index < kSlots; ++index)
    (*slots_)[index].head.bytes = buffers_.get() + std::size_t{index} * kHeadFirstRead;
  return true;
}

bool head_read_batch::start(const void* key, int directory_fd,
                            const std::shared_ptr<const open_directory>& directory,
                            std::string_view name, bool no_follow) {
  if (started_ == kSlots || refused_ || !ready() || io_uring_sq_space_left(ring_.get()) < 4) {
    return false;
  }
  if (directory.get() != latest_directory_) {
    // Another folder: the idle slots let go of the one before.
    for (slot& idle : *slots_) {
      if (!idle.busy) idle.directory.reset();
    }
    latest_directory_ = directory.get();
  }
  unsigned index = 0;
  while ((*slots_)[index].busy) ++index;
  slot& s = (*slots_)[index];
  s.key = key;
  s.name.assign(name);  // the slot's capacity is reused: no allocation once warm
  // Copied only when the slot holds another one: the count is shared with the walking thread.
  if (s.directory != directory) s.directory = directory;
  s.order = ++next_order_;
  s.busy = true;
  s.awaited = 2;
  s.head.open_result = 0;
  s.head.read_result = s.head.probe_result = -ECANCELED;
  ++started_;
  // O_NONBLOCK, as open_expected: a FIFO swapped in since the walk must not block the read.
  // O_CLOEXEC does not apply to the ring's own files.
  const int flags = O_RDONLY | O_NONBLOCK | (no_follow ? O_NOFOLLOW : 0);
  io_uring_sqe* sqe = io_uring_get_sqe(ring_.get());
  io_uring_prep_openat_direct(sqe, directory_fd >= 0 ? directory_fd : AT_FDCWD, s.name.c_str(),
                              flags, 0, index);
  sqe->flags |= IOSQE_IO_LINK | IOSQE_CQE_SKIP_SUCCESS;
  io_uring_sqe_set_data64(sqe, user_data(s.order, index, open_request));
  // What read_head's fstat checks: posix_fadvise fails with ESPIPE on a FIFO put in the file's
  // place since the walk (POSIX_FADV_NORMAL, the default, changes nothing on a file).
  sqe = io_uring_get_sqe(ring_.get());
  io_uring_prep_fadvise(sqe, static_cast<int>(index), 0, 0, POSIX_FADV_NORMAL);
  sqe->flags |= IOSQE_FIXED_FILE | IOSQE_IO_LINK | IOSQE_CQE_SKIP_SUCCESS;
  io_uring_sqe_set_data64(sqe, user_data(s.order, index, regular_check_request));
  // A read that fails or comes short (the whole file) cancels the probe after it.
  sqe = io_uring_get_sqe(ring_.get());
  io_uring_prep_read(sqe, static_cast<int>(index),
                     buffers_.get() + std::size_t{index} * kHeadFirstRead,
                     static_cast<unsigned>(kHeadFirstRead), 0);
  sqe->flags |= IOSQE_FIXED_FILE | IOSQE_IO_LINK;
  io_uring_sqe_set_data64(sqe, user_data(s.order, index, first_read_request));
  sqe = io_uring_get_sqe(ring_.get());
  io_uring_prep_read(sqe, static_cast<int>(index),
                     buffers_.get() + std::size_t{kSlots} * kHeadFirstRead, 1, max_message_bytes());
  sqe->flags |= IOSQE_FIXED_FILE;
  io_uring_sqe_set_data64(sqe, user_data(s.order, index, probe_request));
  return true;
}

started_head* head_read_batch::take(const void* key) {
  if (ring_ == nullptr || failed_ || started_ == 0) return nullptr;
  // The latest read started for the key: an input's place may serve a later input.
  slot* found = nullptr;
  for (slot& s : *slots_) {
    if (s.busy && s.key == key && (found == nullptr || s.order > found->order)) found = &s;
  }
  if (found == nullptr) return nullptr;
  // Reads started before this one and never taken (their input was skipped): closed.
  for (unsigned index = 0; index < kSlots; ++index) {
    slot& s = (*slots_)[index];
    if (s.busy && s.order < found->order && s.key != nullptr) {
      if (!wait_for(s)) return nullptr;
      finish(s.head);
    }
  }
  if (!wait_for(*found)) return nullptr;
  found->key = nullptr;  // taken
  return &found->head;
}

ssize_t head_read_batch::read(started_head& head, char* into, std::size_t want,
                              std::uint64_t offset) {
  const unsigned index = slot_of(head);
  slot& s = (*slots_)[index];
  io_uring_sqe* sqe = io_uring_get_sqe(ring_.get());
  if (sqe == nullptr) {
    io_uring_submit(ring_.get());
    sqe = io_uring_get_sqe(ring_.get());
    if (sqe == nullptr) return -EAGAIN;
  }
  io_uring_prep_read(sqe, static_cast<int>(index), into, static_cast<unsigned>(want), offset);
  sqe->flags |= IOSQE_FIXED_FILE;
  io_uring_sqe_set_data64(sqe, user_data(s.order, index, more_request));
  ++s.awaited;
  if (!wait_for(s)) return -EIO;
  return s.more_result;
}

void head_read_batch::finish(started_head& head) {
  const unsigned index = slot_of(head);
  slot& s = (*slots_)[index];
  if (!s.busy) return;
  io_uring_sqe* sqe = io_uring_get_sqe(ring_.get());
  if (sqe == nullptr) {
    io_uring_submit(ring_.get());
    sqe = io_uring_get_sqe(ring_.get());
  }
  // Without a free entry the next open into this slot replaces (and closes) the file.
  if (sqe != nullptr) {
    io_uring_prep_close_direct(sqe, index);
    sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
    io_uring_sqe_set_data64(sqe, user_data(s.order, index, close_request));
  }
  s.busy = false;
  s.key = nullptr;
  if (s.directory.get() != latest_directory_) s.directory.reset();
  --started_;
}

unsigned head_read_batch::slot_of(const started_head& head) const noexcept {
  const auto* s =
      reinterpret_cast<const slot*>(reinterpret_cast<const char*>(&head) - offsetof(slot, head));
  return static_cast<unsigned>(s - slots_->data());
}

// Submits what is queued and waits until `s` expects no more completions; false when the ring
// failed (then nothing more is started on it).
bool head_read_batch::wait_for(const slot& s) {
  while (s.awaited > 0) {
    const int submitted = io_uring_submit_and_wait(ring_.get(), 1);
    if (submitted < 0 && submitted != -EINTR && submitted != -EAGAIN && submitted != -EBUSY) {
      failed_ = true;
      return false;
    }
    collect_completions();
  }
  return true;
}

void head_read_batch::collect_completions() {
  io_uring_cqe* cqe = nullptr;
  while (io_uring_peek_cqe(ring_.get(), &cqe) == 0) {
    const std::uint64_t data = io_uring_cqe_get_data64(cqe);
    const int result = cqe->res;
    io_uring_cqe_seen(ring_.get(), cqe);
    const auto kind = static_cast<request_kind>(data & ((1u << kKindBits) - 1));
    const unsigned index = (data >> kKindBits) & ((1u << kSlotBits) - 1);
    slot& s = (*slots_)[index];
    if (s.order != data >> (kSlotBits + kKindBits)) continue;  // a close after the slot's reuse
    switch (kind) {
      case open_request:  // posted only when it failed: the requests linked to it post nothing
        s.head.open_result = result;
        s.awaited = 0;
        // A kernel before 5.15 knows no direct descriptors: every open would fail so.
        if (result == -EINVAL) refused_ = true;
        break;
      case regular_check_request:  // likewise: not a regular file, the reads are not made
        s.awaited = 0;
        break;
      case first_read_request:
        s.head.read_result = result;
        --s.awaited;
        break;
      case probe_request:
        s.head.probe_result = result;
        --s.awaited;
        break;
      case more_request:
        s.more_result = result;
        --s.awaited;
        break;
      case close_request: break;
    }
  }
}

}  // namespace mfsim::corpus
