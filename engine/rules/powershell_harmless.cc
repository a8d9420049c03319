// An if / elseif / else chain whose condition mfsim cannot decide, but whose branches cannot
// change what mfsim simulates (a script's environment checks: Get-Module, Get-PSSession,
// Read-Host, Install-Module, Exit): skipped with a warning instead of the error (decision 436);
// a switch over a value mfsim cannot know is judged the same way, clause by clause. Where a value
// collects the output, what the skipped code may output is known only when the script runs
// (decision 461). One token scan over the construct's text, as written, and over each body of a
// function it calls once, the bodies counted against the unrolling budget (decision 1250);
// anything it cannot judge keeps the error.
#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/rules/powershell_cmdlet_catalog.h"
#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_runner.h"

namespace mfsim::rules::ps {
namespace {

bool one_of(std::string_view word, std::span<const std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return ascii_iequals(w, word); });
}

// Keywords that open no construct of their own, or go on with one the scan reads whole.
constexpr std::string_view kGoOnKeywords[] = {"if", "elseif", "else", "try", "catch", "finally"};
// Keywords that end the run, a loop or a function early.
constexpr std::string_view kEndingKeywords[] = {"exit", "return", "break", "continue", "throw"};
// Keywords of constructs the scan does not judge: their bodies define, loop or bind.
constexpr std::string_view kUnjudgedKeywords[] = {
    "function", "filter", "workflow",     "configuration", "foreach",  "for",
    "while",    "do",     "until",        "switch",        "param",    "begin",
    "process",  "end",    "dynamicparam", "class",         "enum",     "data",
    "trap",     "using",  "in",           "parallel",      "sequence", "inlinescript"};
// Methods that only read the value they are called on; any other `.Name(` may change it.
constexpr std::string_view kReadingMethods[] = {
    "ToString", "ToLower",   "ToUpper", "ToLowerInvariant", "ToUpperInvariant",
    "Trim",     "TrimStart", "TrimEnd", "Contains",         "StartsWith",
    "EndsWith", "Equals",    "Split",   "Replace",          "Substring",
    "IndexOf",  "GetType",   "PadLeft", "PadRight",         "LastIndexOf"};
// Parameters that assign a variable (the common ones and Tee-Object's), with the shortest
// prefix PowerShell could bind to each, and their aliases.
struct assigning_parameter {
  std::string_view name;
  std::size_t shortest;
};
constexpr assigning_parameter kAssigningParameters[] = {{"outvariable", 4},
                                                        {"errorvariable", 6},
                                                        {"warningvariable", 8},
                                                        {"informationvariable", 12},
                                                        {"pipelinevariable", 3},
                                                        {"variable", 3},
                                                        {"ov", 2},
                                                        {"ev", 2},
                                                        {"wv", 2},
                                                        {"iv", 2},
                                                        {"pv", 2}};

bool assigns_variable(std::string_view parameter) {  // without its '-'
  return std::any_of(std::begin(kAssigningParameters), std::end(kAssigningParameters),
                     [&](const assigning_parameter& a) {
                       return parameter.size() >= a.shortest && parameter.size() <= a.name.size() &&
                              ascii_iequals(a.name.substr(0, parameter.size()), parameter);
                     });
}

}  // namespace

bool typographic(std::string_view text) {
  for (std::size_t k = text.find("\xE2\x80"); k != std::string_view::npos && k + 2 < text.size();
       k = text.find("\xE2\x80", k + 2)) {
    const auto c = static_cast<unsigned char>(text[k + 2]);
    if ((c >= 0x93 && c <= 0x95) || (c >= 0x98 && c <= 0x9E)) return true;
  }
  return false;
}

namespace {

// Reads the chain's text as tokens, noting each command run where a statement starts and each
// variable assigned; code() returns false at the first thing it cannot judge.
class chain_scan {
 public:
  // `owns_break`: break and continue end the construct scanned (a switch), not the run.
  // `byte_budget`: how many bytes of function bodies the scan may read (what is left of
  // kMaxRereadBytes): each scan judges the bodies it calls again.
  chain_scan(const parser& p, std::string_view s, bool owns_break, std::size_t byte_budget)
      : p_(p), s_(s), owns_break_(owns_break), byte_budget_(byte_budget) {}

  bool code(std::size_t from, std::size_t to);

  harmless_reading reading;
  std::size_t function_bytes = 0;  // of function bodies read, for the unrolling budget

