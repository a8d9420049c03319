// Internal to the PowerShell importer: the runner that replays parsed cmdlets against an empty
// organisation. powershell_runner.cc binds and dispatches commands and builds the result;
// powershell_cmdlets.cc holds what each cmdlet does.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/load_powershell.h"
#include "engine/rules/validate.h"

namespace mfsim::rules::powershell {

enum class cmdlet_kind {
  new_rule,
  set_rule,
  enable_rule,
  disable_rule,
  remove_rule,
  set_antispam,
  new_antispam,
  new_quarantine,
  set_quarantine,
  get_rule,
  get_antispam,
  get_quarantine,
  new_antispam_rule,
  set_antispam_rule,
  enable_antispam_rule,
  disable_antispam_rule,
  remove_antispam_rule,
  remove_antispam,
  remove_quarantine,
  set_antiphish,
  new_accepted_domain,
  set_accepted_domain,
  remove_accepted_domain,
  get_accepted_domain,
  harmless,
};

struct cmdlet_entry {
  std::string_view name;
  cmdlet_kind kind;
};

inline constexpr cmdlet_entry cmdlets[] = {
    {"New-TransportRule", cmdlet_kind::new_rule},
    {"Set-TransportRule", cmdlet_kind::set_rule},
    {"Enable-TransportRule", cmdlet_kind::enable_rule},
    {"Disable-TransportRule", cmdlet_kind::disable_rule},
    {"Remove-TransportRule", cmdlet_kind::remove_rule},
    {"Set-HostedContentFilterPolicy", cmdlet_kind::set_antispam},
    {"New-HostedContentFilterPolicy", cmdlet_kind::new_antispam},
    {"New-QuarantinePolicy", cmdlet_kind::new_quarantine},
    {"Set-QuarantinePolicy", cmdlet_kind::set_quarantine},
    {"Get-TransportRule", cmdlet_kind::get_rule},
    {"Get-HostedContentFilterPolicy", cmdlet_kind::get_antispam},
    {"Get-QuarantinePolicy", cmdlet_kind::get_quarantine},
    {"New-HostedContentFilterRule", cmdlet_kind::new_antispam_rule},
    {"Set-HostedContentFilterRule", cmdlet_kind::set_antispam_rule},
    {"Enable-HostedContentFilterRule", cmdlet_kind::enable_antispam_rule},
    {"Disable-HostedContentFilterRule", cmdlet_kind::disable_antispam_rule},
    {"Remove-HostedContentFilterRule", cmdlet_kind::remove_antispam_rule},
    {"Remove-HostedContentFilterPolicy", cmdlet_kind::remove_antispam},
    {"Remove-QuarantinePolicy", cmdlet_kind::remove_quarantine},
    {"Set-AntiPhishPolicy", cmdlet_kind::set_antiphish},
    {"New-AcceptedDomain", cmdlet_kind::new_accepted_domain},
    {"Set-AcceptedDomain", cmdlet_kind::set_accepted_domain},
    {"Remove-AcceptedDomain", cmdlet_kind::remove_accepted_domain},
    {"Get-AcceptedDomain", cmdlet_kind::get_accepted_domain},
    // Session set-up and output: they change nothing in the organisation.
    {"Connect-ExchangeOnline", cmdlet_kind::harmless},
    {"Disconnect-ExchangeOnline", cmdlet_kind::harmless},
    {"Connect-IPPSSession", cmdlet_kind::harmless},
    {"Import-Module", cmdlet_kind::harmless},
    {"Set-StrictMode", cmdlet_kind::harmless},
    {"Write-Host", cmdlet_kind::harmless},
    {"Write-Output", cmdlet_kind::harmless},
    {"Write-Verbose", cmdlet_kind::harmless},
    {"Write-Warning", cmdlet_kind::harmless},
};

inline constexpr std::string_view cmdlet_names[] = {"New-TransportRule",
                                                    "Set-TransportRule",
                                                    "Enable-TransportRule",
                                                    "Disable-TransportRule",
                                                    "Remove-TransportRule",
                                                    "Set-HostedContentFilterPolicy",
                                                    "New-HostedContentFilterPolicy",
                                                    "New-QuarantinePolicy",
                                                    "Set-QuarantinePolicy",
                                                    "Get-TransportRule",
                                                    "Get-HostedContentFilterPolicy",
                                                    "Get-QuarantinePolicy",
                                                    "New-HostedContentFilterRule",
                                                    "Set-HostedContentFilterRule",
                                                    "Enable-HostedContentFilterRule",
                                                    "Disable-HostedContentFilterRule",
                                                    "Remove-HostedContentFilterRule",
                                                    "Remove-HostedContentFilterPolicy",
                                                    "Remove-QuarantinePolicy",
                                                    "Set-AntiPhishPolicy",
                                                    "New-AcceptedDomain",
                                                    "Set-AcceptedDomain",
                                                    "Remove-AcceptedDomain",
                                                    "Connect-ExchangeOnline",
                                                    "Disconnect-ExchangeOnline",
                                                    "Import-Module"};

// The kind of the cmdlet `name` (compared without case) in the table above, if it is there.
[[nodiscard]] inline std::optional<cmdlet_kind> kind_of_cmdlet(std::string_view name) {
  for (const auto& entry : cmdlets) {
    if (ascii_iequals(entry.name, name)) return entry.kind;
  }
  return std::nullopt;
}

// Whether the runner applies `name` to the organisation it keeps: the commands above other
// than queries, session set-up and output. What the others are given never matters.
[[nodiscard]] inline bool applies_to_organisation(std::string_view name) {
  switch (kind_of_cmdlet(name).value_or(cmdlet_kind::harmless)) {
    case cmdlet_kind::get_rule:
    case cmdlet_kind::get_antispam:
    case cmdlet_kind::get_quarantine:
    case cmdlet_kind::get_accepted_domain:
    case cmdlet_kind::harmless: return false;
    default: return true;
  }
}

// Common parameters every cmdlet takes; they change nothing mfsim simulates.
inline constexpr std::string_view common_switches[] = {"Confirm", "Verbose", "Debug", "Force"};
inline constexpr std::string_view common_valued[] = {
    "ErrorAction",      "WarningAction",       "InformationAction", "ErrorVariable",
    "WarningVariable",  "InformationVariable", "OutVariable",       "OutBuffer",
    "PipelineVariable", "ProgressAction",      "DomainController"};

// Whether `written` names a common parameter, whole or by its alias (-EA): its value changes
// nothing mfsim simulates, so it may be one only the running script knows.
[[nodiscard]] bool is_common_parameter(std::string_view written);

// One command's arguments, bound to parameter names.
struct bound_command {
  std::vector<parameter> params;  // in the order given; the positional one named `positional`
  bool what_if = false;           // -WhatIf: Exchange only reports what it would do
  bool ok = true;
};

// A rule as the script has built it so far: its parameters, replaced by Set-TransportRule.
struct rule_entry {
  std::string name;
  source_span where;  // the New-TransportRule that created it
  std::vector<parameter> params;
  bool rejected_some = false;  // a parameter was refused: the rule is known to be incomplete
};

// A quarantine policy, an anti-spam policy other than Default, or an anti-spam rule (the
// recipient scope of such a policy), as the script has built it so far.
using quarantine_entry = named_entry;

inline bool contains_name(std::span<const std::string_view> names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](std::string_view n) { return ascii_iequals(n, name); });
}

