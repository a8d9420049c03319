// The SIGBUS handler and the table of guarded mappings it consults.
#include "corpus/mapping_guard.h"

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <mutex>

namespace mfsim::corpus {
namespace {

constexpr int kSlots = static_cast<int>(kGuardSlots);

struct guarded_mapping {
  std::atomic<std::uintptr_t> base{0};  // 0: free; kClaimed: being filled
  std::atomic<std::size_t> size{0};
  std::atomic<bool> truncated{false};
};

constexpr std::uintptr_t kClaimed = 1;
guarded_mapping g_slots[kSlots];
std::uintptr_t g_page_size = 4096;  // set before the handler is installed
std::once_flag g_install_once;

// Runs on the faulting thread. Only lock-free atomics and system calls: mmap is a plain
// system call on Linux, safe here in practice though POSIX does not list it.
extern "C" void on_sigbus(int signal_number, siginfo_t* info, void* /*context*/) {
  const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
  for (guarded_mapping& slot : g_slots) {
    const std::uintptr_t base = slot.base.load(std::memory_order_acquire);
    const std::size_t size = slot.size.load(std::memory_order_acquire);
    if (base <= kClaimed || address < base || address >= base + size) continue;
    const std::uintptr_t page = address & ~(g_page_size - 1);
    void* replaced = ::mmap(reinterpret_cast<void*>(page), base + size - page, PROT_READ,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (replaced != MAP_FAILED) {
      slot.truncated.store(true, std::memory_order_release);
      return;  // the faulting read is retried and now reads zeros
    }
    break;
  }
  // Not a guarded mapping: the default action, as if no handler had been installed.
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

void install_handler() {
  g_page_size = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  struct sigaction action {};
  action.sa_sigaction = on_sigbus;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGBUS, &action, nullptr);
}

}  // namespace

int guard_mapping(const void* base, std::size_t size) noexcept {
  try {
    std::call_once(g_install_once, install_handler);
  } catch (...) {
    return -1;
  }
  for (int k = 0; k < kSlots; ++k) {
    guarded_mapping& slot = g_slots[k];
    std::uintptr_t expected = 0;
    // Claim the slot (base 1 means "being filled", which the handler skips), then fill it.
    if (!slot.base.compare_exchange_strong(expected, kClaimed, std::memory_order_acq_rel)) continue;
    slot.size.store(size, std::memory_order_release);
    slot.truncated.store(false, std::memory_order_release);
    slot.base.store(reinterpret_cast<std::uintptr_t>(base), std::memory_order_release);
    return k;
  }
  return -1;
}

bool mapping_truncated(int slot) noexcept {
  return slot >= 0 && slot < kSlots && g_slots[slot].truncated.load(std::memory_order_acquire);
}

void unguard_mapping(int slot) noexcept {
  if (slot >= 0 && slot < kSlots) g_slots[slot].base.store(0, std::memory_order_release);
}

}  // namespace mfsim::corpus
