// `mfsim run --report`: a self-contained HTML page of a run's outcomes (engine/report/html_page.h
// for the shared frame). Readable offline: inline CSS and SVG, one small inline script, no
// fetches. Every text from a message or a rule set is escaped; elements carry ids and data-
// attributes (data-key, data-count, ...) so tools and tests can read the numbers back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "engine/recipient_forks.h"

namespace mfsim::report {

// One message's outcome as the report shows it (copied out of the outcome). make_row keeps at
// most 1024 bytes of the id and 200 of the disposition and the error, then "..." (the JSONL
// keeps every value whole).
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
  // The effects, in the order applied: "RULE: effect_summary()" (engine/effect_text.h).
  std::vector<std::string> effects;
  // The recipient forks (decisions 470-474), each as fork_text() writes it, then
  // forks_truncated_text() when the record says `forks_truncated`.
  std::vector<std::string> forks;
};

// "RULE: SUMMARY", a row's line for one effect.
[[nodiscard]] std::string effect_row_text(std::string_view rule_name, const effect& e);

// `p` names the rules of the effects (the plan that produced `result`).
[[nodiscard]] message_row make_row(std::string_view id, const outcome& result,
                                   const plan* p = nullptr, const recipient_forks* forks = nullptr);

// Cuts the row's long values as make_row does (`mfsim merge` builds rows from records).
void cap_row_values(message_row& row);

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

}  // namespace mfsim::report
