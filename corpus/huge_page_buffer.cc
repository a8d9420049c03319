// Huge-page read buffers (huge_page_buffer.h).
#include "corpus/huge_page_buffer.h"

#include <sys/mman.h>

#include <algorithm>
#include <new>

namespace mfsim::corpus {
namespace {

std::size_t round_up(std::size_t bytes, std::size_t unit) noexcept {
  return (bytes + unit - 1) / unit * unit;
}

// `bytes` rounded up to whole units, aligned to one unit; throws std::bad_alloc.
raw_buffer aligned_buffer(std::size_t bytes, std::size_t unit) {
  raw_buffer buffer(static_cast<char*>(std::aligned_alloc(unit, round_up(bytes, unit))),
                    &std::free);
  if (!buffer) throw std::bad_alloc();
  return buffer;
}

}  // namespace

std::size_t whole_huge_pages(std::size_t bytes) noexcept { return round_up(bytes, kHugePageBytes); }

raw_buffer huge_page_buffer(std::size_t bytes) {
  raw_buffer buffer = aligned_buffer(bytes, kHugePageBytes);
  // A hint: where the kernel gives no huge pages (THP off), the buffer has small ones.
  ::madvise(buffer.get(), whole_huge_pages(bytes), MADV_HUGEPAGE);
  return buffer;
}

raw_buffer small_buffer(std::size_t bytes) {
  return aligned_buffer(std::max<std::size_t>(bytes, 1), kPageBytes);
}

}  // namespace mfsim::corpus
