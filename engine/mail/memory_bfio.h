// A libbfio handle over bytes in memory, for libolecf and libpff: libbfio's own memory range
// (Debian's 20170123) copies past the end of its range when a damaged file asks for a sector
// beyond it (found by fuzz/outlook_fuzz.cc); this one clamps every read to the bytes it holds.
#pragma once

#include <libbfio.h>

#include <string_view>

namespace mfsim::mail {

// A handle reading `bytes` (not copied: they must outlive it), or nullptr when it could not be
// made. Free it with libbfio_handle_free.
[[nodiscard]] libbfio_handle_t* memory_bfio_handle(std::string_view bytes);

}  // namespace mfsim::mail
