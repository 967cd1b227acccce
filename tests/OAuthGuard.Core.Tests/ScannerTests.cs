using System.Text.Json.Nodes;
using OAuthGuard.Core.Tests.Support;
using OAuthGuard.Engines;
using OAuthGuard.Findings;
using OAuthGuard.Repository;
using OAuthGuard.Scanning;

namespace OAuthGuard.Core.Tests;

/// <summary>The pipeline downstream of the engine, with a fake engine and a fake reader.</summary>
public sealed class ScannerTests : IDisposable
{
    private const string P1 = "oauthguard.rules.web_server_flow_secret";
    private const string P2 = "oauthguard.rules.refresh_token_secret";
    private const string BillingFile = "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml";
    private const string PortalFile = "force-app/main/default/connectedApps/Portal.connectedApp-meta.xml";

    private readonly TempRepo _repo = new();
    private readonly FakeReader _reader = new();
    private readonly FakeEngine _engine = new();

    public ScannerTests()
    {
        _engine.AddRule("SFOAUTH001", "critical", P1).AddRule("SFOAUTH002", "high", P2);
        _reader.AddConnectedApp("Billing", BillingFile).AddConnectedApp("Portal", PortalFile)
            .At(BillingFile, "", 2, 1).At(BillingFile, "oauthConfig", 5, 5).At(BillingFile, "oauthConfig/isConsumerSecretOptional", 8, 9)
            .At(PortalFile, "", 2, 1).At(PortalFile, "oauthConfig", 4, 5);
        _engine.Rules = _ =>
        [
            FakeEngine.Finding(P2, "Portal", PortalFile, "oauthConfig/isSecretRequiredForRefreshToken", "high", "Portal: refresh secret off."),
            FakeEngine.Finding(P1, "Billing", BillingFile, "oauthConfig/isConsumerSecretOptional", "critical", "Billing: secret optional.", ["refresh tokens never expire"]),
            FakeEngine.Finding(P2, "Billing", BillingFile, "oauthConfig/isSecretRequiredForRefreshToken", "medium", "Billing: refresh secret off.", compensating: ["refresh token rotation"]),
        ];
    }

    public void Dispose() => _repo.Dispose();

    private Scanner Scanner() => new(new ScannerOptions
    {
        Reader = _reader,
        Engines = new Dictionary<string, Func<IPolicyEngine>> { ["embedded"] = () => _engine },
    });

    private Task<ScanResult> Scan(ScanRequest? request = null) =>
        Scanner().ScanAsync(request ?? new ScanRequest(_repo.Root) { Today = new DateOnly(2026, 6, 1) });

    [Fact]
    public async Task Findings_are_located_sorted_and_graded()
    {
        var result = await Scan();

        Assert.Equal(
            [
                ("SFOAUTH002", BillingFile, 5, 5, Severity.Medium),
                ("SFOAUTH001", BillingFile, 8, 9, Severity.Critical),
                ("SFOAUTH002", PortalFile, 4, 5, Severity.High),
            ],
            result.Findings.Select(f => (f.RuleId, f.File, f.Line, f.Column, f.Severity)));
        Assert.Equal(["refresh tokens never expire"], result.Findings[1].Aggravating.ToArray());
        Assert.Equal(["refresh token rotation"], result.Findings[0].Compensating.ToArray());
        Assert.Equal(1, result.ExitCode);
        Assert.Equal((2, 2), (result.AppCount, result.FileCount));
        Assert.Equal("fake 0.0.0", result.Engine);
    }

