// recipient_file_name(): what Windows and MAPI keep of a sent attachment name (decision 591).
#include "engine/mail/attachment_file_name.h"

#include <string>

namespace mfsim::mail {
namespace {

// A control character (1 to 31, and DEL), which no Windows name may hold.
bool is_control(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7F;
}

// A byte Windows does not end a name with: a space or dot it drops, or a control character.
bool dropped_at_end(char c) noexcept { return c == ' ' || c == '.' || is_control(c); }

}  // namespace

std::string recipient_file_name(std::string_view name) {
  if (const auto nul = name.find('\0'); nul != std::string_view::npos) name = name.substr(0, nul);
  // Trailing bytes first: "dir/evil.exe/ " is a folder's name, not evil.exe's.
  while (!name.empty() && dropped_at_end(name.back())) name.remove_suffix(1);
  if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos)
    name.remove_prefix(slash + 1);
  // Control characters inside the name are not part of it either (decision 669).
  std::string kept;
  kept.reserve(name.size());
  for (const char c : name) {
    if (!is_control(c)) kept += c;
  }
  return kept;
}

}  // namespace mfsim::mail
