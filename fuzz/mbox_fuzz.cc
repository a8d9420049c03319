// Fuzzes the mbox splitter: it must end, and the messages it yields (envelope lines dropped,
// one '>' removed from quoted From_ lines) can never add up to more bytes than the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "corpus/mbox_reader.h"
#include "fuzz/fuzz_check.h"

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
  return 0;
}
