using System.CommandLine;
using OAuthGuard.Cli.Commands;
using OAuthGuard.Core.Tests.Support;
using OAuthGuard.Engines;
using OAuthGuard.Scanning;

namespace OAuthGuard.Cli.Tests;

/// <summary>The scan, rules and explain commands in-process, over a fake engine and reader.</summary>
public sealed class ScanCommandTests : IDisposable
{
    private const string P1 = "oauthguard.rules.web_server_flow_secret";
    private const string File1 = "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml";
    private readonly TempRepo _repo = new();
    private readonly FakeEngine _engine = new();
    private readonly FakeReader _reader = new();

    public ScanCommandTests()
    {
        _engine.AddRule("SFOAUTH001", "critical", P1).AddRule("SFOAUTH004", "high", "oauthguard.rules.client_credentials_flow");
        _reader.AddConnectedApp("Billing", File1).At(File1, "oauthConfig/isConsumerSecretOptional", 9, 9);
        _engine.Rules = _ => [FakeEngine.Finding(P1, "Billing", File1, "oauthConfig/isConsumerSecretOptional", "high", "Secret optional.")];
    }

    public void Dispose() => _repo.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var ctx = new CliContext(stdout, stderr, _repo.Root, _ => null);
        Scanner Factory() => new(new ScannerOptions { Reader = _reader, Engines = new Dictionary<string, Func<IPolicyEngine>> { ["embedded"] = () => _engine } });
        var root = new RootCommand { ScanCommand.Create(ctx, Factory), RulesCommand.Create(ctx, Factory), ExplainCommand.Create(ctx, Factory) };
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void A_subfolder_scan_says_the_repository_configuration_above_it_is_not_read()
    {
        // `oauthguard scan force-app` in a repository whose .oauthguard.yml is at the root: the
        // declarations and suppressions there silently stopped applying.
        _repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        _repo.Write(".oauthguard.yml", "apps:\n  Billing:\n    client: private\n");
        _repo.Write("force-app/readme.txt", "x");

        var (code, stdout, _) = Run("scan", "force-app");
        Assert.Equal(1, code);
        Assert.Contains("warning: ../.oauthguard.yml is not read when scanning this folder, so its client types, suppressions and rule settings do not apply here; pass --config ../.oauthguard.yml", stdout, StringComparison.Ordinal);

        // Given with --config, or scanned from the root, it is read and nothing is said; its apps
        // outside the scanned folder are not reported as stale entries.
        _repo.Write(".oauthguard.yml", "apps:\n  Billing:\n    client: private\n  Elsewhere:\n    client: public\n");
        var withConfig = Run("scan", "force-app", "--config", ".oauthguard.yml").Out;
        Assert.DoesNotContain("is not read when scanning", withConfig, StringComparison.Ordinal);
        Assert.DoesNotContain("apps.Elsewhere", withConfig, StringComparison.Ordinal);
        Assert.Contains("apps.Elsewhere: no app of that name in the repository", Run("scan", ".").Out, StringComparison.Ordinal);
        Assert.DoesNotContain("is not read when scanning", Run("scan", ".").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Console_is_the_default_and_findings_at_the_threshold_exit_1()
    {
        var (code, stdout, stderr) = Run("scan", ".");

        Assert.Equal(1, code);
        Assert.Empty(stderr);
        Assert.Contains("  9:9     HIGH      SFOAUTH001  Billing: Secret optional.", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("critical", 0)]
    [InlineData("high", 1)]
    [InlineData("none", 0)]
    public void Fail_on_sets_the_threshold(string level, int expected)
    {
        Assert.Equal(expected, Run("scan", "--fail-on", level).Code);
    }

    [Fact]
    public void Several_formats_in_one_run_go_to_their_destinations()
    {
        var (code, stdout, _) = Run("scan", "--format", "console", "--format", "sarif=out/results.sarif", "--format", "json", "--output", "report.json");

        Assert.Equal(1, code);
        Assert.Contains("SFOAUTH001", stdout, StringComparison.Ordinal);
        Assert.Contains("\"version\": \"2.1.0\"", File.ReadAllText(Path.Combine(_repo.Root, "out", "results.sarif")), StringComparison.Ordinal);
        Assert.Contains("\"fingerprint\"", File.ReadAllText(Path.Combine(_repo.Root, "report.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_file_that_is_a_symbolic_link_is_refused_not_written_through()
    {
        using var elsewhere = new TempRepo();
        var victim = elsewhere.Write("victim.txt", "untouched");
        File.CreateSymbolicLink(Path.Combine(_repo.Root, "results.sarif"), victim);

        var (code, _, stderr) = Run("scan", "--format", "sarif=results.sarif");

        Assert.Equal(2, code);
        Assert.Contains("is a symbolic link", stderr, StringComparison.Ordinal);
        Assert.Equal("untouched", File.ReadAllText(victim));
    }

    [Fact]
    public void Json_alone_goes_to_standard_output()
    {
        var (_, stdout, _) = Run("scan", "-f", "json");

        Assert.StartsWith("{\n  \"formatVersion\": 1,", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "scan", "--format", "xml" }, "unknown format 'xml'")]
    [InlineData(new[] { "scan", "--format", "json", "--format", "sarif" }, "only one format can write to standard output")]
    [InlineData(new[] { "scan", "--engine", "opa" }, "unknown engine 'opa'")]
    [InlineData(new[] { "scan", "missing-folder" }, "'missing-folder' is not a folder")]
    [InlineData(new[] { "scan", "--config", "nope.yml" }, "configuration file 'nope.yml' does not exist")]
    public void Usage_errors_exit_2_with_a_message(string[] args, string message)
    {
        var (code, _, stderr) = Run(args);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_errors_exit_2_and_name_file_line_and_column()
    {
        _repo.Write(".oauthguard.yml", "apps:\n  Billing:\n    client: server\nfail-on: sometimes\n");

        var (code, stdout, stderr) = Run("scan");

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal(
            [
                ".oauthguard.yml:3:13: error: apps.Billing.client must be 'private' or 'public', not 'server' [config_error]",
                ".oauthguard.yml:4:10: error: fail-on must be one of critical, high, medium, low, note or none, not 'sometimes' [config_error]",
            ],
            stderr.ReplaceLineEndings("\n").TrimEnd().Split('\n'));
    }

    [Fact]
    public void An_internal_failure_is_a_message_not_a_stack_trace()
    {
        _engine.Rules = _ => throw new InvalidOperationException("boom");

        var (code, _, stderr) = Run("scan");

        Assert.Equal(2, code);
        Assert.Equal("oauthguard: internal error (InvalidOperationException): boom", stderr.Trim());
    }

    [Fact]
    public void Rules_lists_ids_severities_and_titles_and_shows_configuration_changes()
    {
        _repo.Write(".oauthguard.yml", "rules:\n  disabled: [SFOAUTH004]\n  severity: { SFOAUTH001: medium }\n");

        var (code, stdout, _) = Run("rules");

        Assert.Equal(0, code);
        Assert.Equal(
            [
                "ID          SEVERITY  TITLE",
                "SFOAUTH001  medium    Title of SFOAUTH001 (severity changed from critical by configuration)",
                "SFOAUTH004  high      Title of SFOAUTH004 (disabled by configuration)",
            ],
            stdout.ReplaceLineEndings("\n").TrimEnd().Split('\n'));
    }

    [Fact]
    public void Explain_prints_the_full_help_and_rejects_unknown_ids()
    {
        var (code, stdout, _) = Run("explain", "sfoauth001");
        var (unknown, _, stderr) = Run("explain", "SFOAUTH999");

        Assert.Equal(0, code);
        Assert.Contains("SFOAUTH001  Title of SFOAUTH001", stdout, StringComparison.Ordinal);
        Assert.Contains("Help for **SFOAUTH001**.", stdout, StringComparison.Ordinal);
        Assert.Contains("Remediation: Fix SFOAUTH001.", stdout, StringComparison.Ordinal);
        Assert.Equal(2, unknown);
        Assert.Contains("unknown rule 'SFOAUTH999'", stderr, StringComparison.Ordinal);
    }
}
