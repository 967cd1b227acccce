using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using OAuthGuard.Reporters;

namespace OAuthGuard.Cli.Tests;

/// <summary>
/// End-to-end: the real CLI (metadata reader, embedded Rego engine, bundled policies) on the
/// fixture repositories under Fixtures/, compared with golden files (tool version scrubbed).
/// Set OAUTHGUARD_UPDATE_GOLDEN=1 to rewrite them on purpose.
/// </summary>
public sealed partial class EndToEndTests
{
    private static string FixturesDir([CallerFilePath] string caller = "") => Path.Combine(Path.GetDirectoryName(caller)!, "Fixtures");

    private static string GoldenDir([CallerFilePath] string caller = "") => Path.Combine(Path.GetDirectoryName(caller)!, "Golden");

    private static (int Code, string Out, string Err) Run(string workingDirectory, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var ctx = new CliContext(stdout, stderr, workingDirectory, _ => null);
        var code = CliApp.Run(args, stdout, stderr, ctx);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [GeneratedRegex("\"(version|semanticVersion)\": \"[^\"]+\"|(?<=<testsuites name=\"OAuthGuard )[^\"]+")]
    private static partial Regex VersionField();

    private static string Scrub(string text) =>
        VersionField().Replace(text.Replace("embedded " + new Engines.EmbeddedEngine().Version, "embedded <version>", StringComparison.Ordinal), m => m.Groups[1].Success ? $"\"{m.Groups[1].Value}\": \"<version>\"" : "<version>")
            .ReplaceLineEndings("\n");

    private static void Golden(string name, string actual)
    {
        var path = Path.Combine(GoldenDir(), name);
        if (Environment.GetEnvironmentVariable("OAUTHGUARD_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(GoldenDir());
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run with OAUTHGUARD_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    [Theory]
    [InlineData("basic", "console")]
    [InlineData("basic", "json")]
    [InlineData("basic", "sarif")]
    [InlineData("basic", "junit")]
    [InlineData("basic", "markdown")]
    [InlineData("clean", "console")]
    [InlineData("clean", "junit")]
    public void Output_matches_the_golden_file(string fixture, string format)
    {
        var (_, stdout, stderr) = Run(FixturesDir(), "scan", fixture, "--format", format);

        Assert.Equal("", stderr);
        Golden($"{fixture}.{format}.txt", Scrub(stdout));
    }

    [Core.Tests.Support.SarifSchemaFact]
    public void End_to_end_sarif_validates_against_the_official_schema()
    {
        var (_, stdout, _) = Run(FixturesDir(), "scan", "basic", "--format", "sarif");

        Core.Tests.Support.SarifSchema.AssertValid(stdout);
    }

    [Fact]
    public void The_basic_fixture_fails_and_the_clean_one_passes()
    {
        Assert.Equal(1, Run(FixturesDir(), "scan", "basic").Code);
        Assert.Equal(0, Run(FixturesDir(), "scan", "clean").Code);
    }
}
