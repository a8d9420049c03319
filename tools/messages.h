// Messages for the user on standard error. Everything a message holds may come from outside
// (file names, rule names, option values, what a rule file says): each line is made inert
// before it reaches a terminal (engine/terminal_text.h), whichever part of it was hostile.
// Writing never throws: a closed or full standard error loses the message, not the run.
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace mfsim::tools {

// Writes `text` to `to` with every line's controls escaped; the line breaks stay.
void write_inert(std::FILE* to, std::string_view text) noexcept;

// fmt::print(stderr, ...) with the lines made inert.
template <typename... Args>
void tell(fmt::format_string<Args...> format, Args&&... args) {
  write_inert(stderr, fmt::format(format, std::forward<Args>(args)...));
}

// `word` as a POSIX shell reads it back in a command the user copies from a message: as it is
// when it holds only characters no shell treats specially, else in single quotes.
[[nodiscard]] std::string shell_word(std::string_view word);

}  // namespace mfsim::tools
