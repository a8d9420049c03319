# Use case 4 (Area 1 in front of Microsoft 365, user-managed and admin quarantine) written as
# configuration as code: the settings in one table, functions that return what they build, a
# switch over the profile, loops and pipelines over the table. Imported, it must give the same
# outcomes as the uc4 preset.
param([string]$Profile = 'Standard')

$Config = [ordered]@{
    Egress = @('52.11.209.211', '52.89.255.11', '52.0.67.109', '54.173.50.115',
               '158.51.64.0/26', '158.51.65.0/26', '35.157.195.63', '52.58.35.43',
               '134.195.26.0/24', '134.195.27.0/24')
    Rules  = @(
        @{ Suffix = ''; Words = 'UCE', 'SPOOF'; Scl = 5 },
        @{ Suffix = ' Admin Release'; Words = @('MALICIOUS'); Scl = 9 }
    )
}

# 104.30.32.0/24 ... 104.30.63.0/24, one /24 per block.
function Get-Area1Blocks {
    $blocks = [System.Collections.Generic.List[string]]::new()
    for ($third = 32; $third -le 63; $third++) {
        $blocks.Add("104.30.$third.0/24")
    }
    return $blocks
}

function Get-ReleasePolicy([string]$Level) {
    switch ($Level) {
        'user'  { @{ Name = 'UserNotifyUserRelease'; Permissions = 7 } }
        'admin' { @{ Name = 'UserNotifyAdminRelease'; Permissions = 11 } }
        default { throw "unknown level $Level" }
    }
}

$egress = @($Config.Egress[0..7]) + (Get-Area1Blocks) + ($Config.Egress | Select-Object -Last 2)

$policies = 'user', 'admin' | ForEach-Object { Get-ReleasePolicy $_ }
foreach ($p in $policies) {
    New-QuarantinePolicy -Name $p.Name -EndUserQuarantinePermissionsValue $p.Permissions -ESNEnabled $true
}

$retention = switch ($Profile) {
    'Strict'   { 30 }
    'Standard' { 15 }
}
$userTag = ($policies | Where-Object { $_.Permissions -eq 7 } | ForEach-Object Name)
$adminTag = if ($policies.Count -eq 2) { 'UserNotifyAdminRelease' } else { $userTag }
Set-HostedContentFilterPolicy -Identity Default -SpamAction Quarantine -SpamQuarantineTag $userTag `
    -HighConfidenceSpamAction Quarantine -HighConfidenceSpamQuarantineTag $adminTag `
    -PhishSpamAction Quarantine -PhishQuarantineTag $adminTag `
    -HighConfidencePhishQuarantineTag $adminTag -QuarantineRetentionPeriod $retention

$priority = 0
foreach ($rule in $Config.Rules) {
    $name = "Area 1 User Quarantine Message$($rule.Suffix)"
    if ($rule.Words.Count -eq 0) { continue }
    New-TransportRule -Name $name -Priority $priority `
        -HeaderContainsMessageHeader 'X-Area1Security-Disposition' -HeaderContainsWords $rule.Words `
        -SenderIpRanges $egress -SetSCL $rule.Scl
    $priority++
}
