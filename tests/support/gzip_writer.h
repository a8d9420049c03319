// Test support: deflating test data in memory (one gzip member, or a raw stream), with zlib.
#pragma once

#include <doctest/doctest.h>
#include <zlib.h>

#include <string>

namespace mfsim::test {

// `text` deflated with zlib's `window_bits`: 15 + 16 writes a gzip member, -15 a raw deflate
// stream (what a ZIP entry holds).
inline std::string deflate_of(const std::string& text, int window_bits) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

inline std::string gzip_of(const std::string& text) { return deflate_of(text, 15 + 16); }

}  // namespace mfsim::test
