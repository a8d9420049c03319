// A guard for memory-mapped input files that another process may shrink while they are read
// (a mailbox being compacted): touching a page past the new end would raise SIGBUS and kill
// the run. A guarded mapping's fault is absorbed instead: zero pages replace the rest of the
// mapping and the mapping is marked truncated, for the reader to report.
#pragma once

#include <cstddef>

namespace mfsim::corpus {

// The most workers a run may have (`--jobs`, tools/evaluation_options.cc). Each reader holds at
// most one guarded mapping at a time (a worker's, the walker's, explain's), so the table has
// room for all of them: were it full, a large mbox would be read whole instead and refused as
// too large, and which one would depend on timing (an audit saw it at --jobs 400).
inline constexpr std::size_t kMaxJobs = 1024;
inline constexpr std::size_t kGuardSlots = 4 * kMaxJobs;

// Registers [base, base + size) (a page-aligned mapping). Installs the SIGBUS handler on first
// use. Returns a slot to pass to the functions below, or -1 when every slot is taken (the
// caller then reads the file instead of mapping it). Thread-safe.
[[nodiscard]] int guard_mapping(const void* base, std::size_t size) noexcept;

// True once a SIGBUS inside the slot's mapping replaced its tail with zero pages.
[[nodiscard]] bool mapping_truncated(int slot) noexcept;

// Forgets the slot; call before unmapping. Thread-safe.
void unguard_mapping(int slot) noexcept;

}  // namespace mfsim::corpus
