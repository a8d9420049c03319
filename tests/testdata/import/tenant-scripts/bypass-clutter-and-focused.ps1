# Internal notices must reach the Inbox: bypass Clutter and Focused Inbox for them.
# A fixture of mfsim's import tests, written for the project (the header values are the
# texts "true" and "false", which YAML would read as booleans unless they are quoted).
Connect-ExchangeOnline

New-TransportRule -Name 'Bypass Clutter for IT notices' `
    -SenderDomainIs 'it.contoso.com' `
    -SetHeaderName 'X-MS-Exchange-Organization-BypassClutter' `
    -SetHeaderValue 'true'

New-TransportRule -Name 'Bypass Focused Inbox for HR' `
    -FromAddressContainsWords 'hr@contoso.com' `
    -SetHeaderName 'X-MS-Exchange-Organization-BypassFocusedInbox' `
    -SetHeaderValue 'True'

New-TransportRule -Name 'Tag messages a scanner marked' `
    -HeaderContainsMessageHeader 'X-Scanner-Flag' `
    -HeaderContainsWords 'true', 'false', 'yes', 'on', 'null', '~', '0x1F', '1e3', '.inf' `
    -PrependSubject '[scanned] ' `
    -SetHeaderName 'X-Contoso-Tagged' -SetHeaderValue 'yes'

Write-Output "Rules created"
