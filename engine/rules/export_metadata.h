// Internal to the export importers and the script runner: the read-only properties
// Get-TransportRule, Get-HostedContentFilterPolicy, Get-HostedContentFilterRule and
// Get-QuarantinePolicy write besides the cmdlet parameters, and the retired parameters old
// exports and scripts still carry.
#pragma once

#include <optional>
#include <string_view>

#include "engine/rules/validate.h"

namespace mfsim::rules {

// True for a property an exported object carries about itself (Identity, Guid, WhenChanged,
// CreatedBy, Size, RegexSize, ...) or a REST annotation ("SetSCL@odata.type"): accepted as
// metadata and ignored. Compared without case.
[[nodiscard]] bool is_export_metadata(std::string_view property);

// For a parameter Exchange has retired from the cmdlets of `family` (ZapEnabled, ...): what
// replaced it, for the "retired, no effect" warning; nullopt for any other property, and for one
// retired from another family's cmdlets. Compared without case.
[[nodiscard]] std::optional<std::string_view> retired_parameter(cmdlet_family family,
                                                                std::string_view property);

}  // namespace mfsim::rules
