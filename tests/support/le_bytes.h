// Test support: little-endian integers written into the binary files the tests build (Word and
// Office 97-2003 streams, BIFF and PowerPoint records).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/little_endian.h"

namespace mfsim::test {

// Writes the `width` low bytes of `value`, least significant first, over `out` at `at`.
inline void put_le(std::string& out, std::size_t at, std::uint32_t value, std::size_t width) {
  for (std::size_t k = 0; k < width; ++k)
    out[at + k] = static_cast<char>((value >> (8 * k)) & 0xFF);
}

// The `width` low bytes of a value, least significant first: the engine's (little_endian.h).
using mfsim::le_bytes;

}  // namespace mfsim::test
