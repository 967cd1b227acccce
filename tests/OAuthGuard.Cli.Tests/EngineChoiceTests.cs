using System.CommandLine;
using OAuthGuard.Cli.Commands;
using OAuthGuard.Core.Tests.Engines.Opa;
using OAuthGuard.Core.Tests.Support;

namespace OAuthGuard.Cli.Tests;

/// <summary>--engine embedded|opa|auto and --opa-path, with the real scanner and a missing or stand-in opa.</summary>
public sealed class EngineChoiceTests : IDisposable
{
    private static readonly HashSet<string> Both = ["embedded", "opa"];
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Auto_uses_embedded_when_opa_is_not_found_and_says_so()
    {
        var log = new StringWriter();

        var engine = EngineChoice.Resolve("auto", null, Both, _ => "/nonexistent", log);

        Assert.Equal("embedded", engine);
        Assert.Contains("using the embedded engine (opa not found)", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_uses_opa_when_found_on_path_or_at_opa_path()
    {
        using var opa = new StandInOpa("echo 'Version: 1.4.2'", "echo '{}'");
        var dir = Path.GetDirectoryName(opa.ExecutablePath);
        var log = new StringWriter();

        Assert.Equal("opa", EngineChoice.Resolve("auto", null, Both, name => name == "PATH" ? dir : null, log));
        Assert.Equal("opa", EngineChoice.Resolve("auto", opa.ExecutablePath, Both, _ => null, log));
        Assert.Contains($"using opa at {opa.ExecutablePath}", log.ToString(), StringComparison.Ordinal);
        Assert.Equal("embedded", EngineChoice.Resolve("auto", opa.ExecutablePath, new HashSet<string> { "embedded" }, _ => null, null));
    }

    [Fact]
    public void Explicit_engines_are_not_second_guessed()
    {
        Assert.Equal("opa", EngineChoice.Resolve("opa", null, Both, _ => null, null));
        Assert.Equal("embedded", EngineChoice.Resolve("embedded", null, Both, _ => null, null));
    }

    [Fact]
    public void An_opa_committed_in_the_scanned_repository_is_never_run()
    {
        // The attack: the checkout carries an executable named opa, and PATH (or the current folder) leads to it.
        var marker = Path.Combine(Path.GetTempPath(), "oauthguard-pwned-" + Guid.NewGuid().ToString("N"));
        var planted = _repo.Write("opa", $"#!/bin/sh\ntouch '{marker}'\necho 'Version: 1.4.2'\necho '{{}}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(planted, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var env = new Dictionary<string, string?> { ["PATH"] = _repo.Root + Path.PathSeparator + "." + Path.PathSeparator };

        var (code, _, err) = RunWith(env, "scan", "--engine", "auto", _repo.Root);
        var (explicitCode, _, explicitErr) = RunWith(env, "scan", "--engine", "opa", _repo.Root);

        Assert.False(File.Exists(marker), "the repository's own opa was executed");
        Assert.Equal(0, code);
        Assert.Contains("using the embedded engine (opa not found)", err, StringComparison.Ordinal);
        Assert.Equal(2, explicitCode);
        Assert.Contains("not found on PATH", explicitErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_opa_is_run_by_absolute_path_and_the_log_names_it()
    {
        using var opa = new StandInOpa("echo 'Version: 1.4.2'", "echo '{}'");
        var dir = Path.GetDirectoryName(opa.ExecutablePath)!;
        var log = new StringWriter();

        var choice = EngineChoice.Choose("opa", null, Both, name => name == "PATH" ? "relative/bin" + Path.PathSeparator + dir : null, log, [_repo.Root]);

        Assert.Equal(new EngineSelection("opa", opa.ExecutablePath), choice);
        Assert.Contains($"--engine opa: running {opa.ExecutablePath}", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_with_a_missing_opa_fails_with_exit_2_and_a_clear_message()
    {
        var (code, _, err) = Run("scan", "--engine", "opa", "--opa-path", "/nonexistent/bin/opa", ".");

        Assert.Equal(2, code);
        Assert.Contains("cannot run '/nonexistent/bin/opa'", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_with_an_old_opa_fails_with_exit_2()
    {
        using var opa = new StandInOpa("echo 'Version: 0.65.0'", "echo '{}'");

        var (code, _, err) = Run("scan", "--engine", "opa", "--opa-path", opa.ExecutablePath, ".");

        Assert.Equal(2, code);
        Assert.Contains("need OPA 1.0 or newer", err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_engine_is_a_usage_error()
    {
        var (code, _, err) = Run("scan", "--engine", "wasm", ".");

        Assert.NotEqual(0, code);
        Assert.Contains("wasm", err, StringComparison.Ordinal);
    }

    private (int Code, string Out, string Err) Run(params string[] args) => RunWith([], args);

    private (int Code, string Out, string Err) RunWith(Dictionary<string, string?> env, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var ctx = new CliContext(stdout, stderr, _repo.Root, name => env.GetValueOrDefault(name));
        var root = new RootCommand { ScanCommand.Create(ctx) };
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>oauthguard test --engine opa, against a stand-in opa answering in opa test's JSON format.</summary>
public sealed class TestCommandOpaTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Opa_results_are_reported_like_the_embedded_runner()
    {
        using var opa = new StandInOpa(
            "echo 'Version: 1.4.2'",
            """
            echo '[{"location":{"file":"/x/p_test.rego","row":4,"col":1},"package":"data.p","name":"test_a","duration":10},{"location":{"file":"/x/p_test.rego","row":9,"col":1},"package":"data.p","name":"test_b","fail":true,"duration":10}]'
            exit 2
            """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = CliApp.Run(["test", "--engine", "opa", "--opa-path", opa.ExecutablePath, "policies"], stdout, stderr, new CliContext(stdout, stderr, _repo.Root, _ => null));

        Assert.Equal(2, code);
        Assert.Contains("data.p.test_b: FAIL", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("p_test.rego:9:1", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("PASS: 1/2", stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal(["test", "--format", "json", "--", Path.Combine(_repo.Root, "policies")], opa.RecordedArgumentsWithoutCapabilities(out var capabilities));
        Assert.NotNull(capabilities);
    }
}
