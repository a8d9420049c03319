// Internal to the export importers (ConvertTo-Json, Export-Clixml): the objects of a
// `Get-TransportRule`, `Get-HostedContentFilterPolicy`, `Get-HostedContentFilterRule`,
// `Get-QuarantinePolicy` or `Get-AcceptedDomain` export, as a tree of values with the byte
// offset of each key and value in the file, read into a rule set. Each export format only
// builds the tree; what an object is and what its properties mean is decided here, once.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/rules/json_locator.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {

// Which export the tree came from: its messages name the command that writes it.
struct export_style {
  std::string_view tool;        // "ConvertTo-Json" or "Export-Clixml"
  std::string_view extension;   // of the file the examples save to: "json" or "xml"
  bool to_pipeline = false;     // the tool writes to the pipeline (saved with '>'), not to -Path
  std::string_view enum_names;  // how to export enumerations by name rather than number
};

inline constexpr export_style kJsonExport{
    "ConvertTo-Json", "json", true,
    "ConvertTo-Json -EnumsAsStrings -Depth 5 (PowerShell 7; Windows PowerShell 5.1 has no "
    "-EnumsAsStrings)"};
inline constexpr export_style kClixmlExport{
    "Export-Clixml", "xml", false,
    "Export-Clixml of the objects as the Get- cmdlet returns them (it writes an enumeration "
    "with its name in <ToString>; a bare number means the value was converted before the "
    "export)"};

// "Get-TransportRule | ConvertTo-Json -Depth 5 > rules.json" for `cmdlet` and `stem`.
[[nodiscard]] std::string export_example(const export_style& style, std::string_view cmdlet,
                                         std::string_view stem);

// Reads `root` (one object, or an array of objects) whose offsets `at` gives, as located
// in `text` (the file `file`). Diagnostics name the object's index and the property.
[[nodiscard]] imported_rules read_export_objects(const nlohmann::ordered_json& root,
                                                 const json_export::located& at,
                                                 std::string_view text, const std::string& file,
                                                 const export_style& style);

}  // namespace mfsim::rules
