using OAuthGuard.Engines.Opa;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Core.Tests.Engines.Opa;

public sealed class OpaCliTests
{
    private const string Version1 = "echo 'Version: 1.4.2'; echo 'Build Commit: abc'";

    // Shaped as OPA's documentation shows `opa eval --format json` output.
    private const string EvalResult = """
        {
          "result": [
            {
              "expressions": [
                {
                  "value": {"web_server_flow_secret": {"deny": [{"app": "Billing", "severity": "critical"}]}},
                  "text": "data.oauthguard.rules",
                  "location": {"row": 1, "col": 1}
                }
              ]
            }
          ]
        }
        """;

    private const string EvalErrors = """
        {
          "errors": [
            {
              "message": "var x is unsafe",
              "code": "rego_unsafe_var_error",
              "location": {"file": "policies/x.rego", "row": 7, "col": 3}
            }
          ]
        }
        """;

    [Fact]
    public async Task Eval_returns_the_value_and_passes_arguments_and_input_without_a_shell()
    {
        using var opa = new StandInOpa(Version1, $"cat <<'JSON'\n{EvalResult}\nJSON");
        var cli = new OpaCli(new OpaOptions { ExecutablePath = opa.ExecutablePath });
        var input = RegoObject.Create(("name", new RegoString("it's $HOME; `x` \"q\"")));

        var value = await cli.EvalAsync(["/tmp/a b/p.rego", "--not-a-flag.rego"], "data.oauthguard.rules", input);

        var rules = Assert.IsType<RegoObject>(value);
        Assert.NotNull(rules.Get("web_server_flow_secret"));
        Assert.Equal(
            ["eval", "--format", "json", "--stdin-input", "--data", "/tmp/a b/p.rego", "--data", "--not-a-flag.rego", "--", "data.oauthguard.rules"],
            opa.RecordedArgumentsWithoutCapabilities(out var capabilities));
        Assert.NotNull(capabilities);
        Assert.Equal(RegoJson.Serialize(input), File.ReadAllText(opa.StdinFile));
    }

    [Fact]
    public async Task Undefined_query_is_null_not_an_error()
    {
        using var opa = new StandInOpa(Version1, "echo '{}'");
        var cli = new OpaCli(new OpaOptions { ExecutablePath = opa.ExecutablePath });

        Assert.Null(await cli.EvalAsync(["p.rego"], "data.x", null));
    }

