// Fuzzes the Outlook readers (issue 18): .msg (libolecf and mfsim's property layer), PST
// (libpff), ZIP (libzip), the RFC 5322 rebuild and --unwrap's search for attached messages.
// Every input must give at least one record with an id, and errors stay on one line.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "corpus/containers.h"
#include "corpus/message_unpacker.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  mfsim::corpus::read_options options;
  options.unwrap = size > 0 && (data[size - 1] & 1) != 0;  // both ways, from the same seeds
  options.outlook.max_item_bytes = std::size_t{8} << 20;   // keep each run quick
  options.max_archive_entry_bytes = std::size_t{8} << 20;
  std::size_t records = 0;
  const auto sink = [&](const mfsim::corpus::corpus_message& m) {
    ++records;
    MFSIM_FUZZ_CHECK(!m.id.empty());
    MFSIM_FUZZ_CHECK(m.read_error.find('\n') == std::string_view::npos);
  };
  if (mfsim::corpus::is_container(input)) {
    mfsim::corpus::read_container("input", input, {}, options, sink, nullptr);
  } else {
    mfsim::corpus::unpack_message({"input", input, {}, 0}, options, sink);
  }
  MFSIM_FUZZ_CHECK(records >= 1);
  return 0;
}
