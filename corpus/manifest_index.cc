// A manifest's ids in blocks, its entries in read order, and a table of their positions.
#include "corpus/manifest_index.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <random>
#include <utility>

#include "corpus/generator/generator_internal.h"

namespace mfsim::corpus {
namespace {

// Ids are copied into blocks of this size (a longer one into a block of its own): one
// allocation for thousands of ids.
constexpr std::size_t kIdBlockBytes = std::size_t{1} << 20;

// A slot comes from the low bits of an id's hash and a taken slot sends the id on to the next,
// so ids picked for hashes whose low bits fall in one run of slots (a fraction of a second of
// tries, std::hash being known) made each insert walk all the ids before it: 50,000 took
// minutes (decision 1087). The hash is mixed with a secret drawn once a run, so no file can aim
// at the slots; what is found, and the order of everything, does not depend on it.
std::size_t hash_of(std::string_view id) noexcept {
  static const std::uint64_t secret =
      (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  std::uint64_t state = std::hash<std::string_view>{}(id) ^ secret;
  return static_cast<std::size_t>(gen::splitmix64(state));
}

}  // namespace

std::string_view manifest_index::keep_id(std::string_view id) {
  if (blocks_.empty() || id.size() > block_size_ - block_used_) {
    block_size_ = std::max(kIdBlockBytes, id.size());
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_size_));
    block_used_ = 0;
  }
  char* at = blocks_.back().get() + block_used_;
  std::memcpy(at, id.data(), id.size());
  block_used_ += id.size();
  return {at, id.size()};
}

// The slot that holds `id`, or the free slot where it would go. The table is never full.
std::size_t manifest_index::slot_of(std::string_view id, std::size_t* read) const noexcept {
  const std::size_t mask = table_.size() - 1;
  for (std::size_t slot = hash_of(id) & mask;; slot = (slot + 1) & mask) {
    if (read != nullptr) ++*read;
    const std::uint32_t held = table_[slot];
    if (held == 0 || entries_[held - 1].id == id) return slot;
  }
}

std::size_t manifest_index::slots_read(std::string_view id) const noexcept {
  std::size_t read = 0;
  if (!table_.empty()) (void)slot_of(id, &read);
  return read;
}

// Doubles the table (at least 16 slots): it is kept at most three quarters full.
void manifest_index::grow_table() {
  table_.assign(std::max<std::size_t>(16, table_.size() * 2), 0);
  const std::size_t mask = table_.size() - 1;
  for (std::size_t at = 0; at < entries_.size(); ++at) {
    std::size_t slot = hash_of(entries_[at].id) & mask;
    while (table_[slot] != 0) slot = (slot + 1) & mask;
    table_[slot] = static_cast<std::uint32_t>(at + 1);
  }
}

bool manifest_index::insert(std::string_view id, manifest_entry e) {
  if ((entries_.size() + 1) * 4 > table_.size() * 3) grow_table();
  const std::size_t slot = slot_of(id);
  if (table_[slot] != 0) return false;
  entries_.push_back(kept{std::move(e), keep_id(id)});
  table_[slot] = static_cast<std::uint32_t>(entries_.size());
  return true;
}

std::size_t manifest_index::position(std::string_view id) const noexcept {
  if (table_.empty()) return npos;
  const std::uint32_t held = table_[slot_of(id)];
  return held == 0 ? npos : held - 1;
}

}  // namespace mfsim::corpus
