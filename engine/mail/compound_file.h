// Reading the streams of a compound file ([MS-CFB]) held in memory: Office 97-2003 documents
// attached to a message (office_binary_text.h). libolecf reads it, after the checks of
// compound_file_checks.h, through a handle that never reads past the bytes (memory_bfio.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::mail {

class compound_file {
 public:
  // Opens `bytes` (not copied: they must outlive this object). Check opened() before reading.
  explicit compound_file(std::string_view bytes);
  ~compound_file();
  compound_file(const compound_file&) = delete;
  compound_file& operator=(const compound_file&) = delete;

  // Whether the file passed the checks and libolecf opened it.
  [[nodiscard]] bool opened() const noexcept;
  // The file's size: no stream of it holds more.
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  // The stream named `name` (without case, as [MS-CFB] compares names) in the root storage:
  // at most `max_bytes` of it; nullopt when there is none or it cannot be read.
  [[nodiscard]] std::optional<std::string> root_stream(std::string_view name,
                                                       std::size_t max_bytes) const;

  // A stream found anywhere in the file, by its path of storage names ("ObjectPool/_12/x").
  struct found_stream {
    std::string path;
    std::string bytes;
    bool cut = false;  // the stream held more than the bytes left to read
  };
  // Every stream named `name` (without case) at any depth, storages before their streams: at
  // most `max_streams` of them and `max_bytes` in all (a stream past that is cut, and says so). The
  // walk enters storages kMaxStorageDepth deep and visits kMaxItemsWalked items at most.
  static constexpr std::size_t kMaxStorageDepth = 8;
  static constexpr std::size_t kMaxItemsWalked = 4096;
  [[nodiscard]] std::vector<found_stream> streams_named(std::string_view name,
                                                        std::size_t max_streams,
                                                        std::size_t max_bytes) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
  std::size_t size_ = 0;
};

}  // namespace mfsim::mail
