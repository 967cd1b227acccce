using System.CommandLine;
using OAuthGuard.Cli.Commands;
using OAuthGuard.Core.Tests.Support;
using OAuthGuard.Engines;
using OAuthGuard.Scanning;

namespace OAuthGuard.Cli.Tests;

/// <summary><c>oauthguard action</c> in-process, wired to the real scan pipeline over a fake engine and reader, on a push event (no API calls).</summary>
public sealed class ActionCommandTests : IDisposable
{
    private const string P1 = "oauthguard.rules.web_server_flow_secret";
    private const string File1 = "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml";
    private readonly TempRepo _repo = new();
    private readonly FakeEngine _engine = new();
    private readonly FakeReader _reader = new();
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    public ActionCommandTests()
    {
        _engine.AddRule("SFOAUTH001", "critical", P1);
        _reader.AddConnectedApp("Billing", File1).At(File1, "oauthConfig/isConsumerSecretOptional", 9, 9);
        _engine.Rules = _ => [FakeEngine.Finding(P1, "Billing", File1, "oauthConfig/isConsumerSecretOptional", "high", "Secret optional, 100%: always.")];
        var runner = Path.Combine(_repo.Root, "_runner");
        Directory.CreateDirectory(runner);
        _env["GITHUB_EVENT_NAME"] = "push";
        _env["GITHUB_WORKSPACE"] = _repo.Root;
        _env["GITHUB_REPOSITORY"] = "octo-org/salesforce-app";
        _env["GITHUB_SHA"] = "3333333333333333333333333333333333333333";
        _env["GITHUB_OUTPUT"] = Path.Combine(runner, "output");
        _env["GITHUB_STEP_SUMMARY"] = Path.Combine(runner, "summary");
        _env["PATH"] = "";
    }

    public void Dispose() => _repo.Dispose();

    private (int Code, string Out, string Err) Run()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var ctx = new CliContext(stdout, stderr, _repo.Root, n => _env.GetValueOrDefault(n));
        Scanner Factory() => new(new ScannerOptions { Reader = _reader, Engines = new Dictionary<string, Func<IPolicyEngine>> { ["embedded"] = () => _engine } });
        var root = new RootCommand { ActionCommand.Create(ctx, Factory, ["embedded"]) };
        var code = root.Parse(["action"]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Scans_the_workspace_and_writes_sarif_annotations_outputs_and_summary()
    {
        var (code, stdout, stderr) = Run();

        Assert.Equal(1, code);
        Assert.Empty(stderr);
        Assert.Contains("::error file=" + File1 + ",line=9,col=9,title=SFOAUTH001 (high)", stdout, StringComparison.Ordinal);
        Assert.Contains("Secret optional, 100%25: always.", stdout, StringComparison.Ordinal);
        Assert.Contains("\"version\": \"2.1.0\"", File.ReadAllText(Path.Combine(_repo.Root, "oauthguard.sarif")), StringComparison.Ordinal);
        Assert.Contains("high=1\n", File.ReadAllText(_env["GITHUB_OUTPUT"]), StringComparison.Ordinal);
        Assert.Contains("## OAuthGuard", File.ReadAllText(_env["GITHUB_STEP_SUMMARY"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Token_leaves_the_process_environment_before_the_scan()
    {
        Environment.SetEnvironmentVariable("INPUT_TOKEN", "ghs_secret");
        string? seenByScan = "unset";
        var stdout = new StringWriter();
        var ctx = new CliContext(stdout, new StringWriter(), _repo.Root, n => n == "INPUT_TOKEN" ? Environment.GetEnvironmentVariable(n) : _env.GetValueOrDefault(n));
        Scanner Factory()
        {
            seenByScan = Environment.GetEnvironmentVariable("INPUT_TOKEN");
            return new(new ScannerOptions { Reader = _reader, Engines = new Dictionary<string, Func<IPolicyEngine>> { ["embedded"] = () => _engine } });
        }

        var root = new RootCommand { ActionCommand.Create(ctx, Factory, ["embedded"]) };
        root.Parse(["action"]).Invoke(new InvocationConfiguration { Output = stdout, Error = new StringWriter() });
        Assert.Null(seenByScan);
        Assert.Null(Environment.GetEnvironmentVariable("INPUT_TOKEN"));
    }

    [Fact]
    public void Fail_on_input_overrides_the_threshold()
    {
        _env["INPUT_FAIL-ON"] = "critical";
        Assert.Equal(0, Run().Code);
    }

    [Fact]
    public void Unknown_engine_is_a_setup_error_with_exit_2()
    {
        _env["INPUT_ENGINE"] = "opa";
        var (code, stdout, _) = Run();
        Assert.Equal(2, code);
        Assert.Contains("::error title=OAuthGuard%3A usage_error::unknown engine 'opa'", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_engine_picks_opa_only_when_registered_and_on_path()
    {
        var bin = Path.Combine(_repo.Root, "bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "opa"), "");
        if (!OperatingSystem.IsWindows())
        {
            // Only an executable file counts as a program (ExecutableLocator).
            File.SetUnixFileMode(Path.Combine(bin, "opa"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        var known = new HashSet<string>(StringComparer.Ordinal) { "embedded", "opa" };
        Assert.Equal("opa", EngineChoice.Resolve("auto", null, known, n => n == "PATH" ? bin : null, null));
        Assert.Equal("embedded", EngineChoice.Resolve("auto", null, known, _ => "", null));
        Assert.Equal("embedded", EngineChoice.Resolve("auto", null, new HashSet<string>(StringComparer.Ordinal) { "embedded" }, n => n == "PATH" ? bin : null, null));
        Assert.Equal("opa", EngineChoice.Resolve("opa", null, known, _ => null, null));
    }
}