 private:
  bool command(std::string_view word);
  // Whether the statement starting with `word`, a command or keyword, outputs what it runs.
  [[nodiscard]] static bool outputs(std::string_view word);
  bool expandable(std::size_t from, std::size_t to);  // "...": its $( ) are code
  // A call of the script's function `name`: judged by its body, as if written where it is
  // called (decision 1240); its param( ) block and attributes are passed over. A function
  // called again while its body is judged is not judged.
  bool function_body(const std::string& name, const ps_function& f);
  // The parameter list in ( ) from `open` to `close` (after its ')'): PowerShell evaluates a
  // default where the call binds no argument, and a [ValidateScript({ })] runs its block.
  bool parameters(std::size_t open, std::size_t close);
  // Whether `word`, read up to `after`, is ForEach-Object given its script block: the block's
  // statements are judged as any others, and it runs them once per item, binding only $_.
  // Another form (a member name: % Add 'x') calls what may change a variable: unjudged.
  [[nodiscard]] bool for_each_block(std::string_view word, std::size_t after, std::size_t to) const;
  void note(std::string_view word) {
    auto& commands = reading.commands;
    const bool seen = std::any_of(commands.begin(), commands.end(),
                                  [&](const std::string& c) { return ascii_iequals(c, word); });
    if (!seen) commands.emplace_back(word);
  }

  const parser& p_;
  std::string_view s_;
  bool owns_break_ = false;
  int in_function_ = 0;               // bodies of the script's functions being judged
  std::vector<std::string> calling_;  // their names, innermost last
  std::vector<std::string> judged_;   // functions whose bodies were judged harmless
  std::size_t byte_budget_;
  int depth_ = 0;  // $( ) inside strings inside $( ) ...
};

bool chain_scan::command(std::string_view word) {
  if (one_of(word, kGoOnKeywords)) return true;
  if (one_of(word, kEndingKeywords)) {
    if (in_function_ > 0 && ascii_iequals(word, "return")) return true;  // ends the call only
    const bool jump = ascii_iequals(word, "break") || ascii_iequals(word, "continue");
    const bool own = owns_break_ && jump;  // ends the switch scanned, not the run
    if (reading.ending.empty() && !own) reading.ending = std::string(word);
    if (jump && !own) reading.jumps = true;
    note(word);
    return true;
  }
  if (one_of(word, kUnjudgedKeywords)) return false;
  if (const auto f = p_.functions_.find(ascii_lower_copy(std::string(word)));
      f != p_.functions_.end()) {
    note(word);
    return function_body(f->first, f->second);
  }
  const std::string_view name = powershell::cmdlet_of_alias(word);
  if (powershell::kind_of_cmdlet(name).has_value() && powershell::applies_to_organisation(name))
    return false;
  if (ascii_iequals(name, "Start-Process")) return false;  // runs another program: unjudged
  const auto kind = powershell::classify_other_cmdlet(name);
  if (!kind.has_value() || *kind == powershell::other_cmdlet::outside) return false;
  note(word);
  return true;
}

bool chain_scan::outputs(std::string_view word) {
  if (ascii_iequals(word, "return")) return true;  // return value
  if (one_of(word, kGoOnKeywords) || one_of(word, kEndingKeywords)) return false;
  return !outputs_nothing(powershell::cmdlet_of_alias(word));
}

bool chain_scan::for_each_block(std::string_view word, std::size_t after, std::size_t to) const {
  // `foreach` is the loop keyword where a statement starts, ForEach-Object's alias after '|'.
  if (ascii_iequals(word, "foreach") ||
      !ascii_iequals(powershell::cmdlet_of_alias(word), "ForEach-Object")) {
    return false;
  }
  while (after < to && (s_[after] == ' ' || s_[after] == '\t')) ++after;
  return after < to && s_[after] == '{';
}

bool chain_scan::function_body(const std::string& name, const ps_function& f) {
  if (std::find(calling_.begin(), calling_.end(), name) != calling_.end()) return false;
  // A body judged once is judged: functions that each call the one before twice would
  // otherwise take a scan per path, 2^n of them.
  if (std::find(judged_.begin(), judged_.end(), name) != judged_.end()) return true;
  const std::size_t close = p_.block_end(f.body);
  if (close == std::string_view::npos) return false;
  function_bytes += close - f.body;
  if (function_bytes > byte_budget_) return false;
  if (f.parameters != std::string_view::npos) {
    const std::size_t end = p_.block_end(f.parameters);
    if (end == std::string_view::npos || !parameters(f.parameters, end)) return false;
  }
  if (typographic(s_.substr(f.body, close - f.body))) return false;
  // Past blanks, comments, attributes ([CmdletBinding()]) and param( ... ) at the body's start.
  std::size_t k = f.body + 1;
  while (k < close) {
    const char c = s_[k];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++k;
    } else if (c == '#') {
      while (k < close && s_[k] != '\n') ++k;
    } else if (c == '<' && k + 1 < close && s_[k + 1] == '#') {
      const std::size_t e = s_.find("#>", k + 2);
      if (e == std::string_view::npos || e >= close) return false;
      k = e + 2;
    } else if (c == '[') {
      const std::size_t end = p_.block_end(k);
      if (end == std::string_view::npos || end > close) return false;
      if (s_.substr(k, end - k).find('{') != std::string_view::npos) return false;
      k = end;
    } else if (ascii_iequals(s_.substr(k, 5), "param") && k + 5 < close && !is_ident(s_[k + 5])) {
      k += 5;  // param( ), the '(' after blanks only: PowerShell's syntax
      while (k < close && (s_[k] == ' ' || s_[k] == '\t' || s_[k] == '\r' || s_[k] == '\n')) ++k;
      if (k >= close || s_[k] != '(') return false;
      const std::size_t end = p_.block_end(k);
      if (end == std::string_view::npos || end > close || !parameters(k, end)) return false;
      k = end;
    } else {
      break;
    }
  }
  calling_.push_back(name);
  ++in_function_;
  const bool judged = code(k, close - 1);
  --in_function_;
  calling_.pop_back();
  if (judged) judged_.push_back(name);
  return judged;
}

