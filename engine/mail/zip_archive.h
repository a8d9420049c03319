// A ZIP archive read in memory with libzip, for the attachment content conditions: the list of
// entries with their stated sizes, and each entry's bytes up to a bound the caller gives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct zip;

namespace mfsim::mail {

struct zip_functions;

struct zip_entry {
  std::string name;         // as stored: "word/document.xml"
  std::uint64_t index = 0;  // libzip's index
  std::uint64_t size = 0;   // uncompressed size the archive states (may lie)
  std::uint64_t compressed_size = 0;
  bool encrypted = false;
};

enum class zip_read { ok, too_large, unreadable, encrypted };

// The most entries an archive may state in its end record. libzip lists every one when it
// opens the archive, about nine times the archive's size in memory: 900,000 records in 63 MB
// held 544 MB, while the inspection reads at most 256 files (an audit found it).
inline constexpr std::uint64_t kMaxZipEntries = 65536;

// Not copyable; `bytes` must outlive the archive. Never throws.
class zip_archive {
 public:
  // Refuses (not open, too_many_entries()) an archive whose end record states more than
  // kMaxZipEntries entries, before libzip reads its directory.
  explicit zip_archive(std::string_view bytes) noexcept;
  ~zip_archive();
  zip_archive(const zip_archive&) = delete;
  zip_archive& operator=(const zip_archive&) = delete;

  [[nodiscard]] bool is_open() const noexcept { return archive_ != nullptr; }
  [[nodiscard]] bool too_many_entries() const noexcept { return too_many_entries_; }
  // Files only (directories left out), sorted by name.
  [[nodiscard]] const std::vector<zip_entry>& entries() const noexcept { return entries_; }
  [[nodiscard]] const zip_entry* find(std::string_view name) const noexcept;
  // The entry's bytes into `out`; too_large (and `out` cut) when it holds more than max_bytes,
  // whatever the archive states.
  zip_read read(const zip_entry& entry, std::size_t max_bytes, std::string& out) noexcept;

 private:
  const zip_functions* zip_ = nullptr;  // libzip (zip_library.h): null when it cannot load
  struct zip* archive_ = nullptr;
  std::vector<zip_entry> entries_;
  bool too_many_entries_ = false;
};

}  // namespace mfsim::mail
