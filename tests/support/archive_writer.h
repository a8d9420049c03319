// Test and fuzz-seed support: a ZIP archive (libzip, deflated entries) and a gzip stream (zlib)
// built in memory, for the attachment content conditions' inputs. Header-only, so
// fuzz/seed_attachments.cc shares it.
#pragma once

#include <zip.h>
#include <zlib.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace mfsim::test {

// The archive's bytes; empty when libzip fails.
inline std::string zip_of(const std::vector<std::pair<std::string, std::string>>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* archive = source != nullptr ? zip_open_from_source(source, ZIP_TRUNCATE, &error) : nullptr;
  zip_error_fini(&error);
  if (archive == nullptr) {
    if (source != nullptr) zip_source_free(source);
    return {};
  }
  zip_source_keep(source);
  for (const auto& [name, bytes] : files) {
    zip_source_t* entry = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    if (entry == nullptr || zip_file_add(archive, name.c_str(), entry, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(entry);
    }
  }
  std::string out;
  if (zip_close(archive) == 0 && zip_source_open(source) == 0) {
    if (zip_source_seek(source, 0, SEEK_END) == 0) {
      const zip_int64_t size = zip_source_tell(source);
      if (size > 0 && zip_source_seek(source, 0, SEEK_SET) == 0) {
        out.resize(static_cast<std::size_t>(size));
        if (zip_source_read(source, out.data(), static_cast<zip_uint64_t>(size)) != size)
          out.clear();
      }
    }
    zip_source_close(source);
  }
  zip_source_free(source);
  return out;
}

// The gzip stream (RFC 1952) of `bytes`; empty when zlib fails.
inline std::string gzip_of(const std::string& bytes) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return {};
  }
  std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const bool done = deflate(&z, Z_FINISH) == Z_STREAM_END;
  out.resize(done ? z.total_out : 0);
  deflateEnd(&z);
  return out;
}

}  // namespace mfsim::test
