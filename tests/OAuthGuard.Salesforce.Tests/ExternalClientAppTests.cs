using OAuthGuard.Salesforce.Diagnostics;
using OAuthGuard.Salesforce.Model;
using OAuthGuard.Salesforce.Tests.Support;

namespace OAuthGuard.Salesforce.Tests;

public sealed class ExternalClientAppTests
{
    private static readonly string[] PortalFiles =
    [
        "Portal.eca-meta.xml", "PortalGlobalSettings.ecaGlblOauth-meta.xml", "Portal_defaultPolicy.ecaOauthPlcy-meta.xml",
        "Portal_oauth.ecaOauth-meta.xml", "Portal_plcy.ecaPlcy-meta.xml", "Portal_security.ecaOauthSecurity-meta.xml",
    ];

    private static TempRepo PortalRepo()
    {
        var repo = new TempRepo();
        repo.CopyFixture("Portal.eca-meta.xml", "force-app/main/default/externalClientApps/Portal.eca-meta.xml");
        repo.CopyFixture("PortalGlobalSettings.ecaGlblOauth-meta.xml", "force-app/main/default/extlClntAppGlobalOauthSets/PortalGlobalSettings.ecaGlblOauth-meta.xml");
        repo.CopyFixture("Portal_defaultPolicy.ecaOauthPlcy-meta.xml", "force-app/main/default/extlClntAppOauthConfigurablePolicies/Portal_defaultPolicy.ecaOauthPlcy-meta.xml");
        repo.CopyFixture("Portal_oauth.ecaOauth-meta.xml", "elsewhere/Portal_oauth.ecaOauth-meta.xml");
        repo.CopyFixture("Portal_plcy.ecaPlcy-meta.xml", "force-app/main/default/extlClntAppPolicies/Portal_plcy.ecaPlcy-meta.xml");
        repo.CopyFixture("Portal_security.ecaOauthSecurity-meta.xml", "force-app/main/default/extlClntAppOauthSecuritySettings/Portal_security.ecaOauthSecurity-meta.xml");
        return repo;
    }

    [Fact]
    public void Parts_are_joined_by_the_externalClientApplication_element_not_by_file_name()
    {
        using var repo = PortalRepo();
        var snapshot = repo.Load();
        var app = Assert.Single(snapshot.Apps.ExternalClientApps);
        Assert.Equal("Portal", app.Name);
        Assert.Equal(["eca", "globalOauth", "oauthPolicies", "oauthSecurity", "oauthSettings", "policies"], app.Parts.Keys.Order(StringComparer.Ordinal));
        Assert.False(app.Facts.ParentMissing);
        Assert.Equal(["Api", "RefreshToken", "Full"], app.Facts.Scopes);
        Assert.Equal(["https://portal.example.com/cb"], app.Facts.CallbackUrls);
        Assert.Equal(SecretState.Placeholder, app.Facts.ConsumerKey);
        Assert.Equal(SecretState.Absent, app.Facts.ConsumerSecret);
        Assert.Equal(CertificateState.Present, app.Facts.Certificate);

        var document = snapshot.ToInputDocument()["externalClientApps"]![0]!;
        Assert.Equal("elsewhere/Portal_oauth.ecaOauth-meta.xml", (string?)document["files"]!["oauthSettings"]);
        Assert.True((bool?)document["globalOauth"]!["isClientCredentialsFlowEnabled"]);
        Assert.Equal(365, (long?)document["oauthPolicies"]!["refreshTokenValidityPeriod"]);
        Assert.Equal("UserSession", (string?)document["oauthPolicies"]!["namedUserJwtSessionTimeoutType"]);
        Assert.Equal("true", (string?)document["oauthSecurity"]!["isSomethingNewEnabled"]);
        // The fixture's certificate is a truncated fake: present, but not a certificate that parses.
        Assert.Equal(2, document["invalid"]!.AsArray().Count);
        Assert.Equal(("certificate", "certificate"), ((string?)document["invalid"]![0]!["path"], (string?)document["invalid"]![0]!["expected"]));
        Assert.Null(document["facts"]!["certificateInfo"]);
        var invalid = document["invalid"]![1]!;
        Assert.Equal("force-app/main/default/extlClntAppOauthConfigurablePolicies/Portal_defaultPolicy.ecaOauthPlcy-meta.xml", (string?)invalid!["file"]);
        Assert.Equal(("isClientCredentialsFlowEnabled", "yes"), ((string?)invalid["path"], (string?)invalid["text"]));
        Assert.Equal("yes", (string?)document["oauthPolicies"]!["isClientCredentialsFlowEnabled"]);
        SchemaValidation.AssertValid(snapshot.ToInputDocument());
    }

