// Compound-file checks before libolecf opens a file (compound_file_checks.h). Offsets and
// constants: [MS-CFB] 2.2 (the header) and 2.3 (the FAT and DIFAT).
#include "engine/mail/compound_file_checks.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/little_endian.h"

namespace mfsim::mail {
namespace {

constexpr std::size_t kHeaderSize = 512;
constexpr std::size_t kDirectoryEntrySize = 128;
constexpr std::size_t kHeaderDifatEntries = 109;  // FAT sector locations in the header
constexpr std::uint32_t kMaxRegularSector = 0xFFFFFFFA;

class header_reader {
 public:
  explicit header_reader(std::string_view bytes) : bytes_(bytes) {}
  [[nodiscard]] std::uint32_t u16(std::size_t at) const noexcept { return read_le16(bytes_, at); }
  [[nodiscard]] std::uint32_t u32(std::size_t at) const noexcept { return read_le32(bytes_, at); }

 private:
  std::string_view bytes_;
};

// The file's sectors, each read through the FAT: where a sector starts and what follows it.
class sector_chain {
 public:
  sector_chain(std::string_view bytes, std::uint32_t shift) : bytes_(bytes), shift_(shift) {}

  // The FAT's own sectors, from the header and the DIFAT chain; false when they cannot all be
  // read.
  bool read_fat_locations() {
    const header_reader header(bytes_);
    const std::uint32_t fat_sectors = header.u32(0x2C);
    for (std::size_t k = 0; k < kHeaderDifatEntries && locations_.size() < fat_sectors; ++k)
      locations_.push_back(header.u32(0x4C + 4 * k));
    std::uint32_t difat = header.u32(0x44);
    const std::size_t per_difat = sector_bytes() / 4 - 1;  // the last slot links the next
    for (std::uint32_t n = header.u32(0x48); n > 0 && locations_.size() < fat_sectors; --n) {
      const std::size_t at = sector_offset(difat);
      if (difat > kMaxRegularSector || at + sector_bytes() > bytes_.size()) return false;
      const header_reader sector(bytes_.substr(at, sector_bytes()));
      for (std::size_t k = 0; k < per_difat && locations_.size() < fat_sectors; ++k)
        locations_.push_back(sector.u32(4 * k));
      difat = sector.u32(4 * per_difat);
    }
    return locations_.size() == fat_sectors;
  }

  // The FAT's entry for `sector`: the next sector of its chain; 0xFFFFFFFE (end of chain) when
  // the FAT does not reach it.
  [[nodiscard]] std::uint32_t next(std::uint32_t sector) const noexcept {
    constexpr std::uint32_t kEndOfChain = 0xFFFFFFFE;
    const std::size_t per_fat = sector_bytes() / 4;
    const std::size_t index = sector / per_fat;
    if (index >= locations_.size() || locations_[index] > kMaxRegularSector) return kEndOfChain;
    const std::size_t at = sector_offset(locations_[index]) + 4 * (sector % per_fat);
    if (at + 4 > bytes_.size()) return kEndOfChain;
    return header_reader(bytes_.substr(at, 4)).u32(0);
  }

  [[nodiscard]] std::size_t sector_bytes() const noexcept { return std::size_t{1} << shift_; }

  // The FAT's entries for the sectors the file holds.
  [[nodiscard]] std::vector<std::uint32_t> fat_entries() const {
    const std::size_t held = bytes_.size() >> shift_;  // the header fills the first sector's worth
    const std::size_t count = std::min(held, locations_.size() * (sector_bytes() / 4));
    std::vector<std::uint32_t> entries(count);
    for (std::size_t s = 0; s < count; ++s) entries[s] = next(static_cast<std::uint32_t>(s));
    return entries;
  }

  // The MiniFAT's entries: its `count` sectors, from `first` on through the FAT (which holds
  // no loop by now), as far as the file holds them.
  [[nodiscard]] std::vector<std::uint32_t> mini_fat_entries(std::uint32_t first,
                                                            std::uint32_t count) const {
    std::vector<std::uint32_t> entries;
    for (std::uint32_t sector = first; sector <= kMaxRegularSector && count > 0;
         sector = next(sector), --count) {
      const std::size_t at = sector_offset(sector);
      if (at + sector_bytes() > bytes_.size()) break;
      const header_reader mini(bytes_.substr(at, sector_bytes()));
      for (std::size_t k = 0; k < sector_bytes() / 4; ++k) entries.push_back(mini.u32(4 * k));
    }
    return entries;
  }

