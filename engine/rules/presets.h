// The built-in rule sets: Cloudflare's five "Area 1 as MX for Office 365" use cases, and
// Microsoft's Default, Standard and Strict anti-spam policies (eop-default, eop-standard,
// eop-strict: a policy and no transport rules).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/rule_set.h"

namespace mfsim::rules {

struct preset_info {
  std::string name;     // "uc4", "uc4-2023-01", "eop-default", ...
  std::string summary;  // one line for `mfsim presets`
};

// Every preset, in the order `mfsim presets` lists them.
[[nodiscard]] const std::vector<preset_info>& preset_list();

// The preset as a YAML rule file (the text `mfsim presets show NAME` prints); nullopt when
// there is no preset of that name.
[[nodiscard]] std::optional<std::string> preset_yaml(std::string_view name);

// The IP lists every use-case preset defines ("area1-office365", ...), in the order its file
// lists them: what an egress option "preset:NAME" may name, known without loading a preset.
[[nodiscard]] std::vector<std::string_view> preset_ip_list_names();

// The IP list NAME as every use-case preset defines it (no source location), built from the
// table the presets write their lists from; nullopt for an unknown name.
[[nodiscard]] std::optional<ip_list> preset_ip_list(std::string_view name);

// Loads a preset through the YAML loader (source "preset:NAME"); nullopt for an unknown name.
[[nodiscard]] std::optional<rule_set> load_preset(std::string_view name);

}  // namespace mfsim::rules
