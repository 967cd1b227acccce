using System.CommandLine;
using System.Text.Json.Nodes;
using OAuthGuard.Cli.Commands;

namespace OAuthGuard.Cli.Tests;

/// <summary>`oauthguard input` in-process, over real files in a temporary folder.</summary>
public sealed class InputCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "oauthguard-input-tests", Guid.NewGuid().ToString("N"));

    public InputCommandTests()
    {
        Write("force-app/main/default/connectedApps/Billing.connectedApp-meta.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
                <label>Billing</label>
                <oauthConfig>
                    <callbackUrl>https://a.example.com/cb</callbackUrl>
                    <isPkceRequired>yes</isPkceRequired>
                    <scopes>Api</scopes>
                </oauthConfig>
            </ConnectedApp>
            """);
        Write("broken/Bad.connectedApp-meta.xml", "<ConnectedApp>\n  <label>x</labl>\n</ConnectedApp>\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var ctx = new CliContext(stdout, stderr, _root, _ => null);
        var root = new RootCommand { InputCommand.Create(ctx) };
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Prints_the_document_and_lists_diagnostics_on_stderr_with_exit_0()
    {
        var (code, stdout, stderr) = Run("input");

        Assert.Equal(0, code);
        var document = JsonNode.Parse(stdout)!;
        var app = document["connectedApps"]![0]!;
        Assert.Equal("Billing", (string?)app["name"]);
        Assert.Equal("yes", (string?)app["metadata"]!["oauthConfig"]!["isPkceRequired"]);
        Assert.Equal(["Api"], app["metadata"]!["oauthConfig"]!["scopes"]!.AsArray().Select(n => (string?)n));
        Assert.Null(document["config"]);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("broken/Bad.connectedApp-meta.xml:2:13: error xml_parse_error: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("force-app/main/default/connectedApps/Billing.connectedApp-meta.xml:6:9: warning invalid_value: ", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_to_a_file_with_output_and_the_bytes_are_stable()
    {
        Assert.Equal(0, Run("input", ".", "--output", "a.json").Code);
        Assert.Equal(0, Run("input", _root, "-o", "b.json").Code);
        var first = File.ReadAllBytes(Path.Combine(_root, "a.json"));
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(_root, "b.json")));
        Assert.NotEqual(0xEF, first[0]);
        Assert.Equal((byte)'\n', first[^1]);
    }

    [Fact]
    public void A_missing_path_exits_2_with_a_message()
    {
        var (code, stdout, stderr) = Run("input", "no/such/folder");
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal("error: path not found: no/such/folder", stderr.Trim());
    }
}
