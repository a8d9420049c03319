// Fuzzes the RFC 2047 decoder on raw values and on unfolded ones.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/mail/header_scanner.h"
#include "engine/mail/rfc2047.h"
#include "fuzz/fuzz_check.h"

namespace mail = mfsim::mail;

namespace {

void decode_and_check(std::string_view value) {
  std::string out = "kept";
  const mail::rfc2047_result result = mail::decode_rfc2047(value, out);
  MFSIM_FUZZ_CHECK(out.compare(0, 4, "kept") == 0);  // appends, never rewrites
  const std::string_view decoded = std::string_view(out).substr(4);
  if (result == mail::rfc2047_result::plain) MFSIM_FUZZ_CHECK(decoded == value);
  // Windows-1252 is the widest conversion: one byte becomes at most three UTF-8 bytes.
  MFSIM_FUZZ_CHECK(decoded.size() <= 3 * value.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  decode_and_check(value);
  std::string unfolded;
  mail::unfold_value(value, unfolded);
  decode_and_check(unfolded);
  return 0;
}
