// Internal to the PowerShell importer: the cmdlets a script may run that define nothing mfsim
// simulates, sorted by what the runner does with them (docs/import.md, "What each kind of
// command does"). The cmdlets that define rules and policies are powershell_runner.h's table.
#pragma once

#include <optional>
#include <string_view>

namespace mfsim::rules::powershell {

enum class other_cmdlet {
  output,   // Write-Host, Out-Null, Format-List, Select-Object, Start-Sleep, ...: ignored
  session,  // Connect-ExchangeOnline, Import-Module, Set-ExecutionPolicy, ...: ignored
  query,    // Get-*: reads the organisation and changes nothing: ignored
  outside,  // an Exchange cmdlet outside mail-flow simulation (connectors, DKIM, ...): skipped
            // with a warning
};

// What `name` (compared without case) is, or nullopt for a cmdlet mfsim does not know.
[[nodiscard]] std::optional<other_cmdlet> classify_other_cmdlet(std::string_view name);

// What an `outside` cmdlet configures, for the warning: "connectors", "DKIM signing", ...
[[nodiscard]] std::string_view outside_area(std::string_view name);

}  // namespace mfsim::rules::powershell
