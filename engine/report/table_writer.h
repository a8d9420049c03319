// The human-readable `mfsim run` table: one row per message, streamed.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "engine/recipient_forks.h"

namespace mfsim::report {

// Rules are shown as R1, R2, ... (their position in evaluation order); the legend names them.
// Every column keeps its width whatever the values: a long value is elided in its middle (a long
// message id keeps its file name), so the columns stay aligned. A message that could not be read
// fully gets its error after the last column. A message rules acted on gets one more line, the
// effects in the order applied, and a message whose recipients end differently one more, its
// forks (decisions 470-474).
class table_writer {
 public:
  // The message column is kDefaultIdWidth wide, or, given the terminal's width in columns, what
  // is left of it after the other columns. On a terminal narrower than the full columns need
  // (about 140), the wide columns (quarantine policy, verdict, action, sender IP, disposition,
  // rules) give up width down to a narrowest each, then the message column down to
  // kNarrowestId: rows fit 80 columns; only under about 80 do they wrap.
  static constexpr std::size_t kDefaultIdWidth = 40;
  static constexpr std::size_t kMinIdWidth = 20;
  static constexpr std::size_t kNarrowestId = 6;
  explicit table_writer(const plan& p, std::size_t terminal_columns = 0);

  [[nodiscard]] std::string header() const;
  [[nodiscard]] std::string legend() const;
  void append_row(std::string& out, std::string_view id, const outcome& result,
                  const recipient_forks* forks = nullptr) const;

 private:
  void append_effects_line(std::string& out, const outcome& r) const;
  static void append_forks_line(std::string& out, const recipient_forks& forks);

  const plan& plan_;
  std::size_t id_width_;
  std::array<std::size_t, 9> widths_{};  // the columns after MESSAGE
};

}  // namespace mfsim::report
