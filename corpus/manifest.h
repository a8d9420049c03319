// A corpus manifest: per message id, envelope facts that override what the headers say
// (mailflow-model.md section 2): the connecting IP, the recipients, the received time.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/manifest_entry.h"
#include "corpus/manifest_index.h"

namespace mfsim::corpus {

// Problems a manifest that does not load is read for: the wrong file given has one a line, and
// 4 million took 15 s and 680 MB to list (decision 574).
inline constexpr std::size_t kMaxManifestProblems = 1000;

// Bytes in a manifest file: a million entries of a path, an IP, a recipient and a time take
// 136 MB, so this holds about four million; past it the file is refused at the line:col the
// budget ends at, with no other problem (decision 891). Every line holds a byte, so line
// numbers fit an int. A JSONL manifest is read a line at a time (decision 985), a CSV one a row
// at a time (decision 1180). The bytes do
// not bound memory alone: an entry held takes about 100 bytes however short its line (decision
// 1077), so kMaxManifestEntries bounds the entries too.
inline constexpr std::size_t kMaxManifestBytes = std::size_t{512} << 20;

// Entries in a manifest: about as many as kMaxManifestBytes holds of the usual ones (a million
// in 136 MB), so none of those is refused, while 34 million entries of an id alone (a 512 MiB
// file, about 5 GB held) are refused at the first entry past it, the file not read, having
// taken about 840 MB (decision 1031).
inline constexpr std::size_t kMaxManifestEntries = std::size_t{4} << 20;

class manifest {
 public:
  // Reads JSONL (one object per line: id, client_ip, recipients, received) or CSV (a header
  // line naming those columns; recipients separated by ';'), chosen by the first non-blank
  // character ('{' means JSONL). Ids are matched exactly against the ids `mfsim run` prints.
  // Throws mfsim::load_error with file:line:col for every bad line, unknown key or column.
  // Both forms may also give auth_as and direction. A file of more than `max_bytes` or of more
  // than `max_entries` entries is refused (kMaxManifestBytes, kMaxManifestEntries; tests give
  // smaller ones).
  [[nodiscard]] static manifest load(const std::string& path,
                                     std::size_t max_bytes = kMaxManifestBytes,
                                     std::size_t max_entries = kMaxManifestEntries);

  // The entry for a message id, or nullptr; marks it used. Safe to call from many threads.
  [[nodiscard]] const manifest_entry* find(std::string_view id) const;
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  // How many entries' ids matched no message, and the first of those ids in sorted order (for
  // a warning at the end of a run): not a copy of every id, which a run of a million took.
  struct unused_entries {
    std::size_t count = 0;
    std::string first;
  };
  [[nodiscard]] unused_entries unused() const;

  // The bytes searched for the file's form and a CSV's header before they were found: a few
  // times the text before them at most, however many blocks it takes (decision 1201), so
  // that a test tells a search begun again for each block by a count, not a time (1232).
  [[nodiscard]] std::uint64_t head_bytes_searched() const noexcept { return head_bytes_searched_; }

  // Each entry by its id, its position also its place in used_ (the order it was read in): the
  // ids are held once (decisions 985, 1077).
 private:
  manifest_index entries_;
  std::unique_ptr<std::atomic<bool>[]> used_;  // per entry, by its index
  std::uint64_t head_bytes_searched_ = 0;
};

}  // namespace mfsim::corpus