    [Fact]
    public async Task Fingerprints_do_not_depend_on_lines()
    {
        var before = (await Scan()).Findings.Select(f => f.Fingerprint).ToList();
        _reader.At(BillingFile, "oauthConfig/isConsumerSecretOptional", 40, 3).At(BillingFile, "oauthConfig", 30, 1);
        var after = await Scan();

        Assert.Equal(before, after.Findings.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.RuleId == "SFOAUTH001" ? 1 : 0).Select(f => f.Fingerprint));
        Assert.Equal(40, after.Findings.Single(f => f.RuleId == "SFOAUTH001").Line);
        Assert.Equal(3, before.Distinct().Count());
        Assert.All(before, f => Assert.Matches("^[0-9a-f]{32}$", f));
    }

    [Fact]
    public async Task The_scan_date_and_the_certificate_window_reach_the_input_document()
    {
        await Scan();
        Assert.Equal("2026-06-01", _engine.LastInput?["scan"]?["date"]?.GetValue<string>());
        Assert.Equal(30, _engine.LastInput?["config"]?["certificates"]?["expiryWarningDays"]?.GetValue<int>());

        _repo.Write(".oauthguard.yml", "certificates:\n  expiry-warning-days: 7\n");
        await Scanner().ScanAsync(new ScanRequest(_repo.Root) { Today = new DateOnly(2027, 2, 3) });
        Assert.Equal("2027-02-03", _engine.LastInput?["scan"]?["date"]?.GetValue<string>());
        Assert.Equal(7, _engine.LastInput?["config"]?["certificates"]?["expiryWarningDays"]?.GetValue<int>());
    }

    [Fact]
    public async Task A_repository_finding_points_at_line_1_of_a_file_that_is_not_metadata_without_a_warning()
    {
        var raw = FakeEngine.Finding(P1, "config/server.key", "config/server.key", "", "note", "A private key is committed.");
        ((JsonObject)raw.Value!)["kind"] = "repository";
        _engine.Rules = _ => [raw];

        var result = await Scan();

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("repository", "config/server.key", 1, 1), (finding.AppKind, finding.File, finding.Line, finding.Column));
        Assert.DoesNotContain(result.Notifications, n => n.Code == "policy_output_error");
    }

    [Fact]
    public async Task Configuration_reaches_the_input_document_and_switches_rules_off_and_regrades_them()
    {
        _repo.Write(".oauthguard.yml", "apps:\n  Billing:\n    client: private\nrules:\n  disabled: [SFOAUTH001]\n  severity:\n    SFOAUTH002: low\nfail-on: medium\n");

        var result = await Scan();

        Assert.Equal("private", _engine.LastInput?["config"]?["apps"]?["Billing"]?["client"]?.GetValue<string>());
        Assert.Equal(["SFOAUTH002"], result.Rules.Select(r => r.Id));
        Assert.Equal(Severity.Low, result.Rules[0].Severity);
        Assert.Equal(3.0, result.Rules[0].SecuritySeverity);
        Assert.All(result.Findings, f => Assert.Equal(("SFOAUTH002", Severity.Low), (f.RuleId, f.Severity)));
        Assert.Equal(Severity.Medium, result.FailOn);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task The_fail_on_override_beats_the_configuration()
    {
        _repo.Write(".oauthguard.yml", "fail-on: none\n");

        var fromConfig = await Scan();
        var overridden = await Scan(new ScanRequest(_repo.Root, FailOn: Severity.Critical));

        Assert.Equal((Severity.None, 0), (fromConfig.FailOn, fromConfig.ExitCode));
        Assert.Equal((Severity.Critical, 1), (overridden.FailOn, overridden.ExitCode));
    }

    [Fact]
    public async Task Configured_suppressions_hide_findings_until_they_expire()
    {
        _repo.Write(".oauthguard.yml", """
            suppressions:
              - rule: SFOAUTH002
                app: Portal
                reason: Portal is retired next sprint.
                expires: 2026-07-01
              - rule: SFOAUTH001
                app: Billing
                reason: Accepted risk.
                expires: 2026-01-01
            """);

        var result = await Scan();

        var portal = result.Findings.Single(f => f.AppName == "Portal");
        Assert.Equal(new Suppression("external", "Portal is retired next sprint.", new DateOnly(2026, 7, 1), ".oauthguard.yml:2"), portal.Suppression);
        var billing = result.Findings.Single(f => f.RuleId == "SFOAUTH001");
        Assert.Null(billing.Suppression);
        Assert.Equal("The configured suppression at .oauthguard.yml:6 was ignored because it expired on 2026-01-01.", billing.SuppressionNote);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Inline_suppressions_need_a_reason_and_a_future_expiry()
    {
        _reader.Comments.Add(new MetadataComment(BillingFile, "oauthguard-suppress SFOAUTH001 reason=\"JWT only\"", 7, 9, "oauthConfig/isConsumerSecretOptional"));
        _reader.Comments.Add(new MetadataComment(BillingFile, "oauthguard-suppress SFOAUTH002", 4, 5, "oauthConfig"));
        _reader.Comments.Add(new MetadataComment(PortalFile, "oauthguard-suppress SFOAUTH002 reason=old expires=2026-05-31", 1, 1, ""));
        _reader.Comments.Add(new MetadataComment(PortalFile, "oauthguard-suppress SFOAUTH999 reason=typo", 3, 1, ""));
        _reader.Comments.Add(new MetadataComment(PortalFile, "oauthguard-suppress SFOAUTH001 expires=tomorrow", 9, 1, ""));

        var result = await Scan();

        var f1 = result.Findings.Single(f => f.RuleId == "SFOAUTH001");
        Assert.Equal(new Suppression("inSource", "JWT only", null, $"{BillingFile}:7"), f1.Suppression);
        var f2 = result.Findings.Single(f => f.RuleId == "SFOAUTH002" && f.AppName == "Billing");
        Assert.Null(f2.Suppression);
        Assert.Equal($"The inline suppression at {BillingFile}:4 was ignored because it gives no reason.", f2.SuppressionNote);
        var f3 = result.Findings.Single(f => f.AppName == "Portal");
        Assert.Contains("expired on 2026-05-31", f3.SuppressionNote, StringComparison.Ordinal);
        Assert.Contains(result.Notifications, n => n.Message == "inline suppression names unknown rule SFOAUTH999" && n.Line == 3);
        Assert.Contains(result.Notifications, n => n.Code == "suppression_error" && n.Message.Contains("expires must be a date", StringComparison.Ordinal) && n.Line == 9);
    }

    [Fact]
    public async Task Suppressions_that_match_nothing_are_noted()
    {
        _repo.Write(".oauthguard.yml", "suppressions:\n  - rule: SFOAUTH001\n    app: Portal\n    reason: stale\n");
        _reader.Comments.Add(new MetadataComment(PortalFile, "oauthguard-suppress SFOAUTH001 reason=stale", 3, 5, "oauthConfig"));

        var result = await Scan();

        Assert.Equal(
            [(".oauthguard.yml", 2, "suppression of SFOAUTH001 for app Portal matches no finding"), (PortalFile, 3, "inline suppression of SFOAUTH001 matches no finding")],
            result.Notifications.Where(n => n.Code == "unused_suppression").Select(n => (n.File, n.Line ?? 0, n.Message)));
    }

    [Fact]
    public async Task A_finding_on_a_missing_element_points_at_the_nearest_parent()
    {
        _engine.Rules = _ => [FakeEngine.Finding(P1, "Portal", PortalFile, "oauthConfig/isConsumerSecretOptional", "critical", "absent → default")];

        var f = Assert.Single((await Scan()).Findings);

        Assert.Equal((4, 5, "oauthConfig/isConsumerSecretOptional"), (f.Line, f.Column, f.ElementPath));
    }

    [Fact]
    public async Task Findings_that_break_the_contract_are_reported_not_crashed_on()
    {
        _engine.Rules = _ =>
        [
            new RawFinding(P1, JsonValue.Create("just a string")),
            new RawFinding(P1, new JsonObject { ["app"] = "Billing", ["kind"] = "connectedApp", ["file"] = BillingFile, ["path"] = "", ["message"] = "m", ["severity"] = "severe" }),
            new RawFinding("oauthguard.rules.no_metadata", new JsonObject()),
            FakeEngine.Finding(P1, "Billing", "elsewhere.xml", "x", "low", "unknown file"),
        ];

        var result = await Scan();

        Assert.Contains(result.Notifications, n => n.Message.Contains("a finding must be an object", StringComparison.Ordinal));
        Assert.Contains(result.Notifications, n => n.Message.Contains("severity 'severe'", StringComparison.Ordinal));
        Assert.Contains(result.Notifications, n => n.Message.Contains("oauthguard.rules.no_metadata", StringComparison.Ordinal));
        var f = Assert.Single(result.Findings);
        Assert.Equal((1, 1), (f.Line, f.Column));
    }

    [Fact]
    public async Task Duplicate_findings_collapse_to_the_most_severe()
    {
        _engine.Rules = _ =>
        [
            FakeEngine.Finding(P1, "Billing", BillingFile, "oauthConfig", "low", "b"),
            FakeEngine.Finding(P1, "Billing", BillingFile, "oauthConfig", "high", "a"),
        ];

        var f = Assert.Single((await Scan()).Findings);

        Assert.Equal(Severity.High, f.Severity);
    }

    [Fact]
    public async Task Unknown_rules_in_the_configuration_are_errors_with_their_line()
    {
        _repo.Write(".oauthguard.yml", "rules:\n  disabled:\n    - SFOAUTH001\n    - SFOAUTH404\n");

        var e = await Assert.ThrowsAsync<ScanSetupException>(() => Scan());

        var error = Assert.Single(e.Errors);
        Assert.Equal((".oauthguard.yml", 4, 7), (error.File, error.Line, error.Column));
        Assert.Contains("unknown rule 'SFOAUTH404'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluation_errors_stop_the_scan()
    {
        _engine.EvaluationDiagnostics.Add(new ToolNotification("eval_conflict_error", "error", "complete rules must not produce multiple outputs", "policies/x.rego", 3, 1));

        var e = await Assert.ThrowsAsync<ScanSetupException>(() => Scan());

        Assert.Equal("policies/x.rego:3:1: error: complete rules must not produce multiple outputs [eval_conflict_error]", e.Message);
    }

    [Fact]
    public async Task Metadata_problems_are_notifications_and_the_scan_goes_on()
    {
        _reader.Notifications.Add(new ToolNotification("xml_parse_error", "error", "unexpected end of file", "bad.connectedApp-meta.xml", 3, 1));

        var result = await Scan();

        Assert.Equal(3, result.Findings.Length);
        Assert.Contains(result.Notifications, n => n.Code == "xml_parse_error");
    }

    [Fact]
    public async Task Unknown_engines_and_missing_folders_are_setup_errors()
    {
        var engine = await Assert.ThrowsAsync<ScanSetupException>(() => Scan(new ScanRequest(_repo.Root, Engine: "opa")));
        var folder = await Assert.ThrowsAsync<ScanSetupException>(() => Scan(new ScanRequest(Path.Combine(_repo.Root, "nope"))));

        Assert.Equal("unknown engine 'opa' (available: embedded)", engine.Errors[0].Message);
        Assert.EndsWith("is not a folder", folder.Errors[0].Message, StringComparison.Ordinal);
    }
}
