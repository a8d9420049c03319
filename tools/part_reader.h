// Reading the parts a sharded command wrote (tools/shard_part.h) for `mfsim merge`: checking
// that they belong together, then handing their records back in walk order, one line per part
// in memory at a time.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tools/shard_part.h"

namespace mfsim::tools {

// One record of a part, the walk position and any extra fields taken off.
struct part_record {
  walk_key position;
  std::string_view extra;   // fields between the position and the record ("" when none)
  std::string_view record;  // the record as the single process writes it, with its '\n'
};

class part_set {
 public:
  // Opens the parts and checks them: each has a header and a trailer; all come from the same
  // command, options, files and walk; shards 1..N each once. On failure returns nullopt and
  // says why in `error` (naming the files).
  static std::optional<part_set> open(const std::vector<std::string>& paths, std::string& error);

  part_set(part_set&&) noexcept;
  part_set& operator=(part_set&&) noexcept;
  ~part_set();

  // The header's "mfsim_part" object (command, options, files, walk).
  [[nodiscard]] const nlohmann::json& header() const { return header_; }
  [[nodiscard]] std::string command() const;
  // Each part's trailer "totals", in shard order.
  [[nodiscard]] const std::vector<nlohmann::json>& totals() const { return totals_; }

  // The next record in walk order across all parts; false at the end or on an error (then
  // `error` is set: a malformed line, positions out of order or seen twice, a record count that
  // does not match the trailer).
  bool next(part_record& out, std::string& error);

 private:
  struct part;
  part_set() = default;
  bool advance(part& p, std::string& error);
  [[nodiscard]] std::function<bool(std::size_t, std::size_t)> later() const;

  std::vector<std::unique_ptr<part>> parts_;
  std::vector<std::size_t> heap_;  // parts not yet done, the one with the least position on top
  std::string held_;               // the text of the record next() returned last
  nlohmann::json header_;
  std::vector<nlohmann::json> totals_;
  std::optional<walk_key> last_;
};

}  // namespace mfsim::tools
