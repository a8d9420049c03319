// A bounded ring of inputs: the walker fills, workers read and process, one writer drains in
// order.
#include "tools/ordered_pipeline.h"

#include <pthread.h>

#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "corpus/message_source.h"

namespace mfsim::tools {
namespace {

struct owned_message {
  std::string id;
  std::string bytes;
  std::string error;
  std::uint32_t flags = 0;
};

// Outputs a slot holds before its worker waits for the writer: an mbox of any size streams
// through this many records instead of being buffered whole.
constexpr std::size_t kSlotOutputs = 256;

// One input in flight and the outputs of its messages (several for an mbox), a ring of
// kSlotOutputs records: the worker fills [emitted, count), the writer drains from `emitted`
// once the slot is the oldest one.
struct slot {
  corpus::input_ref input;
  std::vector<owned_message> preread;  // inputs read by the walking thread
  std::size_t preread_count = 0;
  std::vector<std::string> outputs = std::vector<std::string>(kSlotOutputs);
  std::vector<std::size_t> sizes = std::vector<std::size_t>(kSlotOutputs);
  std::size_t count = 0;        // records produced (guarded by the ring's mutex)
  std::size_t emitted = 0;      // records written (likewise)
  bool worker_waiting = false;  // its worker waits for room (likewise)
  bool done = false;
};

// What each worker reuses from one input to the next.
struct worker_buffers {
  corpus::file_reader reader;
  std::string entry;
};

class ring {
 public:
  ring(std::size_t window, std::size_t jobs, const pipeline_callbacks& callbacks,
       const std::atomic<bool>* stop, const corpus::read_options& options)
      : slots_(window), buffers_(jobs), callbacks_(callbacks), stop_(stop), options_(options) {}

  // Walking thread: hands one input to the next free slot, reading it first if it must be read
  // here (stdin, FIFOs).
  void push(corpus::input_ref&& input) {
    std::unique_lock lock(mutex_);
    slot_freed_.wait(lock, [&] { return produced_ - written_ < slots_.size(); });
    slot& s = slots_[produced_ % slots_.size()];
    lock.unlock();
    s.input = std::move(input);
    s.preread_count = 0;
    if (s.input.must_read_in_order) {
      corpus::read_input(
          s.input, own_reader_, own_entry_,
          [&](const corpus::corpus_message& m) {
            if (s.preread_count == s.preread.size()) s.preread.emplace_back();
            owned_message& o = s.preread[s.preread_count++];
            o.id.assign(m.id);
            o.bytes.assign(m.bytes);
            o.error.assign(m.read_error);
            o.flags = m.flags;
          },
          stop_, options_);
    }
    lock.lock();
    ++produced_;
    work_ready_.notify_one();
  }

  void finish_input() {
    std::lock_guard lock(mutex_);
    input_done_ = true;
    work_ready_.notify_all();
    output_ready_.notify_all();
  }

  // Worker loop: claims inputs in sequence and processes them outside the lock.
  void work(std::size_t worker) {
    for (;;) {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return claimed_ < produced_ || input_done_; });
      if (claimed_ == produced_) return;  // input done and nothing left
      const std::uint64_t seq = claimed_++;
      slot& s = slots_[seq % slots_.size()];
      s.count = 0;
      s.emitted = 0;
      lock.unlock();
      process_slot(worker, s);
      lock.lock();
      s.done = true;
      output_ready_.notify_all();
    }
  }

  // Writer loop: emits outputs strictly in sequence, the oldest slot's as soon as they exist.
  void write() {
    for (;;) {
      std::unique_lock lock(mutex_);
      output_ready_.wait(lock, [&] {
        if (written_ < produced_) {
          const slot& head = slots_[written_ % slots_.size()];
          return head.emitted < head.count || head.done;
        }
        return input_done_ && written_ == produced_;
      });
      if (written_ == produced_) return;  // input done and everything written
      slot& s = slots_[written_ % slots_.size()];
      if (s.emitted < s.count) {
        // Every record ready now, in one go: one wake-up per batch, not per record.
        const std::size_t first = s.emitted, end = s.count;
        lock.unlock();
        for (std::size_t k = first; k < end; ++k) {
          callbacks_.emit(s.outputs[k % kSlotOutputs], s.sizes[k % kSlotOutputs]);
        }
        lock.lock();
        s.emitted = end;
        if (s.worker_waiting) room_freed_.notify_all();
        continue;
      }
      s.done = false;
      ++written_;
      slot_freed_.notify_one();
      output_ready_.notify_all();
    }
  }

