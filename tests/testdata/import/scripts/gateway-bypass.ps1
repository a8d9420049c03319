<#
.SYNOPSIS
  Cloudflare Area 1 sits in front of Exchange Online: mail it already scanned skips the
  Microsoft spam filter, and its dispositions decide the SCL. Written for mfsim's tests in the
  style of the setup scripts admins share (parameters, splatting, a log line with the date).
#>
[CmdletBinding()]
param(
    [string]$RulePrefix = 'Area 1',
    [int]$StartPriority = 0
)

$ErrorActionPreference = 'Stop'
Import-Module ExchangeOnlineManagement
Connect-ExchangeOnline -ShowBanner:$false

# Area 1 egress ranges, one per line as the vendor page lists them.
$gatewayIPs = @(
    '104.30.32.0/24'
    '104.30.33.0/24'
    '134.195.26.0/24',
    '134.195.27.0/24'
)

$bypass = @{
    Name           = "$RulePrefix - bypass spam filtering"
    SenderIpRanges = $gatewayIPs
    SetSCL         = -1
    Comments       = "Created by the gateway script on $(Get-Date -Format 'yyyy-MM-dd') by $env:USERNAME"
}
New-TransportRule @bypass -Priority $StartPriority -Enabled:$true

$dispositions = @{ 'Malicious' = 9; 'uce' = 6 }
$quarantine = @{
    Name                        = "$RulePrefix - MALICIOUS to quarantine"
    HeaderContainsMessageHeader = 'X-Area1Security-Disposition'
    HeaderContainsWords         = 'MALICIOUS'
    SenderIpRanges              = $gatewayIPs
    SetSCL                      = $dispositions.malicious
    StopRuleProcessing          = $true
}
New-TransportRule @quarantine -Priority ($StartPriority)

Write-Host ("{0} rules created for {1} ranges" -f 2, $gatewayIPs.Count) -ForegroundColor Green
