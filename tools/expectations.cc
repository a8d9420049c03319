// Loading and validating expectation files; comparing records against them.
#include "tools/expectations.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>

#include "engine/bounded_line.h"
#include "engine/json_failure.h"
#include "engine/json_nesting.h"
#include "engine/json_text.h"
#include "engine/report/jsonl_writer.h"
#include "engine/rules/validate.h"
#include "engine/utf16_text.h"
#include "engine/utf8.h"
#include "engine/utf8_bom.h"
#include "tools/interrupted_report.h"
#include "tools/prefixed_input.h"

namespace mfsim::tools {
namespace {

// A value quoted in a diagnostic: at most 200 bytes of it, so one long value cannot flood it,
// cut between characters.
std::string shortened(std::string_view text) { return shortened_at(text, 200); }

template <typename Enum>
std::vector<std::string> spellings(Enum last, bool skip_first = false) {
  std::vector<std::string> out;
  for (int k = skip_first ? 1 : 0; k <= static_cast<int>(last); ++k) {
    out.emplace_back(to_string(static_cast<Enum>(k)));
  }
  return out;
}

std::vector<std::string> ip_source_spellings() {
  std::vector<std::string> out;
  for (int k = 0; k <= static_cast<int>(mail::ip_source::none); ++k) {
    out.emplace_back(mail::to_string(static_cast<mail::ip_source>(k)));
  }
  return out;
}

enum class value_kind {
  string,
  string_or_null,
  boolean,
  scl,
  string_array,
  array,
  frequency,
  effects,
  any
};

struct field_spec {
  value_kind kind = value_kind::any;
  std::vector<std::string> allowed;  // for strings: the only spellings there are
  bool nullable = false;
};

field_spec spec_of(std::string_view field) {
  if (field == "id") return {value_kind::string, {}, false};
  if (field == "disposition" || field == "sender_ip" || field == "quarantine_policy" ||
      field == "expires" || field == "error" || field == "received") {
    return {value_kind::string_or_null, {}, true};
  }
  if (field == "sender_ip_source") return {value_kind::string, ip_source_spellings(), false};
  if (field == "in_egress" || field == "notify") return {value_kind::boolean, {}, false};
  if (field == "rules" || field == "flags") return {value_kind::string_array, {}, false};
  if (field == "scl") return {value_kind::scl, {}, true};
  if (field == "scl_source") return {value_kind::string, spellings(scl_origin::message), false};
  if (field == "verdict") return {value_kind::string, spellings(verdict::malware), false};
  if (field == "action")
    return {value_kind::string, spellings(final_action::area1_quarantine), false};
  if (field == "release") return {value_kind::string, spellings(release_path::admin, true), true};
  if (field == "notify_frequency") return {value_kind::string, {"4h", "daily", "weekly"}, true};
  if (field == "rule_errors") return {value_kind::array, {}, false};
  if (field == "antispam_policy" || field == "reject_code" || field == "reject_reason") {
    return {value_kind::string_or_null, {}, true};
  }
  if (field == "audit_severity") return {value_kind::string, {"low", "medium", "high"}, true};
  if (field == "scl_requested") return {value_kind::boolean, {}, true};
  if (field == "effects") return {value_kind::effects, {}, false};
  // Written only when they have something to say: null says "not written" (decision 477).
  if (field == "antispam_redirect_to") return {value_kind::string_array, {}, true};
  if (field == "antispam_x_header" || field == "antispam_subject_prefix") {
    return {value_kind::string, {}, true};
  }
  if (field == "forks") return {value_kind::array, {}, false};  // absent: [] (no forks)
  if (field == "forks_truncated") return {value_kind::boolean, {}, true};
  return {};
}

// "a, b or c"
std::string spelled_list(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (k) out += k + 1 == values.size() ? " or " : ", ";
    out += values[k];
  }
  return out;
}

// 1-based column of `"key"` in the line (its last occurrence when `last`), or 0 when it
// cannot be found (an escaped spelling).
int key_column(std::string_view line, std::string_view key, bool last = false) {
  // The key as written: plain, or with the escapes JSON writers use ("x\ty", "\u00e9"); a key
  // escaped some other way is placed at the line's start.
  const nlohmann::json name = std::string(key);
  for (const std::string& quoted :
       {'"' + std::string(key) + '"',
        name.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
        name.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace)}) {
    const std::size_t at = last ? line.rfind(quoted) : line.find(quoted);
    if (at != std::string_view::npos) return static_cast<int>(at) + 1;
  }
  return 1;
}

const char* with_article(std::string_view type_name) {
  if (type_name == "array") return "an array";
  if (type_name == "string") return "a string";
  if (type_name == "number") return "a number";
  if (type_name == "boolean") return "a boolean";
  if (type_name == "null") return "null";
  return "a value of another kind";
}

}  // namespace

