// The words for what a run passed over (skipped_inputs.h).
#include "corpus/skipped_inputs.h"

#include <string_view>

namespace mfsim::corpus {

std::string skipped_inputs::describe() const {
  static constexpr std::array<std::string_view, kSkipReasons> kNames = {
      "Maildir tmp/ (deliveries still being written) ",
      "files of a Maildir's own folder (index and control files) ",
      "desktop metadata (.DS_Store, ._*, __MACOSX/, Thumbs.db, desktop.ini) ",
      "PST items that are not mail (contacts, appointments, tasks, notes, ...) ",
  };
  std::string text;
  for (std::size_t k = 0; k < kSkipReasons; ++k) {
    const std::uint64_t n = counts_[k].load(std::memory_order_relaxed);
    if (n == 0) continue;
    if (!text.empty()) text += ", ";
    text += kNames[k];
    text += std::to_string(n);
  }
  return text;
}

}  // namespace mfsim::corpus
