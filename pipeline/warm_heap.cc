// warm_thread_heap: see warm_heap.h and decision 359.
#include "pipeline/warm_heap.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace mfsim::pipeline {
namespace {

// Makes the whole pages inside [begin, begin + size) resident and writable, zero-filled as a
// fault would leave them.
void populate_for_write(void* begin, std::size_t size) noexcept {
#ifdef MADV_POPULATE_WRITE
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto first = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) & ~(page - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(begin) + size) & ~(page - 1);
  if (end > first) {
    // EINVAL on kernels before 5.14: the pages then fault in when first written, as before.
    static_cast<void>(::madvise(reinterpret_cast<void*>(first), end - first, MADV_POPULATE_WRITE));
  }
#else
  static_cast<void>(begin);
  static_cast<void>(size);
#endif
}

}  // namespace

void warm_thread_heap(std::size_t bytes) noexcept {
  // glibc maps a block this large with mmap of its own until a freed mmap'd block raises the
  // threshold to that block's size (mallopt(3), M_MMAP_THRESHOLD, "dynamic"; the trim
  // threshold rises to twice it). Freeing a slightly larger one first makes the warmed block
  // come from this thread's arena, whose free top it stays once freed. Volatile: the pair
  // must not be optimized away.
  void* volatile raise_threshold = std::malloc(bytes + (std::size_t{64} << 10));
  std::free(raise_threshold);
  void* const block = std::malloc(bytes);
  if (block == nullptr) return;
  populate_for_write(block, bytes);
  std::free(block);
}

}  // namespace mfsim::pipeline
