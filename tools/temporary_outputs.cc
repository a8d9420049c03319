// A signal handler may only call async-signal-safe functions (signal-safety(7)): the names are
// kept in fixed buffers, published by an atomic folder descriptor, and removed with unlinkat.
#include "tools/temporary_outputs.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "pipeline/stop_signals.h"

namespace mfsim::tools {
namespace {

constexpr int kFree = -1;
constexpr int kFilling = -2;  // taken, its name not written yet: the handler skips it

struct temporary_slot {
  std::atomic<int> folder{kFree};
  std::array<char, NAME_MAX + 1> name{};
};

// A command holds at most a few outputs at once (merge: -o, --report, --junit).
std::array<temporary_slot, 16> g_slots;

extern "C" void remove_temporaries_and_end(int signal_number) {
  const int saved_errno = errno;
  for (temporary_slot& slot : g_slots) {
    const int folder = slot.folder.load(std::memory_order_acquire);
    if (folder >= 0) ::unlinkat(folder, slot.name.data(), 0);
  }
  errno = saved_errno;
  // SA_RESETHAND has restored the default action: the signal, pending until this handler
  // returns, ends the process as it would have.
  ::raise(signal_number);
}

}  // namespace

void remove_temporary_outputs_on_signals() {
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    if (pipeline::signal_ignored(signal_number)) continue;  // at exec, ignored or default
    struct sigaction action {};
    action.sa_handler = remove_temporaries_and_end;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    ::sigaction(signal_number, &action, nullptr);
  }
}

int remember_temporary(int folder, const std::string& name) {
  if (folder < 0 || name.size() >= NAME_MAX + 1) return -1;
  for (std::size_t k = 0; k < g_slots.size(); ++k) {
    int expected = kFree;
    if (!g_slots[k].folder.compare_exchange_strong(expected, kFilling)) continue;
    std::memcpy(g_slots[k].name.data(), name.c_str(), name.size() + 1);
    g_slots[k].folder.store(folder, std::memory_order_release);
    return static_cast<int>(k);
  }
  return -1;
}

void forget_temporary(int slot) {
  if (slot >= 0 && static_cast<std::size_t>(slot) < g_slots.size())
    g_slots[static_cast<std::size_t>(slot)].folder.store(kFree, std::memory_order_release);
}

}  // namespace mfsim::tools
