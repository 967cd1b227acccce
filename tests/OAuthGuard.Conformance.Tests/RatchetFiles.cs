using System.Collections.Immutable;

namespace OAuthGuard.Conformance.Tests;

/// <summary>
/// The two data files beside this project: <c>conformance.passing</c> (the ratchet: sorted case ids that must pass;
/// it may only grow) and <c>conformance.skipped.tsv</c> (case id, tab, reason: cases we consciously do not support).
/// </summary>
internal static class RatchetFiles
{
    /// <summary>Environment variable that, set to 1, adds newly passing cases to the ratchet list.</summary>
    public const string UpdateVariable = "OAUTHGUARD_UPDATE_PASSING";

    /// <summary>Gets the ratchet list path.</summary>
    public static string PassingPath { get; } = Path.Combine(CaseLocations.ProjectDir, "conformance.passing");

    /// <summary>Gets the skip file path.</summary>
    public static string SkippedPath { get; } = Path.Combine(CaseLocations.ProjectDir, "conformance.skipped.tsv");

    /// <summary>Gets a value indicating whether the update mode is on.</summary>
    public static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Reads the ratchet list (blank lines and <c>#</c> comments ignored).</summary>
    /// <returns>The case ids.</returns>
    public static ImmutableSortedSet<string> ReadPassing() =>
        File.Exists(PassingPath)
            ? File.ReadLines(PassingPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToImmutableSortedSet(StringComparer.Ordinal)
            : [];

    /// <summary>Writes the ratchet list: the old entries plus the new ones, sorted, never removing any.</summary>
    /// <param name="ids">The ids to add.</param>
    /// <returns>How many were added.</returns>
    public static int AddPassing(IEnumerable<string> ids)
    {
        var old = ReadPassing();
        var all = old.Union(ids);
        var header = "# Conformance ratchet: OPA compliance cases (by note) that must pass. This list may only grow.\n" +
                     $"# Regenerate additions with {UpdateVariable}=1 dotnet test tests/OAuthGuard.Conformance.Tests (see docs/conformance.md).\n";
        File.WriteAllText(PassingPath, header + string.Concat(all.Select(id => id + "\n")));
        return all.Count - old.Count;
    }

    /// <summary>Reads the skip file: id → reason. A line without a reason is an error (a skip needs one).</summary>
    /// <returns>The skipped cases.</returns>
    /// <exception cref="FormatException">A line has no reason.</exception>
    public static ImmutableSortedDictionary<string, string> ReadSkipped()
    {
        var map = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (!File.Exists(SkippedPath))
        {
            return map.ToImmutable();
        }

        var lineNo = 0;
        foreach (var line in File.ReadLines(SkippedPath))
        {
            lineNo++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || string.IsNullOrWhiteSpace(line[(tab + 1)..]))
            {
                throw new FormatException($"{SkippedPath}:{lineNo}: expected 'case id<TAB>reason'");
            }

            map[line[..tab]] = line[(tab + 1)..].Trim();
        }

        return map.ToImmutable();
    }
}
