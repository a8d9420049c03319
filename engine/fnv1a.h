// FNV-1a, 64 bits: a fingerprint of bytes in a fixed order (a shard's walk, a run's records),
// not a defence against anyone choosing them.
#pragma once

#include <cstdint>
#include <string_view>

namespace mfsim {

inline constexpr std::uint64_t kFnv1aOffset = 0xcbf29ce484222325ULL;

// Folds `bytes` into `hash` (start from kFnv1aOffset).
inline void fnv1a(std::uint64_t& hash, std::string_view bytes) noexcept {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
}

}  // namespace mfsim