class runner {
 public:
  explicit runner(std::string file) : file_(std::move(file)) {}

  void run(const ps_statement& statement);
  imported_rules finish();

 private:
  void error(diag_code code, const source_span& where, std::string message) {
    out_.diagnostics.push_back(diagnostic{code, where, std::move(message)});
  }
  // What a script written for a real tenant does that mfsim skips or assumes (an error under
  // --strict).
  void warn(diag_code code, const source_span& where, std::string message) {
    out_.diagnostics.push_back(diagnostic{code, where, std::move(message), diag_severity::warning});
  }
  // Drops trailing output stages (`| Out-Null`, `| Format-List`) from `pipeline`, and settles a
  // statement of output, session and query cmdlets (ignored) or one with a cmdlet outside
  // mail-flow simulation (skipped with a warning): true when nothing is left to run.
  bool settle_other_cmdlets(std::span<const ps_command>& pipeline);
  // A -Priority past the rules created so far: the rule goes last, with a warning.
  void warn_priority_past_end(const parameter& priority, const std::string& ctx, int value,
                              std::size_t last);
  // Set-/Enable-/Disable-/Remove- of an object the script never created: skipped, with a
  // warning (the script was written for a tenant that has it).
  void warn_not_created(const ps_command& cmd, const source_span& where, std::string_view what,
                        std::string_view id);
  void dispatch(const ps_command& cmd, cmdlet_kind kind, const parameter* piped_identity);
  // -Name @{Add=...; Remove=...} as the plain value it leaves on the object (powershell_edits.cc).
  ps_command resolve_edits(const ps_command& cmd, cmdlet_kind kind, const parameter* piped);
  const std::vector<parameter>* current_params(const ps_command& cmd, cmdlet_kind kind,
                                               const parameter* piped);
  // The parameter `e` names, whole, as PowerShell binds it: a common parameter's alias or the
  // start of one name gives that name; nullopt after reporting a start several names share
  // (powershell_parameter_names.cc).
  std::optional<std::string> full_parameter_name(const ps_command& cmd, const ps_element& e);
  // " (did you mean -Name?)" when `value` is a parameter name of the cmdlet, written without
  // its dash; else empty (powershell_parameter_names.cc).
  [[nodiscard]] std::string missing_dash_hint(const ps_command& cmd,
                                              const param_value& value) const;
  bound_command bind(const ps_command& cmd, std::string_view positional,
                     std::span<const std::string_view> switches, const parameter* piped_identity);
  // Keeps the mapped parameters of `family`, canonically spelled; reports the others.
  std::vector<parameter> classify(std::vector<parameter> params, cmdlet_family family,
                                  const std::string& ctx, std::string_view cmdlet,
                                  std::span<const std::string_view> handled);
  std::optional<std::string> identity(const bound_command& b, const ps_command& cmd,
                                      std::string_view what);
  rule_entry* find_rule(std::string_view name);
  // Sets a parameter, replacing one of the same name.
  static void put(std::vector<parameter>& into, parameter p);
  // As a New-/Set- command gives it: like put, but a $null value removes the parameter.
  static void update(std::vector<parameter>& into, parameter p);

