using System.Text.Json;
using OAuthGuard.Core.Tests.Support;
using OAuthGuard.Engines;
using OAuthGuard.Findings;
using OAuthGuard.Reporters;
using OAuthGuard.Repository;
using OAuthGuard.Scanning;

namespace OAuthGuard.Core.Tests;

/// <summary>Golden output of the three reporters for one representative scan (fake engine and reader).</summary>
public sealed class ReporterTests : IDisposable
{
    private const string P1 = "oauthguard.rules.web_server_flow_secret";
    private const string P4 = "oauthguard.rules.client_credentials_flow";
    private const string CaFile = "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml";
    private const string EcaFile = "force-app/main/default/extlClntAppOauthPolicies/Portal Ops_plcy.ecaOauthPlcy-meta.xml";
    private static readonly ReportOptions Options = new("9.9.9-test");

    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private async Task<ScanResult> Sample()
    {
        var engine = new FakeEngine();
        engine.AddRule("SFOAUTH001", "critical", P1, extraCustom: new() { ["security_severity"] = 9.3 });
        engine.AddRule("SFOAUTH004", "high", P4);
        engine.Rules = _ =>
        [
            FakeEngine.Finding(P1, "Billing", CaFile, "oauthConfig/isConsumerSecretOptional", "critical",
                "The web server flow does not require a secret (oauthConfig/isConsumerSecretOptional = true) and the app looks like a server app (every callback is https).",
                ["refresh tokens never expire (oauthPolicy/refreshTokenPolicy = infinite)", "IP restrictions relaxed (oauthPolicy/ipRelaxation = BYPASS)"]),
            FakeEngine.Finding(P4, "Portal Ops", EcaFile, "isClientCredentialsFlowEnabled", "medium",
                "The client credentials flow is enabled for “Portal Ops” with run-as user integration@example.com.",
                compensating: ["IP restrictions enforced (ipRelaxationPolicyType = Enforce)"], kind: "externalClientApp"),
            FakeEngine.Finding(P1, "Legacy", "force-app/main/default/connectedApps/Legacy.connectedApp-meta.xml", "oauthConfig/isConsumerSecretOptional", "high",
                "Secret optional; suppressed by the team."),
        ];
        var reader = new FakeReader();
        reader.AddConnectedApp("Billing", CaFile).AddConnectedApp("Legacy", "force-app/main/default/connectedApps/Legacy.connectedApp-meta.xml")
            .At(CaFile, "oauthConfig/isConsumerSecretOptional", 9, 9).At(EcaFile, "", 2, 1)
            .At("force-app/main/default/connectedApps/Legacy.connectedApp-meta.xml", "oauthConfig", 6, 5);
        reader.Comments.Add(new MetadataComment("force-app/main/default/connectedApps/Legacy.connectedApp-meta.xml",
            "oauthguard-suppress SFOAUTH001 reason=\"Decommissioned in Q3; no users left\" expires=2026-09-30", 5, 5, "oauthConfig"));
        reader.Notifications.Add(new ToolNotification("xml_parse_error", "error", "The 'oauthConfig' start tag does not match the end tag of 'connectedApp'.", "force-app/main/default/connectedApps/Broken.connectedApp-meta.xml", 14, 3));
        var scanner = new Scanner(new ScannerOptions { Reader = reader, Engines = new Dictionary<string, Func<IPolicyEngine>> { ["embedded"] = () => engine } });
        return await scanner.ScanAsync(new ScanRequest(_repo.Root) { Today = new DateOnly(2026, 6, 1) });
    }

    [Fact]
    public async Task Console_output_matches_the_golden_file()
    {
        Golden.Check("sample.console.txt", ConsoleReporter.Render(await Sample(), Options));
    }

