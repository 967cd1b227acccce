using System.Text;
using OAuthGuard.Salesforce.Diagnostics;
using OAuthGuard.Salesforce.Schema;
using OAuthGuard.Salesforce.Tests.Support;

namespace OAuthGuard.Salesforce.Tests;

public sealed class ParsingTests
{
    private static MetadataSnapshot LoadFixture(string fixture, string relative)
    {
        using var repo = new TempRepo();
        repo.CopyFixture(fixture, relative);
        return repo.Load();
    }

    [Fact]
    public void Booleans_are_typed_case_insensitively_after_trimming()
    {
        var app = Assert.Single(LoadFixture("Billing.connectedApp-meta.xml", "a/Billing.connectedApp-meta.xml").Apps.ConnectedApps);
        var oauth = app.Metadata.Element("oauthConfig")!;
        Assert.True(oauth.Element("isAdminApproved")!.BooleanValue);
        Assert.True(oauth.Element("isConsumerSecretOptional")!.BooleanValue);
        Assert.False(oauth.Element("isRefreshTokenRotationEnabled")!.BooleanValue);
        Assert.Equal(FieldKind.Boolean, oauth.Element("isAdminApproved")!.DeclaredKind);
    }

    [Fact]
    public void Text_that_is_not_a_valid_value_is_kept_raw_and_listed_with_its_position()
    {
        var snapshot = LoadFixture("Billing.connectedApp-meta.xml", "a/Billing.connectedApp-meta.xml");
        var app = Assert.Single(snapshot.Apps.ConnectedApps);
        var pkce = app.Metadata.Find("oauthConfig/isPkceRequired")!;
        Assert.False(pkce.IsValid);
        Assert.Null(pkce.BooleanValue);
        Assert.Equal("{{PKCE_REQUIRED}}", pkce.Text);

        var invalid = app.Invalid.ToDictionary(i => i.Path);
        Assert.Equal("{{PKCE_REQUIRED}}", invalid["oauthConfig/isPkceRequired"].Text);
        Assert.Equal("boolean", invalid["oauthConfig/isPkceRequired"].Expected);
        Assert.Equal(25, invalid["oauthConfig/isPkceRequired"].Line);
        Assert.Equal(9, invalid["oauthConfig/isPkceRequired"].Column);
        Assert.Equal("yes", invalid["oauthConfig/isSecretRequiredForRefreshToken"].Text);
        Assert.Equal(string.Empty, invalid["oauthConfig/isIntrospectAllTokens"].Text);
        Assert.Equal("integer", invalid["sessionPolicy/sessionTimeout"].Expected);
        Assert.Contains(snapshot.Diagnostics, d => d.Code == DiagnosticCodes.InvalidValue && d.Line == 25 && d.Level == DiagnosticLevel.Warning);

        var json = snapshot.ToInputDocument()["connectedApps"]![0]!["metadata"]!["oauthConfig"]!;
        Assert.Equal("{{PKCE_REQUIRED}}", (string?)json["isPkceRequired"]);
        Assert.Equal("", (string?)json["isIntrospectAllTokens"]);
        Assert.True((bool?)json["isConsumerSecretOptional"]);
    }

