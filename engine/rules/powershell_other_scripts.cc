// Another script run from this one: `. ./other.ps1` (dot-sourcing) and `& ./other.ps1` (the call
// operator). mfsim reads one file at a time, so the other file is not read; the statement says
// so where it is written and how to give that file (decision 419).
#include <fmt/format.h>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {
namespace {

bool names_a_script(std::string_view target) {
  while (!target.empty() && (target.back() == '\'' || target.back() == '"')) {
    target.remove_suffix(1);
  }
  return target.size() > 4 && ascii_iequals(target.substr(target.size() - 4), ".ps1");
}

}  // namespace

bool parser::other_script(std::size_t start) {
  const bool dot = peek() == '.' && (peek(1) == ' ' || peek(1) == '\t' || peek(1) == '{');
  if (!dot && peek() != '&') return false;
  ++i_;
  skip_inline_space();
  if (peek() == '{') {
    script_block(start, dot);
    return true;
  }
  if (functions_.contains(ascii_lower_copy(word_at(i_)))) {
    // `. F` and `& F` run the function F the script defines (about_Operators, "Dot sourcing
    // operator" and "Call operator"; decision 1070), `. F` in this scope.
    if (dot) dot_sourced_call_at_ = start;
    return false;
  }
  const std::size_t target_start = i_;
  if (peek() == '\'' || peek() == '"') {  // a quoted path, spaces and all
    const std::size_t close = s_.find(peek(), i_ + 1);
    if (close != std::string_view::npos && s_.find('\n', i_) > close) i_ = close + 1;
  }
  while (!at_statement_end() && peek() != ' ' && peek() != '\t' && peek() != '|') ++i_;
  const std::string target(s_.substr(target_start, i_ - target_start));
  if (!dot && !names_a_script(target)) {
    fail(start, fmt::format("the call operator & runs the command {} names: mfsim does not read "
                            "it; write the cmdlet itself (New-TransportRule -Name ...)",
                            target.empty() ? std::string("its value") : target));
  }
  while (!at_statement_end()) ++i_;
  warn(start,
       fmt::format("'{} {}' runs another script, which mfsim does not read: what it defines "
                   "(variables, functions) is unknown here, and a use of it is an error naming "
                   "it. If that script creates rules or policies, give it to mfsim as a file of "
                   "its own: mfsim import OTHER.ps1 THIS.ps1, or --rules OTHER.ps1,THIS.ps1 "
                   "(its variables do not carry over)",
                   dot ? "." : "&", target));
  return true;
}

// `. { ... }` runs the block's statements here; `& { ... }` runs them as a function's body is
// run: what they assign is their own (decision 438).
void parser::script_block(std::size_t start, bool dot) {
  if (construct_start_ == std::string_view::npos) construct_start_ = start;
  const std::size_t end = block_end(i_);
  if (end == std::string_view::npos) skip_block(start);  // reports the '{' not closed
  if (!dot) {
    frames_.emplace_back();
    frames_.back().function = "& { }";
  }
  const auto done = [&] {
    --script_blocks_;
    if (!dot) leave_frame();
  };
  // about_Return: return "exits a function, script, or script block", here this block.
  ++script_blocks_;
  try {
    block();
  } catch (const function_return&) {
    i_ = end;
  } catch (...) {
    done();
    throw;
  }
  done();
}

}  // namespace mfsim::rules::ps