// ---- schema -------------------------------------------------------------------------------

record_schema::record_schema() {
  for (const std::string_view f : report::record_fields()) fields_.emplace_back(f);
}

bool record_schema::known(std::string_view field) const {
  return std::find(fields_.begin(), fields_.end(), field) != fields_.end();
}

std::optional<std::string> record_schema::check_value(std::string_view field,
                                                      const nlohmann::json& v) const {
  const field_spec spec = spec_of(field);
  if (v.is_null()) {
    if (spec.nullable || spec.kind == value_kind::any) return std::nullopt;
    return std::string("null is not a value of this field");
  }
  switch (spec.kind) {
    case value_kind::any: return std::nullopt;
    case value_kind::boolean:
      if (!v.is_boolean()) return std::string("expected true or false");
      return std::nullopt;
    case value_kind::scl: {
      // An unsigned value past 2^63 would wrap to a negative long long (2^64 - 1 to -1).
      // 5.0 is 5: values compare as JSON numbers, by value.
      const bool in_range =
          v.is_number_unsigned()  ? v.get<std::uint64_t>() <= 9
          : v.is_number_integer() ? v.get<std::int64_t>() >= -1 && v.get<std::int64_t>() <= 9
          : v.is_number_float()   ? v.get<double>() >= -1 && v.get<double>() <= 9 &&
                                      v.get<double>() == std::floor(v.get<double>())
                                : false;
      if (!in_range) return std::string("expected an integer from -1 to 9, or null");
      return std::nullopt;
    }
    case value_kind::string_array:
      if (!v.is_array() ||
          !std::all_of(v.begin(), v.end(), [](const auto& e) { return e.is_string(); })) {
        return std::string("expected an array of strings");
      }
      return std::nullopt;
    case value_kind::array:
      if (!v.is_array()) return std::string("expected an array");
      return std::nullopt;
    case value_kind::effects:
      // As `mfsim run` writes them: {"action":..., "rule":..., "value":..., details...}.
      if (!v.is_array() || !std::all_of(v.begin(), v.end(), [](const auto& e) {
            return e.is_object() && e.contains("action") && e["action"].is_string() &&
                   e.contains("rule") && e["rule"].is_string() && e.contains("value");
          })) {
        return std::string(
            "expected an array of effects, each an object with \"action\", \"rule\" and "
            "\"value\"");
      }
      return std::nullopt;
    case value_kind::string:
    case value_kind::string_or_null:
    case value_kind::frequency:
      if (!v.is_string()) {
        return std::string(spec.nullable ? "expected a string or null" : "expected a string");
      }
      if (!spec.allowed.empty() && std::find(spec.allowed.begin(), spec.allowed.end(),
                                             v.get<std::string>()) == spec.allowed.end()) {
        std::vector<std::string> allowed;
        for (const auto& a : spec.allowed) allowed.push_back('"' + a + '"');
        if (spec.nullable) allowed.emplace_back("null");
        return "expected " + spelled_list(allowed);
      }
      return std::nullopt;
  }
  return std::nullopt;
}

std::string record_schema::suggest(std::string_view field) const {
  const std::vector<std::string_view> names(fields_.begin(), fields_.end());
  const auto best = rules::closest(field, names);
  return best ? std::string(*best) : std::string();
}

nlohmann::json record_schema::absent_value(std::string_view field) {
  if (field == "rule_errors" || field == "flags" || field == "effects" || field == "forks") {
    return nlohmann::json::array();
  }
  return nullptr;
}

// ---- loading ------------------------------------------------------------------------------

namespace {

// When `file` is UTF-16, puts the whole of it, decoded to UTF-8, in `decoded` and returns true;
// anything else is left to be read as it is, a line at a time.
bool utf16_as_utf8(std::ifstream& file, const std::string& path, std::istringstream& decoded) {
  char head[2] = {};
  file.read(head, 2);
  const std::string_view first(head, static_cast<std::size_t>(file.gcount()));
  file.clear();
  file.seekg(0);
  if (!utf16_start_of(first)) return false;
  std::ostringstream bytes;
  bytes << file.rdbuf();
  decoded.str(utf8_file_text(std::move(bytes).str(), path));
  return true;
}

}  // namespace

std::string expectations_source(const std::string& path) {
  return path == "-" ? std::string("standard input") : path;
}

