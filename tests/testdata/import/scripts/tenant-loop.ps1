# Rules for every accepted domain of the tenant: only a tenant knows them.
foreach ($d in (Get-AcceptedDomain).DomainName) {
    New-TransportRule -Name "Tag mail to $d" -RecipientDomainIs $d -PrependSubject '[IN] '
}
