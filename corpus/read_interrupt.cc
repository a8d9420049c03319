// The stop flag blocked reads consult.
#include "corpus/read_interrupt.h"

namespace mfsim::corpus {
namespace {

std::atomic<const std::atomic<bool>*> g_flag{nullptr};

}  // namespace

void stop_blocked_reads_on(const std::atomic<bool>* flag) noexcept { g_flag.store(flag); }

bool read_stop_requested() noexcept {
  const std::atomic<bool>* flag = g_flag.load();
  return flag != nullptr && flag->load();
}

}  // namespace mfsim::corpus
