# Generated with Microsoft365DSC version 1.24.1016.1
# For additional information on the Dependencies, see https://microsoft365dsc.com
# (A fixture of mfsim's tests, written in the layout Export-M365DSCConfiguration uses.)
param (
)

Configuration M365TenantConfig
{
    param (
    )

    $OrganizationName = $ConfigurationData.NonNodeData.OrganizationName

    Import-DscResource -ModuleName 'Microsoft365DSC' -ModuleVersion '1.24.1016.1'

    Node localhost
    {
        EXOQuarantinePolicy "EXOQuarantinePolicy-DefaultFullAccessPolicy"
        {
            ApplicationId                     = $ConfigurationData.NonNodeData.ApplicationId;
            CertificateThumbprint             = $ConfigurationData.NonNodeData.CertificateThumbprint;
            EndUserQuarantinePermissionsValue = 23;
            Ensure                            = "Present";
            Identity                          = "DefaultFullAccessPolicy";
            TenantId                          = $OrganizationName;
        }
        EXOQuarantinePolicy "EXOQuarantinePolicy-NotifyUserRelease"
        {
            ApplicationId                     = $ConfigurationData.NonNodeData.ApplicationId;
            CertificateThumbprint             = $ConfigurationData.NonNodeData.CertificateThumbprint;
            EndUserQuarantinePermissionsValue = 7;
            ESNEnabled                        = $True;
            Ensure                            = "Present";
            Identity                          = "NotifyUserRelease";
            MultiLanguageCustomDisclaimer     = @();
            MultiLanguageSenderName           = @();
            MultiLanguageSetting              = @();
            TenantId                          = $OrganizationName;
        }
        EXOQuarantinePolicy "EXOQuarantinePolicy-DefaultGlobalTag"
        {
            ApplicationId                     = $ConfigurationData.NonNodeData.ApplicationId;
            CertificateThumbprint             = $ConfigurationData.NonNodeData.CertificateThumbprint;
            EndUserSpamNotificationFrequency  = "1.00:00:00";
            Ensure                            = "Present";
            Identity                          = "DefaultGlobalTag";
            MultiLanguageSetting              = @("Default");
            OrganizationBrandingEnabled       = $False;
            QuarantinePolicyType              = "GlobalQuarantinePolicy";
            TenantId                          = $OrganizationName;
        }
        EXOHostedContentFilterPolicy "EXOHostedContentFilterPolicy-Default"
        {
            AddXHeaderValue                      = "";
            AdminDisplayName                     = "";
            ApplicationId                        = $ConfigurationData.NonNodeData.ApplicationId;
            BulkSpamAction                       = "MoveToJmf";
            BulkThreshold                        = 7;
            CertificateThumbprint                = $ConfigurationData.NonNodeData.CertificateThumbprint;
            Ensure                               = "Present";
            HighConfidencePhishAction            = "Quarantine";
            HighConfidenceSpamAction             = "Quarantine";
            HighConfidenceSpamQuarantineTag      = "NotifyUserRelease";
            Identity                             = "Default";
            MakeDefault                          = $False;
            ModifySubjectValue                   = "";
            PhishSpamAction                      = "Quarantine";
            QuarantineRetentionPeriod            = 15;
            SpamAction                           = "MoveToJmf";
            TenantId                             = $OrganizationName;
        }
        EXOTransportRule "EXOTransportRule-Area 1 - MALICIOUS"
        {
            ApplicationId                = $ConfigurationData.NonNodeData.ApplicationId;
            CertificateThumbprint        = $ConfigurationData.NonNodeData.CertificateThumbprint;
            Comments                     = "Quarantine what Area 1 calls malicious";
            Enabled                      = $True;
            Ensure                       = "Present";
            ExceptIfSenderDomainIs       = @();
            HeaderContainsMessageHeader  = "X-Area1Security-Disposition";
            HeaderContainsWords          = @("MALICIOUS");
            Mode                         = "Enforce";
            Name                         = "Area 1 - MALICIOUS";
            Priority                     = 1;
            SenderIpRanges               = @("104.30.32.0/19","134.195.26.0/23");
            SetSCL                       = 9;
            StopRuleProcessing           = $True;
            TenantId                     = $OrganizationName;
        }
        EXOTransportRule "EXOTransportRule-Area 1 - UCE"
        {
            ApplicationId                = $ConfigurationData.NonNodeData.ApplicationId;
            CertificateThumbprint        = $ConfigurationData.NonNodeData.CertificateThumbprint;
            Enabled                      = $True;
            Ensure                       = "Present";
            HeaderContainsMessageHeader  = "X-Area1Security-Disposition";
            HeaderContainsWords          = @("UCE","SPOOF");
            Name                         = "Area 1 - UCE";
            Priority                     = 0;
            SenderIpRanges               = @("104.30.32.0/19","134.195.26.0/23");
            SetSCL                       = 5;
            TenantId                     = $OrganizationName;
        }
        EXOTransportRule "EXOTransportRule-Old pilot rule"
        {
            ApplicationId                = $ConfigurationData.NonNodeData.ApplicationId;
            CertificateThumbprint        = $ConfigurationData.NonNodeData.CertificateThumbprint;
            Ensure                       = "Absent";
            Name                         = "Old pilot rule";
            TenantId                     = $OrganizationName;
        }
        EXOTransportRule "EXOTransportRule-Tag mail for the org"
        {
            ApplicationId                = $ConfigurationData.NonNodeData.ApplicationId;
            CertificateThumbprint        = $ConfigurationData.NonNodeData.CertificateThumbprint;
            Ensure                       = "Present";
            Name                         = "Tag mail for the org";
            Priority                     = 2;
            RecipientDomainIs            = @("$OrganizationName");
            SetHeaderName                = "X-Contoso-Tenant";
            SetHeaderValue               = $OrganizationName;
            TenantId                     = $OrganizationName;
        }
        EXOSafeLinksPolicy "EXOSafeLinksPolicy-Built-In Protection Policy"
        {
            ApplicationId                = $ConfigurationData.NonNodeData.ApplicationId;
            Ensure                       = "Present";
            Identity                     = "Built-In Protection Policy";
            TenantId                     = $OrganizationName;
        }
    }
}

M365TenantConfig -ConfigurationData .\ConfigurationData.psd1
