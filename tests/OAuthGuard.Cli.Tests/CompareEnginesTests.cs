using OAuthGuard.Core.Tests.Engines.Opa;
using OAuthGuard.Core.Tests.Support;

namespace OAuthGuard.Cli.Tests;

/// <summary>compare-engines over compliance-format cases, with a stand-in opa that answers as OPA's JSON output does.</summary>
public sealed class CompareEnginesTests : IDisposable
{
    private const string Case = """
        cases:
          - note: demo/one
            modules:
              - |
                package p

                x := 1
            query: data.p.x = v
        """;

    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Theory]
    [InlineData(1, 0, "1 cases agree, 0 differ")]
    [InlineData(2, 1, "0 cases agree, 1 differ")]
    public void Cases_are_compared_on_their_bindings(int opaAnswer, int expectedExit, string expectedLine)
    {
        Directory.CreateDirectory(Path.Combine(_repo.Root, "cases"));
        File.WriteAllText(Path.Combine(_repo.Root, "cases", "demo.yaml"), Case);
        using var opa = new StandInOpa(
            "echo 'Version: 1.4.2'",
            "echo '{\"result\":[{\"expressions\":[{\"value\":true,\"text\":\"data.p.x = v\",\"location\":{\"row\":1,\"col\":1}}],\"bindings\":{\"v\":" + opaAnswer + "}}]}'");

        var (code, stdout, stderr) = Run("compare-engines", "--opa-path", opa.ExecutablePath, "--cases", "cases");

        Assert.True(expectedExit == code, stdout + stderr);
        Assert.Contains($"cases: {expectedLine}", stdout, StringComparison.Ordinal);
        Assert.Contains("--data", opa.RecordedArguments());
    }

    [Fact]
    public void Without_opa_it_is_a_setup_error()
    {
        var (code, _, stderr) = Run("compare-engines", "--opa-path", "/nonexistent/opa", "--cases", ".");

        Assert.Equal(2, code);
        Assert.Contains("cannot run '/nonexistent/opa'", stderr, StringComparison.Ordinal);
    }

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr, new CliContext(stdout, stderr, _repo.Root, _ => null));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
