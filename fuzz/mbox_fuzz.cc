// Fuzzes the mbox splitters: the reader over bytes in memory must end, and the messages it
// yields (envelope lines dropped, one '>' removed from quoted From_ lines) can never add up to
// more bytes than the input; the stream reader (standard input, FIFOs, gzip), fed the same
// bytes in small reads, must yield the same messages, under a size limit the same messages
// and the same over-limit ones, on a fresh buffer or on one kept from earlier inputs; and the
// parts several workers read a file in must tile it and yield the same messages, whatever the
// part size.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/byte_stream.h"
#include "corpus/file_reader.h"
#include "corpus/mbox_parts.h"
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
                                          std::size_t read_size,
                                          mfsim::corpus::kept_stream_buffer* kept = nullptr) {
  mfsim::corpus::byte_stream source(input);
  mfsim::corpus::mbox_stream stream(source, limit, read_size, kept);
  std::vector<split_message> out;
  std::string_view message;
  std::string unquoted;
  while (stream.next(message, unquoted)) {
    out.push_back({std::string(message), stream.entry_too_large()});
    MFSIM_FUZZ_CHECK(out.size() <= input.size() + 1);
  }
  return out;
}

// The messages of the file's parts of about `part_bytes`, read as the workers read them (the
// file is a memfd, named by its /proc/self/fd link); empty when it is not split.
std::vector<split_message> split_in_parts(std::string_view input, std::size_t part_bytes) {
  const auto offsets = mfsim::corpus::mbox_part_offsets(input.size(), part_bytes);
  if (offsets.size() < 2) return {};
  const int fd = ::memfd_create("mbox", MFD_CLOEXEC);
  MFSIM_FUZZ_CHECK(fd >= 0);
  MFSIM_FUZZ_CHECK(::write(fd, input.data(), input.size()) == static_cast<ssize_t>(input.size()));
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  if (!mfsim::corpus::splittable_mbox(path)) {
    ::close(fd);
    return {};
  }
  auto counts = std::make_shared<mfsim::corpus::mbox_part_counts>(offsets.size());
  std::vector<split_message> out;
  std::size_t covered = 0;
  std::string unquoted;
  static mfsim::corpus::mbox_part_bytes part;  // reused from input to input, as a worker does
  for (std::size_t k = 0; k < offsets.size(); ++k) {
    const bool last = k + 1 == offsets.size();
    const mfsim::corpus::mbox_range range{
        offsets[k], last ? input.size() : offsets[k + 1], input.size(), k, last, counts};
    MFSIM_FUZZ_CHECK(part.read(path, {}, range).empty());
    if (part.empty()) continue;
    MFSIM_FUZZ_CHECK(part.intact());
    // Each part starts where the one before it ended, and the last one ends the file.
    MFSIM_FUZZ_CHECK(input.substr(covered, part.part().size()) == part.part());
    covered += part.part().size();
    MFSIM_FUZZ_CHECK(part.ends_file() == (covered == input.size()));
    mfsim::corpus::mbox_reader reader(part.part(), static_cast<std::size_t>(-1), !part.ends_file());
    std::string_view message;
    while (reader.next(message, unquoted)) out.push_back({std::string(message), false});
  }
  ::close(fd);
  MFSIM_FUZZ_CHECK(covered == input.size());
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
  const std::vector<split_message> limited = split_in_memory(input, limit);
  MFSIM_FUZZ_CHECK(split_streamed(input, limit, read_size) == limited);
  // On a buffer kept from input to input, holding the bytes of earlier ones, as a worker's
  // does (decision 339): the same messages.
  static mfsim::corpus::kept_stream_buffer kept;
  MFSIM_FUZZ_CHECK(split_streamed(input, limit, read_size, &kept) == limited);
  if (size > 1) {
    const std::vector<split_message> parts = split_in_parts(input, 8 + data[1] % 300);
    MFSIM_FUZZ_CHECK(parts.empty() ||
                     parts == split_in_memory(input, static_cast<std::size_t>(-1)));
  }
  return 0;
}
