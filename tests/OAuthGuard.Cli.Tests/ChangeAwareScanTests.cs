using System.Text.Json;
using OAuthGuard.Cli.Tests.Support;

namespace OAuthGuard.Cli.Tests;

/// <summary>
/// <c>oauthguard scan --base REV</c> and baselines on real git repositories built in temporary folders:
/// states, fixed findings, SFOAUTH103/104, identity across moves, renames and subfolder scans, and the
/// errors for a base that cannot be read.
/// </summary>
public sealed class ChangeAwareScanTests : IDisposable
{
    private const string Apps = "force-app/main/default/connectedApps/";
    private const string Billing = Apps + "Billing.connectedApp-meta.xml";
    private const string Legacy = Apps + "Legacy.connectedApp-meta.xml";

    private readonly GitRepository _repo = new();

    public ChangeAwareScanTests()
    {
        _repo.Write("sfdx-project.json", """{"packageDirectories":[{"path":"force-app","default":true},{"path":"other-pkg"}]}""")
            .Write(Billing, ConnectedApp("Billing Server", secretOptional: false))
            // An existing weakness: every pull request would fail on it without change-aware gating.
            .Write(Legacy, ConnectedApp("Legacy", secretOptional: true))
            .Write("force-app/main/default/externalClientApps/Portal.eca-meta.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <ExternalClientApplication xmlns="http://soap.sforce.com/2006/04/metadata">
                    <distributionState>Local</distributionState>
                    <label>Portal</label>
                </ExternalClientApplication>
                """)
            .Write("force-app/main/default/extlClntAppOauthPolicies/Portal_oauthPlcy.ecaOauthPlcy-meta.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <ExtlClntAppOauthConfigurablePolicies xmlns="http://soap.sforce.com/2006/04/metadata">
                    <externalClientApplication>Portal</externalClientApplication>
                    <ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>
                    <isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>
                    <label>Portal OAuth policies</label>
                </ExtlClntAppOauthConfigurablePolicies>
                """)
            .Write(".oauthguard.yml", "fail-on: high\n")
            .Commit("base");
    }

    public void Dispose() => _repo.Dispose();

