// Where the pipeline's helper threads start (decision 337): each on a CPU of its own in turn,
// the calling thread's last, then free to move. A thread created while its creator runs is
// often put on the creator's CPU; the two then contend for a lock on one CPU while another
// sits idle, and the balancer, which moves only waiting threads, can leave them so for the
// whole run.
#pragma once

#include <sched.h>

#include <cstddef>
#include <vector>

namespace mfsim::pipeline {

class thread_placement {
 public:
  // On the calling thread: the CPUs the process may use and the one it runs on.
  thread_placement();

  // On helper thread `index` (0, 1, ...), first thing: moves it to its CPU, every allowed one
  // in turn from the one after the calling thread's (its own last), then allows it every CPU
  // again. Returns that CPU, or -1 when nothing was done (one CPU allowed, or the system
  // refused).
  int settle(std::size_t index) const;

 private:
  cpu_set_t allowed_{};
  std::vector<int> starts_;  // the allowed CPUs, the calling thread's own last
};

}  // namespace mfsim::pipeline
