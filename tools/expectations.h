// Expectation files for `mfsim check`: one JSON object per line, any subset of the fields of
// a `mfsim run` record, keyed by message id. `mfsim run --format jsonl` output is one.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/engine.h"

namespace mfsim::tools {

struct expectation {
  std::string id;
  // The line as written (a JSON object, `id` included), parsed again to compare: a parsed
  // object took several times the memory, and a check holds every expectation of a corpus.
  std::string fields;
  int line = 0;  // 1-based line in the file
};

// The record fields an expectation may name, in record order, with what each may hold.
class record_schema {
 public:
  // Every field `mfsim run` can write (report::record_fields()), so a blessed baseline always
  // loads, whatever optional fields its records carry.
  record_schema();

  [[nodiscard]] const std::vector<std::string>& fields() const noexcept { return fields_; }
  [[nodiscard]] bool known(std::string_view field) const;
  // Why `value` cannot be a value of `field` ("expected one of ...", "expected a boolean"), or
  // nullopt when it can.
  [[nodiscard]] std::optional<std::string> check_value(std::string_view field,
                                                       const nlohmann::json& value) const;
  // The known field closest to a misspelt one, or empty.
  [[nodiscard]] std::string suggest(std::string_view field) const;
  // What a record means when it leaves an optional field out ([] for rule_errors, flags,
  // effects and forks, else null).
  [[nodiscard]] static nlohmann::json absent_value(std::string_view field);

 private:
  std::vector<std::string> fields_;
};

// Problems an expectations file that does not load is read for: the wrong file given (an mbox,
// last run's JUnit XML) has one a line, and 5 million took 39 s and 1.3 GB to list (decision 573).
inline constexpr std::size_t kMaxExpectationProblems = 1000;

// How every message names the expectations `path` (`--expect`): `-` is standard input, so
// named, not as a file called `-` (decisions 581 and 700).
[[nodiscard]] std::string expectations_source(const std::string& path);

class expectation_set {
 public:
  // Reads `path`. Blank lines are skipped. Collects every problem (invalid JSON, a line that is
  // not an object, no or non-string id, unknown fields, values of the wrong type or spelling,
  // duplicate ids or keys) and throws load_error with file:line[:col] for each, up to
  // kMaxExpectationProblems, after which the rest of the file is not read.
  [[nodiscard]] static expectation_set load(const std::string& path, const record_schema& schema);

  [[nodiscard]] const std::vector<expectation>& entries() const noexcept { return entries_; }
  // Index into entries() of the expectation for `id`, or nullopt. Thread-safe.
  [[nodiscard]] std::optional<std::size_t> find(std::string_view id) const;
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  std::vector<expectation> entries_;
  std::unordered_map<std::string, std::size_t> index_;
};

// One field whose value differs from the expectation.
struct field_mismatch {
  std::string field;
  std::string expected;  // compact JSON
  std::string got;       // compact JSON, "(absent)" when the record has no such field
};

// Compares a record (one `mfsim run` JSONL line, parsed) with an expectation, field by field in
// record order; only the fields the expectation names are compared.
[[nodiscard]] std::vector<field_mismatch> compare_record(const nlohmann::json& record,
                                                         const expectation& expected,
                                                         const record_schema& schema);

// Two ids that may name one file by two spellings of its path (`./mail/a.eml`, `mail//a.eml`,
// `/home/x/mail/a.eml` against `mail/a.eml`): equal once empty and `.` steps are dropped, or one
// the end of the other at a `/`. For a hint when a check's ids and its expectations' all miss.
[[nodiscard]] bool ids_may_name_one_file(std::string_view a, std::string_view b);

}  // namespace mfsim::tools
