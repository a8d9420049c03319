// zip_archive: libzip over a buffer, entries listed once, reads bounded by the caller.
#include "engine/mail/zip_archive.h"

#include <zip.h>

#include <algorithm>

#include "engine/mail/zip_format.h"
#include "engine/mail/zip_library.h"

namespace mfsim::mail {

zip_archive::zip_archive(std::string_view bytes) noexcept : zip_(zip_library()) {
  if (zip_ == nullptr) return;  // no libzip: as an archive it cannot read
  if (stated_zip_entries(bytes) > kMaxZipEntries) {
    too_many_entries_ = true;
    return;
  }
  try {
    zip_error_t error;
    zip_->error_init(&error);
    zip_source_t* source = zip_->source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source != nullptr) {
      archive_ = zip_->open_from_source(source, ZIP_RDONLY, &error);
      if (archive_ == nullptr) zip_->source_free(source);
    }
    zip_->error_fini(&error);
    if (archive_ == nullptr) return;
    const zip_int64_t count = zip_->get_num_entries(archive_, 0);
    for (zip_int64_t k = 0; k < count; ++k) {
      zip_stat_t st;
      zip_->stat_init(&st);
      if (zip_->stat_index(archive_, static_cast<zip_uint64_t>(k), 0, &st) != 0) continue;
      if ((st.valid & ZIP_STAT_NAME) == 0 || st.name == nullptr) continue;
      std::string name = st.name;
      if (name.empty() || name.back() == '/') continue;
      zip_entry e;
      e.name = std::move(name);
      e.index = static_cast<std::uint64_t>(k);
      e.size = (st.valid & ZIP_STAT_SIZE) != 0 ? st.size : 0;
      e.compressed_size = (st.valid & ZIP_STAT_COMP_SIZE) != 0 ? st.comp_size : 0;
      e.encrypted = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && st.encryption_method != 0;
      entries_.push_back(std::move(e));
    }
    std::sort(entries_.begin(), entries_.end(),
              [](const zip_entry& a, const zip_entry& b) { return a.name < b.name; });
  } catch (...) {
    entries_.clear();  // out of memory listing a hostile directory: read as no entries
  }
}

zip_archive::~zip_archive() {
  if (archive_ != nullptr) zip_->discard(archive_);
}

const zip_entry* zip_archive::find(std::string_view name) const noexcept {
  const auto it =
      std::lower_bound(entries_.begin(), entries_.end(), name,
                       [](const zip_entry& e, std::string_view n) { return e.name < n; });
  return it != entries_.end() && it->name == name ? &*it : nullptr;
}

zip_read zip_archive::read(const zip_entry& entry, std::size_t max_bytes,
                           std::string& out) noexcept {
  out.clear();
  if (archive_ == nullptr) return zip_read::unreadable;
  if (entry.encrypted) return zip_read::encrypted;
  zip_file_t* file = zip_->fopen_index(archive_, entry.index, 0);
  if (file == nullptr) return zip_read::unreadable;
  zip_read status = zip_read::ok;
  try {
    char chunk[1 << 14];
    for (;;) {
      // No more than one byte past the bound: an entry read once the budget is spent costs a
      // byte of inflating, not a chunk (tens of thousands of entries pointing at one bomb).
      const std::size_t room = max_bytes - out.size();
      const std::size_t want = room >= sizeof chunk ? sizeof chunk : room + 1;
      const zip_int64_t n = zip_->fread(file, chunk, want);
      if (n < 0) {
        status = zip_read::unreadable;
        break;
      }
      if (n == 0) break;
      const auto got = static_cast<std::size_t>(n);
      if (out.size() + got > max_bytes) {
        out.append(chunk, max_bytes - out.size());
        status = zip_read::too_large;
        break;
      }
      out.append(chunk, got);
    }
  } catch (...) {
    status = zip_read::too_large;  // the allocation failed: as good as over the bound
  }
  zip_->fclose(file);
  return status;
}

}  // namespace mfsim::mail
