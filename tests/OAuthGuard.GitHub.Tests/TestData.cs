// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using OAuthGuard.Findings;

namespace OAuthGuard.GitHub.Tests;

/// <summary>A canned scan result shaped like what the scan produces for a small SFDX repository.</summary>
internal static class TestData
{
    public const string Billing = "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml";
    public const string Portal = "force-app/main/default/connectedApps/Portal.connectedApp-meta.xml";
    public const string PartnerGlobal = "force-app/main/default/extlClntAppGlobalSettings/Partner.ecaGlblOauth-meta.xml";

    /// <summary>
    /// The pull request's patch for Billing: right-side lines 6–13, of which 9 and 12 are added.
    /// </summary>
    public const string BillingPatch =
        "@@ -6,7 +6,8 @@ <ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n" +
        "     <oauthConfig>\n" +
        "         <callbackUrl>http://billing.example.com/callback</callbackUrl>\n" +
        "         <consumerKey>3MVG9placeholder</consumerKey>\n" +
        "+        <isConsumerSecretOptional>true</isConsumerSecretOptional>\n" +
        "         <isAdminApproved>false</isAdminApproved>\n" +
        "         <isIntrospectAllTokens>false</isIntrospectAllTokens>\n" +
        "-        <isSecretRequiredForRefreshToken>true</isSecretRequiredForRefreshToken>\n" +
        "+        <isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>\n" +
        "     </oauthConfig>";

    public const string PortalPatch =
        "@@ -1,3 +1,4 @@\n" +
        " <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
        "+<!-- oauthguard-ignore SFOAUTH001: the portal is retired next sprint -->\n" +
        " <ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n" +
        "     <label>Portal</label>\n" +
        "\\ No newline at end of file";

    public static RuleDescriptor Rule(string id, string title, Severity severity, double score) => new(
        id, title.Replace(" ", "", StringComparison.Ordinal), title, "Checks " + title.ToLowerInvariant() + ".", severity, score,
        "Set `isConsumerSecretOptional` to false, or require PKCE for public clients.",
        "## " + title, [new RuleLink("https://help.salesforce.com/s/articleView?id=sf.connected_app_create_api_integration.htm", "Salesforce help")],
        "oauthguard.rules." + id.ToLowerInvariant(), ["connectedApp"]);

    public static readonly ImmutableArray<RuleDescriptor> Rules =
    [
        Rule("SFOAUTH001", "Require secret for web server flow", Severity.Critical, 9.3),
        Rule("SFOAUTH002", "Require secret for refresh token flow", Severity.Critical, 9.1),
        Rule("SFOAUTH005", "Authorization code and credentials flow settings", Severity.Critical, 9.0),
        Rule("SFOAUTH101", "Global OAuth settings committed to source control", Severity.High, 7.5),
    ];

    public static Finding Finding(string rule, Severity severity, string app, string file, int line, string path, string message, Suppression? suppression = null) =>
        new(rule, severity, app, "connectedApp", file, line, 9, path, message, [], [], rule + "/" + app + "/" + path, suppression);

    public static ScanResult Result(params Finding[] findings) => new(
        Rules,
        [.. findings],
        [new ToolNotification("xml_parse_error", "error", "unexpected end of file, expected </ConnectedApp>: line 3, column 1", "force-app/main/default/connectedApps/Broken.connectedApp-meta.xml", 3, 1)],
        "embedded 0.1.0",
        4,
        5);

    public static Finding WebServerSecret => Finding("SFOAUTH001", Severity.Critical, "Billing", Billing, 9, "oauthConfig/isConsumerSecretOptional",
        "The web server flow accepts requests without the consumer secret (isConsumerSecretOptional is true), so 100% of a leaked consumer key is enough.\nPKCE is not required either.");

    public static Finding RefreshSecret => Finding("SFOAUTH002", Severity.Critical, "Billing", Billing, 12, "oauthConfig/isSecretRequiredForRefreshToken",
        "The refresh token flow does not require the consumer secret; refresh tokens never expire.");

    public static Finding CallbackHttp => Finding("SFOAUTH005", Severity.Medium, "Billing", Billing, 7, "oauthConfig/callbackUrl",
        "The callback URL uses http://, a <private> client is assumed from the configuration | see docs.");

    public static Finding NotInDiff => Finding("SFOAUTH005", Severity.Note, "Billing", Billing, 4, "oauthConfig",
        "The authorization code and credentials flow is not enabled; @octo-org/security may want it.");

    public static Finding UnchangedFile => Finding("SFOAUTH101", Severity.High, "Partner", PartnerGlobal, 1, "ExtlClntAppGlobalOauthSettings",
        "Global OAuth settings, including the consumer key, are committed to source control.");

    public static Finding Suppressed => Finding("SFOAUTH001", Severity.Critical, "Portal", Portal, 3, "oauthConfig/isConsumerSecretOptional",
        "The web server flow accepts requests without the consumer secret.",
        new Suppression("inSource", "the portal is retired next sprint", new DateOnly(2026, 12, 31), Portal + ":2"));

    public static ScanResult All => Result(WebServerSecret, RefreshSecret, CallbackHttp, NotInDiff, UnchangedFile, Suppressed);
}
