# Route mail through Cloudflare Area 1 and lock the tenant down to it. Connectors and remote
# domains are outside mail-flow simulation: mfsim skips them with a warning and reads the
# rules. A fixture of mfsim's import tests, written for the project.
Import-Module ExchangeOnlineManagement
Connect-ExchangeOnline

New-InboundConnector -Name 'From Area 1' -ConnectorType Partner -SenderDomains '*' -RestrictDomainsToIPAddresses $true -SenderIPAddresses 104.30.32.0/19
Set-RemoteDomain -Identity Default -AutoForwardEnabled $false
Set-OrganizationConfig -AuditDisabled $false
Enable-OrganizationCustomization

New-TransportRule 'Junk mail Area 1 calls suspicious' -HeaderContainsMessageHeader 'X-Area1Security-Disposition' -HeaderContainsWords 'SUSPICIOUS' -SetSCL 5
New-TransportRule 'Block script attachments' -AttachmentExtensionMatchesWords 'js', 'vbs', 'wsf', 'hta' -DeleteMessage $true
Get-InboundConnector | Format-List Name, Enabled
Disconnect-ExchangeOnline -Confirm:$false
