using OAuthGuard.Cli.Commands;

namespace OAuthGuard.Cli.Tests;

public sealed class OutputTargetsTests
{
    [Theory]
    [InlineData(new string[0], null, "console>-")]
    [InlineData(new[] { "sarif" }, "out.sarif", "sarif>out.sarif")]
    [InlineData(new[] { "console", "sarif" }, "out.sarif", "console>-|sarif>out.sarif")]
    [InlineData(new[] { "sarif=a.sarif", "json" }, "b.json", "sarif>a.sarif|json>b.json")]
    [InlineData(new[] { "console", "json=r.json", "sarif=r.sarif" }, null, "console>-|json>r.json|sarif>r.sarif")]
    [InlineData(new[] { "json", "console" }, "r.json", "json>-|console>r.json")]
    public void Pairs_formats_with_destinations(string[] formats, string? output, string expected)
    {
        var (targets, error) = OutputTargets.Parse(formats, output);

        Assert.Null(error);
        Assert.Equal(expected, string.Join("|", targets.Select(t => $"{t.Format}>{t.File ?? "-"}")));
    }

    [Theory]
    [InlineData(new[] { "sarif=a", "json=a" }, null, "two formats write to the same file 'a'")]
    [InlineData(new[] { "sarif=a" }, "b", "--output has no format to go with")]
    [InlineData(new[] { "json=" }, null, "needs a file name")]
    public void Rejects_ambiguous_combinations(string[] formats, string? output, string message)
    {
        var (_, error) = OutputTargets.Parse(formats, output);

        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
