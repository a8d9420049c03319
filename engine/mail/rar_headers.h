// Whether a RAR archive is encrypted, from its block headers, which are stored plain unless
// the archive encrypts them too: RAR 1.5-4.x (a main header's "block headers are encrypted"
// flag, a file header's "encrypted with password" flag) and RAR 5 (an archive encryption
// header, a file header's encryption record). No file is unpacked, so a solid archive costs
// no more than another (libarchive unpacks a solid archive's files to pass them).
#pragma once

#include <string_view>

namespace mfsim::mail {

[[nodiscard]] bool rar_is_encrypted(std::string_view bytes) noexcept;

}  // namespace mfsim::mail
