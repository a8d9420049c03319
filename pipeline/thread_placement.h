// Where the pipeline's helper threads start (decision 337): each on a CPU other than the
// calling thread's, then free to move. A thread created while its creator runs is often put on
// the creator's CPU; the two then contend for a lock on one CPU while another sits idle, and
// the balancer, which moves only waiting threads, can leave them so for the whole run.
#pragma once

#include <sched.h>

#include <cstddef>
#include <vector>

namespace mfsim::pipeline {

class thread_placement {
 public:
  // On the calling thread: the CPUs the process may use and the one it runs on.
  thread_placement();

  // On helper thread `index` (0, 1, ...), first thing: moves it to its CPU, the others in turn
  // starting after the calling thread's, then allows it every CPU again. Returns that CPU, or
  // -1 when nothing was done (one CPU allowed, or the system refused).
  int settle(std::size_t index) const;

 private:
  cpu_set_t allowed_{};
  std::vector<int> starts_;  // the allowed CPUs, the calling thread's own left out
};

}  // namespace mfsim::pipeline