expectation_set expectation_set::load(const std::string& path, const record_schema& schema) {
  // Diagnostics name `-` as standard input, as the check's summary and hints do (decision 700).
  const std::string source = expectations_source(path);
  // The reason goes with the refusal: a folder given for the file opens, then fails to read.
  const auto unreadable = [&](const std::string& why) {
    return diagnostic{diag_code::io_error, source_span{source, 0, 0},
                      "cannot read the expectations file: " + why};
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw load_error({unreadable(
        "it is a folder; give the JSONL file `mfsim run --format jsonl` wrote (one record per "
        "line)")});
  }
  errno = 0;
  // `-`: standard input (decision 523), as `mfsim run ... | mfsim check --expect - ...` gives
  // it, read a line at a time as a file is: read whole first, the wrong stream piped in (an
  // mbox) took its size in memory before the first problem was judged (decision 589).
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) throw load_error({unreadable(std::strerror(errno != 0 ? errno : EIO))});
  }
  // Windows PowerShell 5.1 writes `mfsim run ... > baseline.jsonl` as UTF-16 (decision 521).
  std::istringstream transcoded;
  std::optional<prefixed_input> stdin_buffer;
  std::optional<std::istream> stdin_lines;
  if (path == "-") {
    std::array<char, 2> head{};
    const std::streamsize got = std::cin.rdbuf()->sgetn(head.data(), 2);
    std::string first(head.data(), static_cast<std::size_t>(std::max<std::streamsize>(got, 0)));
    if (utf16_start_of(first)) {
      std::ostringstream bytes;
      bytes << first << std::cin.rdbuf();
      if (std::cin.bad()) throw load_error({unreadable(std::strerror(errno != 0 ? errno : EIO))});
      transcoded.str(utf8_file_text(std::move(bytes).str(), source));
    } else {
      stdin_buffer.emplace(std::move(first), std::cin.rdbuf());
      stdin_lines.emplace(&*stdin_buffer);
    }
  }
  std::istream& in = stdin_lines ? static_cast<std::istream&>(*stdin_lines)
                     : path == "-" || utf16_as_utf8(file, path, transcoded)
                         ? static_cast<std::istream&>(transcoded)
                         : file;
  expectation_set set;
  set.path_ = path;
  std::vector<diagnostic> problems;
  const auto problem = [&](diag_code code, int line, int col, std::string message) {
    problems.push_back({code, {source, line, col}, std::move(message)});
  };
  std::unordered_map<std::string, int> first_line;  // id -> the line that first named it
  std::string line;
  bool cut = false;
  for (int number = 1; getline_bounded(in, line, kMaxJsonLineBytes, cut); ++number) {
    if (problems.size() >= kMaxExpectationProblems) {
      problem(diag_code::syntax_error, number, 1,
              fmt::format("more than {} problems (the limit kMaxExpectationProblems): the rest of "
                          "the file is not read; is it the expectations file?",
                          kMaxExpectationProblems));
      break;
    }
    if (cut) {
      problem(diag_code::syntax_error, number, static_cast<int>(kMaxJsonLineBytes),
              fmt::format("line longer than {} bytes (the limit kMaxJsonLineBytes): the rest of "
                          "the file is not read",
                          kMaxJsonLineBytes));
      break;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) strip_utf8_bom(line);
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    // A `mfsim run -o` that did not finish: no records, never the last run's (decision 701).
    if (number == 1 && is_unfinished_output(line)) {
      problem(diag_code::io_error, 1, 1, fmt::format("no records: {}", kUnfinishedOutputReason));
      break;
    }
    if (const std::size_t at = json_nesting_exceeded(line); at != std::string::npos) {
      problem(diag_code::syntax_error, number, static_cast<int>(at + 1),
              fmt::format("JSON nested deeper than {} levels (the limit kMaxJsonDepth): not read",
                          kMaxJsonDepth));
      continue;
    }
    nlohmann::json object;
    std::vector<std::string> duplicate_keys;
    std::set<std::string> keys;
    try {
      object = nlohmann::json::parse(
          line, [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
            if (depth == 1 && event == nlohmann::json::parse_event_t::key) {
              const std::string key = parsed.get<std::string>();
              if (!keys.insert(key).second) duplicate_keys.push_back(key);
            }
            return true;
          });
    } catch (const nlohmann::json::exception& e) {
      const json_failure failure = describe_json_failure(line, e);
      // JSON that stops short at the end of the file, with no line end after it: the file stops
      // inside a record, as a baseline does when `mfsim run > FILE` was killed or the disk
      // filled up. (A whole value the parser refused, a number too large, is not that.)
      const std::string cut_short =
          in.eof() && failure.byte >= line.size()
              ? "; the file ends inside this line, without a line end: it was cut short "
                "while being written (a full disk, a killed `mfsim run > FILE`?); write it again"
              : "";
      problem(diag_code::syntax_error, number, static_cast<int>(failure.byte),
              "invalid JSON: " + failure.message + cut_short);
      continue;
    }
    if (!object.is_object()) {
      problem(diag_code::bad_value, number, 1,
              fmt::format("expected one JSON object per line (with an \"id\"), found {}",
                          with_article(object.type_name())));
      continue;
    }
    for (const auto& key : duplicate_keys) {
      problem(diag_code::duplicate, number, key_column(line, key, true),
              fmt::format("field '{}' is given twice", key));
    }
    bool usable = true;
    const auto id = object.find("id");
    if (id == object.end()) {
      problem(diag_code::missing_key, number, 1,
              "no \"id\": every expectation names its message id");
      usable = false;
    } else if (!id->is_string()) {
      problem(diag_code::bad_value, number, key_column(line, "id"),
              "\"id\" must be a string (the message id as `mfsim run` prints it)");
      usable = false;
    }
    for (const auto& [key, value] : object.items()) {
      if (key == "id") continue;
      if (!schema.known(key)) {
        const std::string hint = schema.suggest(key);
        problem(diag_code::unknown_key, number, key_column(line, key),
                fmt::format("unknown field '{}'{}", key,
                            hint.empty() ? " (see the fields of `mfsim run --format jsonl`)"
                                         : fmt::format(" (did you mean '{}'?)", hint)));
        usable = false;
        continue;
      }
      if (const auto why = schema.check_value(key, value)) {
        problem(diag_code::bad_value, number, key_column(line, key),
                fmt::format("field '{}': {}, found {}", key, *why, shortened(value.dump())));
        usable = false;
      }
    }
    if (id == object.end() || !id->is_string()) continue;
    std::string id_text = id->get<std::string>();
    // Every line with an id counts for duplicates, even one with other problems.
    if (const auto seen = first_line.find(id_text); seen != first_line.end()) {
      problem(diag_code::duplicate, number, key_column(line, "id"),
              fmt::format("duplicate id '{}' (first expected on line {})", id_text, seen->second));
      continue;
    }
    first_line.emplace(id_text, number);
    if (!usable || !duplicate_keys.empty()) continue;
    set.index_.emplace(id_text, set.entries_.size());
    set.entries_.push_back({std::move(id_text), line, number});
  }
  if (in.bad()) problems.push_back(unreadable(std::strerror(errno != 0 ? errno : EIO)));
  // A line's fields are checked in the parsed object's (sorted) key order: reported in the
  // order they stand in the file, as an editor goes through them.
  std::stable_sort(problems.begin(), problems.end(), [](const diagnostic& a, const diagnostic& b) {
    return std::pair(a.where.line, a.where.col) < std::pair(b.where.line, b.where.col);
  });
  if (!problems.empty()) throw load_error(std::move(problems));
  return set;
}

