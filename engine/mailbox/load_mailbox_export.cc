// Reads Get-MailboxJunkEmailConfiguration exports (ConvertTo-Json, Export-Csv, Export-Clixml)
// into mailbox_settings: each format becomes records of named properties with positions, and
// one reader turns the records into mailboxes.
#include "engine/mailbox/load_mailbox_export.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "engine/ascii.h"
#include "engine/case_fold.h"
#include "engine/csv_reader.h"
#include "engine/mailbox/load_mailbox_state.h"
#include "engine/rules/export_records.h"
#include "engine/rules/export_syntax.h"
#include "engine/rules/json_export_mistakes.h"
#include "engine/rules/mailbox_address.h"
#include "engine/rules/validate.h"
#include "engine/utf8.h"

namespace mfsim::mailbox {
namespace {

using json = nlohmann::ordered_json;
using rules::exports::property;
using rules::exports::record;
using rules::exports::record_visitor;

// How much of a value a message quotes.
constexpr std::size_t kQuotedBytes = 120;
constexpr std::string_view kRecordIs =
    "a mailbox's junk email configuration (an object with Identity), as "
    "Get-MailboxJunkEmailConfiguration writes it";

[[noreturn]] void refuse(diag_code code, source_span where, std::string message) {
  throw load_error({diagnostic{code, std::move(where), std::move(message)}});
}

std::string_view first_line(std::string_view text) {
  return text.substr(0, text.find_first_of("\r\n"));
}

bool starts_type_line(std::string_view text) { return text.starts_with("#TYPE "); }

// Each row a record, read as it comes: a file of a million rows never stands as a million
// records at once.
void read_csv_records(std::string_view text, const std::string& file, const record_visitor& visit) {
  int skipped = 0;
  text = after_csv_type_line(text, skipped);
  csv_cursor cursor(text, export_csv_delimiter(first_line(text)));
  const auto span = [&](int line, int col) { return source_span{file, line + skipped, col}; };
  std::string problem;
  int problem_line = 0, problem_col = 0;
  const std::vector<csv_cell> header = cursor.row(problem, problem_line, problem_col);
  if (const csv_cell* twice = repeated_column(header)) {
    refuse(diag_code::duplicate, span(twice->line, twice->col),
           fmt::format("the header row names the column '{}' twice: Import-Csv refuses such a "
                       "file; keep one of the two",
                       shortened_at(twice->text, kQuotedBytes)));
  }
  while (!cursor.done() && problem.empty()) {
    std::vector<csv_cell> cells = cursor.row(problem, problem_line, problem_col);
    if (!problem.empty()) break;  // the record is cut: its reason alone is said, below
    if (cells.size() == 1 && cells.front().text.empty()) continue;  // a blank line
    record r;
    r.where = span(cells.front().line, cells.front().col);
    if (cells.size() != header.size()) {
      refuse(diag_code::bad_value, r.where,
             fmt::format("this row has {} values and the header row {} columns", cells.size(),
                         header.size()));
    }
    for (std::size_t k = 0; k < cells.size(); ++k) {
      r.properties.push_back(
          {header[k].text, std::move(cells[k].text), span(cells[k].line, cells[k].col)});
    }
    if (!visit(std::move(r))) return;
  }
  if (!problem.empty()) refuse(diag_code::syntax_error, span(problem_line, problem_col), problem);
}

// ---- records to mailboxes ----

class reader {
 public:
  explicit reader(const directory::directory_index* directory) : directory_(directory) {}

  void read(const record& r, std::vector<mailbox_settings>& out) {
    const property* identity = r.find("Identity");
    if (identity == nullptr) {
      error(diag_code::missing_key, r.where,
            "missing property 'Identity': export it (Select-Object Identity,Enabled,...)");
      return;
    }
    if (!identity->value.is_string() || identity->value.get<std::string>().empty()) {
      error(diag_code::bad_value, identity->where, "'Identity': expected the mailbox's identity");
      return;
    }
    const std::string name = identity->value.get<std::string>();
    mailbox_settings m;
    m.where = r.where;
    const bool enabled = flag(r, "Enabled", true);
    m.safe_senders = list(r, "TrustedSendersAndDomains");
    m.blocked_senders = list(r, "BlockedSendersAndDomains");
    m.contacts_trusted = flag(r, "ContactsTrusted", false);
    m.trusted_lists_only = flag(r, "TrustedListsOnly", false);
    // Enabled $false: the safelist collection moves nothing; the policy's folder stands
    // (Set-MailboxJunkEmailConfiguration, decision 651).
    if (!enabled) {
      mailbox_settings off;
      off.where = r.where;
      m = std::move(off);
    }
    std::vector<std::string> addresses = addresses_of(name, identity->where);
    for (const std::string& address : addresses) {
      if (const auto it = seen_.find(case_folded_copy(address)); it != seen_.end()) {
        error(diag_code::duplicate, identity->where,
              fmt::format("mailbox '{}' given twice (first at line {})",
                          shortened_at(name, kQuotedBytes), it->second));
        return;
      }
    }
    if (addresses.empty()) return;
    for (std::string& address : addresses)
      seen_.emplace(case_folded_copy(address), identity->where.line);
    // One settings for all the mailbox's addresses: a list is held once, however many
    // addresses the directory gives the mailbox.
    m.recipient = std::move(addresses.front());
    m.other_recipients.assign(std::make_move_iterator(addresses.begin() + 1),
                              std::make_move_iterator(addresses.end()));
    out.push_back(std::move(m));
  }

