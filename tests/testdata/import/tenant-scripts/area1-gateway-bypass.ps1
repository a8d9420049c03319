<#
    Cloudflare Area 1 in front of Exchange Online: skip spam filtering for mail Area 1 has
    already scanned, and quarantine what it flags. Run as an Exchange administrator.
    A fixture of mfsim's import tests, written for the project.
#>
Set-ExecutionPolicy -ExecutionPolicy RemoteSigned -Scope CurrentUser -Force
Install-Module -Name ExchangeOnlineManagement -Scope CurrentUser -Force
Import-Module ExchangeOnlineManagement
Connect-ExchangeOnline -UserPrincipalName admin@contoso.onmicrosoft.com -ShowBanner:$false
Clear-Host

Write-Host "Current transport rules:" -ForegroundColor Cyan
Get-TransportRule | Format-Table Name, Priority, State -AutoSize

$egress = '104.30.32.0/24', '104.30.33.0/24', '104.30.34.0/24', '134.195.26.0/24', '134.195.27.0/24'

Write-Host "Creating the Area 1 rules..."
New-TransportRule -Name 'Area 1 - bypass spam filtering' -Priority 0 `
    -SenderIpRanges $egress `
    -SetSCL -1 `
    -Comments 'Mail from Area 1 egress has been scanned already' | Out-Null

New-TransportRule -Name 'Area 1 - quarantine malicious' -Priority 0 `
    -HeaderContainsMessageHeader 'X-Area1Security-Disposition' `
    -HeaderContainsWords 'MALICIOUS' `
    -SenderIpRanges $egress `
    -Quarantine $true `
    -StopRuleProcessing $true -Confirm:$false | Out-Null

Start-Sleep -Seconds 5
Get-TransportRule | Select-Object Name, Priority | Sort-Object Priority | Format-List
Write-Host "Done." -ForegroundColor Green
Disconnect-ExchangeOnline -Confirm:$false
