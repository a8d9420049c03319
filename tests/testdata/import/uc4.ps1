<#
  Cloudflare Area 1 in front of Exchange Online, use case 4: user managed quarantine and
  administrative quarantine. A fixture of mfsim's import tests, in Exchange Online PowerShell.
#>
Connect-ExchangeOnline -UserPrincipalName admin@contoso.onmicrosoft.com -ShowBanner:$false

# Quarantine policies: release 4 or request release 8, plus preview 2 and delete 1.
New-QuarantinePolicy -Name "UserNotifyUserRelease" -EndUserQuarantinePermissionsValue 7 -ESNEnabled $true
New-QuarantinePolicy 'UserNotifyAdminRelease' `
    -EndUserQuarantinePermissionsValue 11 `
    -ESNEnabled:$true

# The Default inbound anti-spam policy.
Set-HostedContentFilterPolicy -Identity Default `
    -SpamAction Quarantine -SpamQuarantineTag UserNotifyUserRelease `
    -HighConfidenceSpamAction Quarantine -HighConfidenceSpamQuarantineTag UserNotifyAdminRelease `
    -PhishSpamAction Quarantine -PhishQuarantineTag UserNotifyAdminRelease `
    -HighConfidencePhishAction Quarantine -HighConfidencePhishQuarantineTag UserNotifyAdminRelease `
    -BulkThreshold 7 -QuarantineRetentionPeriod 15

# Area 1 egress addresses in the form Exchange Online accepts (IPv4, /24 or narrower).
$area1Egress = @(
    '52.11.209.211', '52.89.255.11', '52.0.67.109', '54.173.50.115'
    '158.51.64.0/26', '158.51.65.0/26', '35.157.195.63', '52.58.35.43'
    '104.30.32.0/24', '104.30.33.0/24', '104.30.34.0/24', '104.30.35.0/24', '104.30.36.0/24', '104.30.37.0/24', '104.30.38.0/24', '104.30.39.0/24'
    '104.30.40.0/24', '104.30.41.0/24', '104.30.42.0/24', '104.30.43.0/24', '104.30.44.0/24', '104.30.45.0/24', '104.30.46.0/24', '104.30.47.0/24'
    '104.30.48.0/24', '104.30.49.0/24', '104.30.50.0/24', '104.30.51.0/24', '104.30.52.0/24', '104.30.53.0/24', '104.30.54.0/24', '104.30.55.0/24'
    '104.30.56.0/24', '104.30.57.0/24', '104.30.58.0/24', '104.30.59.0/24', '104.30.60.0/24', '104.30.61.0/24', '104.30.62.0/24', '104.30.63.0/24'
    '134.195.26.0/24', '134.195.27.0/24'
)

New-TransportRule -Name 'Area 1 User Quarantine Message' -Priority 0 `
    -HeaderContainsMessageHeader 'X-Area1Security-Disposition' `
    -HeaderContainsWords 'UCE', 'SPOOF' `
    -SenderIpRanges $area1Egress `
    -SetSCL 5

New-TransportRule "Area 1 User Quarantine Message Admin Release" -HeaderContainsMessageHeader X-Area1Security-Disposition -HeaderContainsWords MALICIOUS -SenderIpRanges $area1Egress -SetSCL 9 -Confirm:$false