 private:
  // Sector 0 follows the header, which fills the first sector's worth of bytes.
  [[nodiscard]] std::size_t sector_offset(std::uint32_t sector) const noexcept {
    return (std::size_t{sector} + 1) << shift_;
  }

  std::string_view bytes_;
  std::uint32_t shift_;
  std::vector<std::uint32_t> locations_;
};

// Whether the header counts no more FAT, MiniFAT and DIFAT sectors than the file can hold. True
// for a file shorter than a header (libolecf reports that itself).
bool header_counts_fit(std::string_view bytes) noexcept {
  if (bytes.size() < kHeaderSize) return true;
  const header_reader header(bytes);
  const std::uint32_t shift = header.u16(0x1E);
  if (shift < 7 || shift > 16) return false;
  const std::uint64_t sectors = bytes.size() / (std::uint64_t{1} << shift) + 1;
  return header.u32(0x2C) <= sectors && header.u32(0x40) <= sectors && header.u32(0x48) <= sectors;
}

// Whether a chain of `table` (FAT or MiniFAT: each entry the next sector of its chain) comes
// back to a sector it passed. libolecf reads such a stream as its sectors over and over up to
// its declared size, without an error. Each entry is walked once: linear in the table.
bool some_chain_loops(const std::vector<std::uint32_t>& table) {
  enum : std::uint8_t { unseen, on_this_walk, walked };
  std::vector<std::uint8_t> state(table.size(), unseen);
  std::vector<std::uint32_t> walk;
  for (std::size_t start = 0; start < table.size(); ++start) {
    std::size_t sector = start;
    while (sector < table.size() && state[sector] == unseen) {  // end marks are past the table
      state[sector] = on_this_walk;
      walk.push_back(static_cast<std::uint32_t>(sector));
      sector = table[sector];
    }
    if (sector < table.size() && state[sector] == on_this_walk) return true;
    for (const std::uint32_t s : walk) state[s] = walked;
    walk.clear();
  }
  return false;
}

// Whether a FAT or MiniFAT chain loops; false when the FAT cannot be read (libolecf reports it).
bool chains_loop(std::string_view bytes) {
  const header_reader header(bytes);
  sector_chain chain(bytes, header.u16(0x1E));
  if (!chain.read_fat_locations()) return false;
  return some_chain_loops(chain.fat_entries()) ||
         some_chain_loops(chain.mini_fat_entries(header.u32(0x3C), header.u32(0x40)));
}

}  // namespace

std::size_t directory_entry_count(std::string_view bytes, std::size_t limit) noexcept {
  if (bytes.size() < kHeaderSize || !header_counts_fit(bytes)) return 0;
  const header_reader header(bytes);
  sector_chain chain(bytes, header.u16(0x1E));
  try {
    if (!chain.read_fat_locations()) return 0;
  } catch (...) {  // the locations' vector could not grow
    return 0;
  }
  const std::size_t per_sector = chain.sector_bytes() / kDirectoryEntrySize;
  std::size_t entries = 0;
  for (std::uint32_t sector = header.u32(0x30); sector <= kMaxRegularSector && entries <= limit;
       sector = chain.next(sector)) {
    entries += per_sector;
  }
  return entries;
}

std::string refusal_before_opening(std::string_view bytes) {
  if (!header_counts_fit(bytes))
    return "damaged compound file (.msg): its header counts more sectors than the file holds";
  if (bytes.size() >= kHeaderSize && chains_loop(bytes))
    return "damaged compound file (.msg): a chain of its sectors loops back on itself";
  if (directory_entry_count(bytes, kMaxCompoundDirectoryEntries) > kMaxCompoundDirectoryEntries) {
    return "compound file (.msg) with more than " + std::to_string(kMaxCompoundDirectoryEntries) +
           " directory entries (the limit kMaxCompoundDirectoryEntries): not read";
  }
  return {};
}

}  // namespace mfsim::mail
