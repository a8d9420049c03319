// The objects of an export an administrator makes with ConvertTo-Json or Export-Clixml
// (Get-Recipient, Get-DistributionGroupMember, Get-MailboxJunkEmailConfiguration), as records of
// named properties, each with its position in the file: one reader per format for the
// --directory and --mailbox-state readers, under the importers' budgets (json_locator.h,
// xml_reader.h, clixml_tree.h).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"

namespace mfsim::rules::exports {

struct property {
  std::string name;
  nlohmann::ordered_json value;  // a CSV cell is a text
  source_span where;
};

struct record {
  std::vector<property> properties;
  source_span where;

  // The property `name` (without case), or nullptr.
  [[nodiscard]] const property* find(std::string_view name) const;
};

// Reads a record and says whether to read on (false: stop, a reader's problem budget is spent).
using record_visitor = std::function<bool(record&&)>;

// The objects of a ConvertTo-Json text (export_syntax.h tells which reader a text needs): an
// array of objects, one object, or Windows PowerShell 5.1's {"value": [...], "Count": n}.
// `what` names an object in messages ("a mailbox's junk email configuration (an object with
// Identity)"). Throws load_error with one problem at file:line:col for text that is not JSON,
// nesting past json_export::kMaxNesting, an item that is not an object, or a property given
// twice in one object.
void read_json_records(std::string_view text, const std::string& file, std::string_view what,
                       const record_visitor& visit);

// The objects of an Export-Clixml document (<Objs>); the same problems as read_json_records,
// and those clixml::read finds. The XML is checked whole first (a cut file is refused before any
// record); then each item of <Objs> is read as it closes, so the records before an item's CLIXML
// problem have been visited when it is thrown.
void read_clixml_records(std::string_view text, const std::string& file, std::string_view what,
                         const record_visitor& visit);

}  // namespace mfsim::rules::exports