    [Fact]
    public void Parts_whose_parent_is_missing_still_form_an_app_and_are_reported()
    {
        using var repo = PortalRepo();
        repo.CopyFixture("Ghost_policy.ecaOauthPlcy-meta.xml", "x/Ghost_policy.ecaOauthPlcy-meta.xml");
        var snapshot = repo.Load();
        var ghost = Assert.Single(snapshot.Apps.ExternalClientApps, a => a.Name == "Ghost");
        Assert.True(ghost.Facts.ParentMissing);
        Assert.False(ghost.Parts.ContainsKey("eca"));
        var diagnostic = Assert.Single(snapshot.Diagnostics, d => d.Code == DiagnosticCodes.OrphanChild);
        Assert.Equal(("x/Ghost_policy.ecaOauthPlcy-meta.xml", 3, 5, DiagnosticLevel.Warning), (diagnostic.File, diagnostic.Line, diagnostic.Column, diagnostic.Level));
        var json = snapshot.ToInputDocument()["externalClientApps"]!.AsArray().Single(a => (string?)a!["name"] == "Ghost")!;
        Assert.Null(json["files"]!["eca"]);
        Assert.True((bool?)json["facts"]!["parentMissing"]);
        SchemaValidation.AssertValid(snapshot.ToInputDocument());
    }

    [Fact]
    public void The_same_component_in_both_formats_is_reported_once()
    {
        using var repo = PortalRepo();
        repo.CopyFixture("Portal_defaultPolicy.ecaOauthPlcy-meta.xml", "force-app/main/default/extlClntAppOauthConfigurablePolicies/Portal_defaultPolicy.ecaOauthPlcy");
        repo.CopyFixture("Billing.connectedApp-meta.xml", "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml");
        repo.CopyFixture("Billing.connectedApp-meta.xml", "mdapi/connectedApps/Billing.connectedApp");
        repo.CopyFixture("Legacy.connectedApp", "old/connectedApps/Billing.connectedApp");
        var snapshot = repo.Load();

        Assert.Equal(
            ["force-app/main/default/connectedApps/Billing.connectedApp-meta.xml", "old/connectedApps/Billing.connectedApp"],
            snapshot.Apps.ConnectedApps.Select(a => a.File.Path));
        Assert.Single(snapshot.Apps.ExternalClientApps);
        var duplicates = snapshot.Diagnostics.Where(d => d.Code == DiagnosticCodes.DuplicateComponent).Select(d => d.File);
        Assert.Equal(["force-app/main/default/extlClntAppOauthConfigurablePolicies/Portal_defaultPolicy.ecaOauthPlcy", "mdapi/connectedApps/Billing.connectedApp"], duplicates);
    }

    [Fact]
    public void A_second_part_of_the_same_kind_for_one_app_is_reported()
    {
        using var repo = PortalRepo();
        repo.CopyFixture("Portal_plcy.ecaPlcy-meta.xml", "z/Another.ecaPlcy-meta.xml");
        var snapshot = repo.Load();
        var diagnostic = Assert.Single(snapshot.Diagnostics, d => d.Code == DiagnosticCodes.DuplicateComponent);
        Assert.Equal("z/Another.ecaPlcy-meta.xml", diagnostic.File);
        Assert.Equal("force-app/main/default/extlClntAppPolicies/Portal_plcy.ecaPlcy-meta.xml", snapshot.Apps.ExternalClientApps[0].Parts["policies"].Path);
    }

    [Fact]
    public void A_part_without_a_parent_element_forms_an_app_named_after_the_file()
    {
        using var repo = new TempRepo();
        repo.Write("P.ecaPlcy-meta.xml", "<ExtlClntAppConfigurablePolicies><isEnabled>true</isEnabled></ExtlClntAppConfigurablePolicies>");
        var snapshot = repo.Load();
        Assert.Equal("P", Assert.Single(snapshot.Apps.ExternalClientApps).Name);
        Assert.Equal(DiagnosticCodes.OrphanChild, Assert.Single(snapshot.Diagnostics).Code);
    }

    [Fact]
    public void Every_part_fixture_parses_without_diagnostics_other_than_the_planted_ones()
    {
        using var repo = PortalRepo();
        var diagnostics = repo.Load().Diagnostics;
        // Planted: the fake (truncated) certificate and isClientCredentialsFlowEnabled = yes.
        Assert.Equal([DiagnosticCodes.InvalidValue, DiagnosticCodes.InvalidValue], diagnostics.Select(d => d.Code));
        Assert.Equal(PortalFiles.Length, repo.Load().Files.Count(f => f.IsParsed));
    }
}