bool chain_scan::parameters(std::size_t open, std::size_t close) {
  const std::size_t last = close - 1;  // the ')'
  // Past one text, comment, or bracketed part from `k`; npos where it does not close in time.
  const auto past = [&](std::size_t k) -> std::size_t {
    const char c = s_[k];
    if (c == '#') {
      const std::size_t e = s_.find('\n', k);
      return e == std::string_view::npos || e >= last ? last : e;
    }
    if (c == '<' && k + 1 < last && s_[k + 1] == '#') {
      const std::size_t e = s_.find("#>", k + 2);
      return e == std::string_view::npos || e >= last ? std::string_view::npos : e + 2;
    }
    if (c == '\'' || c == '"') {
      if (k > open && s_[k - 1] == '@') return std::string_view::npos;  // a here-string
      const std::size_t e = text_close(s_, k, last);
      return e == std::string_view::npos ? e : e + 1;
    }
    const std::size_t e = p_.block_end(k);  // ( ), [ ], { }
    return e == std::string_view::npos || e > last ? std::string_view::npos : e;
  };
  const auto opens = [](char c) { return c == '(' || c == '[' || c == '{' || c == '#'; };
  std::size_t k = open + 1;
  while (k < last) {
    const char c = s_[k];
    if (c == '`') {
      k += 2;
    } else if (c == '[') {  // an attribute or a type; one holding a script block runs it
      const std::size_t e = past(k);
      if (e == std::string_view::npos || s_.substr(k, e - k).find('{') != std::string_view::npos)
        return false;
      k = e;
    } else if (c == '=') {  // the default, to the ',' that ends it
      std::size_t e = k + 1;
      while (e < last && s_[e] != ',') {
        if (s_[e] == '`') {
          e += 2;
        } else if (opens(s_[e]) || s_[e] == '\'' || s_[e] == '"' ||
                   (s_[e] == '<' && e + 1 < last && s_[e + 1] == '#')) {
          e = past(e);
          if (e == std::string_view::npos) return false;
        } else {
          ++e;
        }
      }
      e = std::min(e, last);
      if (!code(k + 1, e)) return false;
      k = e;
    } else if (c == '#' || c == '\'' || c == '"' || c == '(' || c == '{' ||
               (c == '<' && k + 1 < last && s_[k + 1] == '#')) {
      const std::size_t e = past(k);
      if (e == std::string_view::npos) return false;
      k = e;
    } else {
      ++k;  // names, commas, blanks
    }
  }
  return true;
}

bool chain_scan::expandable(std::size_t from, std::size_t to) {
  for (std::size_t k = from; k < to; ++k) {
    if (s_[k] == '`') {
      ++k;
    } else if (s_[k] == '$' && k + 1 < to && s_[k + 1] == '(') {
      const std::size_t close = p_.block_end(k + 1);
      if (close == std::string_view::npos || close > to) return false;
      if (!code(k + 2, close - 1)) return false;
      k = close - 1;
    }
  }
  return true;
}

