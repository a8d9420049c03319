<#
  Anti-spam baseline for a tenant behind Cloudflare Area 1: stricter Default policy, a
  policy for executives, outbound and anti-phishing settings. A fixture of mfsim's import
  tests, written for the project.
#>
Connect-ExchangeOnline -ShowProgress $true

New-QuarantinePolicy -Name 'NotifyAndRequestRelease' -EndUserQuarantinePermissionsValue 11 -ESNEnabled $true

Set-HostedContentFilterPolicy -Identity Default `
    -BulkThreshold 6 `
    -SpamAction MoveToJmf `
    -HighConfidenceSpamAction Quarantine -HighConfidenceSpamQuarantineTag NotifyAndRequestRelease `
    -PhishSpamAction Quarantine -PhishQuarantineTag AdminOnlyAccessPolicy `
    -HighConfidencePhishAction Quarantine `
    -QuarantineRetentionPeriod 30 `
    -SpamZapEnabled $true -PhishZapEnabled $true

New-HostedContentFilterPolicy -Name 'Executives' -BulkThreshold 4 -SpamAction Quarantine -SpamQuarantineTag NotifyAndRequestRelease
New-HostedContentFilterRule -Name 'Executives' -HostedContentFilterPolicy 'Executives' -SentTo 'ceo@contoso.com', 'cfo@contoso.com' -Priority 0

# Spoof settings of the default anti-phishing policy; its impersonation settings are ignored.
Set-AntiPhishPolicy -Identity 'Office365 AntiPhish Default' -AuthenticationFailAction Quarantine `
    -SpoofQuarantineTag NotifyAndRequestRelease -EnableMailboxIntelligenceProtection $true

# Settings of other protection features: mfsim skips them with a warning.
Set-HostedOutboundSpamFilterPolicy -Identity Default -RecipientLimitExternalPerHour 400 -ActionWhenThresholdReached BlockUser
Set-MalwareFilterPolicy -Identity Default -EnableFileFilter $true

Get-HostedContentFilterPolicy | Format-List Name, BulkThreshold, SpamAction
Get-HostedContentFilterRule | Format-Table -AutoSize
