// inflate_bounded(), inflate_gzip_members(): zlib's inflate in 16 KiB steps, stopping at the
// budget.
#include "engine/mail/inflate_bounded.h"

#include <zlib.h>

#include <algorithm>

namespace mfsim::mail {

namespace {

enum class stream_wrapping { zlib, gzip };  // RFC 1950, RFC 1952 (one member)

// One stream; `consumed` says how many input bytes it took.
inflated inflate_one(std::string_view in, stream_wrapping wrapping, std::size_t max_bytes,
                     std::string& out, std::size_t& consumed) {
  z_stream z{};
  const int window_bits = wrapping == stream_wrapping::gzip ? 16 + MAX_WBITS : MAX_WBITS;
  consumed = 0;
  if (inflateInit2(&z, window_bits) != Z_OK) return inflated::damaged;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), 0xFFFFFFFFu));
  std::size_t written = 0;
  char chunk[1 << 14];
  int status = Z_OK;
  while (status == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    status = inflate(&z, Z_NO_FLUSH);
    const std::size_t produced = sizeof chunk - z.avail_out;
    if (written + produced > max_bytes) {
      out.append(chunk, max_bytes - written);
      inflateEnd(&z);
      return inflated::too_large;
    }
    out.append(chunk, produced);
    written += produced;
    if (produced == 0 && status == Z_OK) break;  // no progress: the input is cut short
  }
  consumed = z.total_in;
  inflateEnd(&z);
  return status == Z_STREAM_END ? inflated::complete : inflated::damaged;
}

}  // namespace

inflated inflate_bounded(std::string_view in, std::size_t max_bytes, std::string& out) {
  std::size_t consumed = 0;
  return inflate_one(in, stream_wrapping::zlib, max_bytes, out, consumed);
}

inflated inflate_gzip_members(std::string_view in, std::size_t max_bytes, std::string& out) {
  const std::size_t start = out.size();
  for (;;) {
    std::size_t consumed = 0;
    const inflated status =
        inflate_one(in, stream_wrapping::gzip, max_bytes - (out.size() - start), out, consumed);
    if (status != inflated::complete || consumed == 0) return status;
    in.remove_prefix(std::min(consumed, in.size()));
    // Another member follows, or the end (zero padding, or bytes gzip itself ignores).
    if (!in.starts_with("\x1F\x8B")) return inflated::complete;
  }
}

}  // namespace mfsim::mail
