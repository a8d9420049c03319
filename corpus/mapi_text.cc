// FILETIME conversion.
#include "corpus/mapi_text.h"

namespace mfsim::corpus {

std::optional<std::int64_t> filetime_to_epoch(std::uint64_t filetime) noexcept {
  constexpr std::uint64_t kEpochOffset = 116444736000000000ull;  // 1601 to 1970 in 100 ns
  constexpr std::uint64_t kYear10000 = 2650467744000000000ull;   // 9999-12-31 and a bit
  if (filetime < kEpochOffset || filetime > kYear10000) return std::nullopt;
  return static_cast<std::int64_t>((filetime - kEpochOffset) / 10000000ull);
}

}  // namespace mfsim::corpus
