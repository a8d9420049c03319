// SIGINT/SIGTERM handling for runs over a corpus, and which signals are left alone.
#include "pipeline/stop_signals.h"

#include <pthread.h>

#include "corpus/read_interrupt.h"

namespace mfsim::pipeline {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
struct sigaction g_previous_int {};
struct sigaction g_previous_term {};

extern "C" void on_stop_signal(int signal_number) {
  g_signal.store(signal_number);
  g_stop.store(true);
  corpus::wake_blocked_reads();  // a read about to wait for standard input sees it
}

sigset_t blocked_signal_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

// Installs on_stop_signal for `signal_number` unless it is ignored; whether it did.
bool take_signal(int signal_number, struct sigaction& previous) {
  if (signal_ignored(signal_number)) return false;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  return sigaction(signal_number, &action, &previous) == 0;
}

}  // namespace

bool signal_ignored(int signal_number) noexcept {
  struct sigaction current {};
  return sigaction(signal_number, nullptr, &current) != 0 || current.sa_handler == SIG_IGN;
}

stop_on_signals::stop_on_signals() {
  g_stop.store(false);
  g_signal.store(0);
  int_taken_ = take_signal(SIGINT, g_previous_int);
  term_taken_ = take_signal(SIGTERM, g_previous_term);
  corpus::stop_blocked_reads_on(&g_stop);
}

stop_on_signals::~stop_on_signals() {
  // The handler first, then its eventfd: no signal writes to a descriptor closed under it.
  if (int_taken_) sigaction(SIGINT, &g_previous_int, nullptr);
  if (term_taken_) sigaction(SIGTERM, &g_previous_term, nullptr);
  corpus::stop_blocked_reads_on(nullptr);
}

std::atomic<bool>& stop_on_signals::flag() noexcept { return g_stop; }

int stop_on_signals::signal_number() const noexcept { return g_signal.load(); }

signals_blocked::signals_blocked() {
  const sigset_t set = blocked_signal_set();
  pthread_sigmask(SIG_BLOCK, &set, &previous_);
}

signals_blocked::~signals_blocked() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

}  // namespace mfsim::pipeline
