// Importer for Export-TransportRuleCollection files: an XML rule collection whose <commandBlock>
// elements hold New-TransportRule commands, which the PowerShell importer reads.
//
//   <rules name="TransportVersioned">
//     <rule name="..." id="..." format="cmdlet">
//       <version requiredMinVersion="15.0.3.0">
//         <commandBlock><![CDATA[New-TransportRule -Name '...' ...]]></commandBlock>
//       </version>
//     </rule>
//   </rules>
//
// Rules come in priority order. Diagnostics inside a command point into the XML file.
#pragma once

#include <string>
#include <string_view>

#include "engine/rules/rule_set.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {

// Reads an exported collection, already decoded to UTF-8 (see utf8_file_text in
// engine/utf16_text.h). Problems go to the result's diagnostics; an XML syntax error is reported
// alone.
[[nodiscard]] imported_rules import_exported_xml(std::string_view text,
                                                 const std::string& file_name);

// The collection as a complete rule set. Errors: throws load_error with every diagnostic.
[[nodiscard]] rule_set load_rule_set_exported_xml(std::string_view text,
                                                  const std::string& file_name);

}  // namespace mfsim::rules
