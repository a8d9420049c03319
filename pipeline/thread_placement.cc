#include "pipeline/thread_placement.h"

namespace mfsim::pipeline {

thread_placement::thread_placement() {
  CPU_ZERO(&allowed_);
  if (sched_getaffinity(0, sizeof allowed_, &allowed_) != 0 || CPU_COUNT(&allowed_) < 2) return;
  // Every allowed CPU in turn, from the one after the calling thread's, its own last: with more
  // helpers than CPUs, the later ones go round again.
  const int own = sched_getcpu();
  const int first = own >= 0 ? own + 1 : 0;
  for (int k = 0; k < CPU_SETSIZE; ++k) {
    const int cpu = (first + k) % CPU_SETSIZE;
    if (CPU_ISSET(cpu, &allowed_)) starts_.push_back(cpu);
  }
}

int thread_placement::place(pthread_t helper, std::size_t index) const {
  if (starts_.empty()) return -1;
  const int cpu = starts_[index % starts_.size()];
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  return pthread_setaffinity_np(helper, sizeof one, &one) == 0 ? cpu : -1;
}

void thread_placement::release() const {
  if (!starts_.empty()) sched_setaffinity(0, sizeof allowed_, &allowed_);
}

}  // namespace mfsim::pipeline
