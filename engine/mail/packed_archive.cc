// packed_archive: libarchive's reader over memory, one format enabled by the signature found.
#include "engine/mail/packed_archive.h"

#include "engine/mail/archive_library.h"

namespace mfsim::mail {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

}  // namespace

std::optional<packed_format> packed_format_of(std::string_view b) noexcept {
  if (b.starts_with(std::string_view("7z\xBC\xAF\x27\x1C", 6))) return packed_format::seven_zip;
  if (b.starts_with("Rar!\x1A\x07")) return packed_format::rar;
  if (b.starts_with(std::string_view("MSCF\0\0\0\0", 8))) return packed_format::cabinet;
  // "BZh", the block size '1'-'9', then a block's magic or the end of an empty stream: with
  // less, libarchive's bzip2 filter would not claim the bytes and they would pass through as
  // one file, that file again, and so on.
  if (b.size() >= 10 && b.starts_with("BZh") && b[3] >= '1' && b[3] <= '9' &&
      (b.substr(4, 6) == "1AY&SY" || b.substr(4, 6) == "\x17\x72\x45\x38\x50\x90")) {
    return packed_format::bzip2;
  }
  return std::nullopt;
}

packed_archive::packed_archive(std::string_view bytes, packed_format format)
    : lib_(archive_library()), format_(format) {
  if (lib_ == nullptr) return;
  archive_ = lib_->read_new();
  if (archive_ == nullptr) return;
  switch (format) {
    case packed_format::seven_zip: lib_->support_7zip(archive_); break;
    case packed_format::rar:
      lib_->support_rar(archive_);
      lib_->support_rar5(archive_);
      break;
    case packed_format::cabinet: lib_->support_cab(archive_); break;
    case packed_format::bzip2:
      lib_->support_bzip2(archive_);
      lib_->support_raw(archive_);
      break;
  }
  if (lib_->open_memory(archive_, bytes.data(), bytes.size()) != ARCHIVE_OK) {
    lib_->read_free(archive_);
    archive_ = nullptr;
  }
}

packed_archive::~packed_archive() {
  if (archive_ != nullptr) lib_->read_free(archive_);
}

bool packed_archive::next(std::string& name) {
  if (archive_ == nullptr) return false;
  for (;;) {
    const int status = lib_->next_header(archive_, &entry_);
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
      // 7z and RAR archives whose headers are encrypted stop here, saying so.
      if (lib_->has_encrypted_entries(archive_) == 1) encrypted_ = true;
      entry_ = nullptr;
      return false;
    }
    if (lib_->entry_is_data_encrypted(entry_) != 0 ||
        lib_->entry_is_metadata_encrypted(entry_) != 0)
      encrypted_ = true;
    // An archive's directories and links are passed over; a bzip2 stream's one file has no
    // name of its own (libarchive calls it "data").
    if (lib_->entry_filetype(entry_) != AE_IFREG) continue;
    const char* path = lib_->entry_pathname(entry_);
    name = path != nullptr && format_ != packed_format::bzip2 ? path : "";
    return true;
  }
}

packed_read packed_archive::read(std::size_t max_bytes, std::string& out) {
  out.clear();
  if (entry_ == nullptr) return packed_read::damaged;
  if (lib_->entry_is_data_encrypted(entry_) != 0) return packed_read::encrypted;
  char chunk[kChunk];
  for (;;) {
    const la_ssize_t n = lib_->read_data(archive_, chunk, sizeof chunk);
    if (n == 0) return packed_read::ok;
    if (n < 0) return packed_read::damaged;
    const auto count = static_cast<std::size_t>(n);
    if (count > max_bytes - out.size()) {
      out.append(chunk, max_bytes - out.size());
      return packed_read::too_large;
    }
    out.append(chunk, count);
  }
}

}  // namespace mfsim::mail
