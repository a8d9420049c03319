# Anti-spam baseline: quarantine policies, the Default policy from a table of settings, and a
# stricter policy for finance. Modelled on published "secure baseline" scripts.
param([string]$FinanceDomain = 'contoso.com')

$notify = New-QuarantinePolicy -Name 'NotifyUserRelease' -EndUserQuarantinePermissionsValue 7 -ESNEnabled $true
Set-QuarantinePolicy -Identity DefaultGlobalTag -EndUserSpamNotificationFrequency '1.00:00:00'

$defaultSettings = @{
    'SpamAction'               = 'MoveToJmf'
    HighConfidenceSpamAction   = 'Quarantine'
    HighConfidenceSpamQuarantineTag = $notify.Name
    PhishSpamAction            = 'Quarantine'
    BulkThreshold              = [int]'6'
    QuarantineRetentionPeriod  = 30
}
Set-HostedContentFilterPolicy -Identity Default @defaultSettings

$strict = @{ Name = 'Finance strict'; SpamAction = 'Quarantine'; BulkThreshold = 4 }
if (-not (Get-HostedContentFilterPolicy -Identity $strict.Name -ErrorAction SilentlyContinue)) {
    New-HostedContentFilterPolicy @strict
    New-HostedContentFilterRule -Name 'Finance strict' -HostedContentFilterPolicy $strict.Name `
        -RecipientDomainIs $FinanceDomain -Priority 0
}
