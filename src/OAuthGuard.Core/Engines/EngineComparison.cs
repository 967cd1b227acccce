using System.Collections.Immutable;
using OAuthGuard.Findings;

namespace OAuthGuard.Engines;

/// <summary>One way two engines disagreed about a finding.</summary>
/// <param name="Key">What identifies the finding: rule, app and element path (the fingerprint's inputs).</param>
/// <param name="Left">The finding as the first engine produced it, or null when only the second produced it.</param>
/// <param name="Right">The finding as the second engine produced it, or null when only the first produced it.</param>
/// <param name="Fields">The fields that differ (<c>missing</c> when one side lacks the finding).</param>
public sealed record FindingDifference(string Key, Finding? Left, Finding? Right, ImmutableArray<string> Fields);

/// <summary>
/// Compares the findings of two scans of the same repository (one per engine) on what a user sees: rule, app,
/// file, line, column, element path, severity, message, factors and suppression.
/// </summary>
public static class EngineComparison
{
    /// <summary>Returns every difference, ordered by key; empty when the engines agree.</summary>
    /// <param name="left">The first scan.</param>
    /// <param name="right">The second scan.</param>
    /// <returns>The differences.</returns>
    public static ImmutableArray<FindingDifference> Compare(ScanResult left, ScanResult right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var byKeyLeft = Index(left.Findings);
        var byKeyRight = Index(right.Findings);
        var differences = ImmutableArray.CreateBuilder<FindingDifference>();
        foreach (var key in byKeyLeft.Keys.Union(byKeyRight.Keys).Order(StringComparer.Ordinal))
        {
            var l = byKeyLeft.GetValueOrDefault(key);
            var r = byKeyRight.GetValueOrDefault(key);
            if (l is null || r is null)
            {
                differences.Add(new FindingDifference(key, l, r, ["missing"]));
                continue;
            }

            var fields = DifferingFields(l, r);
            if (fields.Length > 0)
            {
                differences.Add(new FindingDifference(key, l, r, fields));
            }
        }

        return differences.ToImmutable();
    }

    /// <summary>Writes the differences as lines a reviewer can read.</summary>
    /// <param name="differences">What <see cref="Compare"/> returned.</param>
    /// <param name="leftName">The first engine's name.</param>
    /// <param name="rightName">The second engine's name.</param>
    /// <param name="output">The destination.</param>
    public static void Write(ImmutableArray<FindingDifference> differences, string leftName, string rightName, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var d in differences)
        {
            output.WriteLine($"{d.Key}: {string.Join(", ", d.Fields)}");
            output.WriteLine($"  {leftName}: {Describe(d.Left)}");
            output.WriteLine($"  {rightName}: {Describe(d.Right)}");
        }
    }

    private static Dictionary<string, Finding> Index(ImmutableArray<Finding> findings)
    {
        var index = new Dictionary<string, Finding>(StringComparer.Ordinal);
        foreach (var f in findings)
        {
            // A rule may report one element of one app once; a second report would itself be a disagreement.
            var key = $"{f.RuleId} {f.AppKind}:{f.AppName} {f.File}#{f.ElementPath}";
            var n = 2;
            var unique = key;
            while (!index.TryAdd(unique, f))
            {
                unique = $"{key} ({n++})";
            }
        }

        return index;
    }

    private static ImmutableArray<string> DifferingFields(Finding l, Finding r)
    {
        var fields = ImmutableArray.CreateBuilder<string>();
        if (l.Line != r.Line || l.Column != r.Column)
        {
            fields.Add("location");
        }

        if (l.Severity != r.Severity)
        {
            fields.Add("severity");
        }

        if (!string.Equals(l.Message, r.Message, StringComparison.Ordinal))
        {
            fields.Add("message");
        }

        if (!l.Aggravating.SequenceEqual(r.Aggravating, StringComparer.Ordinal) || !l.Compensating.SequenceEqual(r.Compensating, StringComparer.Ordinal))
        {
            fields.Add("factors");
        }

        if (l.Suppression != r.Suppression)
        {
            fields.Add("suppression");
        }

        return fields.ToImmutable();
    }

    private static string Describe(Finding? f) =>
        f is null ? "(no finding)" : $"{f.File}:{f.Line}:{f.Column} {f.Severity.ToString().ToLowerInvariant()} {f.Message}";
}
