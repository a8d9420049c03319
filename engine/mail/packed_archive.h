// 7z, RAR (versions 4 and 5) and cabinet archives, and bzip2 streams, read in memory with
// libarchive for the attachment content conditions (decision 378): their files one after the
// other, each up to a bound the caller gives, and whether any is encrypted.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

struct archive;
struct archive_entry;

namespace mfsim::mail {

struct archive_functions;

enum class packed_format { seven_zip, rar, cabinet, bzip2 };

// The format of `bytes` from its signature; nullopt for none of these.
[[nodiscard]] std::optional<packed_format> packed_format_of(std::string_view bytes) noexcept;

enum class packed_read { ok, too_large, encrypted, damaged };

// Not copyable; `bytes` must outlive it. Throws only when memory runs out.
class packed_archive {
 public:
  packed_archive(std::string_view bytes, packed_format format);
  ~packed_archive();
  packed_archive(const packed_archive&) = delete;
  packed_archive& operator=(const packed_archive&) = delete;

  [[nodiscard]] bool is_open() const noexcept { return archive_ != nullptr; }
  // Moves to the next regular file and sets `name` to its path as stored (a bzip2 stream has
  // one file, named ""); false at the end, or where the archive is damaged or its header
  // encrypted.
  bool next(std::string& name);
  // The current file's bytes into `out`; too_large (and `out` cut) when it holds more than
  // `max_bytes`. Reading one file past `max_bytes` costs at most one more block of libarchive.
  packed_read read(std::size_t max_bytes, std::string& out);
  // Whether an encrypted file, or an encrypted header, was met so far.
  [[nodiscard]] bool saw_encryption() const noexcept { return encrypted_; }

 private:
  const archive_functions* lib_ = nullptr;  // archive_library.h: null when it cannot load
  struct archive* archive_ = nullptr;
  struct archive_entry* entry_ = nullptr;
  packed_format format_;
  bool encrypted_ = false;
};

}  // namespace mfsim::mail
