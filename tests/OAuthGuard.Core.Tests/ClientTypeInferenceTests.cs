using System.Text.Json.Nodes;
using OAuthGuard.Core.Tests.Support;
using OAuthGuard.Init;

namespace OAuthGuard.Core.Tests;

/// <summary>
/// The adapter reads the weighed-evidence classification (client.rego's <c>apps</c> entries: pieces
/// with strength, direction, file and element) into what <c>init</c> writes, with the evidence's line.
/// </summary>
public sealed class ClientTypeInferenceTests
{
    private const string File1 = "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml";

    private static JsonObject Piece(string kind, string strength, string direction, string element, string text) => new()
    {
        ["kind"] = kind, ["strength"] = strength, ["direction"] = direction, ["file"] = File1, ["element"] = element, ["value"] = "", ["text"] = text,
    };

    private static JsonObject Client(string type, JsonArray evidence, JsonArray? conflict = null) => new()
    {
        ["type"] = type, ["judged"] = type == "public" ? "public" : "private", ["by"] = "evidence", ["evidence"] = evidence, ["conflict"] = conflict ?? [], ["app"] = "Billing",
    };

    private static Repository.IElementLocator Locator() =>
        new FakeReader().At(File1, "oauthConfig/certificate", 9, 9).At(File1, "oauthConfig/callbackUrl", 6, 9).At(File1, "", 2, 1)
            .Read("", CancellationToken.None).Locator;

    [Fact]
    public void A_decided_type_names_its_strongest_piece_and_its_line()
    {
        var client = Client("private", [Piece("certificate", "strong", "private", "oauthConfig/certificate", "a certificate is configured"), Piece("https_callbacks", "weak", "private", "oauthConfig/callbackUrl", "the https server callback https://x")]);

        var inferred = ClientTypeInference.FromEvidence("Billing", "connectedApp", client, Locator());

        Assert.Equal(new InferredClient("Billing", "connectedApp", "private", "a certificate is configured, strong evidence", File1, 9), inferred);
        Assert.True(inferred.IsDecided);
    }

    [Fact]
    public void Among_equal_pieces_the_apps_own_secret_setting_is_named_last()
    {
        // A command-line tool: "secret optional + PKCE" is the setting SFOAUTH001/005 judge, so
        // the comment names the loopback callback, which says why the app is public.
        var client = Client("public", [
            Piece("secret_optional_pkce", "weak", "public", "oauthConfig/isConsumerSecretOptional", "the app's own setting \"secret optional, PKCE required\""),
            Piece("loopback", "weak", "public", "oauthConfig/callbackUrl", "the loopback callback http://localhost:1717/OauthRedirect"),
        ]);

        var inferred = ClientTypeInference.FromEvidence("Billing", "connectedApp", client, Locator());

        Assert.Equal("the loopback callback http://localhost:1717/OauthRedirect, weak evidence", inferred.Evidence);
        Assert.Equal(6, inferred.Line);
    }

    [Fact]
    public void An_ambiguous_type_names_both_sides_and_points_at_the_conflict()
    {
        var cert = Piece("certificate", "strong", "private", "oauthConfig/certificate", "a certificate is configured");
        var scheme = Piece("custom_scheme", "strong", "public", "oauthConfig/callbackUrl", "the custom-scheme callback myapp://cb");
        var client = Client("ambiguous", [cert, scheme], [scheme.DeepClone()]);

        var inferred = ClientTypeInference.FromEvidence("Billing", "connectedApp", client, Locator());

        Assert.Equal("ambiguous", inferred.Type);
        Assert.False(inferred.IsDecided);
        Assert.Equal("a certificate is configured (Billing.connectedApp-meta.xml line 9) says private, but the custom-scheme callback myapp://cb says public (strong evidence on both sides)", inferred.Evidence);
        Assert.Equal(6, inferred.Line);
    }

    [Fact]
    public void An_unknown_type_says_what_was_found_that_tells_nothing()
    {
        var none = ClientTypeInference.FromEvidence("Billing", "connectedApp", Client("unknown", []), Locator());
        var oob = ClientTypeInference.FromEvidence("Billing", "connectedApp", Client("unknown", [Piece("oob", "none", "none", "oauthConfig/callbackUrl", "the out-of-band callback urn:ietf:wg:oauth:2.0:oob")]), Locator());

        Assert.Equal(("unknown", "no evidence either way", (int?)null), (none.Type, none.Evidence, none.Line));
        Assert.Equal("nothing tells: the out-of-band callback urn:ietf:wg:oauth:2.0:oob", oob.Evidence);
        Assert.Equal(6, oob.Line);
    }
}