  void new_rule(const ps_command& cmd);
  void set_rule(const ps_command& cmd, const parameter* piped);
  void toggle_rule(const ps_command& cmd, const parameter* piped, bool enable);
  void remove_rule(const ps_command& cmd, const parameter* piped);
  void set_antispam(const ps_command& cmd, const parameter* piped);
  void new_antispam(const ps_command& cmd);
  // -MakeDefault on New-/Set-HostedContentFilterPolicy: `name` will replace Default (unless the
  // switch is given $false); promote_default() does it when the script is done.
  void note_make_default(const parameter& make_default, std::string_view name);
  void promote_default();
  void new_antispam_rule(const ps_command& cmd);
  void set_antispam_rule(const ps_command& cmd, const parameter* piped);
  void toggle_antispam_rule(const ps_command& cmd, const parameter* piped, bool enable);
  void remove_antispam_rule(const ps_command& cmd, const parameter* piped);
  // The -Name of a New-* command `cmdlet` creating a `what`, read; nullopt after reporting a
  // missing or unreadable name. `name_param` is set to the parameter when there is one.
  std::optional<std::string> read_new_name(const bound_command& b, const ps_command& cmd,
                                           std::string_view cmdlet, std::string_view what,
                                           const parameter*& name_param);
  // The named entry `id` names, or nullptr after reporting that none is created.
  std::optional<std::string> new_name(const bound_command& b, const ps_command& cmd,
                                      std::string_view what, std::span<const named_entry> existing);
  named_entry* find_named(std::vector<named_entry>& entries, const bound_command& b,
                          std::string_view cmdlet, std::string_view id, std::string_view what);
  void new_quarantine(const ps_command& cmd);
  void set_quarantine(const ps_command& cmd, const parameter* piped);
  void remove_antispam(const ps_command& cmd, const parameter* piped);
  void remove_quarantine(const ps_command& cmd, const parameter* piped);
  void set_antiphish(const ps_command& cmd, const parameter* piped);
  // New-, Set-, Remove-AcceptedDomain (powershell_accepted_domains.cc).
  void new_accepted_domain(const ps_command& cmd);
  void set_accepted_domain(const ps_command& cmd, const parameter* piped);
  void remove_accepted_domain(const ps_command& cmd, const parameter* piped);
  named_entry* find_accepted_domain_entry(std::string_view id);
  void build_accepted_domains();

  std::string file_;
  imported_rules out_;
  std::vector<rule_entry> rules_;  // in priority order
  std::vector<quarantine_entry> quarantine_;
  std::vector<parameter> antispam_;
  source_span antispam_where_;
  std::vector<named_entry> named_antispam_;  // New-HostedContentFilterPolicy, other than Default
  std::vector<named_entry> antispam_rules_;  // New-HostedContentFilterRule, in creation order
  // The policy -MakeDefault made the default one (empty: Default stays), and where.
  std::string made_default_;
  source_span made_default_where_;
  std::optional<parameter> frequency_;
  std::vector<parameter> antiphish_;  // Set-AntiPhishPolicy's spoof settings (the default policy)
  source_span antiphish_where_;
  std::vector<named_entry> accepted_domains_;  // New-AcceptedDomain, in creation order
};

// Every parameter of Set-AntiPhishPolicy in Exchange Online but -Identity and the common ones.
[[nodiscard]] std::vector<std::string_view> antiphish_parameter_names();

// Applies Set-AntiPhishPolicy's spoof parameters (canonical names) to `policy`; the
// SpoofQuarantineTag to check is appended to `tags`.
void apply_antiphish_parameters(std::span<const parameter> params, antiphish_policy& policy,
                                std::vector<tag_reference>& tags, std::vector<diagnostic>& out);

}  // namespace mfsim::rules::powershell
