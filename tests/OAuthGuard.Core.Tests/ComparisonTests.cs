using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using NJsonSchema;
using OAuthGuard.Baselines;
using OAuthGuard.Core.Tests.Support;
using OAuthGuard.Engines;
using OAuthGuard.Findings;
using OAuthGuard.Repository;
using OAuthGuard.Scanning;

namespace OAuthGuard.Core.Tests;

/// <summary>Fingerprints v2, the in-memory base overlay (no git), the input document with input.base, and baseline files.</summary>
public sealed class ComparisonTests
{
    private const string File1 = "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml";

    private static string SchemaPath([CallerFilePath] string caller = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(caller)!, "../../docs/input-document.schema.json"));

    private static string App(bool secretOptional) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
            <label>Billing</label>
            <oauthConfig>
                <callbackUrl>https://billing.example.com/cb</callbackUrl>
                <isConsumerSecretOptional>{(secretOptional ? "true" : "false")}</isConsumerSecretOptional>
                <scopes>Api</scopes>
            </oauthConfig>
        </ConnectedApp>
        """;

    [Theory]
    [InlineData("force-app/main/default/connectedApps/Billing.connectedApp-meta.xml", "oauthConfig/scopes")]
    [InlineData("main/default/connectedApps/Billing.connectedApp-meta.xml", "oauthConfig/scopes[3]")]
    [InlineData("other-pkg/connectedApps/Billing.connectedApp", "/oauthConfig/scopes/")]
    public void Fingerprints_ignore_the_folder_the_format_suffix_and_occurrence_indexes(string file, string path) =>
        Assert.Equal(
            Fingerprint.Compute("SFOAUTH001", "connectedApp", "Billing", File1, "oauthConfig/scopes"),
            Fingerprint.Compute("SFOAUTH001", "connectedApp", "Billing", file, path));

    [Fact]
    public void Fingerprints_still_tell_rules_apps_parts_and_elements_apart()
    {
        var all = new[]
        {
            Fingerprint.Compute("SFOAUTH001", "connectedApp", "Billing", File1, "oauthConfig/scopes"),
            Fingerprint.Compute("SFOAUTH002", "connectedApp", "Billing", File1, "oauthConfig/scopes"),
            Fingerprint.Compute("SFOAUTH001", "connectedApp", "Billing2", File1, "oauthConfig/scopes"),
            Fingerprint.Compute("SFOAUTH001", "connectedApp", "Billing", File1, "oauthConfig/callbackUrl"),
            Fingerprint.Compute("SFOAUTH004", "externalClientApp", "P", "x/P_glbl.ecaGlblOauth-meta.xml", "isClientCredentialsFlowEnabled"),
            Fingerprint.Compute("SFOAUTH004", "externalClientApp", "P", "x/P_plcy.ecaOauthPlcy-meta.xml", "isClientCredentialsFlowEnabled"),
            Fingerprint.Compute("SFOAUTH001", "connectedApp", "Billing", File1, "oauthConfig/scopes", "copy"),
        };
        Assert.Equal(all.Length, all.Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, f => Assert.Matches("^[0-9a-f]{32}$", f));
    }

    [Fact]
    public async Task A_base_given_as_an_in_memory_overlay_gives_states_and_a_schema_valid_input_base()
    {
        using var repo = new TempRepo();
        repo.Write(File1, App(secretOptional: true));
        repo.Write(".oauthguard.yml", "apps:\n  Billing:\n    client: private\n");
        var reader = new CapturingReader();
        var scanner = new Scanner(new ScannerOptions { Reader = reader, Engines = new Dictionary<string, Func<IPolicyEngine>> { ["embedded"] = () => new EmbeddedEngine() } });
        var comparison = new ComparisonBase(
            new BaseInfo("git", "main (test)"),
            repo.Root,
            new Dictionary<string, byte[]?>
            {
                [File1] = Encoding.UTF8.GetBytes(App(secretOptional: false)),
                [".oauthguard.yml"] = null,
            },
            new Dictionary<string, string>());

        var result = await scanner.ScanAsync(new ScanRequest(repo.Root) { Base = comparison, Today = new DateOnly(2026, 1, 1) });

        Assert.Equal(FailOnScope.New, result.FailOnScope);
        Assert.Equal("main (test)", result.Base?.Description);
        Assert.Contains(result.Findings, f => f.RuleId == "SFOAUTH103" && f.BaselineState == BaselineState.New && f.Message.Contains("it was false on the base branch", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.RuleId == "SFOAUTH104" && f.ElementPath == "apps/Billing/client" && f.Line == 2);
        Assert.Contains(result.Findings, f => f.RuleId == "SFOAUTH001" && f.BaselineState == BaselineState.New);
        Assert.Equal(1, result.ExitCode);

        var input = reader.Head!;
        Assert.Equal(false, (bool?)input["base"]!["connectedApps"]![0]!["metadata"]!["oauthConfig"]!["isConsumerSecretOptional"]);
        Assert.Equal("private", (string?)input["config"]!["apps"]!["Billing"]!["client"]);
        Assert.Equal("critical", (string?)input["config"]!["rules"]!["defaults"]!["SFOAUTH001"]);
        Assert.Empty(input["base"]!["config"]!["apps"]!.AsObject());
        var schema = await JsonSchema.FromJsonAsync(File.ReadAllText(SchemaPath()));
        var errors = schema.Validate(input.ToJsonString());
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Path + ": " + e.Kind)));
    }

    [Fact]
    public async Task A_change_that_hides_an_app_with_forceignore_is_reported_and_its_findings_are_not_called_fixed()
    {
        using var repo = new TempRepo();
        const string Legacy = "force-app/main/default/connectedApps/Legacy.connectedApp-meta.xml";
        repo.Write(File1, App(secretOptional: false));
        repo.Write(Legacy, App(secretOptional: true).Replace("Billing", "Legacy", StringComparison.Ordinal));
        repo.Write(".oauthguard.yml", "apps:\n  Billing:\n    client: private\n  Legacy:\n    client: private\n");
        repo.Write(".forceignore", "# local files\n**/jsconfig.json\n**/Legacy.connectedApp-meta.xml\n");
        var reader = new CapturingReader();
        var scanner = new Scanner(new ScannerOptions { Reader = reader, Engines = new Dictionary<string, Func<IPolicyEngine>> { ["embedded"] = () => new EmbeddedEngine() } });
        var comparison = new ComparisonBase(
            new BaseInfo("git", "main (test)"),
            repo.Root,
            new Dictionary<string, byte[]?> { [".forceignore"] = Encoding.UTF8.GetBytes("# local files\n**/jsconfig.json\n") },
            new Dictionary<string, string>());

        var result = await scanner.ScanAsync(new ScanRequest(repo.Root) { Base = comparison, Today = new DateOnly(2026, 1, 1) });

        var hiding = Assert.Single(result.Findings, f => f.RuleId == "SFOAUTH104");
        Assert.Equal((".forceignore", 3, BaselineState.New), (hiding.File, hiding.Line, hiding.BaselineState));
        Assert.Contains("hide " + Legacy + " from OAuthGuard (line 3: **/Legacy.connectedApp-meta.xml)", hiding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Findings, f => f.File == Legacy);
        Assert.DoesNotContain(result.Absent, f => f.File == Legacy); // hidden, not fixed
        Assert.Equal(1, result.ExitCode);
        var hidden = Assert.Single(reader.Head!["base"]!["hiddenByForceIgnore"]!.AsArray());
        Assert.Equal(Legacy, (string?)hidden!["file"]);

        // The same .forceignore on both sides: nothing was hidden by this change.
        var unchanged = comparison with { Files = new Dictionary<string, byte[]?> { [".forceignore"] = Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(repo.Root, ".forceignore"))) } };
        var same = await scanner.ScanAsync(new ScanRequest(repo.Root) { Base = unchanged, Today = new DateOnly(2026, 1, 1) });
        Assert.DoesNotContain(same.Findings, f => f.RuleId == "SFOAUTH104");
        Assert.Equal(0, same.ExitCode);
    }

    [Fact]
    public void Baseline_files_round_trip_deterministically()
    {
        var finding = new Finding("SFOAUTH001", Severity.Critical, "Billing", "connectedApp", File1, 9, 5, "oauthConfig/isConsumerSecretOptional", "msg", [], [], "abc", null);
        var text = BaselineFile.Render([finding with { Fingerprint = "ffff" }, finding]);

        Assert.Equal(text, BaselineFile.Render([finding, finding with { Fingerprint = "ffff" }]));
        var read = BaselineFile.Parse(Encoding.UTF8.GetBytes(text), "b.json");
        Assert.Equal(["abc", "ffff"], read.Select(f => f.Fingerprint));
        Assert.Equal(Severity.Critical, read[0].Severity);
        var bad = Assert.Throws<ScanSetupException>(() => BaselineFile.Parse(Encoding.UTF8.GetBytes(text.Replace("critical", "severe", StringComparison.Ordinal)), "b.json"));
        Assert.Contains("findings[0].severity 'severe'", bad.Message, StringComparison.Ordinal);
    }

    /// <summary>The production reader, keeping the head document the scan completes in place.</summary>
    private sealed class CapturingReader : IRepositoryReader
    {
        private readonly SalesforceRepositoryReader _inner = new();

        public JsonObject? Head { get; private set; }

        public RepositorySnapshot Read(string root, CancellationToken cancellationToken)
        {
            var snapshot = _inner.Read(root, cancellationToken);
            Head = snapshot.Input;
            return snapshot;
        }

        public RepositorySnapshot ReadOverlay(RepositorySnapshot head, IReadOnlyDictionary<string, byte[]?> overlay, CancellationToken cancellationToken) =>
            _inner.ReadOverlay(head, overlay, cancellationToken);
    }
}
