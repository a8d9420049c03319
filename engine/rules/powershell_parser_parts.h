// Internal to the PowerShell importer: what the parser's files share beside the parser's class
// (powershell_parser.h): the exceptions that end a statement, a loop or a call, the budgets
// against hostile scripts, and the small types and helpers the operators, loops, functions and
// pipelines pass between them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/rules/load_powershell.h"
#include "engine/rules/powershell_regex_budget.h"
#include "engine/rules/powershell_value.h"

namespace mfsim::rules::ps {

struct numeric_literal;

// Thrown once the syntax error is recorded; the parser resumes at the next line.
struct syntax_failure {};
// One PowerShell's parser finds before the script runs: an error even inside an operand that
// -and or -or does not evaluate (decision 1221).
struct parse_failure : syntax_failure {};
// Thrown by exit / return: the script stops there.
struct script_exit {};
// Thrown by return inside a function: the call ends there.
struct function_return {};
// Thrown by break and continue: the innermost loop or switch under way catches them (break ends
// it, continue goes on with its next item or pass).
struct loop_break {};
struct loop_continue {};

// Budgets against hostile scripts (docs/reliability.md): ( ), @( ), @{ }, blocks and string
// subexpressions recurse; variables copied into lists multiply a small file into gigabytes;
// foreach unrolls its body once per item, for / while / do once per pass.
constexpr int kMaxNesting = 64;
constexpr std::size_t kMaxValueBytes = std::size_t{256} << 20;
// a + b, held just past kMaxValueBytes: a size summed from a hostile script cannot wrap around.
[[nodiscard]] std::size_t capped_sum(std::size_t a, std::size_t b) noexcept;
constexpr std::size_t kMaxUnrolledStatements = 100000;
// Bytes of script read again by running loops and functions: a loop of few
// statements over a long body (a megabyte string literal) would otherwise read gigabytes.
constexpr std::size_t kMaxRereadBytes = std::size_t{64} << 20;
constexpr std::size_t kMaxSyntaxErrors = 50;
// A pattern or format quoted in a message is cut to this many bytes: a script can make one of
// megabytes, which would be the whole message (decision 607).
constexpr std::size_t kQuotedPatternBytes = 120;
// Function calls nest at most this deep (recursion); every call also counts against
// kMaxUnrolledStatements, with the statements its body makes.
constexpr int kMaxCallDepth = 16;

// A function the script defined: `function Name { ... }` or `function Name($a, $b) { ... }`.
struct ps_function {
  std::string name;                                 // as written, without a scope prefix
  std::size_t parameters = std::string_view::npos;  // the '(' of Name( ... ), if written so
  std::size_t body = 0;                             // its '{'
};

// A variable's or function's name without its scope prefix (global:, script:, local:,
// private:, any case); `outlives`, when given, is set for global: and script:, whose assignments
// in a function stay after the call (about_Scopes). Other prefixes (env:) stay.
[[nodiscard]] std::string without_scope(std::string name, bool* outlives = nullptr);

// Whether the cmdlet `name` outputs nothing a script would keep: it changes the organisation,
// writes to the host or a file, or sets up the session (powershell_output.cc).
[[nodiscard]] bool outputs_nothing(std::string_view name);

// The number a value is for arithmetic beside `other` (nullptr: none): a number, $null (0), or a
// text as PowerShell's binder converts it, a numeric literal of its own type ('12', '1.5' a
// Double, '0x10'), else converted to `other`'s number type ('1,000' 1000, an Int32 where `other`
// is no number); nullopt for anything else (powershell_arithmetic.cc).
[[nodiscard]] std::optional<param_value> number_operand(const param_value& v,
                                                        const param_value* other);

// Why mfsim refuses `what`, a Double negative zero (0 * -1.5, -0.0): PowerShell 7 and Windows
// PowerShell 5.1 write it apart (decision 921).
[[nodiscard]] std::string negative_zero_refused(std::string_view what);

// The type a parameter's "[type]" attribute names, without the brackets ("[int]": "int"); empty
// for none (powershell_typed_lists.cc).
[[nodiscard]] std::string_view declared_type(std::string_view attribute);
// Whether a variable typed `type` converts what it is assigned: the types cast() converts to
// (decision 979); [object], [hashtable] and types mfsim does not convert leave it as given.
[[nodiscard]] bool converts_assignments(std::string_view type);

// What [double] makes of a known value: $true 1, $false, $null and '' 0, a number or a text
// writing one in decimal; nullopt where mfsim does not convert it (powershell_arithmetic.cc).
[[nodiscard]] std::optional<param_value> double_cast_of(const param_value& v);

// Whether `word` (after the '-') is -band, -bor or -bxor, any case (powershell_bitwise.cc).
[[nodiscard]] bool is_bitwise_operator(std::string_view word) noexcept;

// What a pipeline over values the script knows gave: the last stage's items, unless a stage
// could not run (`unread`: " | Name" from that stage on; `unread_commands`: those stages).
struct known_pipeline {
  std::vector<ps_value> items;
  std::string unread;
  std::vector<ps_command> unread_commands;
};

// A parameter a function declares, in order: positional values bind to them in turn.
struct declared_parameter {
  std::string name;     // lower-cased, without '$'
  std::string written;  // as written, without '$'
  std::string type;     // its [type], lower-cased ("[string]"), or empty
  bool is_switch = false;
  std::size_t default_value = std::string_view::npos;  // after '=', when written
  bool mandatory = false;
  bool from_pipeline = false;  // [Parameter(ValueFromPipeline)]: bound to each item piped in
};
// Whether a parameter's attribute, lower-cased, is [Parameter(ValueFromPipeline)] (or
// ValueFromPipeline = $true; powershell_function_stages.cc).
[[nodiscard]] bool takes_pipeline_value(std::string_view attribute);

// A comparison operator as written after '-': its name without the 'c' or 'i' prefix.
struct comparison_operator {
  std::string base;  // eq, ne, gt, ge, lt, le, like, notlike, match, notmatch, contains, ...
  bool case_sensitive = false;
};
// The comparison operator `word` names (ceq, ilike, notin, ...), or nullopt.
[[nodiscard]] std::optional<comparison_operator> parse_comparison_operator(std::string_view word);
// -split and -replace (and their c- and i- forms).
struct string_operator {
  enum class kind { split, replace } what = kind::split;
  bool case_sensitive = false;
};
[[nodiscard]] std::optional<string_operator> parse_string_operator(std::string_view word);

// How a switch matches its clauses' conditions (about_Switch): -Exact unless -Regex or
// -Wildcard, the last one written winning; without case unless -CaseSensitive.
struct switch_options {
  enum class match { exact, wildcard, regex } how = match::exact;
  bool case_sensitive = false;
};

// What a stretch of script does, read without running it, when it cannot change mail flow
// (powershell_harmless.cc): the commands it runs and the variables it assigns.
struct harmless_reading {
  struct assigned_variable {
    std::string name;  // as written, without '$' or a scope prefix
    std::size_t offset = 0;
  };
  std::vector<std::string> commands;  // as written, each once
  std::vector<assigned_variable> assigned;
  std::string ending;  // the first exit / return / break / continue / throw, as written
  bool jumps = false;  // break or continue, which end or go on with a loop around the stretch
  // Whether a statement may output a value (one left alone, Write-Output, a command that
  // outputs, return), where no assignment takes it: what the stretch gives a value it is in.
  bool may_output = false;
};
// "only Read-Host, Write-Host" or "they run no command", for a warning.
[[nodiscard]] std::string harmless_commands(const harmless_reading& reading);

// Thrown where an if mfsim cannot decide, whose branches change nothing but break or continue,
// is read inside a loop: whether the loop goes on is known only when the script runs, and the
// loop (powershell_loops.cc) decides what follows.
struct undecided_jump {
  std::size_t open = 0;  // the if condition's '('
  ps_value condition;
};

// What break and continue act on, innermost last (powershell_loops.cc): a loop, whose pass
// (parser::loop_pass) catches them and undecided_jump, a switch, which break ends and continue
// moves to its next item, or a ForEach-Object script block, which they do not end (an error
// where they are).
enum class jump_kind { loop, pipeline, switch_clauses };
struct jump_target {
  jump_kind kind = jump_kind::loop;
  std::string label;  // ":outer while": "outer", lower-cased; empty without one
};

}  // namespace mfsim::rules::ps
