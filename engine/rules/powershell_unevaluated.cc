// The right operand of -and after a false left one, or of -or after a true one: PowerShell does
// not evaluate it (about_Logical_Operators; decision 1167). mfsim reads it, to know where it
// ends, and then undoes what reading it did: the variables it assigned, the commands it ran, the
// warnings it gave and the once-per-script warnings it used up (powershell_undo.h). What only
// running it could raise, an error, an exit, a return, a break or a continue, is not raised: the
// operand is then passed over to where its text ends. A parse error in it is raised: PowerShell
// finds it before the script runs.
#include <exception>
#include <string>
#include <string_view>

#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_undo.h"

namespace mfsim::rules::ps {
namespace {

// Whether `word` after a '-' is an operator of -and's precedence, which ends the operand.
bool ends_operand(std::string_view word) {
  return ascii_iequals(word, "and") || ascii_iequals(word, "or") || ascii_iequals(word, "xor");
}

}  // namespace

void parser::unevaluated_operand() {
  // Where the operand ends, read as text only (brackets and quotes matched): at -and, -or,
  // -xor, or what ends an expression; npos when a bracket or quote does not close.
  const auto operand_end = [this](std::size_t start) -> std::size_t {
    bool continues = true;  // after an operator, its operand may start on the next line
    for (std::size_t k = start; k < s_.size();) {
      const char c = s_[k];
      if (c == ' ' || c == '\t') {
        ++k;
      } else if (c == '\r' || c == '\n') {
        if (!continues) return k;
        ++k;
      } else if (c == '`') {
        k += 2;  // an escaped character, a line continuation among them
      } else if (c == ';' || c == ')' || c == '}' || c == ']' || c == '|' || c == '>' || c == '#' ||
                 (c == ',' && commas_separate_)) {
        return k;
      } else if (c == '-' && k + 1 < s_.size() && is_letter(s_[k + 1])) {
        std::size_t e = k + 1;
        while (e < s_.size() && is_ident(s_[e])) ++e;
        if (ends_operand(s_.substr(k + 1, e - k - 1))) return k;
        k = e;  // -eq, -join, -not ...: an operand follows
        continues = true;
      } else if (c == '(' || c == '{' || c == '[' ||
                 ((c == '$' || c == '@') && k + 1 < s_.size() &&
                  (s_[k + 1] == '(' || s_[k + 1] == '{'))) {
        const std::size_t open = c == '$' || c == '@' ? k + 1 : k;
        const std::size_t close = block_end(open);
        if (close == std::string_view::npos) return close;
        k = close;
        continues = false;
      } else if (c == '\'' || c == '"') {
        std::size_t close;
        if (k > 0 && s_[k - 1] == '@') {  // a here-string, to the line starting with its quote
          close = s_.find(std::string("\n") + c + "@", k);
          if (close != std::string_view::npos) close += 2;
        } else {
          close = text_close(s_, k, s_.size());
        }
        if (close == std::string_view::npos) return close;
        k = close + 1;
        continues = false;
      } else {
        continues = c == '+' || c == '-' || c == '*' || c == '/' || c == '%' || c == ',' ||
                    c == '!' || c == '.';
        ++k;
      }
    }
    return s_.size();
  };

  const std::size_t start = i_;
  // Every change reading it makes is journaled and undone when `undone` ends: the cost follows
  // what the operand changes, not what the script holds (decision 1220).
  undone_reading undone(*this);
  std::exception_ptr stopped;  // what only running the operand raises
  try {
    static_cast<void>(bitwise());
  } catch (const parse_failure&) {
    undone.keep_errors();  // PowerShell parses the whole script first (decision 1221)
    throw;
  } catch (const syntax_failure&) {
    stopped = std::current_exception();
  } catch (const script_exit&) {
    stopped = std::current_exception();
  } catch (const function_return&) {
    stopped = std::current_exception();
  } catch (const loop_break&) {
    stopped = std::current_exception();
  } catch (const loop_continue&) {
    stopped = std::current_exception();
  } catch (const undecided_jump&) {
    stopped = std::current_exception();
  }
  if (!stopped) return;
  const std::size_t text_end = operand_end(start);
  if (text_end == std::string_view::npos) {  // unclosed: an error
    undone.keep_errors();
    std::rethrow_exception(stopped);
  }
  i_ = text_end;
}

}  // namespace mfsim::rules::ps
