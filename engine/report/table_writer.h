// The human-readable `mfsim run` table: one row per message, streamed.
#pragma once

#include <string>
#include <string_view>

#include "engine/engine.h"

namespace mfsim::report {

// Rules are shown as R1, R2, ... (their position in evaluation order); the legend names them.
// Columns keep a fixed width; a longer value widens its cell rather than being cut.
class table_writer {
 public:
  explicit table_writer(const plan& p);

  [[nodiscard]] std::string header() const;
  [[nodiscard]] std::string legend() const;
  void append_row(std::string& out, std::string_view id, const outcome& result) const;

 private:
  const plan& plan_;
};

}  // namespace mfsim::report
