// Importer for PowerShell's JSON exports: `Get-TransportRule | ConvertTo-Json`,
// `Get-HostedContentFilterPolicy | ConvertTo-Json` and `Get-QuarantinePolicy | ConvertTo-Json`.
//
// A file holds one object or an array of objects (PowerShell 5's {"value": [...], "Count": n}
// wrapper too); each object is a transport rule, an anti-spam policy or a quarantine policy,
// told apart by its properties. Null, empty-text and empty-array properties count as unset.
#pragma once

#include <string>
#include <string_view>

#include "engine/rules/rule_set.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {

// Reads a JSON export (UTF-8). Diagnostics carry line:col of the property (or value), and name
// the object's index and the property. A JSON syntax error is reported alone.
[[nodiscard]] imported_rules import_json_export(std::string_view text,
                                                const std::string& file_name);

// The export as a complete rule set. Errors: throws load_error with every diagnostic.
[[nodiscard]] rule_set load_rule_set_json_export(std::string_view text,
                                                 const std::string& file_name);

}  // namespace mfsim::rules
