// recipient_file_name(): what Windows and MAPI keep of a sent attachment name (decision 591).
#include "engine/mail/attachment_file_name.h"

namespace mfsim::mail {
namespace {

// A byte Windows does not end a name with: a space or dot it drops, or a control character
// (1 to 31, and DEL) that no name may hold.
bool dropped_at_end(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return c == ' ' || c == '.' || u < 0x20 || u == 0x7F;
}

}  // namespace

std::string_view recipient_file_name(std::string_view name) noexcept {
  if (const auto nul = name.find('\0'); nul != std::string_view::npos) name = name.substr(0, nul);
  // Trailing bytes first: "dir/evil.exe/ " is a folder's name, not evil.exe's.
  while (!name.empty() && dropped_at_end(name.back())) name.remove_suffix(1);
  if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos)
    name.remove_prefix(slash + 1);
  return name;
}

}  // namespace mfsim::mail
