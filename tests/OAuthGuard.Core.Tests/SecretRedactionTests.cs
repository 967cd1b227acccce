using OAuthGuard.Findings;
using OAuthGuard.Reporters;

namespace OAuthGuard.Core.Tests;

/// <summary>
/// Committed secrets are reported by file and line, never repeated: SARIF snippets are uploaded to code scanning and
/// kept as artifacts. These tests pin the redaction of consumer secrets and private keys in quoted source lines.
/// </summary>
public sealed class SecretRedactionTests
{
    [Fact]
    public void A_consumer_secret_on_one_line_is_redacted_and_the_rest_of_the_line_kept()
    {
        string[] lines =
        [
            "        <consumerKey>3MVG9key</consumerKey>",
            "        <consumerSecret>S3cr3tValue</consumerSecret>",
            "<ns:consumerSecret attr=\"1\">Other</ns:consumerSecret><x>kept</x>",
            "<consumerSecret></consumerSecret><consumerSecret/>",
        ];

        SecretRedaction.RedactLines(lines);

        Assert.Equal(
            [
                "        <consumerKey>3MVG9key</consumerKey>",
                "        <consumerSecret>[redacted]</consumerSecret>",
                "<ns:consumerSecret attr=\"1\">[redacted]</ns:consumerSecret><x>kept</x>",
                "<consumerSecret></consumerSecret><consumerSecret/>",
            ],
            lines);
    }

    [Fact]
    public void A_consumer_secret_across_lines_is_redacted_line_by_line()
    {
        string[] lines = ["<consumerSecret>abc", "def", "ghi</consumerSecret>", "<label>L</label>"];

        SecretRedaction.RedactLines(lines);

        Assert.Equal(["<consumerSecret>[redacted]", "[redacted]", "[redacted]</consumerSecret>", "<label>L</label>"], lines);
    }

    [Theory]
    [InlineData("PRIVATE KEY")]
    [InlineData("RSA PRIVATE KEY")]
    [InlineData("ENCRYPTED PRIVATE KEY")]
    [InlineData("OPENSSH PRIVATE KEY")]
    public void A_pem_private_key_keeps_its_markers_and_loses_its_body(string label)
    {
        string[] lines = ["-----BEGIN " + label + "-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "BKcwggSjAgEAAoIBAQC7", "-----END " + label + "-----", "after"];

        SecretRedaction.RedactLines(lines);

        Assert.Equal(["-----BEGIN " + label + "-----", "[redacted]", "[redacted]", "-----END " + label + "-----", "after"], lines);
    }

    [Fact]
    public void A_key_on_one_line_and_a_certificate_are_told_apart()
    {
        string[] lines =
        [
            "<k>-----BEGIN PRIVATE KEY-----MIIEsecret-----END PRIVATE KEY-----</k>",
            "-----BEGIN CERTIFICATE-----",
            "MIIDpublicBytes",
            "-----END CERTIFICATE-----",
        ];

        SecretRedaction.RedactLines(lines);

        Assert.Equal("<k>-----BEGIN PRIVATE KEY-----[redacted]-----END PRIVATE KEY-----</k>", lines[0]);
        Assert.Equal("MIIDpublicBytes", lines[2]);
    }

    [Fact]
    public void Sarif_snippets_never_quote_a_committed_secret_or_key()
    {
        const string App = "force-app/main/default/connectedApps/S.connectedApp-meta.xml";
        var files = new Dictionary<string, string>
        {
            [App] = "<ConnectedApp>\n    <oauthConfig>\n        <consumerKey>3MVG9key</consumerKey>\n        <consumerSecret>S3cr3tValue</consumerSecret>\n        <scopes>Api</scopes>\n    </oauthConfig>\n</ConnectedApp>\n",
            ["config/stray.pem"] = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
        };
        Finding[] findings =
        [
            new("SFOAUTH102", Severity.Critical, "S", "connectedApp", App, 4, 9, "oauthConfig/consumerSecret", "committed secret", [], [], "fp1", null),
            new("SFOAUTH106", Severity.Note, "config/stray.pem", "file", "config/stray.pem", 1, 1, "", "stray key", [], [], "fp2", null),
        ];
        var result = new ScanResult([], [.. findings], [], "embedded test", 2, 1);

        var sarif = SarifReporter.Render(result, ReportOptions.Default with { Sources = SourceLines.FromTexts(files) });

        Assert.DoesNotContain("S3cr3tValue", sarif, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", sarif, StringComparison.Ordinal);
        Assert.Contains("<consumerSecret>[redacted]</consumerSecret>", sarif, StringComparison.Ordinal);
        Assert.Contains("<consumerKey>3MVG9key</consumerKey>", sarif, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_line_of_key_markers_without_an_end_is_redacted_in_linear_time()
    {
        // A committed file is hostile input: one long line of BEGIN markers (and of spaces inside a marker) would take
        // quadratic time with a backtracking search for the END marker after each.
        var line = string.Concat(Enumerable.Repeat("-----BEGIN PRIVATE KEY-----", 40_000)) + "-----BEGIN " + new string(' ', 100_000) + "x";
        string[] keys = [line];
        string[] secret = ["<consumerSecret " + new string(' ', 100_000) + "x"];

        SecretRedaction.RedactLines(keys);
        SecretRedaction.RedactLines(secret);

        Assert.EndsWith("-----BEGIN PRIVATE KEY-----" + SecretRedaction.Marker, keys[0], StringComparison.Ordinal);
        Assert.StartsWith("<consumerSecret ", secret[0], StringComparison.Ordinal);
    }
}
