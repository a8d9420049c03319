// Huge-page read buffers (huge_page_buffer.h).
#include "corpus/huge_page_buffer.h"

#include <sys/mman.h>

#include <algorithm>
#include <new>

namespace mfsim::corpus {

std::size_t whole_huge_pages(std::size_t bytes) noexcept {
  return (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
}

raw_buffer huge_page_buffer(std::size_t bytes) {
  const std::size_t whole = whole_huge_pages(bytes);
  raw_buffer buffer(static_cast<char*>(std::aligned_alloc(kHugePageBytes, whole)), &std::free);
  if (!buffer) throw std::bad_alloc();
  // A hint: where the kernel gives no huge pages (THP off), the buffer has small ones.
  ::madvise(buffer.get(), whole, MADV_HUGEPAGE);
  return buffer;
}

raw_buffer small_buffer(std::size_t bytes) {
  const std::size_t whole =
      (std::max<std::size_t>(bytes, 1) + kPageBytes - 1) / kPageBytes * kPageBytes;
  raw_buffer buffer(static_cast<char*>(std::aligned_alloc(kPageBytes, whole)), &std::free);
  if (!buffer) throw std::bad_alloc();
  return buffer;
}

}  // namespace mfsim::corpus
