// Self-contained HTML reports: `mfsim run --report` and `mfsim diff --report`.
//
// One file each, readable offline: inline CSS, inline SVG charts generated here, one small
// inline script (a filter box); no network fetches, fonts or external scripts. Every text that
// comes from a message or a rule set is escaped. Elements carry ids and data- attributes
// (data-key, data-count, ...) so tools and tests can read the numbers back from the DOM.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"

namespace mfsim::report {

// Appends `text` escaped for HTML text and attribute values: & < > " ' become entities,
// invalid UTF-8 and control characters (other than tab and line ends) become U+FFFD.
void append_html_escaped(std::string& out, std::string_view text);

// ---- run report ---------------------------------------------------------------------------

// One message's outcome as the report shows it (copied out of the outcome).
struct message_row {
  std::string id;
  std::string disposition;  // empty: none
  std::string sender_ip;    // empty: none
  bool in_egress = false;
  std::vector<std::uint32_t> rules;  // plan rule indexes, in evaluation order
  std::string scl;                   // empty: none
  std::string verdict;
  std::string action;
  std::string quarantine_policy;  // empty: not quarantined
  std::string release;            // empty: not quarantined
  bool notify = false;
  std::string expires;  // ISO 8601, empty: none
  std::string error;    // empty: none
};

[[nodiscard]] message_row make_row(std::string_view id, const outcome& result);

// Rows travel through the ordered pipeline inside a worker's output text: a worker appends the
// row after its text, and the writer thread, which sees outputs in input order, splits it off.
void append_row_payload(std::string& text, std::string_view id, const outcome& result);
// Fills `row` and returns the text the worker wrote before the row. A text without a payload
// is returned whole (row left empty).
[[nodiscard]] std::string_view take_row_payload(std::string_view text, message_row& row);

// Counts every row added and keeps the first `max_rows` for the message table; the report says
// how many rows were left out. add() must be called in input order, from one thread.
class html_run_report {
 public:
  static constexpr std::size_t kDefaultMaxRows = 10000;

  explicit html_run_report(const plan& p, std::size_t max_rows = kDefaultMaxRows);

  void add(message_row&& row);
  [[nodiscard]] std::string render() const;

  [[nodiscard]] std::uint64_t messages() const noexcept { return messages_; }
  [[nodiscard]] std::uint64_t rows_left_out() const noexcept { return messages_ - rows_.size(); }

 private:
  const plan& plan_;
  std::size_t max_rows_;
  std::uint64_t messages_ = 0;
  std::uint64_t errors_ = 0;
  std::uint64_t from_egress_ = 0;
  std::uint64_t disposition_not_from_egress_ = 0;
  std::uint64_t notified_ = 0;
  std::map<std::string, std::uint64_t> actions_;
  std::map<std::string, std::uint64_t> verdicts_;
  std::map<std::string, std::uint64_t> policies_;
  std::map<std::string, std::uint64_t> releases_;
  std::vector<std::uint64_t> rule_hits_;
  std::vector<message_row> rows_;
};

// ---- diff report --------------------------------------------------------------------------

// A message whose record differs between the two rule sets.
struct diff_change {
  std::string id;
  std::size_t before = 0;  // index into diff_report_data::states
  std::size_t after = 0;
  std::vector<std::string> fields;  // the record fields that differ, in record order
  std::vector<std::string> rules_before;
  std::vector<std::string> rules_after;
};

struct diff_report_data {
  std::string base_name, base_source;  // the --base rule set
  std::string new_name, new_source;    // the --rules rule set
  // States ("deliver", "quarantine (UserNotifyUserRelease)", ...) in first-seen order; both
  // axes of the matrix use this list, so the diagonal holds the messages that kept their state.
  std::vector<std::string> states;
  std::map<std::pair<std::size_t, std::size_t>, std::uint64_t> matrix;  // (before, after) -> n
  std::uint64_t messages = 0;
  std::uint64_t changed = 0;
  std::vector<diff_change> changes;  // listed changes, in input order
  std::map<std::pair<std::size_t, std::size_t>, std::uint64_t> changed_per_transition;
  std::uint64_t changes_left_out = 0;  // changed messages not in `changes`
};

[[nodiscard]] std::string render_diff_report(const diff_report_data& data);

}  // namespace mfsim::report
