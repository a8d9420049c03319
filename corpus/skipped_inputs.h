// What a run passes over without a record, counted so that the run can say so: files that are
// not messages by where they lie or how they are named, and PST items that are not mail.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace mfsim::corpus {

enum class skip_reason : std::uint8_t {
  maildir_tmp,       // a Maildir's tmp/ (a folder, or a ZIP entry under one): still being written
  maildir_control,   // a file in a Maildir's own folder (dovecot-uidlist, subscriptions, ...)
  desktop_metadata,  // .DS_Store, ._NAME, __MACOSX/, Thumbs.db, desktop.ini
  pst_not_mail,      // a PST item of another class: contact, appointment, task, note, ...
};
inline constexpr std::size_t kSkipReasons = 4;

// Shared by the walk and the workers: counts only, in relaxed atomics.
class skipped_inputs {
 public:
  void add(skip_reason reason, std::uint64_t n = 1) noexcept {
    counts_[static_cast<std::size_t>(reason)].fetch_add(n, std::memory_order_relaxed);
  }
  [[nodiscard]] std::uint64_t count(skip_reason reason) const noexcept {
    return counts_[static_cast<std::size_t>(reason)].load(std::memory_order_relaxed);
  }
  // "Maildir tmp/ 1, Maildir control files 9, ...": the reasons with a count, in the order
  // above; empty when nothing was passed over.
  [[nodiscard]] std::string describe() const;

 private:
  std::array<std::atomic<std::uint64_t>, kSkipReasons> counts_{};
};

}  // namespace mfsim::corpus
