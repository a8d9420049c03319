// The cmdlets that define nothing mfsim simulates: output, session and local cmdlets and
// read-only queries (ignored), and the Exchange cmdlets of features outside mail-flow simulation
// (skipped with a warning). Names as Microsoft's cmdlet reference spells them; any cmdlet of
// that reference is known (docs/decisions.md 385).
#include "engine/rules/powershell_cmdlet_catalog.h"

#include <algorithm>
#include <span>
#include <utility>

#include "engine/ascii.h"

namespace mfsim::rules::powershell {
namespace {

// Cmdlets that print, format, sort, wait or record the session: a pipeline may end in them.
constexpr std::string_view output_cmdlets[] = {
    "Write-Host",     "Write-Output",   "Write-Verbose",    "Write-Warning",   "Write-Information",
    "Write-Debug",    "Write-Progress", "Write-Error",      "Out-Null",        "Out-Host",
    "Out-String",     "Out-File",       "Out-GridView",     "Out-Default",     "Format-List",
    "Format-Table",   "Format-Wide",    "Format-Custom",    "Select-Object",   "Sort-Object",
    "Group-Object",   "Measure-Object", "Tee-Object",       "ConvertTo-Json",  "ConvertTo-Csv",
    "ConvertTo-Html", "Export-Csv",     "Export-Clixml",    "Clear-Host",      "Start-Sleep",
    "Pause",          "Read-Host",      "Start-Transcript", "Stop-Transcript", "Where-Object"};

// Connecting, loading modules and setting up the session: nothing in the organisation changes.
// Start-DscConfiguration applies a compiled DSC configuration, whose resources mfsim reads from
// the Configuration block itself (decision 1239).
constexpr std::string_view session_cmdlets[] = {
    "Connect-ExchangeOnline",  "Disconnect-ExchangeOnline",
    "Connect-IPPSSession",     "Connect-MsolService",
    "Connect-AzureAD",         "Connect-MgGraph",
    "Disconnect-MgGraph",      "Import-Module",
    "Install-Module",          "Update-Module",
    "Uninstall-Module",        "Remove-Module",
    "Install-PackageProvider", "Set-PSRepository",
    "Register-PSRepository",   "Set-ExecutionPolicy",
    "Set-StrictMode",          "Get-Credential",
    "New-PSSession",           "Import-PSSession",
    "Remove-PSSession",        "Enter-PSSession",
    "Exit-PSSession",          "Enable-OrganizationCustomization",
    "Start-DscConfiguration",  "Set-DscLocalConfigurationManager"};

// Cmdlets of the machine running the script: credentials, files, name lookups, objects.
// Nothing in the organisation changes; what they return is known only when the script runs.
constexpr std::string_view local_cmdlets[] = {"New-Object",
                                              "ConvertTo-SecureString",
                                              "ConvertFrom-SecureString",
                                              "Test-Path",
                                              "Resolve-DnsName",
                                              "Test-Connection",
                                              "Test-NetConnection",
                                              "Add-Type",
                                              "Set-Location",
                                              "Push-Location",
                                              "Pop-Location",
                                              "Join-Path",
                                              "Split-Path",
                                              "New-Item",
                                              "Import-Csv",
                                              "Get-Content",
                                              "Set-Content",
                                              "Add-Content",
                                              "Invoke-WebRequest",
                                              "Invoke-RestMethod",
                                              "ConvertFrom-Json",
                                              "ConvertFrom-Csv",
                                              "New-TimeSpan",
                                              "Start-Process"};

// Cmdlets the service running the script gives it, not PowerShell or Exchange (decision 862):
// what each is, for the warning. They reach the host's bindings, never the organisation.
constexpr std::pair<std::string_view, std::string_view> host_cmdlets[] = {
    {"Push-OutputBinding",
     "Azure Functions' cmdlet that hands a value to one of the function's output bindings (its "
     "HTTP response, a queue message), which the Functions host delivers"},
};

// Built-in aliases of the cmdlets above (PowerShell's Get-Alias), as scripts use them.
constexpr std::pair<std::string_view, std::string_view> aliases[] = {
    {"select", "Select-Object"},   {"sort", "Sort-Object"},      {"group", "Group-Object"},
    {"measure", "Measure-Object"}, {"tee", "Tee-Object"},        {"ft", "Format-Table"},
    {"fl", "Format-List"},         {"fw", "Format-Wide"},        {"fc", "Format-Custom"},
    {"ogv", "Out-GridView"},       {"oh", "Out-Host"},           {"epcsv", "Export-Csv"},
    {"echo", "Write-Output"},      {"write", "Write-Output"},    {"sleep", "Start-Sleep"},
    {"cls", "Clear-Host"},         {"clear", "Clear-Host"},      {"ipmo", "Import-Module"},
    {"?", "Where-Object"},         {"where", "Where-Object"},    {"%", "ForEach-Object"},
    {"foreach", "ForEach-Object"}, {"cd", "Set-Location"},       {"sl", "Set-Location"},
    {"pushd", "Push-Location"},    {"popd", "Pop-Location"},     {"gc", "Get-Content"},
    {"cat", "Get-Content"},        {"type", "Get-Content"},      {"ipcsv", "Import-Csv"},
    {"iwr", "Invoke-WebRequest"},  {"irm", "Invoke-RestMethod"}, {"ni", "New-Item"},
    {"gci", "Get-ChildItem"},      {"ls", "Get-ChildItem"},      {"dir", "Get-ChildItem"},
    {"gcm", "Get-Command"},        {"gm", "Get-Member"},         {"start", "Start-Process"}};

// Verbs of Exchange cmdlets that read and change nothing (Test-OutboundConnector sends a test
// message; Export-TransportRuleCollection writes the rules out).
constexpr std::string_view reading_verbs[] = {"Get",     "Test",    "Export", "Search", "Validate",
                                              "Preview", "Compare", "Check",  "Dump"};

// Verbs of Exchange cmdlets that change configuration.
constexpr std::string_view changing_verbs[] = {"New",    "Set", "Remove", "Enable", "Disable",
                                               "Rotate", "Add", "Update", "Clear"};

struct outside_noun {
  std::string_view noun;
  std::string_view area;
};

// Nouns of Exchange Online cmdlets whose features mfsim does not simulate.
constexpr outside_noun outside_nouns[] = {
    {"InboundConnector", "connectors"},
    {"OutboundConnector", "connectors"},
    {"RemoteDomain", "remote domains"},
    {"AntiPhishPolicy", "anti-phishing policies"},
    {"AntiPhishRule", "anti-phishing rules"},
    {"SafeLinksPolicy", "Safe Links"},
    {"SafeLinksRule", "Safe Links"},
    {"SafeAttachmentPolicy", "Safe Attachments"},
    {"SafeAttachmentRule", "Safe Attachments"},
    {"AtpPolicyForO365", "Safe Attachments and Safe Links for Office 365"},
    {"MalwareFilterPolicy", "anti-malware policies"},
    {"MalwareFilterRule", "anti-malware rules"},
    {"HostedOutboundSpamFilterPolicy", "outbound spam policies"},
    {"HostedOutboundSpamFilterRule", "outbound spam rules"},
    {"HostedConnectionFilterPolicy", "the connection filter policy"},
    {"DkimSigningConfig", "DKIM signing"},
    {"OrganizationConfig", "organization settings"},
    {"TransportConfig", "transport settings"},
    {"ExternalInOutlook", "external sender tags in Outlook"},
    {"TenantAllowBlockListItems", "the Tenant Allow/Block List"},
    {"TenantAllowBlockListSpoofItems", "the Tenant Allow/Block List"},
    {"ReportSubmissionPolicy", "user reported message settings"},
    {"ReportSubmissionRule", "user reported message settings"},
    {"EOPProtectionPolicyRule", "preset security policies"},
    {"ATPProtectionPolicyRule", "preset security policies"},
    {"ATPBuiltInProtectionRule", "preset security policies"},
    {"TeamsProtectionPolicy", "Microsoft Teams protection"},
    {"ExoPhishSimOverrideRule", "the advanced delivery policy"},
    {"PhishSimOverridePolicy", "the advanced delivery policy"},
    {"ExoSecOpsOverrideRule", "the advanced delivery policy"},
    {"SecOpsOverridePolicy", "the advanced delivery policy"},
    {"JournalRule", "journaling"},
    {"DlpPolicy", "data loss prevention"},
    {"DlpCompliancePolicy", "data loss prevention"},
    {"DlpComplianceRule", "data loss prevention"},
    {"MessageClassification", "message classifications"},
    {"Mailbox", "mailboxes"},
    {"MailboxJunkEmailConfiguration", "mailbox junk email settings"},
    {"MailboxPermission", "mailbox permissions"},
    {"RecipientPermission", "mailbox permissions"},
    {"InboxRule", "Inbox rules"},
    {"MailContact", "contacts"},
    {"MailUser", "mail users"},
    {"DistributionGroup", "distribution groups"},
    {"DistributionGroupMember", "distribution groups"},
    {"DynamicDistributionGroup", "distribution groups"},
    {"UnifiedGroup", "Microsoft 365 groups"},
    {"OwaMailboxPolicy", "Outlook on the web policies"},
    {"MobileDeviceMailboxPolicy", "mobile device policies"},
    {"SharingPolicy", "sharing policies"},
    {"RoleGroup", "role groups"},
    {"RoleGroupMember", "role groups"},
    {"ManagementRoleAssignment", "role assignments"},
    {"AuthenticationPolicy", "authentication policies"},
    {"AdminAuditLogConfig", "audit logging"},
    {"MigrationBatch", "migrations"},
    {"ApplicationAccessPolicy", "application access policies"},
};

bool listed(std::span<const std::string_view> names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](std::string_view n) { return ascii_iequals(n, name); });
}