std::optional<std::size_t> expectation_set::find(std::string_view id) const {
  const auto it = index_.find(std::string(id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

// ---- comparing ----------------------------------------------------------------------------

std::vector<field_mismatch> compare_record(const nlohmann::json& record,
                                           const expectation& expected,
                                           const record_schema& schema) {
  std::vector<field_mismatch> out;
  const nlohmann::json fields = mfsim::parse_json(expected.fields);
  for (const auto& field : schema.fields()) {
    if (field == "id") continue;  // the message was found by it
    const auto want = fields.find(field);
    if (want == fields.end()) continue;
    const auto have = record.find(field);
    const nlohmann::json got = have == record.end() ? record_schema::absent_value(field) : *have;
    if (got != *want) {
      const auto dump = [](const nlohmann::json& j) {
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      };
      out.push_back(
          {field, dump(*want), have == record.end() ? dump(got) + " (absent)" : dump(got)});
    }
  }
  return out;
}

namespace {

// The id's path steps without empty and `.` ones, joined by `/`.
std::string plain_steps(std::string_view id) {
  std::string out;
  std::size_t from = 0;
  while (from <= id.size()) {
    const std::size_t slash = std::min(id.find('/', from), id.size());
    const std::string_view step = id.substr(from, slash - from);
    if (!step.empty() && step != ".") {
      if (!out.empty()) out += '/';
      out.append(step);
    }
    from = slash + 1;
  }
  return out;
}

bool ends_with_steps(std::string_view longer, std::string_view shorter) {
  return longer.size() > shorter.size() &&
         longer.substr(longer.size() - shorter.size()) == shorter &&
         longer[longer.size() - shorter.size() - 1] == '/';
}

}  // namespace

bool ids_may_name_one_file(std::string_view a, std::string_view b) {
  const std::string x = plain_steps(a);
  const std::string y = plain_steps(b);
  return x == y || ends_with_steps(x, y) || ends_with_steps(y, x);
}

}  // namespace mfsim::tools
