// Warming a thread's heap (decision 359). On the 2-core benchmark VM a page of fresh memory
// costs about 10 us when a write faults it in, and a tenth of that when one madvise makes a run
// of pages resident: a one-job run over phishing_pot x8 took 371 page faults, most of them the
// heap growing a page at a time under the plan, the directory listings, the reading buffers
// and the records. Each thread that reads and evaluates warms its heap once, at its start (the
// pipeline's helpers only in small runs: kWarmHeapMostWorkers).
#pragma once

#include <cstddef>

namespace mfsim::pipeline {

// About what one job's heap grows by over a run of a folder of files (its reading buffers
// included): what it touches beyond this faults in as before.
inline constexpr std::size_t kWarmHeapBytes = std::size_t{1} << 20;
// Pipeline helpers warm their heaps only in runs of at most this many workers. The helpers
// start together, and each warming maps and populates memory under the process's one
// memory-map lock, so the warmings of many helpers run one after another: on the lent 16-core
// machine sixteen jobs took 11.2 ms over an empty folder with them, 6.3-7.2 ms without
// (decision 363).
inline constexpr std::size_t kWarmHeapMostWorkers = 2;

// On the calling thread: makes the next `bytes` of its malloc arena resident in one call, so
// that what the thread allocates next is carved from memory already there. glibc keeps the
// block as the arena's free top once freed; elsewhere, or on a kernel without
// MADV_POPULATE_WRITE (before Linux 5.14), nothing changes but the time of the call.
void warm_thread_heap(std::size_t bytes = kWarmHeapBytes) noexcept;

}  // namespace mfsim::pipeline
