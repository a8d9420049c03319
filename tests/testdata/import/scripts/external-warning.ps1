# External sender warning: a subject tag and a header for mail from outside, except for
# partners we trust. Written for mfsim's tests after the common "external tag" scripts.
$tag = '[EXTERNAL]'
$partners = 'fabrikam.example',
            'tailspintoys.example'
$note = @"
Adds $tag to the subject of mail from outside the organisation.
Partners are exempt: $($partners -join ', ').
Owner: $env:USERNAME
"@

$existing = Get-TransportRule -Identity 'External sender tag' -ErrorAction SilentlyContinue
if ($null -eq $existing) {
    $rule = New-TransportRule -Name 'External sender tag' `
        -FromAddressMatchesPatterns '@[a-z0-9.-]+\.example$' `
        -ExceptIfSenderDomainIs $partners `
        -PrependSubject "$tag " `
        -SetHeaderName 'X-Contoso-External' -SetHeaderValue 'true' `
        -Comments $note
    Write-Output "Created $($rule.Name)"
} else {
    Set-TransportRule -Identity 'External sender tag' -PrependSubject "$tag "
}

# The header alone is not enough for the help desk: say so in the rule too.
Set-TransportRule -Identity $rule.Name -Comments ($note + "`nReviewed quarterly.")
