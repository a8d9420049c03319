// Importer for PowerShell's Export-Clixml files: `Get-TransportRule | Export-Clixml rules.xml`,
// and the same of Get-HostedContentFilterPolicy, Get-HostedContentFilterRule,
// Get-QuarantinePolicy and Get-AcceptedDomain (docs/import.md, docs/decisions.md 434).
//
// The file's objects are read exactly as those of a ConvertTo-Json export: each is a transport
// rule, an anti-spam policy or rule, a quarantine policy or an accepted domain, told apart by
// its properties, which map through the same parameter tables.
#pragma once

#include <string>
#include <string_view>

#include "engine/rules/rule_set.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {

// Reads an Export-Clixml file (UTF-8: load_any decodes UTF-16). Diagnostics carry the line:col
// of the property's or value's element in the file. An XML syntax error, or a document that is
// not CLIXML (an unknown element, a <Ref> to no earlier object), is reported alone.
[[nodiscard]] imported_rules import_clixml(std::string_view text, const std::string& file_name);

// The export as a complete rule set. Errors: throws load_error with every diagnostic.
[[nodiscard]] rule_set load_rule_set_clixml(std::string_view text, const std::string& file_name);

}  // namespace mfsim::rules
