// Where the pipeline's helper threads start (decision 337): each on a CPU of its own in turn,
// the calling thread's last, then free to move. A thread created while its creator runs is
// often put on the creator's CPU; the two then contend for a lock on one CPU while another
// sits idle, and the balancer, which moves only waiting threads, can leave them so for the
// whole run. The creator places each helper as soon as it exists (decision 354): a helper
// that moved itself had first to wait for a turn on the creator's CPU, and the move stopped
// the creator while the kernel migrated it.
#pragma once

#include <pthread.h>
#include <sched.h>

#include <cstddef>
#include <vector>

namespace mfsim::pipeline {

class thread_placement {
 public:
  // On the calling thread: the CPUs the process may use and the one it runs on.
  thread_placement();
  // On the calling thread, right after it created helper `index` (0, 1, ...): allows the
  // helper only its CPU, every allowed one in turn from the one after the calling thread's
  // (its own last), so that the helper runs there from the start. Returns that CPU, or -1 when
  // nothing was done (one CPU allowed, or the system refused).
  int place(pthread_t helper, std::size_t index) const;
  // On a helper, once it has been placed: allows it every CPU again (it is on one of them, so
  // nothing moves), for the scheduler to balance as it will.
  void release() const;

 private:
  cpu_set_t allowed_{};
  std::vector<int> starts_;  // the allowed CPUs, the calling thread's own last
};

}  // namespace mfsim::pipeline
