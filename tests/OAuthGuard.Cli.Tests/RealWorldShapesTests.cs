using System.Runtime.CompilerServices;
using System.Text.Json;

namespace OAuthGuard.Cli.Tests;

/// <summary>
/// The client-type evidence on apps shaped like those met in real repositories
/// (Fixtures/real-world, written for these tests): which rules fire, what the messages say, how
/// copies of one app are grouped, and what <c>explain-app</c> prints.
/// </summary>
public sealed class RealWorldShapesTests
{
    private static string Fixture([CallerFilePath] string caller = "") => Path.Combine(Path.GetDirectoryName(caller)!, "Fixtures", "real-world");

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr, new CliContext(stdout, stderr, Fixture(), _ => null));
        return (code, stdout.ToString(), stderr.ToString());
    }

    // Runs the CLI on a temporary repository holding one Connected App (fileName under connectedApps/).
    private static (int Code, string Out, string Err) RunOnOneApp(string fileName, string xml, params string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("oauthguard-one-app-").FullName;
        try
        {
            var apps = Directory.CreateDirectory(Path.Combine(dir, "force-app", "main", "default", "connectedApps")).FullName;
            File.WriteAllText(Path.Combine(apps, fileName), xml);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = CliApp.Run(args, stdout, stderr, new CliContext(stdout, stderr, dir, _ => null));
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<(string Rule, string App, string File, string Severity, string Message)> Findings()
    {
        var (_, json, err) = Run("scan", ".", "-f", "json");
        Assert.Equal("", err);
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => (
            f.GetProperty("rule").GetString()!, f.GetProperty("app").GetString()!, f.GetProperty("file").GetString()!,
            f.GetProperty("severity").GetString()!, f.GetProperty("message").GetString()!))];
    }

    [Fact]
    public void Every_rule_and_app_verdict_is_the_expected_one()
    {
        var verdicts = Findings().Select(f => $"{f.Rule} {f.App} {f.Severity} {f.File}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "SFOAUTH001 Billing_Server medium dx/connectedApps/Billing_Server.connectedApp-meta.xml",
            "SFOAUTH001 Deploy_Bot high dx/connectedApps/Deploy_Bot.connectedApp-meta.xml",
            "SFOAUTH001 Field_Sync medium dx/connectedApps/Field_Sync.connectedApp-meta.xml",
            "SFOAUTH001 Old_Installer high dx/connectedApps/Old_Installer.connectedApp-meta.xml",
            "SFOAUTH001 Slack_Bridge high dx/connectedApps/Slack_Bridge.connectedApp-meta.xml",
            "SFOAUTH001 Slack_Bridge high mdapi/connectedApps/Slack_Bridge.connectedApp-meta.xml",
            "SFOAUTH001 Slack_Bridge high mdapi_toMove/connectedApps/Slack_Bridge.connectedApp-meta.xml",
            "SFOAUTH005 Cli_Tool high dx/connectedApps/Cli_Tool.connectedApp-meta.xml",
            "SFOAUTH005 Deploy_Bot note dx/connectedApps/Deploy_Bot.connectedApp-meta.xml",
            "SFOAUTH101 Ops_Console medium dx/extlClntAppGlobalOauthSets/Ops_Console_glbl.ecaGlblOauth-meta.xml",
        ], verdicts);
    }

    [Fact]
    public void Jwt_app_with_placeholder_certificate_and_localhost_is_private_and_says_why()
    {
        var f = Findings().Single(f => f.App == "Deploy_Bot" && f.Rule == "SFOAUTH001");
        Assert.Contains("assumed private client: a certificate is configured (supplied at deploy time: placeholder REPLACE_CERTIFICATE); the loopback callback http://localhost:1717/OauthRedirect suggests a desktop or command-line tool but a certificate outweighs it", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_app_with_secret_optional_and_pkce_is_reported_lowered_by_pkce()
    {
        var f = Findings().Single(f => f.App == "Billing_Server");
        Assert.Equal("SFOAUTH001", f.Rule);
        Assert.Contains("Severity lowered from critical to medium because PKCE is required (oauthConfig/isPkceRequired = true)", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ambiguous_and_unknown_apps_name_the_configuration_lines_that_settle_them()
    {
        var findings = Findings();
        Assert.Contains("client type ambiguous, judged as a private client", findings.Single(f => f.App == "Field_Sync").Message, StringComparison.Ordinal);
        Assert.Contains("apps: {Field_Sync: {client: private}} (or client: public)", findings.Single(f => f.App == "Field_Sync").Message, StringComparison.Ordinal);
        Assert.Contains("client type unknown, judged as a private client", findings.Single(f => f.App == "Old_Installer").Message, StringComparison.Ordinal);
        Assert.Contains("apps: {Old_Installer: {client: private}}", findings.Single(f => f.App == "Old_Installer").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Console_groups_the_copies_of_an_app()
    {
        var (code, stdout, _) = Run("scan", ".");
        Assert.Equal(1, code);
        Assert.Single(stdout.Split('\n'), l => l.Contains("SFOAUTH001  Connected App Slack_Bridge does not require", StringComparison.Ordinal));
        Assert.Contains("also in 2 other copies: mdapi/connectedApps/Slack_Bridge.connectedApp-meta.xml:10, mdapi_toMove/connectedApps/Slack_Bridge.connectedApp-meta.xml:10", stdout, StringComparison.Ordinal);
        Assert.Equal(2, stdout.Split('\n').Count(l => l.Contains("Slack_Bridge: same finding as in dx/connectedApps/Slack_Bridge.connectedApp-meta.xml:10", StringComparison.Ordinal)));
    }

    [Fact]
    public void Explain_app_shows_client_type_evidence_verdicts_and_settings_with_lines()
    {
        var (code, stdout, stderr) = Run("explain-app", "Deploy_Bot", ".");
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        Assert.Contains("Client type: private (from the evidence below)", stdout, StringComparison.Ordinal);
        Assert.Contains("strong private oauthConfig/certificate (line 7)", stdout, StringComparison.Ordinal);
        Assert.Contains("weak   public  oauthConfig/callbackUrl (line 6)", stdout, StringComparison.Ordinal);
        Assert.Contains("SFOAUTH001 fired           high at dx/connectedApps/Deploy_Bot.connectedApp-meta.xml:10", stdout, StringComparison.Ordinal);
        Assert.Contains("SFOAUTH002 passed          oauthConfig/isSecretRequiredForRefreshToken = true", stdout, StringComparison.Ordinal);
        Assert.Contains("SFOAUTH003 not applicable  the rule judges External Client Apps only", stdout, StringComparison.Ordinal);
        Assert.Contains("line 10   oauthConfig/isConsumerSecretOptional = true", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_app_gives_the_yaml_lines_for_an_ambiguous_app_and_lists_every_copy()
    {
        var (_, ambiguous, _) = Run("explain-app", "Field_Sync");
        Assert.Contains("Client type: ambiguous (from the evidence below), judged as private", ambiguous, StringComparison.Ordinal);
        Assert.Contains("  Settle it in .oauthguard.yml:\n    apps:\n      Field_Sync:\n        client: private    # or public\n", ambiguous, StringComparison.Ordinal);

        var (_, copies, _) = Run("explain-app", "Slack_Bridge");
        Assert.Equal(3, copies.Split('\n').Count(l => l.StartsWith("Slack_Bridge (Connected App), one of 3 copies", StringComparison.Ordinal)));
    }

    [Fact]
    public void Explain_app_for_an_external_client_app_reads_its_part_files()
    {
        var (code, stdout, _) = Run("explain-app", "Ops_Console");
        Assert.Equal(0, code);
        Assert.Contains("strong private certificate (line 4)", stdout, StringComparison.Ordinal);
        Assert.Contains("SFOAUTH003 passed", stdout, StringComparison.Ordinal);
        Assert.Contains("SFOAUTH001 not applicable  the rule judges Connected Apps only", stdout, StringComparison.Ordinal);
        Assert.Contains("dx/extlClntAppGlobalOauthSets/Ops_Console_glbl.ecaGlblOauth-meta.xml\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_app_names_a_committed_consumer_secret_without_printing_it()
    {
        var (code, stdout, stderr) = RunOnOneApp("Leaky.connectedApp-meta.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
                <label>Leaky</label>
                <oauthConfig>
                    <callbackUrl>https://leaky.example.com/cb</callbackUrl>
                    <consumerKey>3MVG9leakyKey</consumerKey>
                    <consumerSecret>N0tForLogs42</consumerSecret>
                    <scopes>Api</scopes>
                </oauthConfig>
            </ConnectedApp>
            """, "explain-app", "Leaky", ".");

        Assert.Equal(0, code);
        Assert.Contains("line 7    oauthConfig/consumerSecret = [redacted]", stdout, StringComparison.Ordinal);
        Assert.Contains("SFOAUTH102 fired", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("N0tForLogs42", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_app_asks_no_declaration_for_an_app_without_oauth()
    {
        // A canvas/SAML-only Connected App: every OAuth rule is not applicable, so telling the
        // reader to settle its client type in .oauthguard.yml sent them after nothing.
        var (code, stdout, _) = RunOnOneApp("Canvas.connectedApp-meta.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
                <canvasConfig>
                    <accessMethod>Post</accessMethod>
                    <canvasUrl>https://canvas.example.com/app</canvasUrl>
                    <locations>Visualforce</locations>
                </canvasConfig>
                <label>Canvas</label>
            </ConnectedApp>
            """, "explain-app", "Canvas", ".");

        Assert.Equal(0, code);
        Assert.Contains("  No rule judges its client type (the app has no oauthConfig, so it does no OAuth): nothing to declare.\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Settle it", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("declare it in .oauthguard.yml", stdout, StringComparison.Ordinal);
        Assert.Contains("SFOAUTH103 not applicable  the scan has no base to compare with", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_app_with_an_unknown_name_lists_the_apps_and_exits_2()
    {
        var (code, _, stderr) = Run("explain-app", "Nope");
        Assert.Equal(2, code);
        Assert.Contains("no app named 'Nope' (apps: Billing_Server, Cli_Tool, Deploy_Bot, Field_Sync, Old_Installer, Ops_Console, Slack_Bridge)", stderr, StringComparison.Ordinal);
    }
}
