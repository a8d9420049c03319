# Block risky attachments and tag auto-forwarded mail from outside. Written for a tenant that
# already has rules: the old blocking rule is replaced. A fixture of mfsim's import tests,
# written for the project.
Connect-ExchangeOnline -UserPrincipalName admin@contoso.onmicrosoft.com

Write-Verbose "Removing the old rule" -Verbose
Get-TransportRule -Identity 'Block EXE attachments' -ErrorAction SilentlyContinue | Remove-TransportRule -Confirm:$false

New-TransportRule -Name 'Block risky attachments' -Priority 0 `
    -AttachmentExtensionMatchesWords 'exe', 'scr', 'js', 'vbs', 'iso', 'img', 'lnk', 'hta' `
    -RejectMessageReasonText 'This attachment type is blocked by Contoso policy' `
    -RejectMessageEnhancedStatusCode '5.7.1' `
    -SetAuditSeverity High `
    -StopRuleProcessing $true

New-TransportRule -Name 'Tag forwarded-looking mail' -Priority 1 `
    -SubjectContainsWords 'FW:', 'Fwd:' `
    -ExceptIfSenderDomainIs 'contoso.com', 'contoso.onmicrosoft.com' `
    -SetHeaderName 'X-Contoso-Forwarded' -SetHeaderValue 'on'

Set-MalwareFilterPolicy -Identity Default -EnableFileFilter $true -FileTypeAction Reject
Get-TransportRule | Select-Object Name, State, Priority | Export-Csv -Path 'rules.csv' -NoTypeInformation
Write-Host "Transport rules updated" -ForegroundColor Green
