// write_inert(): see messages.h.
#include "tools/messages.h"

#include <algorithm>
#include <string>

#include "engine/terminal_text.h"

namespace mfsim::tools {

void write_inert(std::FILE* to, std::string_view text) noexcept {
  try {
    std::string out;
    out.reserve(text.size());
    for (std::size_t from = 0; from < text.size();) {
      const std::size_t end = std::min(text.find('\n', from), text.size());
      append_terminal_text(out, text.substr(from, end - from));
      if (end < text.size()) out += '\n';
      from = end + 1;
    }
    std::fwrite(out.data(), 1, out.size(), to);
  } catch (...) {  // out of memory: the message is lost, not the run
  }
}

std::string shell_word(std::string_view word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("@%+=:,./_-").find(c) != std::string_view::npos;
  });
  if (plain) return std::string(word);
  std::string quoted = "'";
  for (const char c : word) {
    if (c == '\'')
      quoted += "'\\''";  // close, an escaped quote, reopen
    else
      quoted += c;
  }
  return quoted + "'";
}

}  // namespace mfsim::tools
