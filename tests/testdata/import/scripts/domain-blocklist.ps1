# One delete rule per blocked sender domain, and a subject tag for newsletters, unrolled from
# literal lists as admins write them.
$blockedDomains = @(
    'woodgrovebank.example',
    'litware.example'
)
$i = 0
foreach ($domain in $blockedDomains) {
    New-TransportRule -Name "Block $domain" -SenderDomainIs $domain -DeleteMessage $true `
        -Comments ("Blocked domain #{0}" -f $i)
}

@('wideworldimporters.example', 'adventure-works.example') | ForEach-Object {
    New-TransportRule -Name ('Newsletter tag ' + $_) -SenderDomainIs $_ -PrependSubject '[NEWS] '
}
