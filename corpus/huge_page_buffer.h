// Read buffers in whole 2 MiB pages that the kernel may back with huge pages (MADV_HUGEPAGE):
// a fresh buffer then faults in once per 2 MiB rather than once per 4 KiB page. On a virtual
// machine a page fault costs microseconds, about what a whole message's evaluation does
// (decisions.md 314).
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>

namespace mfsim::corpus {

// Bytes that are not zero-filled (as a string's growth or make_unique<char[]> would be), freed
// with std::free.
using raw_buffer = std::unique_ptr<char[], void (*)(void*)>;

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
// A read buffer up to this size is kept by its worker for the next input; a larger one, grown
// for one large message, is given back.
inline constexpr std::size_t kKeptBufferBytes = std::size_t{4} << 20;

// `bytes` rounded up to whole 2 MiB pages.
[[nodiscard]] std::size_t whole_huge_pages(std::size_t bytes) noexcept;
// A buffer of `bytes` (a whole number of 2 MiB pages), aligned to 2 MiB and marked for huge
// pages where the kernel allows them; throws std::bad_alloc.
[[nodiscard]] raw_buffer huge_page_buffer(std::size_t bytes);
// A buffer of `bytes` from malloc, for sizes too small to deserve a huge page.
[[nodiscard]] raw_buffer small_buffer(std::size_t bytes);

}  // namespace mfsim::corpus
