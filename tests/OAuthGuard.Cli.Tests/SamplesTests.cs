using System.Runtime.CompilerServices;
using System.Text.Json;

namespace OAuthGuard.Cli.Tests;

/// <summary>
/// The README's run command scans samples/; samples/expected-findings.json (written by hand, app by app, from the
/// rules' specifications) says what it must find. This compares the real scan with that list.
/// </summary>
public sealed class SamplesTests
{
    private static string RepoRoot([CallerFilePath] string caller = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(caller) ?? ".", "..", ".."));

    [Fact]
    public void Scanning_samples_finds_exactly_the_expected_findings_and_exits_1()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var root = RepoRoot();

        var code = CliApp.Run(["scan", "samples", "--format", "json"], stdout, stderr, new CliContext(stdout, stderr, root, _ => null));

        Assert.True(code == 1, stderr.ToString());
        using var actual = JsonDocument.Parse(stdout.ToString());
        var found = actual.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => Key(f.GetProperty("rule").GetString(), f.GetProperty("app").GetString(), f.GetProperty("file").GetString(), f.GetProperty("path").GetString(), f.GetProperty("severity").GetString(), f.GetProperty("suppression").ValueKind != JsonValueKind.Null))
            .Order(StringComparer.Ordinal)
            .ToList();
        using var expectedDoc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "samples", "expected-findings.json")));
        var expected = expectedDoc.RootElement.EnumerateArray()
            .Select(f => Key(f.GetProperty("rule").GetString(), f.GetProperty("app").GetString(), f.GetProperty("file").GetString(), f.GetProperty("path").GetString(), f.GetProperty("severity").GetString(), f.GetProperty("suppressed").GetBoolean()))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(expected, found);
    }

    [Fact]
    public void Scanning_twice_gives_the_same_bytes()
    {
        string Scan(string format)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            CliApp.Run(["scan", "samples", "--format", format], stdout, stderr, new CliContext(stdout, stderr, RepoRoot(), _ => null));
            return stdout.ToString();
        }

        Assert.Equal(Scan("sarif"), Scan("sarif"));
        Assert.Equal(Scan("json"), Scan("json"));
    }

    private static string Key(string? rule, string? app, string? file, string? path, string? severity, bool suppressed) =>
        $"{rule} {app} {file}#{path} {severity}{(suppressed ? " suppressed" : string.Empty)}";
}
