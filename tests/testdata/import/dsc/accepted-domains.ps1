# Accepted domains as Export-M365DSCConfiguration writes them (a fixture of mfsim's tests).
Configuration AcceptedDomains
{
    Import-DscResource -ModuleName 'Microsoft365DSC'

    Node localhost
    {
        EXOAcceptedDomain "EXOAcceptedDomain-contoso.com"
        {
            ApplicationId         = $ConfigurationData.NonNodeData.ApplicationId;
            CertificateThumbprint = $ConfigurationData.NonNodeData.CertificateThumbprint;
            DomainType            = "Authoritative";
            Ensure                = "Present";
            Identity              = "contoso.com";
            MatchSubDomains       = $False;
            OutboundOnly          = $False;
            TenantId              = $OrganizationName;
        }
        EXOAcceptedDomain "EXOAcceptedDomain-$OrganizationName"
        {
            DomainType            = "Authoritative";
            Ensure                = "Present";
            Identity              = $OrganizationName;
            MatchSubDomains       = $False;
            OutboundOnly          = $False;
        }
    }
}