    [Fact]
    public async Task Console_does_not_repeat_factors_the_message_already_names()
    {
        // The bundled policies end messages with "Severity lowered from … because X. Higher risk
        // because Y."; printing X and Y again on the lines below doubled every such finding.
        var engine = new FakeEngine();
        engine.AddRule("SFOAUTH001", "critical", P1);
        const string Higher = "IP restrictions are relaxed (oauthPolicy/ipRelaxation = BYPASS)";
        const string Lower = "refresh tokens expire (oauthPolicy/refreshTokenPolicy = specific_lifetime:1:HOURS)";
        const string Unnamed = "the Full scope grants everything (oauthConfig/scopes includes Full)";
        engine.Rules = _ =>
        [
            FakeEngine.Finding(P1, "Billing", CaFile, "oauthConfig/isConsumerSecretOptional", "high",
                $"Secret optional. Severity lowered from critical to high because {Lower}. Higher risk because {Higher}.",
                [Higher, Unnamed], compensating: [Lower]),
        ];
        var reader = new FakeReader();
        reader.AddConnectedApp("Billing", CaFile).At(CaFile, "oauthConfig/isConsumerSecretOptional", 9, 9);
        var scanner = new Scanner(new ScannerOptions { Reader = reader, Engines = new Dictionary<string, Func<IPolicyEngine>> { ["embedded"] = () => engine } });
        var text = ConsoleReporter.Render(await scanner.ScanAsync(new ScanRequest(_repo.Root)), Options);

        Assert.Equal(2, text.Split(Higher).Length);
        Assert.Equal(2, text.Split(Lower).Length);
        Assert.Contains("higher risk: " + Unnamed, text, StringComparison.Ordinal);
        Assert.DoesNotContain("lowered by:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_colours_only_when_asked()
    {
        var result = await Sample();

        Assert.DoesNotContain("\u001b[", ConsoleReporter.Render(result, Options), StringComparison.Ordinal);
        Assert.Contains("\u001b[1;31mCRITICAL", ConsoleReporter.Render(result, Options with { UseColor = true }), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_matches_the_golden_file()
    {
        Golden.Check("sample.json", JsonReporter.Render(await Sample(), Options));
    }

    [Fact]
    public async Task Sarif_output_matches_the_golden_file()
    {
        Golden.Check("sample.sarif", SarifReporter.Render(await Sample(), Options));
    }

    [SarifSchemaFact]
    public async Task Sarif_output_validates_against_the_official_schema()
    {
        SarifSchema.AssertValid(SarifReporter.Render(await Sample(), Options));
    }

    private async Task<ScanResult> Compared()
    {
        var sample = await Sample();
        var states = sample.Findings.Select((f, i) => f with { BaselineState = i == 0 ? BaselineState.New : BaselineState.Unchanged }).ToList();
        return sample with
        {
            Findings = [.. states],
            Absent = [states[0] with { RuleId = "SFOAUTH004", Fingerprint = "0123456789abcdef0123456789abcdef", BaselineState = BaselineState.Absent }],
            Base = new BaseInfo("git", "main (0123456789ab)"),
            FailOnScope = FailOnScope.New,
        };
    }

    [SarifSchemaFact]
    public async Task Sarif_with_baseline_states_and_absent_results_validates_against_the_official_schema()
    {
        var sarif = SarifReporter.Render(await Compared(), Options);

        SarifSchema.AssertValid(sarif);
        using var doc = JsonDocument.Parse(sarif);
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["new", "unchanged", "unchanged", "absent"], results.Select(r => r.GetProperty("baselineState").GetString()));
        Assert.Equal("pass", results[^1].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Without_a_base_no_result_has_a_state()
    {
        var sarif = SarifReporter.Render(await Sample(), Options);
        var json = JsonReporter.Render(await Sample(), Options);

        Assert.DoesNotContain("baselineState", sarif, StringComparison.Ordinal);
        Assert.DoesNotContain("baselineState", json, StringComparison.Ordinal);
        Assert.DoesNotContain("absentFindings", json, StringComparison.Ordinal);
        Assert.Contains("\"baselineState\": \"absent\"", JsonReporter.Render(await Compared(), Options), StringComparison.Ordinal);
    }

    [SarifSchemaFact]
    public async Task The_schema_check_rejects_broken_sarif()
    {
        var broken = SarifReporter.Render(await Sample(), Options).Replace("\"startLine\": 9", "\"startLine\": 0", StringComparison.Ordinal);

        Assert.NotEmpty(SarifSchema.Schema!.Validate(broken));
    }

    [Fact]
    public async Task Sarif_meets_github_code_scanning_rules()
    {
        using var doc = JsonDocument.Parse(SarifReporter.Render(await Sample(), Options));
        var run = doc.RootElement.GetProperty("runs")[0];

        foreach (var rule in run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray())
        {
            Assert.Equal(JsonValueKind.String, rule.GetProperty("properties").GetProperty("security-severity").ValueKind);
            Assert.Contains("security", rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("help").GetProperty("markdown").GetString()));
        }

        Assert.Equal("9.3", run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[0].GetProperty("properties").GetProperty("security-severity").GetString());
        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.Equal("%SRCROOT%", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            Assert.False(Path.IsPathRooted(location.GetProperty("artifactLocation").GetProperty("uri").GetString()));
            Assert.True(location.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
            Assert.Matches("^[0-9a-f]{32}$", result.GetProperty("partialFingerprints").GetProperty("oauthguard/v2").GetString());
        }

        Assert.Contains("Portal%20Ops_plcy", run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("properties").GetProperty("rule").GetString() == "SFOAUTH004").GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal);
        var suppressed = run.GetProperty("results").EnumerateArray().Single(r => r.TryGetProperty("suppressions", out _));
        Assert.Equal("inSource", suppressed.GetProperty("suppressions")[0].GetProperty("kind").GetString());
        Assert.Equal("Decommissioned in Q3; no users left", suppressed.GetProperty("suppressions")[0].GetProperty("justification").GetString());
        Assert.Equal("xml_parse_error", run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications")[0].GetProperty("descriptor").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Every_result_has_a_rule_whose_security_severity_is_in_the_band_of_its_severity()
    {
        var result = await Sample();
        Assert.Contains(result.Findings, f => f.Severity != result.Rules.Single(r => r.Id == f.RuleId).Severity); // graded findings exist
        SarifBands.AssertEveryResultInBand(SarifReporter.Render(result, Options));
    }

    [Fact]
    public void Graded_descriptors_are_one_per_rule_and_effective_severity()
    {
        var rule = new RuleDescriptor("SFOAUTH001", "R", "T", "D", Severity.Critical, 9.3, "", "help", [], "p", ["connectedApp"]);
        Finding F(Severity s, string fp) => new("SFOAUTH001", s, "App", "connectedApp", "a.xml", 1, 1, "x", "m", [], [], fp, null);
        var result = new ScanResult([rule], [F(Severity.Critical, "a"), F(Severity.High, "b"), F(Severity.High, "c"), F(Severity.Note, "d")], [], "embedded", 1, 1);
        var descriptors = SarifDescriptors.For(result);
        Assert.Equal(["SFOAUTH001", "SFOAUTH001/high", "SFOAUTH001/note"], descriptors.Select(d => d.Id));
        Assert.Equal([9.3, 8.0, 0.0], descriptors.Select(d => d.SecuritySeverity));
        Assert.Equal("SFOAUTH001", SarifDescriptors.IdFor(result.Findings[0], result.Rules));
        Assert.Equal("SFOAUTH001/high", SarifDescriptors.IdFor(result.Findings[1], result.Rules));
        using var doc = JsonDocument.Parse(SarifReporter.Render(result, Options));
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results");
        Assert.Equal([0, 1, 1, 2], results.EnumerateArray().Select(r => r.GetProperty("ruleIndex").GetInt32()));
        SarifBands.AssertEveryResultInBand(doc.RootElement.GetRawText());
    }

    [Fact]
    public void Console_shows_copies_of_an_app_once_and_names_the_others()
    {
        var rule = new RuleDescriptor("SFOAUTH001", "R", "T", "D", Severity.Critical, 9.3, "", "help", [], "p", ["connectedApp"]);
        Finding F(string file, int line, string fp) => new("SFOAUTH001", Severity.Critical, "Billing", "connectedApp", file, line, 5, "oauthConfig/isConsumerSecretOptional", "The full message.", [], [], fp, null);
        var result = new ScanResult([rule], [F("dx/Billing.connectedApp-meta.xml", 9, "a"), F("mdapi/Billing.connectedApp", 7, "b"), F("mdapi_toMove/Billing.connectedApp", 7, "c")], [], "embedded", 3, 3);
        var text = ConsoleReporter.Render(result, Options);
        Assert.Single(text.Split('\n'), l => l.Contains("The full message.", StringComparison.Ordinal));
        Assert.Contains("also in 2 other copies: mdapi/Billing.connectedApp:7, mdapi_toMove/Billing.connectedApp:7", text, StringComparison.Ordinal);
        Assert.Contains("SFOAUTH001  Billing: same finding as in dx/Billing.connectedApp-meta.xml:9 (a copy of the app)", text, StringComparison.Ordinal);
        Assert.Contains("3 findings (3 critical) in 3 files", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_is_byte_for_byte_repeatable()
    {
        var a = await Sample();
        var b = await Sample();

        Assert.Equal(SarifReporter.Render(a, Options), SarifReporter.Render(b, Options));
        Assert.Equal(JsonReporter.Render(a, Options), JsonReporter.Render(b, Options));
    }
}
