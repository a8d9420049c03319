// is_executable_content(): a look at the first bytes of an attachment.
#include "engine/mail/executable_content.h"

namespace mfsim::mail {

bool is_executable_content(std::string_view bytes) noexcept {
  // "MZ" (and the rare "ZM" that DOS also loads) opens DOS, NE, LE and PE images alike.
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == "MZ" || bytes.substr(0, 2) == "ZM")) {
    return true;
  }
  // The EICAR test file is 68 printable bytes, optionally followed by white space.
  constexpr std::string_view kEicar =
      "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
  return bytes.substr(0, kEicar.size()) == kEicar;
}

}  // namespace mfsim::mail
