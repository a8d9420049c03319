<#
  Sets up the Area 1 rules the way admin scripts often do: check the module and the session
  first, then build the rules through a function, from lists pasted as text.
#>
param(
    [string]$Words = 'UCE, SPOOF',
    [int]$Scl = 5,
    [switch]$Quarantine
)

# The environment: modules and the session (read as ready; the branches change no mail flow).
$module = Get-Module -ListAvailable ExchangeOnlineManagement
if ($module.Count -eq 0) {
    Write-Host 'ExchangeOnlineManagement is missing' -ForegroundColor Yellow
    $answer = Read-Host 'Install it now? [Y] Yes [N] No'
    if ($answer -match '^[yY]') { Install-Module ExchangeOnlineManagement -Force 2>$null }
    else { exit 1 }
}
if (-not (Get-ConnectionInformation)) { Connect-ExchangeOnline -ShowBanner:$false *>&1 | Out-Null }

$egress = '104.30.32.0/19, 52.11.209.211, 52.89.255.11' -split ',\s*'
$prefix = '[Area 1] ' -replace '\s+$', ''

function New-Area1Rule {
    param(
        [Parameter(Mandatory)][string]$Name,
        [string[]]$Match,
        [int]$Level = 6,
        [switch]$Tag
    )
    $params = @{
        Name                        = $Name
        HeaderContainsMessageHeader = 'X-Area1Security-Disposition'
        HeaderContainsWords         = $Match
        SenderIpRanges              = $egress
        SetSCL                      = $Level
    }
    if ($Tag) { $params.PrependSubject = "$prefix " }
    if (Get-TransportRule -Identity $Name -ErrorAction SilentlyContinue) {
        Remove-TransportRule -Identity $Name -Confirm:$false
    }
    New-TransportRule @params
}

$list = $Words -split ',' | ForEach-Object { $_.Trim() }
New-Area1Rule -Name 'Area 1 - spam words' -Match ($Words -split ',\s*') -Level $Scl -Tag
if ($Scl -lt 9 -and -not $Quarantine) {
    New-Area1Rule 'Area 1 - MALICIOUS' @('MALICIOUS') 9
}
