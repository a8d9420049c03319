// Fuzzes the mbox splitters: the reader over bytes in memory must end, and the messages it
// yields (envelope lines dropped, one '>' removed from quoted From_ lines) can never add up to
// more bytes than the input; the stream reader (standard input, FIFOs, gzip), fed the same
// bytes in small reads, must yield the same messages, under a size limit the same messages
// and the same over-limit ones.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/byte_stream.h"
#include "corpus/file_reader.h"
#include "corpus/mbox_reader.h"
#include "corpus/mbox_stream.h"
#include "fuzz/fuzz_check.h"

namespace {

struct split_message {
  std::string bytes;
  bool too_large = false;
  bool operator==(const split_message&) const = default;
};

std::vector<split_message> split_in_memory(std::string_view input, std::size_t limit) {
  mfsim::corpus::mbox_reader reader(input, limit);
  std::vector<split_message> out;
  std::string_view message;
  std::string unquoted;
  while (reader.next(message, unquoted))
    out.push_back({std::string(message), reader.entry_too_large()});
  return out;
}

std::vector<split_message> split_streamed(std::string_view input, std::size_t limit,
                                          std::size_t read_size) {
  mfsim::corpus::byte_stream source(input);
  mfsim::corpus::mbox_stream stream(source, limit, read_size);
  std::vector<split_message> out;
  std::string_view message;
  std::string unquoted;
  while (stream.next(message, unquoted)) {
    out.push_back({std::string(message), stream.entry_too_large()});
    MFSIM_FUZZ_CHECK(out.size() <= input.size() + 1);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)mfsim::corpus::looks_like_mbox(input);

  mfsim::corpus::mbox_reader reader(input);
  std::string message;
  std::size_t total = 0;
  std::size_t count = 0;
  while (reader.next(message)) {
    ++count;
    total += message.size();
    MFSIM_FUZZ_CHECK(total <= size);
    // Every message but possibly the last consumes at least one line: no endless loop.
    MFSIM_FUZZ_CHECK(count <= size + 1);
  }
  MFSIM_FUZZ_CHECK(!reader.next(message));  // stays at the end
  MFSIM_FUZZ_CHECK(message.empty());

  // A gzip stream is inflated by the stream reader only; the reader in memory sees the bytes.
  if (size == 0 || mfsim::corpus::is_gzip(input)) return 0;
  const std::size_t read_size = 16 + data[0] % 200;
  MFSIM_FUZZ_CHECK(split_streamed(input, static_cast<std::size_t>(-1), read_size) ==
                   split_in_memory(input, static_cast<std::size_t>(-1)));
  const std::size_t limit = 1 + data[size - 1] % 512;
  MFSIM_FUZZ_CHECK(split_streamed(input, limit, read_size) == split_in_memory(input, limit));
  return 0;
}