  [[nodiscard]] bool full() const { return problems_.size() >= kMaxStateProblems; }
  std::vector<diagnostic>& problems() { return problems_; }

 private:
  void error(diag_code code, source_span where, std::string message) {
    problems_.push_back(diagnostic{code, std::move(where), std::move(message)});
  }

  // The SMTP addresses of the mailbox `identity` names (decision 652).
  std::vector<std::string> addresses_of(const std::string& identity, const source_span& where) {
    // An address as rule values take it: a '@', a domain, no space or control character (a
    // NUL or an escape sequence in an export is damage, not a mailbox).
    // Its domain one a mailbox can have: `a@b..c` names none (decision 775).
    const bool address = rules::is_mailbox_address(identity);
    if (directory_ != nullptr) {
      const std::vector<std::uint32_t> ids = directory_->resolve(identity);
      if (ids.size() == 1) {
        const directory::entry& e = directory_->at(ids.front());
        if (!e.addresses.empty()) return e.addresses;
        if (!e.primary_address.empty()) return {e.primary_address};
        error(diag_code::bad_reference, where,
              fmt::format("'Identity' '{}' names an entry of --directory without an SMTP "
                          "address",
                          shortened_at(identity, kQuotedBytes)));
        return {};
      }
      if (ids.size() > 1) {
        error(diag_code::bad_reference, where,
              fmt::format("'Identity' '{}' names {} entries of --directory; export an identity "
                          "that is unique (PrimarySmtpAddress)",
                          shortened_at(identity, kQuotedBytes), ids.size()));
        return {};
      }
    }
    if (address) return {identity};
    error(diag_code::bad_reference, where,
          fmt::format("'Identity' '{}' is not an SMTP address{}: give --directory with the "
                      "mailbox (docs/directory.md) or export the address as Identity",
                      shortened_at(identity, kQuotedBytes),
                      directory_ != nullptr ? " and names no entry of --directory" : ""));
    return {};
  }

  bool flag(const record& r, std::string_view key, bool absent) {
    const property* p = r.find(key);
    if (p == nullptr || p->value.is_null()) return absent;
    if (p->value.is_boolean()) return p->value.get<bool>();
    if (p->value.is_string()) {
      const std::string& text = p->value.get_ref<const std::string&>();
      if (text.empty()) return absent;
      if (ascii_iequals(text, "true") || ascii_iequals(text, "$true")) return true;
      if (ascii_iequals(text, "false") || ascii_iequals(text, "$false")) return false;
    }
    error(diag_code::bad_value, p->where, fmt::format("'{}': expected True or False", key));
    return absent;
  }

  // A list: a JSON array of texts, or (Export-Csv) the entries joined with ';'.
  std::vector<std::string> list(const record& r, std::string_view key) {
    std::vector<std::string> out;
    const property* p = r.find(key);
    if (p == nullptr || p->value.is_null()) return out;
    if (p->value.is_array()) {
      for (const auto& item : p->value) {
        if (item.is_string() && !item.get_ref<const std::string&>().empty())
          out.push_back(item.get<std::string>());
        else if (!item.is_string())
          error(diag_code::bad_value, p->where,
                fmt::format("'{}': expected addresses and domains in the list", key));
      }
      return out;
    }
    if (!p->value.is_string()) {
      error(diag_code::bad_value, p->where,
            fmt::format("'{}': expected a list of addresses and domains", key));
      return out;
    }
    const std::string& text = p->value.get_ref<const std::string&>();
    if (rules::is_flattened_object(text)) {
      // Export-Csv writes a collection as its type name (decision 653).
      error(diag_code::bad_value, p->where,
            fmt::format("'{}' holds the type name '{}', not the entries: Export-Csv writes a "
                        "list so; export it joined, Select-Object "
                        "@{{n='{}';e={{$_.{} -join ';'}}}}, or use ConvertTo-Json -Depth 3",
                        key, shortened_at(text, kQuotedBytes), key, key));
      return out;
    }
    // No address or domain holds ',', a space or a line break: a list joined with them (-join
    // ', ', -join "`n") reads as well as one joined with ';'.
    constexpr std::string_view kSeparators = "; ,\t\r\n";
    for (std::size_t start = 0; start <= text.size();) {
      const std::size_t end = std::min(text.find_first_of(kSeparators, start), text.size());
      if (end > start) out.emplace_back(std::string_view(text).substr(start, end - start));
      start = end + 1;
    }
    return out;
  }

