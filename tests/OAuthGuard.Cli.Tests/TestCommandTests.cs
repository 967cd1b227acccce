using System.Text.Json.Nodes;

namespace OAuthGuard.Cli.Tests;

/// <summary><c>oauthguard test</c> in-process: counts, failures with file:line, exit codes, --run and JSON output.</summary>
public sealed class TestCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("oauthguard-test-").FullName;

    public TestCommandTests()
    {
        Write("policy/authz.rego", "package authz\n\nallow if input.user = \"alice\"\n");
        Write("policy/authz_test.rego", """
            package authz_test

            import data.authz

            test_alice_allowed if authz.allow with input as {"user": "alice"}

            test_bob_allowed if authz.allow with input as {"user": "bob"}

            todo_test_later if false
            """);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_failing_test_is_listed_with_file_and_line_and_exits_2()
    {
        var (code, output, _) = Run("test", "policy");
        Assert.Equal(2, code);
        Assert.Contains("data.authz_test.test_bob_allowed: FAIL", output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("policy", "authz_test.rego") + ":7:1", output, StringComparison.Ordinal);
        Assert.Contains("PASS: 1/3", output, StringComparison.Ordinal);
        Assert.Contains("FAIL: 1/3", output, StringComparison.Ordinal);
        Assert.Contains("SKIPPED: 1/3", output, StringComparison.Ordinal);
        Assert.DoesNotContain("test_alice_allowed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_filters_by_full_name_and_verbose_lists_passes()
    {
        var (code, output, _) = Run("test", "policy", "-v", "--run", "alice");
        Assert.Equal(0, code);
        Assert.Contains("data.authz_test.test_alice_allowed: PASS", output, StringComparison.Ordinal);
        Assert.EndsWith("PASS: 1/1\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_format_has_one_object_per_test()
    {
        var (_, output, _) = Run("test", "policy", "--format", "json");
        var tests = JsonNode.Parse(output)?.AsArray() ?? [];
        Assert.Equal(["test_alice_allowed", "test_bob_allowed", "todo_test_later"], tests.Select(t => (string?)t?["name"]));
        Assert.True((bool?)tests[1]?["fail"]);
        Assert.True((bool?)tests[2]?["skip"]);
        Assert.Equal(5, (int?)tests[0]?["location"]?["row"]);
    }

    [Fact]
    public void Compile_errors_exit_1_with_the_location()
    {
        Write("bad/x_test.rego", "package x\n\ntest_y if {\n");
        var (code, _, err) = Run("test", "bad");
        Assert.Equal(1, code);
        Assert.Contains(Path.Combine("bad", "x_test.rego") + ":", err, StringComparison.Ordinal);
        Assert.Contains("rego_parse_error", err, StringComparison.Ordinal);
    }

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = CliApp.Run(args, stdout, stderr, new CliContext(stdout, stderr, _dir, _ => null));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path) ?? _dir);
        File.WriteAllText(path, text);
    }
}
