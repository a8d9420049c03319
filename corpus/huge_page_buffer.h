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

// The kernel copies a read's bytes with `rep movsb`, which on some x86 hosts (AMD EPYC here)
// runs 1.5-4x slower when the destination lies 1 to 31 bytes past the source within a 4 KiB
// page. So every read buffer starts on a page, and the header reads and mbox parts put the
// bytes of file offset F at an address whose offset within its page is F's (decisions.md 362).
// mbox_stream does not: it keeps an unfinished message at its buffer's start, so its reads land
// where that message's length puts them (in the slow range about once in 130 reads).
inline constexpr std::size_t kPageBytes = 4096;
inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
// A read buffer up to this size is kept by its worker for the next input; a larger one, grown
// for one large message, is given back.
inline constexpr std::size_t kKeptBufferBytes = std::size_t{4} << 20;

// `bytes` rounded up to whole 2 MiB pages.
[[nodiscard]] std::size_t whole_huge_pages(std::size_t bytes) noexcept;
// A buffer of `bytes` (a whole number of 2 MiB pages), aligned to 2 MiB and marked for huge
// pages where the kernel allows them; throws std::bad_alloc.
[[nodiscard]] raw_buffer huge_page_buffer(std::size_t bytes);
// A buffer of `bytes` (rounded up to whole 4 KiB pages), aligned to 4 KiB, for sizes too small
// to deserve a huge page; throws std::bad_alloc.
[[nodiscard]] raw_buffer small_buffer(std::size_t bytes);

}  // namespace mfsim::corpus