    internal static string ConnectedApp(string label, bool secretOptional, string extra = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
            <contactEmail>team@example.com</contactEmail>
            <label>{label}</label>
            <oauthConfig>
                <callbackUrl>https://app.example.com/oauth/callback</callbackUrl>
                <isAdminApproved>true</isAdminApproved>
                <isCodeCredentialEnabled>true</isCodeCredentialEnabled>
                <isCodeCredentialPostOnly>true</isCodeCredentialPostOnly>
                <isConsumerSecretOptional>{(secretOptional ? "true" : "false")}</isConsumerSecretOptional>
                <isPkceRequired>{(secretOptional ? "false" : "true")}</isPkceRequired>
                <isSecretRequiredForRefreshToken>true</isSecretRequiredForRefreshToken>{extra}
                <scopes>Api</scopes>
            </oauthConfig>
            <oauthPolicy>
                <ipRelaxation>ENFORCE</ipRelaxation>
                <refreshTokenPolicy>infinite</refreshTokenPolicy>
            </oauthPolicy>
        </ConnectedApp>
        """;

    private (int Code, string Out, string Err) Scan(params string[] args) => ScanWithPath(GitRepository.Path_, args);

    private (int Code, string Out, string Err) ScanWithPath(string? path, string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var ctx = new CliContext(stdout, stderr, _repo.Root, name => name == "PATH" ? path : null);
        var code = CliApp.Run(["scan", .. args], stdout, stderr, ctx);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private JsonDocument Json(params string[] args)
    {
        var (code, stdout, stderr) = Scan([.. args, "--format", "json"]);
        Assert.True(code is 0 or 1, stderr);
        return JsonDocument.Parse(stdout);
    }

    private static List<(string Rule, string State, string File)> States(JsonDocument doc) =>
        [.. doc.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("rule").GetString()!, f.TryGetProperty("baselineState", out var s) ? s.GetString()! : "-", f.GetProperty("file").GetString()!))];

    [Fact]
    public void Without_a_base_findings_have_no_state_and_existing_ones_fail()
    {
        var (code, stdout, _) = Scan(".", "--format", "json");
        using var doc = JsonDocument.Parse(stdout);

        Assert.Equal(1, code);
        Assert.All(States(doc), s => Assert.Equal("-", s.State));
        Assert.False(doc.RootElement.TryGetProperty("absentFindings", out _));
        Assert.Equal("all", doc.RootElement.GetProperty("summary").GetProperty("failOnScope").GetString());
    }

    [Fact]
    public void A_harmless_edit_passes_and_the_existing_finding_is_unchanged()
    {
        _repo.Replace(Billing, "<label>Billing Server</label>", "<label>Billing Server (EU)</label>").Commit("relabel");

        var (code, stdout, stderr) = Scan(".", "--base", "HEAD~1");

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("Compared with HEAD~1 (", stdout, StringComparison.Ordinal);
        Assert.Contains("0 new, 0 updated, 1 existing, 0 fixed.", stdout, StringComparison.Ordinal);
        Assert.Contains("existing  SFOAUTH001  Connected App Legacy", stdout, StringComparison.Ordinal);

        // The same change gated on everything still fails on the existing finding.
        Assert.Equal(1, Scan(".", "--base", "HEAD~1", "--fail-on-scope", "all").Code);
    }

    [Fact]
    public void A_weakening_is_new_and_names_the_base_value()
    {
        _repo.Replace(Billing, "<isConsumerSecretOptional>false", "<isConsumerSecretOptional>true");

        var (code, stdout, _) = Scan(".", "--base", "main");
        using var doc = Json(".", "--base", "main");

        Assert.Equal(1, code);
        Assert.Contains("this change makes oauthConfig/isConsumerSecretOptional true, so the web server flow no longer requires the consumer secret; it was false on the base branch.", stdout, StringComparison.Ordinal);
        var states = States(doc);
        Assert.Contains(("SFOAUTH103", "new", Billing), states);
        Assert.Contains(("SFOAUTH001", "unchanged", Legacy), states);
    }

    [Fact]
    public void An_existing_finding_whose_factors_change_is_updated()
    {
        // Legacy's SFOAUTH001 gains an aggravating factor: same finding, other message.
        _repo.Replace(Legacy, "<ipRelaxation>ENFORCE", "<ipRelaxation>BYPASS");

        using var doc = Json(".", "--base", "main");

        var states = States(doc);
        Assert.Contains(("SFOAUTH001", "updated", Legacy), states);
        Assert.Contains(("SFOAUTH103", "new", Legacy), states);
        Assert.Equal(1, doc.RootElement.GetProperty("summary").GetProperty("base").GetProperty("updated").GetInt32());
    }

    [Fact]
    public void A_fix_is_reported_as_absent_in_json_and_sarif_and_fixed_in_the_console()
    {
        _repo.Replace(Legacy, "<isConsumerSecretOptional>true", "<isConsumerSecretOptional>false").Replace(Legacy, "<isPkceRequired>false", "<isPkceRequired>true");

        var (code, stdout, _) = Scan(".", "--base", "main");
        using var doc = Json(".", "--base", "main");
        Assert.DoesNotContain(States(doc), s => s.State == "new");
        var (_, sarif, _) = Scan(".", "--base", "main", "--format", "sarif");

        Assert.Equal(0, code);
        Assert.Contains("Fixed (on the base, gone now)", stdout, StringComparison.Ordinal);
        Assert.Contains("fixed     CRITICAL  SFOAUTH001  Legacy", stdout, StringComparison.Ordinal);
        var absent = Assert.Single(doc.RootElement.GetProperty("absentFindings").EnumerateArray());
        Assert.Equal("absent", absent.GetProperty("baselineState").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("summary").GetProperty("base").GetProperty("absent").GetInt32());
        using var log = JsonDocument.Parse(sarif);
        var result = Assert.Single(log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray(), r => r.GetProperty("baselineState").GetString() == "absent");
        Assert.Equal("pass", result.GetProperty("kind").GetString());
        Assert.Equal("none", result.GetProperty("level").GetString());
    }

    [Fact]
    public void Moving_a_file_to_another_package_folder_yields_no_new_finding()
    {
        Directory.CreateDirectory(Path.Combine(_repo.Root, "other-pkg/main/default/connectedApps"));
        _repo.Git("mv", Legacy, "other-pkg/main/default/connectedApps/Legacy.connectedApp-meta.xml");
        _repo.Commit("move");

        using var doc = Json(".", "--base", "HEAD~1");

        Assert.Equal([("SFOAUTH001", "unchanged", "other-pkg/main/default/connectedApps/Legacy.connectedApp-meta.xml")], States(doc).Where(s => s.Rule != "SFOAUTH005").ToList());
        Assert.Empty(doc.RootElement.GetProperty("absentFindings").EnumerateArray());
    }

    [Fact]
    public void Renaming_an_app_keeps_its_findings_and_is_no_weakening()
    {
        _repo.Git("mv", Legacy, Apps + "Legacy_Reporting.connectedApp-meta.xml");

        using var doc = Json(".", "--base", "main");

        var states = States(doc);
        Assert.Contains(("SFOAUTH001", "unchanged", Apps + "Legacy_Reporting.connectedApp-meta.xml"), states);
        Assert.DoesNotContain(states, s => s.State == "new");
        Assert.Empty(doc.RootElement.GetProperty("absentFindings").EnumerateArray());
    }

    [Fact]
    public void A_subfolder_scan_gives_the_fingerprints_of_a_root_scan()
    {
        _repo.Replace(Billing, "<isConsumerSecretOptional>false", "<isConsumerSecretOptional>true");

        using var root = Json(".", "--base", "main");
        using var sub = Json("force-app", "--base", "main");

        static Dictionary<string, string> ByFingerprint(JsonDocument d) => d.RootElement.GetProperty("findings").EnumerateArray()
            .ToDictionary(f => f.GetProperty("fingerprint").GetString()!, f => f.GetProperty("rule").GetString() + "/" + f.GetProperty("baselineState").GetString());

        var rootStates = ByFingerprint(root);
        Assert.Equal(rootStates.Where(p => !p.Value.StartsWith("SFOAUTH104", StringComparison.Ordinal)), ByFingerprint(sub));
        Assert.Contains("SFOAUTH103/new", rootStates.Values);
        Assert.StartsWith("main/default/connectedApps/", sub.RootElement.GetProperty("findings")[0].GetProperty("file").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_external_client_app_part_is_judged_against_its_base_version()
    {
        const string Policies = "force-app/main/default/extlClntAppOauthPolicies/Portal_oauthPlcy.ecaOauthPlcy-meta.xml";
        _repo.Replace(Policies, "<isClientCredentialsFlowEnabled>false", "<isClientCredentialsFlowEnabled>true")
            .Replace(Policies, "<ipRelaxationPolicyType>Enforce", "<ipRelaxationPolicyType>Bypass");

        using var doc = Json(".", "--base", "main");

        var weakenings = doc.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == "SFOAUTH103")
            .Select(f => (f.GetProperty("path").GetString(), f.GetProperty("severity").GetString(), f.GetProperty("file").GetString())).ToList();
        Assert.Equal([("ipRelaxationPolicyType", "high", Policies), ("isClientCredentialsFlowEnabled", "high", Policies)], weakenings.Order().ToList());
        Assert.Contains(("SFOAUTH004", "new", Policies), States(doc));
    }

    [Fact]
    public void A_relaxed_configuration_is_reported_at_its_line()
    {
        _repo.Write(".oauthguard.yml", "fail-on: critical\nrules:\n  disabled:\n    - SFOAUTH001\n");

        using var doc = Json(".", "--base", "main");

        var relaxed = doc.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == "SFOAUTH104")
            .Select(f => (f.GetProperty("path").GetString(), f.GetProperty("line").GetInt32())).OrderBy(x => x.Item1).ToList();
        Assert.Equal([("fail-on", 1), ("rules/disabled/SFOAUTH001", 4)], relaxed);
        // The disabled rule's findings are not reported as fixed: the rule set is the head's on both sides.
        Assert.Empty(doc.RootElement.GetProperty("absentFindings").EnumerateArray());
        // The change cannot relax the gate that judges it: the base's stricter fail-on (high) applies.
        var (code, stdout, _) = Scan(".", "--base", "main");
        Assert.Equal(1, code);
        Assert.EndsWith("2 new or updated at or above high: failing.\n", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(0, Scan(".", "--base", "main", "--fail-on", "critical").Code);
    }

    [Fact]
    public void An_unknown_revision_is_exit_code_2_with_a_clear_message()
    {
        var (code, stdout, stderr) = Scan(".", "--base", "no-such-branch");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("--base: unknown revision 'no-such-branch'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_outside_any_repository_is_exit_code_2()
    {
        var outside = Path.Combine(Path.GetTempPath(), "oauthguard-nogit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outside);
        try
        {
            var (code, _, stderr) = Scan(outside, "--base", "main");

            Assert.Equal(2, code);
            Assert.Contains("is not inside a git work tree", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void No_git_on_path_is_exit_code_2()
    {
        var (code, _, stderr) = ScanWithPath("/nonexistent-folder", [".", "--base", "main"]);

        Assert.Equal(2, code);
        Assert.Contains("--base needs git, and no 'git' program was found on PATH", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_baseline_file_compares_without_git_and_lists_fixed_findings()
    {
        var (written, _, err) = Scan(".", "--write-baseline", "oauthguard-baseline.json", "--format", "json", "--output", "first.json");
        Assert.True(written == 1, err);
        Assert.Contains("oauthguard scan: wrote the baseline oauthguard-baseline.json (", err, StringComparison.Ordinal);
        var baseline = _repo.Read("oauthguard-baseline.json");
        Assert.Contains("\"oauthguardBaseline\": 1", baseline, StringComparison.Ordinal);
        Assert.Equal(baseline, (Scan(".", "--write-baseline", "again.json").Code, _repo.Read("again.json")).Item2);

        _repo.Replace(Legacy, "<isConsumerSecretOptional>true", "<isConsumerSecretOptional>false")
            .Replace(Legacy, "<isPkceRequired>false", "<isPkceRequired>true")
            .Replace(Billing, "<isPkceRequired>true</isPkceRequired>", "<isPkceRequired>true</isPkceRequired><isClientCredentialEnabled>true</isClientCredentialEnabled>");
        var (code, stdout, _) = Scan(".", "--baseline", "oauthguard-baseline.json");

        Assert.Contains("Compared with the baseline oauthguard-baseline.json", stdout, StringComparison.Ordinal);
        Assert.Contains("fixed     CRITICAL  SFOAUTH001  Legacy", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("SFOAUTH103", stdout, StringComparison.Ordinal);
        Assert.True(code is 0 or 1);

        _repo.Write(".oauthguard.yml", "baseline: oauthguard-baseline.json\n");
        Assert.Contains("Compared with the baseline oauthguard-baseline.json", Scan(".").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_baseline_file_is_exit_code_2_naming_file_and_line()
    {
        _repo.Write("bad.json", "{\n  \"oauthguardBaseline\": 1,\n  \"findings\": [\n    {\"fingerprint\": \n  ]\n}\n");
        _repo.Write("other.json", "{\"findings\": []}\n");

        var (code, _, stderr) = Scan(".", "--baseline", "bad.json");
        var (code2, _, stderr2) = Scan(".", "--baseline", "other.json");

        Assert.Equal(2, code);
        Assert.Matches(@"^bad\.json:5:\d+: error: the baseline file is not valid JSON", stderr);
        Assert.Equal(2, code2);
        Assert.Contains("not an OAuthGuard baseline file", stderr2, StringComparison.Ordinal);
        Assert.Equal(2, Scan(".", "--base", "main", "--baseline", "bad.json").Code);
    }
}