  const directory::directory_index* directory_;
  std::map<std::string, int> seen_;  // lower-cased address -> line
  std::vector<diagnostic> problems_;
};

bool csv_header_names_identity(std::string_view text) {
  int skipped = 0;
  const std::string_view rest = after_csv_type_line(text, skipped);
  csv_cursor cursor(first_line(rest), export_csv_delimiter(first_line(rest)));
  std::string problem;
  int line = 0, col = 0;
  for (const csv_cell& c : cursor.row(problem, line, col))
    if (ascii_iequals(c.text, "Identity")) return true;
  return false;
}

// Whether the flow mapping opening at text[open] has the key mfsim_mailbox at its own level,
// quoted or plain as YAML's flow style writes it: mfsim's format written as JSON (decision 741).
// The text in a value, or in a mapping nested in one, is an export's data.
bool names_version_at_top(std::string_view text, std::size_t open) {
  constexpr std::string_view kVersionKey = "mfsim_mailbox";
  constexpr std::string_view kPlainEnds = ":,{}[] \t\r\n";
  int depth = 0;
  bool at_key = false;      // at the top level, after '{' or ',': the next token is a key
  bool token_start = true;  // a quote here opens a quoted scalar (in O'Brien it does not)
  for (std::size_t i = open; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '"' || c == '\'') && token_start) {
      std::size_t end = i + 1;
      while (end < text.size() && text[end] != c) end += (c == '"' && text[end] == '\\') ? 2 : 1;
      if (depth == 1 && at_key && text.substr(i + 1, end - i - 1) == kVersionKey) return true;
      at_key = token_start = false;
      i = end;
    } else if (c == '{' || c == '[') {
      ++depth;
      at_key = depth == 1;
      token_start = true;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return false;
      at_key = token_start = false;
    } else if (c == ',' || c == ':') {
      at_key = c == ',' && depth == 1;
      token_start = true;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      token_start = true;
    } else {
      const std::size_t end = std::min(text.find_first_of(kPlainEnds, i), text.size());
      if (depth == 1 && at_key && text.substr(i, end - i) == kVersionKey) return true;
      at_key = token_start = false;
      i = end - 1;
    }
  }
  return false;
}

}  // namespace

bool is_mailbox_export(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return false;
  switch (text[start]) {
    case '[':
    case '<': return true;
    case '{':
      // mfsim's own format written as JSON (YAML reads it) names its version at its top.
      return !names_version_at_top(text, start);
    default: return starts_type_line(text) || csv_header_names_identity(text);
  }
}

std::vector<mailbox_settings> load_mailbox_export(std::string_view text,
                                                  const std::string& file_name,
                                                  const directory::directory_index* directory,
                                                  std::size_t max_mailboxes) {
  reader r(directory);
  std::vector<mailbox_settings> out;
  const record_visitor visit = [&](record&& rec) {
    if (r.full()) {
      r.problems().push_back(too_many_state_problems(rec.where));
      return false;
    }
    if (out.size() >= max_mailboxes) {
      r.problems().push_back(diagnostic{
          diag_code::bad_value, rec.where,
          fmt::format("the mailbox state holds more than {} mailboxes (the limit "
                      "kMaxStateMailboxes): the rest of the file is not read; split the export",
                      max_mailboxes)});
      return false;
    }
    r.read(rec, out);
    return true;
  };
  try {
    if (rules::exports::starts_xml(text))
      rules::exports::read_clixml_records(text, file_name, kRecordIs, visit);
    else if (rules::exports::starts_json(text))
      rules::exports::read_json_records(text, file_name, kRecordIs, visit);
    else
      read_csv_records(text, file_name, visit);
  } catch (const load_error& e) {
    // A record the reader cannot read stops the file, after the problems found before it.
    r.problems().insert(r.problems().end(), e.diagnostics().begin(), e.diagnostics().end());
  }
  if (!r.problems().empty()) throw load_error(std::move(r.problems()));
  return out;
}

}  // namespace mfsim::mailbox
