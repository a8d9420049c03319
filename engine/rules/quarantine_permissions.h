// End-user quarantine permissions in their three spellings: EndUserQuarantinePermissionsValue's
// number, New-QuarantinePermissions' -PermissionTo* parameters, and the text an export gives
// EndUserQuarantinePermissions ("PermissionToViewHeader: False, PermissionToDownload: ...").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/validate.h"

namespace mfsim::rules {

// The bit of a New-QuarantinePermissions parameter ("PermissionToRelease"), case-insensitive.
[[nodiscard]] std::optional<std::uint32_t> quarantine_permission_bit(std::string_view name);

// The permission bits of EndUserQuarantinePermissionsValue (0..255) or EndUserQuarantinePermissions
// (the bits, or the export's text); an error at the value when neither, or when it grants both
// release and request release.
[[nodiscard]] std::optional<std::uint32_t> read_quarantine_permissions(
    const parameter& p, const std::string& ctx, param_style style, std::vector<diagnostic>& out);

}  // namespace mfsim::rules
