# A rule set in the shape of an acceptance check for issue 15: the organisation's accepted
# domain, scope conditions, message types, importance, attachment content, character sets, a
# disclaimer, a Bcc and the anti-spam policy's sender lists (tests/parity_scenario_test.cc).
New-AcceptedDomain -Name Contoso -DomainName contoso.com -DomainType Authoritative

Set-HostedContentFilterPolicy -Identity Default -AllowedSenders partner@fabrikam.com `
    -BlockedSenderDomains spam.example -SpamAction Quarantine `
    -SpamQuarantineTag DefaultFullAccessWithNotificationPolicy

New-TransportRule -Name 'Bcc inbound' -FromScope NotInOrganization -SentToScope InOrganization `
    -BlindCopyTo audit@contoso.com -Priority 0
New-TransportRule -Name 'Out of office' -MessageTypeMatches OOF -SetHeaderName X-Contoso-OOF `
    -SetHeaderValue seen
New-TransportRule -Name 'Auto forward' -MessageTypeMatches AutoForward -RejectMessageReasonText 'No forwarding' `
    -RejectMessageEnhancedStatusCode '5.7.1'
New-TransportRule -Name 'Calendar' -MessageTypeMatches Calendaring -SetHeaderName X-Contoso-Calendar `
    -SetHeaderValue yes
New-TransportRule -Name 'Urgent' -WithImportance High -PrependSubject '[URGENT] '
New-TransportRule -Name 'Programs' -AttachmentHasExecutableContent $true -Quarantine $true
New-TransportRule -Name 'Cyrillic' -ContentCharacterSetContainsWords 'koi8-r', 'windows-1251' -SetSCL 6
New-TransportRule -Name 'Disclaimer' -FromScope InOrganization -SentToScope NotInOrganization `
    -ApplyHtmlDisclaimerText '<p>Contoso confidential</p>' -ApplyHtmlDisclaimerLocation Append `
    -ApplyHtmlDisclaimerFallbackAction Wrap
