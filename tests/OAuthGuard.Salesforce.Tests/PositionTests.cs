using System.Text;
using System.Text.RegularExpressions;
using OAuthGuard.Salesforce.Tests.Support;

namespace OAuthGuard.Salesforce.Tests;

/// <summary>
/// Each element kind's line and column are checked against the fixture text itself: the expected
/// position is where the n-th start tag of that name (with any prefix) begins, found by a regex.
/// </summary>
public sealed class PositionTests
{
    private const string File = "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml";

    /// <summary>1-based line and column of the <c>&lt;</c> of the n-th start tag named <paramref name="name"/>.</summary>
    private static (int Line, int Column) Expected(string text, string name, int occurrence = 1)
    {
        var matches = Regex.Matches(text, @"<(?:[A-Za-z_][\w.-]*:)?" + Regex.Escape(name) + @"(?=[\s/>])");
        var index = matches[occurrence - 1].Index;
        var line = 1 + text.AsSpan(0, index).Count('\n');
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        if (index == 0)
        {
            lineStart = 0;
        }

        return (line, index - lineStart + 1);
    }

    private static (int, int) Located(MetadataSnapshot snapshot, string file, string path)
    {
        var position = snapshot.Positions.Locate(file, path);
        Assert.Equal(path.Replace("[1]", ""), position.ResolvedPath);
        return (position.Line, position.Column);
    }

    public static TheoryData<string, string, string, int> Elements => new()
    {
        // fixture, element path, element name, occurrence of that name in the text
        { "Billing.connectedApp-meta.xml", "", "ConnectedApp", 1 },
        { "Billing.connectedApp-meta.xml", "label", "label", 1 },
        { "Billing.connectedApp-meta.xml", "oauthConfig", "oauthConfig", 1 },
        { "Billing.connectedApp-meta.xml", "oauthConfig/isConsumerSecretOptional", "isConsumerSecretOptional", 1 },
        { "Billing.connectedApp-meta.xml", "oauthConfig/callbackUrl", "callbackUrl", 1 },
        { "Billing.connectedApp-meta.xml", "oauthConfig/scopes", "scopes", 1 },
        { "Billing.connectedApp-meta.xml", "oauthConfig/scopes[1]", "scopes", 1 },
        { "Billing.connectedApp-meta.xml", "oauthConfig/scopes[3]", "scopes", 3 },
        { "Billing.connectedApp-meta.xml", "oauthConfig/isIntrospectAllTokens", "isIntrospectAllTokens", 1 },
        { "Billing.connectedApp-meta.xml", "ipRanges[2]/start", "start", 2 },
        { "Billing.connectedApp-meta.xml", "oauthPolicy/ipRelaxation", "ipRelaxation", 1 },
        { "Billing.connectedApp-meta.xml", "customBlock/inner[2]", "inner", 2 },
        { "Prettier.connectedApp-meta.xml", "", "ConnectedApp", 1 },
        { "Prettier.connectedApp-meta.xml", "oauthConfig/callbackUrl", "callbackUrl", 1 },
        { "Prettier.connectedApp-meta.xml", "oauthConfig/isConsumerSecretOptional", "isConsumerSecretOptional", 1 },
        { "Prettier.connectedApp-meta.xml", "label", "label", 1 },
        { "Prefixed.connectedApp-meta.xml", "", "ConnectedApp", 1 },
        { "Prefixed.connectedApp-meta.xml", "oauthConfig/consumerSecret", "consumerSecret", 1 },
        { "Prefixed.connectedApp-meta.xml", "label", "label", 1 },
        { "PortalGlobalSettings.ecaGlblOauth-meta.xml", "isClientCredentialsFlowEnabled", "isClientCredentialsFlowEnabled", 1 },
        { "Portal_oauth.ecaOauth-meta.xml", "trustedIpRanges/startIpAddress", "startIpAddress", 1 },
    };

    [Theory]
    [MemberData(nameof(Elements))]
    public void Element_positions_match_the_fixture_text(string fixture, string path, string name, int occurrence)
    {
        using var repo = new TempRepo();
        var relative = "pkg/" + fixture;
        repo.CopyFixture(fixture, relative);
        var text = System.IO.File.ReadAllText(Paths.Fixture(fixture));
        Assert.Equal(Expected(text, name, occurrence), Located(repo.Load(), relative, path));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Positions_are_the_same_with_CRLF_line_ends_and_a_BOM(bool bom, bool crlf)
    {
        var text = System.IO.File.ReadAllText(Paths.Fixture("Billing.connectedApp-meta.xml"));
        var variant = crlf ? text.Replace("\n", "\r\n") : text;
        using var repo = new TempRepo();
        var bytes = Encoding.UTF8.GetBytes(variant);
        repo.WriteBytes(File, bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
        var snapshot = repo.Load();
        foreach (var (path, name, occurrence) in new[] { ("", "ConnectedApp", 1), ("oauthConfig/scopes[2]", "scopes", 2), ("sessionPolicy/sessionTimeout", "sessionTimeout", 1) })
        {
            Assert.Equal(Expected(text, name, occurrence), Located(snapshot, File, path));
        }
    }

    [Fact]
    public void A_missing_element_resolves_to_its_nearest_existing_parent()
    {
        using var repo = new TempRepo();
        repo.CopyFixture("Billing.connectedApp-meta.xml", File);
        var text = System.IO.File.ReadAllText(Paths.Fixture("Billing.connectedApp-meta.xml"));
        var snapshot = repo.Load();

        var missingLeaf = snapshot.Positions.Locate(File, "oauthConfig/isCodeCredentialEnabled");
        Assert.Equal(("oauthConfig", Expected(text, "oauthConfig")), (missingLeaf.ResolvedPath, (missingLeaf.Line, missingLeaf.Column)));

        var missingBranch = snapshot.Positions.Locate(File, "mobileAppConfig/devicePlatform");
        Assert.Equal(("", Expected(text, "ConnectedApp")), (missingBranch.ResolvedPath, (missingBranch.Line, missingBranch.Column)));

        var beyondLast = snapshot.Positions.Locate(File, "oauthConfig/scopes[9]");
        Assert.Equal("oauthConfig", beyondLast.ResolvedPath);
    }

    [Fact]
    public void An_unknown_file_resolves_to_line_1_column_1()
    {
        using var repo = new TempRepo();
        repo.CopyFixture("Billing.connectedApp-meta.xml", File);
        Assert.Equal(new Model.SourcePosition(1, 1, ""), repo.Load().Positions.Locate("nope.connectedApp-meta.xml", "label"));
    }

    [Fact]
    public void Diagnostics_for_malformed_XML_carry_the_line_and_column_of_the_error()
    {
        using var repo = new TempRepo();
        repo.Write("bad/X.connectedApp-meta.xml", "<ConnectedApp>\n  <label>x</labl>\n</ConnectedApp>\n");
        var diagnostic = Assert.Single(repo.Load().Diagnostics);
        Assert.Equal(("bad/X.connectedApp-meta.xml", 2, 13), (diagnostic.File, diagnostic.Line, diagnostic.Column));
        Assert.StartsWith("bad/X.connectedApp-meta.xml:2:13: error xml_parse_error: malformed XML", diagnostic.ToString(), StringComparison.Ordinal);
    }
}
