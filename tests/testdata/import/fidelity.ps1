# The fidelity rule set as an administrator would script it (see fidelity.yaml).
New-HostedContentFilterPolicy -Name 'Contoso strict' -SpamAction Quarantine `
  -SpamQuarantineTag AdminOnlyAccessPolicy -HighConfidenceSpamAction Quarantine `
  -HighConfidenceSpamQuarantineTag AdminOnlyAccessPolicy
New-HostedContentFilterRule -Name 'Contoso strict' -HostedContentFilterPolicy 'Contoso strict' `
  -RecipientDomainIs contoso.com -Priority 0

New-TransportRule -Name 'Block executables' -AttachmentExtensionMatchesWords exe,js `
  -RejectMessageReasonText 'Executable attachments are not accepted' `
  -RejectMessageEnhancedStatusCode '5.7.900'
New-TransportRule -Name 'Wire fraud words' -SubjectOrBodyContainsWords 'wire transfer','gift cards' `
  -ExceptIfFrom treasury@contoso.com -SetSCL 6 -SetAuditSeverity High
New-TransportRule -Name 'Envelope from partner' -SenderAddressLocation HeaderOrEnvelope `
  -SenderDomainIs partner.example -SetHeaderName X-Partner -SetHeaderValue yes
New-TransportRule -Name 'Large to Adele' -MessageSizeOver '4 KB' -SentTo adele.vance@contoso.com `
  -SetAuditSeverity Low
New-TransportRule -Name 'Retired campaign' -ExpiryDate '2020-01-01T00:00:00Z' `
  -RecipientDomainIs contoso.com -DeleteMessage $true
