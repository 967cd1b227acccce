using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using OAuthGuard.Rego.Builtins;

namespace OAuthGuard.Cli.Tests;

/// <summary>
/// <c>eval</c>, <c>test</c> and <c>builtins</c> run in-process through <see cref="CliApp.Run"/>; JSON outputs are
/// compared with golden files in Golden/ (regenerate with OAUTHGUARD_UPDATE_GOLDEN=1).
/// </summary>
public sealed class EvalCommandTests : IDisposable
{
    private const string Policy = """
        package demo

        allow if input.user = "alice"

        xs contains x if some x in [3, 1, 2]

        info := {"a": 1, "b": [true, null], "c": {"z", "y"}}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("oauthguard-eval-").FullName;

    public EvalCommandTests()
    {
        Write("policy.rego", Policy);
        Write("input.json", """{"user": "alice"}""");
        Write("input.yaml", "user: alice\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Complete_rule_prints_opas_json_shape_without_bindings()
    {
        var (code, output, _) = Run("eval", "-d", "policy.rego", "-i", "input.json", "data.demo.allow");
        Assert.Equal(0, code);
        AssertGolden("eval-allow.expected.json", output);
    }

    [Fact]
    public void Yaml_input_gives_the_same_result_as_json()
    {
        var json = Run("eval", "-d", "policy.rego", "-i", "input.json", "data.demo.allow");
        var yaml = Run("eval", "-d", "policy.rego", "-i", "input.yaml", "data.demo.allow");
        Assert.Equal(json, yaml);
    }

    [Fact]
    public void Several_solutions_carry_bindings_and_sets_print_as_sorted_arrays()
    {
        var (code, output, _) = Run("eval", "-d", "policy.rego", "x := data.demo.xs[_]; y := data.demo.info");
        Assert.Equal(0, code);
        AssertGolden("eval-bindings.expected.json", output);
    }

    [Fact]
    public void Undefined_prints_an_empty_object_and_exits_0_unless_fail()
    {
        Assert.Equal((0, "{}\n", string.Empty), Run("eval", "-d", "policy.rego", "data.demo.allow"));
        Assert.Equal(1, Run("eval", "--fail", "-d", "policy.rego", "data.demo.allow").Code);
    }

    [Fact]
    public void Compile_errors_come_out_in_opas_error_shape_with_exit_1()
    {
        Write("bad.rego", "package bad\n\np if {\n\tx = y\n}\n");
        var (code, output, _) = Run("eval", "-d", "bad.rego", "data.bad.p");
        Assert.Equal(1, code);
        var errors = JsonNode.Parse(output)?["errors"]?.AsArray() ?? [];
        Assert.NotEmpty(errors);
        Assert.All(errors, error =>
        {
            Assert.Equal("rego_unsafe_var_error", (string?)error?["code"]);
            Assert.Equal("bad.rego", (string?)error?["location"]?["file"]);
            Assert.Equal(4, (int?)error?["location"]?["row"]);
        });
    }

    [Fact]
    public void Parse_errors_name_the_file_and_line()
    {
        Write("broken.rego", "package broken\n\np if {\n");
        var (code, output, _) = Run("eval", "-d", "broken.rego", "data.broken.p");
        Assert.Equal(1, code);
        var error = JsonNode.Parse(output)?["errors"]?[0];
        Assert.Equal("rego_parse_error", (string?)error?["code"]);
        Assert.Equal("broken.rego", (string?)error?["location"]?["file"]);
    }

    [Fact]
    public void Folders_load_recursively_and_data_merges_at_the_folder_path()
    {
        Write("bundle/policy.rego", "package p\n\nnames := data.apps.sf.names\n");
        Write("bundle/apps/sf/data.json", """{"names": ["a", "b"]}""");
        Write("bundle/apps/sf/more.yaml", "limit: 3\nquoted: \"3\"\n");
        Write("bundle/notes.txt", "ignored");
        var (code, output, _) = Run("eval", "-d", "bundle", "data.apps");
        Assert.Equal(0, code);
        Assert.Equal("""{"sf":{"limit":3,"names":["a","b"],"quoted":"3"}}""", JsonNode.Parse(output)?["result"]?[0]?["expressions"]?[0]?["value"]?.ToJsonString());
        Assert.Equal("""["a","b"]""", JsonNode.Parse(Run("eval", "-d", "bundle", "data.p.names").Out)?["result"]?[0]?["expressions"]?[0]?["value"]?.ToJsonString());
    }

    [Fact]
    public void Bad_data_files_are_reported_with_file_and_line()
    {
        Write("data.json", "{\n  \"a\": [1,\n}\n");
        var (code, output, _) = Run("eval", "-d", "policy.rego", "-d", "data.json", "data");
        Assert.Equal(1, code);
        var error = JsonNode.Parse(output)?["errors"]?[0];
        Assert.Equal("data.json", (string?)error?["location"]?["file"]);
        Assert.Equal(3, (int?)error?["location"]?["row"]);
        Assert.Contains("invalid JSON", (string?)error?["message"], StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_paths_and_queries_are_clear_errors()
    {
        var (code, output, _) = Run("eval", "-d", "nope.rego", "data");
        Assert.Equal(1, code);
        Assert.Contains("no such file or folder", output, StringComparison.Ordinal);
        Assert.Equal(2, Run("eval", "-d", "policy.rego").Code);
    }

    [Fact]
    public void Pretty_prints_a_lone_value_as_json_and_bindings_as_a_table()
    {
        Assert.Equal("true\n", Run("eval", "-f", "pretty", "-d", "policy.rego", "-i", "input.json", "data.demo.allow").Out);
        Assert.Equal("undefined\n", Run("eval", "-f", "pretty", "-d", "policy.rego", "data.demo.allow").Out);
        var table = Run("eval", "--format", "pretty", "-d", "policy.rego", "x := data.demo.xs[_]").Out;
        Assert.Equal("+---+\n| x |\n+---+\n| 1 |\n| 2 |\n| 3 |\n+---+\n", table);
    }

    [Fact]
    public void Output_is_the_same_bytes_every_run()
    {
        var first = Run("eval", "-d", "policy.rego", "x := data.demo.xs[_]; y := data.demo.info");
        Assert.Equal(first, Run("eval", "-d", "policy.rego", "x := data.demo.xs[_]; y := data.demo.info"));
    }

    [Fact]
    public void Builtins_lists_every_registered_declaration_sorted()
    {
        var (code, output, _) = Run("builtins");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(BuiltinRegistry.Default.Declarations.Length, lines.Length);
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
        Assert.Equal(output, Run("eval", "--list-builtins").Out);
        var send = Assert.Single(lines, l => l.StartsWith("http.send(", StringComparison.Ordinal));
        Assert.Contains("[unavailable in OAuthGuard: a scan must not make network requests]", send, StringComparison.Ordinal);
        Assert.DoesNotContain("unavailable", Assert.Single(lines, l => l.StartsWith("crypto.x509.parse_certificates(", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    internal (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = CliApp.Run(args, stdout, stderr, new CliContext(stdout, stderr, _dir, _ => null));
        return (code, stdout.ToString(), stderr.ToString());
    }

    internal void Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path) ?? _dir);
        File.WriteAllText(path, text);
    }

    internal static void AssertGolden(string name, string actual, [CallerFilePath] string thisFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(thisFile) ?? ".", "Golden", name);
        if (Environment.GetEnvironmentVariable("OAUTHGUARD_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing (run with OAUTHGUARD_UPDATE_GOLDEN=1 to create it, then review it)");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