    [Fact]
    public async Task Policy_errors_keep_code_file_and_line()
    {
        using var opa = new StandInOpa(Version1, $"cat <<'JSON'\n{EvalErrors}\nJSON\nexit 1");
        var cli = new OpaCli(new OpaOptions { ExecutablePath = opa.ExecutablePath });

        var ex = await Assert.ThrowsAsync<OpaException>(() => cli.EvalAsync(["p.rego"], "data.x", null));

        Assert.Equal(OpaFailure.PolicyErrors, ex.Failure);
        var error = Assert.Single(ex.Errors);
        Assert.Equal(new OpaError("rego_unsafe_var_error", "var x is unsafe", "policies/x.rego", 7, 3), error);
        Assert.Contains("policies/x.rego:7:3: rego_unsafe_var_error: var x is unsafe", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_executable_is_a_clear_error()
    {
        var cli = new OpaCli(new OpaOptions { ExecutablePath = "/nonexistent/dir/opa" });

        var ex = await Assert.ThrowsAsync<OpaException>(() => cli.EvalAsync(["p.rego"], "data.x", null));

        Assert.Equal(OpaFailure.NotFound, ex.Failure);
        Assert.Contains("/nonexistent/dir/opa", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--engine embedded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_name_is_resolved_on_absolute_path_entries_and_run_by_absolute_path()
    {
        using var opa = new StandInOpa("echo 'Version: 1.4.2'", "echo '{}'");
        var dir = Path.GetDirectoryName(opa.ExecutablePath)!;
        var cli = new OpaCli(new OpaOptions { SearchPath = "." + Path.PathSeparator + dir });

        var version = await cli.GetVersionAsync();

        Assert.Equal("1.4.2", version.Text);
        Assert.Equal(opa.ExecutablePath, cli.ExecutablePath);
    }

    [Fact]
    public async Task A_bare_name_is_never_found_in_an_untrusted_folder()
    {
        using var opa = new StandInOpa("echo 'Version: 1.4.2'", "echo '{}'");
        var dir = Path.GetDirectoryName(opa.ExecutablePath)!;
        var cli = new OpaCli(new OpaOptions { SearchPath = dir, UntrustedFolders = [dir] });

        var ex = await Assert.ThrowsAsync<OpaException>(() => cli.GetVersionAsync());

        Assert.Equal(OpaFailure.NotFound, ex.Failure);
        Assert.Contains("not found on PATH", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("echo 'Version: 0.70.0'", "OPA 0.70.0")]
    [InlineData("echo 'something else'", "could not read a version")]
    public async Task Old_or_unreadable_versions_are_rejected(string versionLine, string expected)
    {
        using var opa = new StandInOpa(versionLine, "echo '{}'");
        var cli = new OpaCli(new OpaOptions { ExecutablePath = opa.ExecutablePath });

        var ex = await Assert.ThrowsAsync<OpaException>(() => cli.EvalAsync(["p.rego"], "data.x", null));

        Assert.Equal(OpaFailure.UnsupportedVersion, ex.Failure);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crash_is_an_error_with_what_it_printed()
    {
        using var opa = new StandInOpa(Version1, "echo 'panic: runtime error: index out of range' >&2; exit 134");
        var cli = new OpaCli(new OpaOptions { ExecutablePath = opa.ExecutablePath });

        var ex = await Assert.ThrowsAsync<OpaException>(() => cli.EvalAsync(["p.rego"], "data.x", null));

        Assert.Equal(OpaFailure.Crashed, ex.Failure);
        Assert.Contains("code 134", ex.Message, StringComparison.Ordinal);
        Assert.Contains("panic: runtime error", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("echo 'not json at all'")]
    [InlineData("echo '[1, 2, 3]'")]
    [InlineData("echo '{\"result\": 5}'")]
    [InlineData("echo '{\"result\": [{\"expressions\": []}]}'")]
    public async Task Garbage_on_stdout_is_never_an_empty_result(string body)
    {
        using var opa = new StandInOpa(Version1, body);
        var cli = new OpaCli(new OpaOptions { ExecutablePath = opa.ExecutablePath });

        var ex = await Assert.ThrowsAsync<OpaException>(() => cli.EvalAsync(["p.rego"], "data.x", null));

        Assert.Equal(OpaFailure.UnreadableOutput, ex.Failure);
    }

    [Fact]
    public async Task A_hanging_process_is_stopped_at_the_timeout()
    {
        using var opa = new StandInOpa(Version1, "sleep 30");
        var cli = new OpaCli(new OpaOptions { ExecutablePath = opa.ExecutablePath, Timeout = TimeSpan.FromMilliseconds(500) });

        var ex = await Assert.ThrowsAsync<OpaException>(() => cli.EvalAsync(["p.rego"], "data.x", null));

        Assert.Equal(OpaFailure.Timeout, ex.Failure);
    }

    [Fact]
    public async Task Output_beyond_the_limit_is_stopped()
    {
        using var opa = new StandInOpa(Version1, "head -c 200000 /dev/zero | tr '\\0' 'x'");
        var cli = new OpaCli(new OpaOptions { ExecutablePath = opa.ExecutablePath, MaxOutputBytes = 10_000 });

        var ex = await Assert.ThrowsAsync<OpaException>(() => cli.EvalAsync(["p.rego"], "data.x", null));

        Assert.Equal(OpaFailure.OutputTooLarge, ex.Failure);
    }

    [Fact]
    public async Task Test_results_are_read_and_exit_code_2_means_failures()
    {
        const string results = """
            [
              {"location": {"file": "p_test.rego", "row": 3, "col": 1}, "package": "data.p", "name": "test_ok", "duration": 1200},
              {"location": {"file": "p_test.rego", "row": 7, "col": 1}, "package": "data.p", "name": "test_bad", "fail": true, "duration": 900},
              {"location": {"file": "p_test.rego", "row": 9, "col": 1}, "package": "data.p", "name": "test_err", "error": {"code": "eval_type_error", "message": "count: operand 1 must be one of {array, object, set, string} but got number"}, "duration": 5}
            ]
            """;
        using var opa = new StandInOpa(Version1, $"cat <<'JSON'\n{results}\nJSON\nexit 2");
        var cli = new OpaCli(new OpaOptions { ExecutablePath = opa.ExecutablePath });

        var run = await cli.TestAsync(["policies"], "^test_");

        Assert.Equal(["test", "--format", "json", "--run", "^test_", "--", "policies"], opa.RecordedArgumentsWithoutCapabilities(out var capabilities));
        Assert.NotNull(capabilities);
        Assert.Equal([true, false, false], run.Select(r => r.Passed));
        Assert.True(run[1].Failed);
        Assert.Equal("eval_type_error", run[2].Error?.Code);
        Assert.Equal(7, run[1].Row);
    }

    [Fact]
    public async Task Exit_code_2_with_no_failing_test_is_an_error()
    {
        using var opa = new StandInOpa(Version1, "echo '[]'; exit 2");
        var cli = new OpaCli(new OpaOptions { ExecutablePath = opa.ExecutablePath });

        var ex = await Assert.ThrowsAsync<OpaException>(() => cli.TestAsync(["policies"], null));

        Assert.Equal(OpaFailure.UnreadableOutput, ex.Failure);
    }

    [Theory]
    [InlineData("Version: 1.4.2\nBuild Commit: 1234\n", 1, 4, 2)]
    [InlineData("Version: 1.0.0-dev\n", 1, 0, 0)]
    [InlineData("Version: 0.69.0\n", 0, 69, 0)]
    public void Version_lines_are_parsed(string text, int major, int minor, int patch)
    {
        var version = OpaOutput.ParseVersion(text);

        Assert.Equal((major, minor, patch), (version.Major, version.Minor, version.Patch));
    }

    [Fact]
    public void Locate_finds_executables_on_path()
    {
        using var opa = new StandInOpa(Version1, "echo '{}'");
        var dir = Path.GetDirectoryName(opa.ExecutablePath);

        Assert.Equal(opa.ExecutablePath, OpaCli.Locate("opa", $"/nonexistent{Path.PathSeparator}{dir}"));
        Assert.Null(OpaCli.Locate("opa", "/nonexistent"));
        Assert.Equal(opa.ExecutablePath, OpaCli.Locate(opa.ExecutablePath, null));
    }
}

public sealed class OpaEnvironmentTests
{
    [Fact]
    public async Task Opa_does_not_inherit_secrets_from_the_environment()
    {
        Environment.SetEnvironmentVariable("OAUTHGUARD_TEST_SECRET", "hunter2");
        try
        {
            using var opa = new StandInOpa("echo 'Version: 1.4.2'", "env > \"$(dirname \"$0\")/env.txt\"; echo '{}'");
            var cli = new OpaCli(new OpaOptions { ExecutablePath = opa.ExecutablePath });

            await cli.EvalAsync(["p.rego"], "data.x", null);

            var env = File.ReadAllText(Path.Combine(Path.GetDirectoryName(opa.ExecutablePath) ?? ".", "env.txt"));
            Assert.DoesNotContain("hunter2", env, StringComparison.Ordinal);
            Assert.Contains("PATH=", env, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OAUTHGUARD_TEST_SECRET", null);
        }
    }
}