bool chain_scan::code(std::size_t from, std::size_t to) {
  if (++depth_ > kMaxNesting) return false;
  std::vector<char> open;  // '{' block, 'h' hash table, '(' parentheses, '[' brackets
  bool at_command = true;  // where a statement, pipeline stage or value starts
  bool fresh = true;       // nothing of the statement read yet but brackets
  std::string target;      // the statement's first variable: what '=' assigns
  std::size_t target_at = 0;
  // What the statements output, judged where they are statements of a block (not inside ( ),
  // $( ) or a string, whose value goes to the expression): by the first token of the statement
  // or of its last pipeline stage, unless it assigns. `{ }` nest: the state of the statement a
  // block is in waits while its own statements are judged; a block's output goes nowhere when
  // the statement it is in assigns it ($x = if ... { 'a' }) or sits inside ( ).
  struct statement_state {
    bool outputs = false, assigns = false, quiet = false;
  };
  std::vector<statement_state> outer;  // one per '{' open
  statement_state now;
  bool stage_start = true;  // the next token starts the statement or a pipeline stage
  const auto at_statement_level = [&] { return open.empty() || open.back() == '{'; };
  const auto end_statement = [&] {
    if (depth_ == 1 && now.outputs && !now.assigns && !now.quiet) reading.may_output = true;
    now = {false, false, now.quiet};
    stage_start = true;
  };
  const auto stage_outputs = [&](bool outputs) {
    if (stage_start && at_statement_level()) now.outputs = outputs;
    stage_start = false;
  };
  const auto restart = [&](bool command_next) {
    at_command = command_next;
    fresh = true;
    target.clear();
  };
  const auto assign = [&] {
    if (!target.empty()) reading.assigned.push_back({target, target_at});
  };
  std::size_t k = from;
  while (k < to) {
    const char c = s_[k];
    const char next = k + 1 < to ? s_[k + 1] : '\0';
    if (c == '`') {
      k += 2;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++k;
    } else if (c == '\n' || c == ';') {
      if (at_statement_level()) end_statement();
      restart(open.empty() || (open.back() != 'h' && open.back() != '['));
      ++k;
    } else if (c == '#') {
      while (k < to && s_[k] != '\n') ++k;
    } else if (c == '<' && next == '#') {
      const std::size_t e = s_.find("#>", k + 2);
      if (e == std::string_view::npos || e >= to) return false;
      k = e + 2;
    } else if (c == '@' && (next == '"' || next == '\'')) {
      const std::size_t e = s_.find(std::string("\n") + next + "@", k);
      if (e == std::string_view::npos || e >= to) return false;
      if (next == '"' && !expandable(k + 2, e)) return false;
      stage_outputs(true);
      k = e + 3;
      at_command = fresh = false;
    } else if (c == '\'') {
      const std::size_t e = s_.find('\'', k + 1);
      if (e == std::string_view::npos || e >= to) return false;
      stage_outputs(true);
      k = e + 1;
      at_command = fresh = false;
    } else if (c == '"') {
      std::size_t e = k + 1;
      while (e < to && s_[e] != '"') e += s_[e] == '`' ? 2 : 1;
      if (e >= to || !expandable(k + 1, e)) return false;
      stage_outputs(true);
      k = e + 1;
      at_command = fresh = false;
    } else if (c == '@' && (next == '(' || next == '{')) {
      stage_outputs(true);
      ++k;  // @( ... ) as ( ... ); @{ ... } below
    } else if (c == '{') {
      const bool table = k > from && s_[k - 1] == '@';
      if (!table) {
        outer.push_back(now);
        now = {false, false, now.quiet || now.assigns || !at_statement_level()};
        stage_start = true;
      }
      open.push_back(table ? 'h' : '{');
      restart(!table);
      ++k;
    } else if (c == '(') {
      stage_outputs(true);
      open.push_back('(');
      restart(true);
      ++k;
    } else if (c == '[' && fresh) {
      // A type at the statement's start, [string]$x = ... or [Net.ServicePointManager]::...
      const std::size_t close = p_.block_end(k);
      if (close == std::string_view::npos || close > to) return false;
      const bool is_void = ascii_iequals(s_.substr(k, close - k), "[void]");
      if (is_void && stage_start && at_statement_level()) now.assigns = true;  // cast away
      stage_outputs(true);
      at_command = false;
      k = close;
    } else if (c == '[') {
      open.push_back('[');
      at_command = false;
      ++k;
    } else if (c == '}' || c == ')' || c == ']') {
      if (c == '}' && !open.empty() && open.back() == '{') {
        end_statement();  // the block's last statement
        if (!outer.empty()) now = outer.back(), outer.pop_back();
        stage_start = false;
      }
      if (!open.empty()) open.pop_back();
      at_command = fresh = false;
      ++k;
    } else if (c == '|') {
      if (next == '|') return false;                 // PowerShell 7's ||: unjudged
      if (at_statement_level()) stage_start = true;  // the last stage's output is the statement's
      restart(true);
      ++k;
    } else if (c == '&') {
      if (k == from || s_[k - 1] != '>') return false;  // & and &&; 2>&1 is a redirection
      ++k;
    } else if (c == '=') {
      if (open.empty() || open.back() != 'h') assign();
      if (at_statement_level()) now.assigns = true;
      restart(true);
      stage_start = false;
      ++k;
    } else if ((c == '+' && next == '+') || (c == '-' && next == '-')) {
      assign();
      if (at_statement_level()) now.assigns = true;
      k += 2;
    } else if (c == '$') {
      stage_outputs(true);
      if (next == '(') {
        open.push_back('(');
        restart(true);
        k += 2;
        continue;
      }
      const std::size_t dollar = k++;
      std::string name;
      if (next == '{') {
        const std::size_t e = s_.find('}', k);
        if (e == std::string_view::npos || e >= to) return false;
        name = std::string(s_.substr(k + 1, e - k - 1));
        k = e + 1;
      } else {
        while (k < to && (is_ident(s_[k]) || (s_[k] == ':' && k + 1 < to && is_letter(s_[k + 1]))))
          name += s_[k++];
      }
      if (const auto colon = name.find(':'); colon != std::string::npos) {
        const std::string scope = ascii_lower_copy(name.substr(0, colon));
        if (scope == "function" || scope == "variable" || scope == "alias") return false;
        name = scope == "env" ? std::string() : name.substr(colon + 1);
      }
      if (fresh) {
        target = name;
        target_at = dollar;
      }
      at_command = fresh = false;
    } else if (c == '.') {
      if (at_command) return false;  // dot-sourcing, or a path run as a command
      ++k;
      if (!is_letter(next)) continue;
      const std::size_t member = k;
      while (k < to && is_ident(s_[k])) ++k;
      if (k < to && s_[k] == '(' && !one_of(s_.substr(member, k - member), kReadingMethods))
        return false;  // $list.Add( ): may change what a variable holds
    } else if (c == '-' && is_letter(next)) {
      const std::size_t start = k++;
      while (k < to && (is_ident(s_[k]) || s_[k] == '-')) ++k;
      if (assigns_variable(s_.substr(start + 1, k - start - 1))) return false;
      stage_outputs(true);  // -not $x, as a statement
      at_command = fresh = false;
    } else if (is_ident(c)) {
      const std::size_t start = k;
      // '#' inside a word is part of it (a#b), as PowerShell reads it: no comment starts.
      while (k < to && (is_ident(s_[k]) || s_[k] == '-' || s_[k] == '.' || s_[k] == ':' ||
                        s_[k] == '\\' || s_[k] == '/' || s_[k] == '#')) {
        ++k;
      }
      const std::string_view word = s_.substr(start, k - start);
      if (at_command && for_each_block(word, k, to)) {
        note("ForEach-Object");
        stage_outputs(false);  // its block's statements say what it outputs
        at_command = fresh = false;
        continue;
      }
      if (at_command && is_letter(c) && !command(word)) return false;
      stage_outputs(!is_letter(c) || outputs(word));  // 5: a value
      at_command = fresh = false;
    } else if (at_command && c == '%') {
      if (!for_each_block("%", k + 1, to)) return false;
      note("ForEach-Object");
      stage_outputs(false);
      at_command = false;
      ++k;
    } else if (at_command && c == '?') {
      note("Where-Object");
      stage_outputs(true);
      at_command = false;
      ++k;
    } else {
      ++k;  // operators, commas, redirections
    }
  }
  end_statement();
  --depth_;
  return true;
}

}  // namespace

