# Changes written for a tenant that already has rules: the rules the script did not create
# are skipped with a warning, a -Priority past the end puts the rule last.
# A fixture of mfsim's import tests, written for the project.
Connect-ExchangeOnline

Disable-TransportRule -Identity 'Legacy allow list' -Confirm:$false
Remove-TransportRule -Identity 'Old disclaimer' -Confirm:$false
Set-TransportRule -Identity 'Block executables' -StopRuleProcessing $true

New-TransportRule -Name 'Spoofed display name' -Priority 7 `
    -HeaderMatchesMessageHeader 'From' -HeaderMatchesPatterns 'CEO|Chief Executive' `
    -ExceptIfSenderDomainIs 'contoso.com' `
    -SetSCL 6

New-TransportRule -Name 'Reject known bad senders' -Priority 12 `
    -From 'billing@fabrikam-invoices.com', 'noreply@contoso-payroll.net' `
    -RejectMessageReasonText 'Sender blocked by policy' -RejectMessageEnhancedStatusCode '5.7.1'

Set-TransportRule -Identity 'Spoofed display name' -Priority 9 -Comments 'Reviewed quarterly'
Enable-TransportRule 'Spoofed display name'
Get-TransportRule 'Reject known bad senders' | Format-List