// The noun of a Verb-Noun cmdlet whose verb changes configuration, else empty.
std::string_view changed_noun(std::string_view name) {
  const auto dash = name.find('-');
  if (dash == std::string_view::npos) return {};
  if (!listed(changing_verbs, name.substr(0, dash))) return {};
  return name.substr(dash + 1);
}

const outside_noun* outside_entry(std::string_view name) {
  const std::string_view noun = changed_noun(name);
  if (noun.empty()) return nullptr;
  for (const auto& entry : outside_nouns) {
    if (ascii_iequals(entry.noun, noun)) return &entry;
  }
  return nullptr;
}

bool in_reference(std::string_view name) {
  const auto names = exchange_reference_cmdlets();
  const auto before = [](std::string_view a, std::string_view b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
      return ascii_lower(x) < ascii_lower(y);
    });
  };
  const auto it = std::lower_bound(names.begin(), names.end(), name, before);
  return it != names.end() && ascii_iequals(*it, name);
}

bool has_verb(std::string_view name, std::span<const std::string_view> verbs) {
  const auto dash = name.find('-');
  return dash != std::string_view::npos && listed(verbs, name.substr(0, dash));
}

}  // namespace

std::optional<other_cmdlet> classify_other_cmdlet(std::string_view name) {
  if (listed(output_cmdlets, name)) return other_cmdlet::output;
  if (listed(session_cmdlets, name)) return other_cmdlet::session;
  if (listed(local_cmdlets, name)) return other_cmdlet::local;
  if (!host_cmdlet_role(name).empty()) return other_cmdlet::host;
  if (name.size() > 4 && ascii_iequals(name.substr(0, 4), "Get-")) return other_cmdlet::query;
  if (outside_entry(name) != nullptr) return other_cmdlet::outside;
  if (in_reference(name)) {
    return has_verb(name, reading_verbs) ? other_cmdlet::query : other_cmdlet::outside;
  }
  return std::nullopt;
}

bool is_environment_query(std::string_view name) {
  static constexpr std::string_view environment[] = {"Get-Module",
                                                     "Get-InstalledModule",
                                                     "Get-Command",
                                                     "Get-PSSession",
                                                     "Get-ConnectionInformation",
                                                     "Get-PackageProvider",
                                                     "Get-PSRepository",
                                                     "Get-MgContext"};
  return listed(environment, name);
}

std::string_view outside_area(std::string_view name) {
  if (const outside_noun* entry = outside_entry(name)) return entry->area;
  const auto dash = name.find('-');
  return dash == std::string_view::npos ? name : name.substr(dash + 1);
}

std::string_view host_cmdlet_role(std::string_view name) {
  for (const auto& [cmdlet, role] : host_cmdlets) {
    if (ascii_iequals(cmdlet, name)) return role;
  }
  return {};
}

std::string_view cmdlet_of_alias(std::string_view name) {
  for (const auto& [alias, cmdlet] : aliases) {
    if (ascii_iequals(alias, name)) return cmdlet;
  }
  return name;
}

}  // namespace mfsim::rules::powershell
