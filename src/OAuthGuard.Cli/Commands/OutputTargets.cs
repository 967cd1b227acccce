namespace OAuthGuard.Cli.Commands;

/// <summary>One report to write: a format and where it goes (null = standard output).</summary>
/// <param name="Format"><c>console</c>, <c>json</c>, <c>sarif</c>, <c>junit</c> or <c>markdown</c>.</param>
/// <param name="File">The destination file, or null for standard output.</param>
internal sealed record OutputTarget(string Format, string? File);

/// <summary>
/// Pairs <c>--format</c> values with destinations. A format may name its own file
/// (<c>--format sarif=results.sarif</c>); <c>--output FILE</c> goes to the last format named
/// without one. At most one format may write to standard output (console when none is given).
/// </summary>
internal static class OutputTargets
{
    public static readonly string[] Formats = ["console", "json", "sarif", "junit", "markdown"];

    public static (List<OutputTarget> Targets, string? Error) Parse(IReadOnlyList<string> formats, string? output)
    {
        var targets = new List<OutputTarget>();
        foreach (var value in formats.Count == 0 ? ["console"] : formats)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            var format = eq < 0 ? value : value[..eq];
            var file = eq < 0 ? null : value[(eq + 1)..];
            if (Array.IndexOf(Formats, format) < 0)
            {
                return ([], $"unknown format '{format}' (expected console, json, sarif, junit or markdown, optionally as FORMAT=FILE)");
            }

            if (file is { Length: 0 })
            {
                return ([], $"--format {format}= needs a file name after '='");
            }

            targets.Add(new OutputTarget(format, file));
        }

        if (output is not null)
        {
            var index = targets.FindLastIndex(t => t.File is null);
            if (index < 0)
            {
                return ([], "--output has no format to go with: every --format already names its file");
            }

            targets[index] = targets[index] with { File = output };
        }

        var toStdout = targets.Where(t => t.File is null).Select(t => t.Format).ToList();
        if (toStdout.Count > 1)
        {
            return ([], $"only one format can write to standard output, but {string.Join(" and ", toStdout)} do; give the others a file (--format sarif=FILE or --output FILE)");
        }

        var files = targets.Where(t => t.File is not null).GroupBy(t => t.File, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return files is null ? (targets, null) : ([], $"two formats write to the same file '{files.Key}'");
    }
}