 private:
  void process_slot(std::size_t worker, slot& s) {
    const auto handle = [&](const corpus::corpus_message& m) {
      // Only this worker changes s.count, so it reads it without the lock; one locked step per
      // record publishes it and, when the ring is now full, waits for the writer to drain it
      // (which it does once this slot is the oldest).
      const std::size_t k = s.count % kSlotOutputs;
      s.outputs[k].clear();
      callbacks_.process(worker, {m.id, m.bytes, m.read_error, m.flags}, s.outputs[k]);
      s.sizes[k] = m.bytes.size();
      std::unique_lock lock(mutex_);
      // The writer waits only on an empty ring (of the oldest input): wake it when this one
      // stops being empty.
      if (s.count++ == s.emitted) output_ready_.notify_all();
      if (s.count - s.emitted == kSlotOutputs) {
        s.worker_waiting = true;
        room_freed_.wait(lock, [&] { return s.count - s.emitted < kSlotOutputs; });
        s.worker_waiting = false;
      }
    };
    if (s.input.must_read_in_order) {
      for (std::size_t k = 0; k < s.preread_count; ++k) {
        const owned_message& o = s.preread[k];
        handle({o.id, o.bytes, o.error, o.flags});
      }
      return;
    }
    worker_buffers& b = buffers_[worker];
    corpus::read_input(s.input, b.reader, b.entry, handle, stop_, options_);
  }

  std::vector<slot> slots_;
  std::vector<worker_buffers> buffers_;
  corpus::file_reader own_reader_;
  std::string own_entry_;
  const pipeline_callbacks& callbacks_;
  const std::atomic<bool>* stop_;
  const corpus::read_options& options_;
  std::mutex mutex_;
  std::condition_variable work_ready_, output_ready_, slot_freed_, room_freed_;
  std::uint64_t produced_ = 0, claimed_ = 0, written_ = 0;
  bool input_done_ = false;
};

void run_inline(const std::vector<std::string>& paths, const pipeline_callbacks& callbacks,
                const std::atomic<bool>* stop, const corpus::read_options& options) {
  std::string out;
  corpus::read_messages(
      paths,
      [&](const corpus::corpus_message& m) {
        out.clear();
        callbacks.process(0, {m.id, m.bytes, m.read_error, m.flags}, out);
        callbacks.emit(out, m.bytes.size());
      },
      stop, options);
}

}  // namespace

void run_ordered(const std::vector<std::string>& paths, std::size_t jobs, std::size_t window,
                 const pipeline_callbacks& callbacks, const std::atomic<bool>* stop,
                 const corpus::read_options& options) {
  if (jobs <= 1) {
    run_inline(paths, callbacks, stop, options);
    return;
  }
  ring r(std::max<std::size_t>(window, jobs), jobs, callbacks, stop, options);
  // Helper threads never take SIGINT/SIGTERM: the calling thread, which walks and reads stdin
  // and FIFOs, must see them (a blocking read is interrupted and the walk stops).
  sigset_t stop_signals, previous;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);
  std::vector<std::thread> workers;
  for (std::size_t w = 0; w < jobs; ++w) workers.emplace_back([&r, w] { r.work(w); });
  std::thread writer([&r] { r.write(); });
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);

  corpus::walk_inputs(
      paths, [&](corpus::input_ref&& input) { r.push(std::move(input)); }, stop, options);
  r.finish_input();
  for (auto& t : workers) t.join();
  writer.join();
}

}  // namespace mfsim::tools
