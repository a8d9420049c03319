// A warmed thread heap (pipeline/warm_heap.h, decision 359): what the thread allocates next is
// carved from pages already resident, so writing it takes no page fault.
#include "pipeline/warm_heap.h"

#include <doctest/doctest.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "tests/support/sanitizers.h"
#include "tests/support/skip.h"

namespace {

// The sanitizer's allocator, not glibc's arenas, serves the heap.
constexpr bool kOwnAllocator = mfsim::test::kBuiltWithAsan || mfsim::test::kBuiltWithTsan;

long thread_page_faults() {
  rusage usage{};
  ::getrusage(RUSAGE_THREAD, &usage);
  return usage.ru_minflt;
}

bool kernel_populates() {
#ifdef MADV_POPULATE_WRITE
  const std::size_t size = 4096;
  void* page = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) return false;
  const bool populated = ::madvise(page, size, MADV_POPULATE_WRITE) == 0;
  ::munmap(page, size);
  return populated;
#else
  return false;
#endif
}

// Skips the test with its reason where warming cannot work.
bool can_warm() {
  const char* reason = kOwnAllocator         ? "a sanitizer build allocates through its own heap"
                       : !kernel_populates() ? "this kernel has no MADV_POPULATE_WRITE (5.14)"
                                             : nullptr;
  if (reason == nullptr) return true;
  mfsim::test::report_skipped(reason);
  return false;
}

}  // namespace

TEST_SUITE("warm heap") {
  TEST_CASE("writing what a thread allocates after warming its heap takes no page fault") {
    if (!can_warm()) return;
    // On a thread of its own, as a pipeline helper: its arena, not the test runner's. The blocks
    // are small, as the records and listings are, and fill most of what was warmed.
    constexpr std::size_t kBlocks = 200;
    constexpr std::size_t kBlockBytes = 3000;
    static_assert(kBlocks * kBlockBytes < mfsim::pipeline::kWarmHeapBytes * 3 / 4);
    long faults = -1;
    bool allocated = true;
    std::thread([&] {
      mfsim::pipeline::warm_thread_heap();
      std::vector<void*> blocks;
      blocks.reserve(kBlocks);
      const long before = thread_page_faults();
      for (std::size_t i = 0; i < kBlocks; ++i) {
        void* block = std::malloc(kBlockBytes);
        if (block == nullptr) {
          allocated = false;
          break;
        }
        std::memset(block, static_cast<int>(i), kBlockBytes);
        blocks.push_back(block);
      }
      faults = thread_page_faults() - before;
      for (void* block : blocks) std::free(block);
    }).join();
    // 600 KB written: about 146 pages, each a fault in a heap that grows as it is written.
    REQUIRE(allocated);
    CHECK(faults >= 0);
    CHECK(faults <= 4);
  }
}
