using System.Text;
using OAuthGuard.Processes;

namespace OAuthGuard.Core.Tests.Processes;

/// <summary>The shared child-process runner (git, opa): argument lists, limits, and a minimal environment.</summary>
public sealed class ChildProcessTests
{
    private static readonly ChildProcessOptions Generous = new(TimeSpan.FromSeconds(30), 1024 * 1024);

    private static string Tool(string name) =>
        ExecutableLocator.Find(name, Environment.GetEnvironmentVariable("PATH")) ?? throw new InvalidOperationException(name + " is not on PATH");

    [Fact]
    public async Task Arguments_are_passed_as_they_are_never_through_a_shell()
    {
        var result = await ChildProcess.RunAsync(Tool("echo"), ["$HOME", "a b", "; rm -rf /"], null, Generous);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("$HOME a b ; rm -rf /\n", result.OutputText);
    }

    [Fact]
    public async Task Standard_input_is_written_and_output_kept_as_bytes()
    {
        byte[] bytes = [0xff, 0x00, 0x41, 0x0a];
        var result = await ChildProcess.RunAsync(Tool("cat"), [], bytes, Generous);

        Assert.Equal(bytes, result.StandardOutput);
    }

    [Fact]
    public async Task Only_a_minimal_environment_reaches_the_child()
    {
        Environment.SetEnvironmentVariable("OAUTHGUARD_TEST_SECRET", "s3cret");
        try
        {
            var result = await ChildProcess.RunAsync(Tool("env"), [], null, Generous, new Dictionary<string, string> { ["GIT_TERMINAL_PROMPT"] = "0" });

            Assert.DoesNotContain("OAUTHGUARD_TEST_SECRET", result.OutputText, StringComparison.Ordinal);
            Assert.Contains("GIT_TERMINAL_PROMPT=0", result.OutputText, StringComparison.Ordinal);
            Assert.All(result.OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries), line =>
                Assert.Contains(line.Split('=')[0], (string[])["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "GIT_TERMINAL_PROMPT"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("OAUTHGUARD_TEST_SECRET", null);
        }
    }

    [Fact]
    public async Task Too_much_output_stops_the_child()
    {
        var ex = await Assert.ThrowsAsync<ChildProcessException>(() =>
            ChildProcess.RunAsync(Tool("cat"), [], Encoding.ASCII.GetBytes(new string('x', 64 * 1024)), new ChildProcessOptions(TimeSpan.FromSeconds(30), 1024)));

        Assert.Equal(ChildProcessFailure.OutputTooLarge, ex.Failure);
        Assert.Contains("wrote more than 1024 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_that_runs_too_long_is_stopped()
    {
        var ex = await Assert.ThrowsAsync<ChildProcessException>(() =>
            ChildProcess.RunAsync(Tool("sleep"), ["30"], null, new ChildProcessOptions(TimeSpan.FromMilliseconds(300), 1024)));

        Assert.Equal(ChildProcessFailure.Timeout, ex.Failure);
    }

    [Fact]
    public async Task A_program_that_cannot_start_is_not_started()
    {
        var ex = await Assert.ThrowsAsync<ChildProcessException>(() => ChildProcess.RunAsync("/nonexistent/git", [], null, Generous));

        Assert.Equal(ChildProcessFailure.NotStarted, ex.Failure);
        Assert.StartsWith("cannot run '/nonexistent/git'", ex.Message, StringComparison.Ordinal);
    }
}