    [Fact]
    public void Repeatable_elements_are_arrays_even_with_one_item_and_unknown_elements_are_kept()
    {
        var doc = LoadFixture("Billing.connectedApp-meta.xml", "a/Billing.connectedApp-meta.xml").ToInputDocument();
        var metadata = doc["connectedApps"]![0]!["metadata"]!;
        Assert.Equal(["Api", "RefreshToken", "Chatter"], metadata["oauthConfig"]!["scopes"]!.AsArray().Select(n => (string?)n));
        Assert.Single(metadata["permissionSetName"]!.AsArray());
        Assert.Equal(2, metadata["ipRanges"]!.AsArray().Count);
        Assert.Equal("kept as text", (string?)metadata["oauthConfig"]!["vendorExtension"]);
        Assert.Equal(["one", "two"], metadata["customBlock"]!["inner"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("システム管理者", (string?)metadata["profileName"]![0]);
        Assert.Null(metadata["startUrl"]);
        Assert.Null(metadata["oauthConfig"]!["isCodeCredentialEnabled"]);
    }

    [Fact]
    public void Prefixed_namespaces_and_CDATA_are_read_by_local_name()
    {
        var app = Assert.Single(LoadFixture("Prefixed.connectedApp-meta.xml", "Prefixed.connectedApp-meta.xml").Apps.ConnectedApps);
        Assert.Equal("Prefixed & <Friends>", app.Metadata.Element("label")!.Text);
        Assert.True(app.Metadata.Find("oauthConfig/isConsumerSecretOptional")!.BooleanValue);
        Assert.Equal(["myapp://callback"], app.Facts.CallbackUrls);
        Assert.True(app.Facts.Mobile);
    }

    [Fact]
    public void Prettier_split_tags_tabs_and_any_element_order_are_read()
    {
        var app = Assert.Single(LoadFixture("Prettier.connectedApp-meta.xml", "Prettier.connectedApp-meta.xml").Apps.ConnectedApps);
        Assert.Equal("https://prettier.example.com/cb", app.Metadata.Find("oauthConfig/callbackUrl")!.Text);
        Assert.False(app.Metadata.Find("oauthConfig/isConsumerSecretOptional")!.BooleanValue);
        Assert.Equal("Prettier", app.Metadata.Element("label")!.Text);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void BOM_and_CRLF_give_the_same_document_as_the_plain_file(bool bom, bool crlf)
    {
        var text = File.ReadAllText(Paths.Fixture("Billing.connectedApp-meta.xml"));
        using var plain = new TempRepo();
        plain.Write("x/Billing.connectedApp-meta.xml", text);
        using var variant = new TempRepo();
        var bytes = Encoding.UTF8.GetBytes(crlf ? text.Replace("\n", "\r\n") : text);
        variant.WriteBytes("x/Billing.connectedApp-meta.xml", bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);

        Assert.Equal(plain.Load().ToInputDocument().ToJsonString(), variant.Load().ToInputDocument().ToJsonString());
    }

    [Fact]
    public void Comments_are_recorded_with_the_element_they_precede_or_sit_in()
    {
        var snapshot = LoadFixture("Billing.connectedApp-meta.xml", "a/Billing.connectedApp-meta.xml");
        var comments = snapshot.Comments["a/Billing.connectedApp-meta.xml"];
        Assert.Equal(2, comments.Count);
        Assert.Equal(" Billing integration: reviewed by the platform team ", comments[0].Text);
        Assert.Equal((2, 1, ""), (comments[0].Line, comments[0].Column, comments[0].ElementPath));
        Assert.StartsWith(" oauthguard-disable SFOAUTH001", comments[1].Text, StringComparison.Ordinal);
        Assert.Equal((29, 9), (comments[1].Line, comments[1].Column));
        Assert.Equal("oauthConfig/scopes", comments[1].FollowingPath);
        Assert.Equal("oauthConfig", comments[1].EnclosingPath);
    }

    [Fact]
    public void A_comment_last_in_its_parent_points_at_the_parent()
    {
        using var repo = new TempRepo();
        repo.Write("A.connectedApp-meta.xml", "<ConnectedApp><oauthConfig><scopes>Api</scopes><!-- tail --></oauthConfig></ConnectedApp>");
        var comment = Assert.Single(repo.Load().Comments["A.connectedApp-meta.xml"]);
        Assert.Null(comment.FollowingPath);
        Assert.Equal("oauthConfig", comment.ElementPath);
    }

    [Fact]
    public void A_scalar_with_child_elements_is_kept_as_an_object_and_listed_invalid()
    {
        using var repo = new TempRepo();
        repo.Write("N.connectedApp-meta.xml", "<ConnectedApp><oauthConfig><scopes>\n<scope>Api</scope>\n</scopes></oauthConfig></ConnectedApp>");
        var snapshot = repo.Load();
        var app = Assert.Single(snapshot.Apps.ConnectedApps);
        var invalid = Assert.Single(app.Invalid);
        Assert.Equal(("oauthConfig/scopes", "", "enum ConnectedAppOauthAccessScope"), (invalid.Path, invalid.Text, invalid.Expected));
        Assert.Equal("Api", (string?)snapshot.ToInputDocument()["connectedApps"]![0]!["metadata"]!["oauthConfig"]!["scopes"]![0]!["scope"]);
        SchemaValidation.AssertValid(snapshot.ToInputDocument());
    }

    [Fact]
    public void An_element_Salesforce_allows_once_that_repeats_is_an_array_and_listed_invalid()
    {
        using var repo = new TempRepo();
        repo.Write("D.connectedApp-meta.xml", "<ConnectedApp><label>a</label><label>b</label></ConnectedApp>");
        var snapshot = repo.Load();
        var invalid = Assert.Single(snapshot.Apps.ConnectedApps[0].Invalid);
        Assert.Equal("label[2]", invalid.Path);
        Assert.Equal(2, snapshot.ToInputDocument()["connectedApps"]![0]!["metadata"]!["label"]!.AsArray().Count);
    }

    [Fact]
    public void Unknown_enumeration_values_are_notes_not_warnings()
    {
        using var repo = new TempRepo();
        repo.Write("E.connectedApp-meta.xml", "<ConnectedApp><oauthConfig><scopes>SfapApi</scopes></oauthConfig></ConnectedApp>");
        var snapshot = repo.Load();
        var diagnostic = Assert.Single(snapshot.Diagnostics);
        Assert.Equal((DiagnosticCodes.InvalidValue, DiagnosticLevel.Note), (diagnostic.Code, diagnostic.Level));
        Assert.Equal("SfapApi", (string?)snapshot.ToInputDocument()["connectedApps"]![0]!["metadata"]!["oauthConfig"]!["scopes"]![0]);
    }

    [Fact]
    public void A_root_element_that_does_not_match_the_suffix_is_reported_and_skipped()
    {
        using var repo = new TempRepo();
        repo.Write("W.connectedApp-meta.xml", "<?xml version=\"1.0\"?>\n<CustomObject><label>x</label></CustomObject>");
        var snapshot = repo.Load();
        Assert.Empty(snapshot.Apps.ConnectedApps);
        var diagnostic = Assert.Single(snapshot.Diagnostics);
        Assert.Equal((DiagnosticCodes.UnexpectedRoot, 2, 1), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Text_directly_in_the_root_is_listed_invalid_and_the_metadata_stays_an_object()
    {
        using var repo = new TempRepo();
        repo.Write("T.connectedApp-meta.xml", "<ConnectedApp>just text</ConnectedApp>");
        var snapshot = repo.Load();
        var invalid = Assert.Single(snapshot.Apps.ConnectedApps[0].Invalid);
        Assert.Equal(("", "just text"), (invalid.Path, invalid.Text));
        Assert.Equal("{}", snapshot.ToInputDocument()["connectedApps"]![0]!["metadata"]!.ToJsonString());
        SchemaValidation.AssertValid(snapshot.ToInputDocument());
    }
}