std::string harmless_commands(const harmless_reading& reading) {
  std::string only;
  for (std::size_t n = 0; n < reading.commands.size() && n < 8; ++n) {
    only += only.empty() ? reading.commands[n] : ", " + reading.commands[n];
  }
  if (reading.commands.size() > 8) only += ", ...";
  return only.empty() ? "they run no command" : "only " + only;
}

std::optional<harmless_reading> parser::read_harmless(
    std::span<const std::pair<std::size_t, std::size_t>> stretches, bool owns_break) {
  const std::size_t left = reread_bytes_ < kMaxRereadBytes ? kMaxRereadBytes - reread_bytes_ : 0;
  chain_scan scan(*this, s_, owns_break, left);
  bool judged = true;
  for (const auto& [from, to] : stretches) {
    judged = from <= to && to <= s_.size() && !typographic(s_.substr(from, to - from)) &&
             scan.code(from, to);
    if (!judged) break;
  }
  // The bodies of the functions the stretches call were read again, as a call reads them.
  reread_bytes_ = capped_sum(reread_bytes_, scan.function_bytes);
  if (!judged) return std::nullopt;
  return std::move(scan.reading);
}

void parser::forget_assigned(const harmless_reading& reading, std::string_view part) {
  // What a skipped stretch assigns is known only when the script runs; --define still gives it.
  for (const auto& v : reading.assigned) {
    if (v.name.empty()) continue;
    const bool defined =
        std::any_of(context_.defines.begin(), context_.defines.end(),
                    [&](const script_define& d) { return ascii_iequals(d.name, v.name); });
    if (defined) continue;
    const std::string lower = ascii_lower_copy(v.name);
    will_assign(lower);
    variables_[lower] = unknown_value(
        fmt::format("${} (assigned in a skipped {} at line {})", v.name, part, at(v.offset).line),
        at(v.offset));
    broken_.erase(lower);
  }
}

