# Block dangerous attachment types, then widen the list with Exchange's multi-value edit.
$blocked = [string[]]@(
    'exe', 'js', 'vbs'
    'scr', 'bat'
)

try {
    $rule = New-TransportRule -Name:'Block executable attachments' `
        -AttachmentExtensionMatchesWords $blocked `
        -RejectMessageReasonText 'Executable attachments are not accepted' `
        -RejectMessageEnhancedStatusCode '5.7.900' `
        -Priority 0
}
catch {
    Write-Warning "Could not create the rule: $_"
    exit 1
}

Set-TransportRule -Identity $rule.Name -AttachmentExtensionMatchesWords @{Add = 'ps1', 'hta'; Remove = 'bat'}
