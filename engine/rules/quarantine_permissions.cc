// Reading end-user quarantine permissions (New-QuarantinePolicy, New-QuarantinePermissions).
#include "engine/rules/quarantine_permissions.h"

#include <fmt/format.h>

#include <charconv>

#include "engine/ascii.h"
#include "engine/rules/param_readers.h"

namespace mfsim::rules {
namespace {

using detail::error;
using detail::is_texty;

struct permission_name {
  std::string_view name;
  std::uint32_t bit;
};

// New-QuarantinePermissions' parameters, in EndUserQuarantinePermissionsValue's bit order.
constexpr permission_name permission_names[] = {
    {"PermissionToViewHeader", perm_view_header},
    {"PermissionToDownload", perm_download},
    {"PermissionToAllowSender", perm_allow_sender},
    {"PermissionToBlockSender", perm_block_sender},
    {"PermissionToRequestRelease", perm_request_release},
    {"PermissionToRelease", perm_release},
    {"PermissionToPreview", perm_preview},
    {"PermissionToDelete", perm_delete}};

// "PermissionToViewHeader: False, PermissionToRelease: True, ...": the bits set to True.
std::optional<std::uint32_t> bits_of_text(std::string_view text) {
  std::uint32_t bits = 0;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = ascii_trim_blanks(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (item.empty()) continue;
    const auto colon = item.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const auto bit = quarantine_permission_bit(ascii_trim_blanks(item.substr(0, colon)));
    const std::string_view value = ascii_trim_blanks(item.substr(colon + 1));
    if (!bit) return std::nullopt;
    if (ascii_iequals(value, "True")) {
      bits |= *bit;
    } else if (!ascii_iequals(value, "False")) {
      return std::nullopt;
    }
  }
  return bits;
}

}  // namespace

std::optional<std::uint32_t> quarantine_permission_bit(std::string_view name) {
  for (const auto& p : permission_names) {
    if (ascii_iequals(p.name, name)) return p.bit;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> read_quarantine_permissions(const parameter& p, const std::string& ctx,
                                                         param_style style,
                                                         std::vector<diagnostic>& out) {
  std::optional<std::uint32_t> bits;
  const std::string_view text = ascii_trim_blanks(p.value.text);
  if (p.name == "EndUserQuarantinePermissionsValue") {
    if (auto value = read_int(p, ctx, style, 0, 255, out))
      bits = static_cast<std::uint32_t>(*value);
    if (!bits) return std::nullopt;
  } else if (is_texty(p.value)) {
    int number = -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec == std::errc() && end == text.data() + text.size()) {
      if (number >= 0 && number <= 255) bits = static_cast<std::uint32_t>(number);
    } else {
      bits = bits_of_text(text);
    }
  }
  if (!bits) {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: expected the permission bits (0 to 255), New-QuarantinePermissions' "
                      "result, or 'PermissionToRelease: True, ...'; found {}",
                      param_label(p.name, style), ctx, describe(p.value, style)));
    return std::nullopt;
  }
  if ((*bits & perm_release) != 0 && (*bits & perm_request_release) != 0) {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: {} allows both release (4) and request release (8); a policy gives "
                      "one or the other",
                      param_label(p.name, style), ctx, *bits));
    return std::nullopt;
  }
  return bits;
}

}  // namespace mfsim::rules