bool parser::skip_harmless_chain(std::size_t open, const ps_value& condition) {
  const std::size_t resume = i_;
  // The rest of the chain, as if_statement reads it: { } [elseif ( ) { }]... [else { }].
  std::size_t end = std::string_view::npos;
  while (true) {
    skip_separators();
    const std::size_t close = peek() == '{' ? block_end(i_) : std::string_view::npos;
    if (close == std::string_view::npos) {
      end = std::string_view::npos;  // today's error, where the parser reports it
      break;
    }
    end = i_ = close;
    skip_separators();
    if (next_word_is("elseif")) {
      skip_inline_space();
      const std::size_t after = peek() == '(' ? block_end(i_) : std::string_view::npos;
      if (after == std::string_view::npos) {
        end = std::string_view::npos;
        break;
      }
      i_ = after;
      continue;
    }
    if (!next_word_is("else")) break;
    skip_separators();
    if (peek() != '{' || (end = block_end(i_)) == std::string_view::npos)
      end = std::string_view::npos;
    break;
  }
  i_ = resume;
  if (end == std::string_view::npos) return false;
  const std::pair<std::size_t, std::size_t> chain{resume, end};
  const std::optional<harmless_reading> reading = read_harmless({&chain, 1});
  if (!reading) return false;  // the condition itself was read
  // A branch that breaks or continues the loop under way decides how often it runs: the loop
  // judges that (decision 453).
  if (reading->jumps && !jump_targets_.empty() && jump_targets_.back().kind == jump_kind::loop)
    throw undecided_jump{open, condition};

  std::string message = fmt::format(
      "the condition depends on {}, known only when the script runs; no branch of this if "
      "changes mail flow ({}), so mfsim skips it",
      unknown_list(condition), harmless_commands(*reading));
  if (!reading->ending.empty()) {
    message += fmt::format(
        " ({} in a branch would end the run: mfsim reads the script as the "
        "run that goes on)",
        reading->ending);
  }
  warn(open + 1, std::move(message));
  forget_assigned(*reading);
  output_skipped(*reading, "if", open, unknown_list(condition));
  i_ = end;
  return true;
}

void parser::output_skipped(const harmless_reading& reading, std::string_view what,
                            std::size_t where, std::string_view depends_on) {
  // What the skipped code would output, where a value collects it, is known only then too
  // (decision 461).
  if (captures_.empty() || !reading.may_output) return;
  output(unknown_value(fmt::format("the output of the {} at line {}, skipped as it depends on {}",
                                   what, at(where).line, depends_on),
                       at(where)),
         where);
}

}  // namespace mfsim::rules::ps
