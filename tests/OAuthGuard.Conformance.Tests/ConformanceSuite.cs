using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace OAuthGuard.Conformance.Tests;

/// <summary>The loaded case sets and a per-process cache of outcomes, so each case runs once per test run.</summary>
internal static class ConformanceSuite
{
    /// <summary>Environment variable that, set to 1, makes the per-case theory list every OPA case, not only the ratchet's.</summary>
    public const string AllVariable = "OAUTHGUARD_CONFORMANCE_ALL";

    private static readonly ConcurrentDictionary<ConformanceCase, CaseOutcome> Outcomes = new(ReferenceEqualityComparer.Instance);

    private static readonly Lazy<ImmutableArray<ConformanceCase>> OpaLazy =
        new(() => CaseLocations.OpaCasesDir is { } dir ? CaseLoader.LoadAll(dir) : []);

    private static readonly Lazy<ImmutableArray<ConformanceCase>> OwnLazy = new(() => CaseLoader.LoadAll(CaseLocations.OwnCasesDir));

    /// <summary>Gets OPA's cases (empty when absent).</summary>
    public static ImmutableArray<ConformanceCase> OpaCases => OpaLazy.Value;

    /// <summary>Gets our own cases from tests/cases.</summary>
    public static ImmutableArray<ConformanceCase> OwnCases => OwnLazy.Value;

    /// <summary>Gets the OPA case ids the per-case theory runs: the ratchet's, or every unskipped one with <see cref="AllVariable"/>=1.</summary>
    public static ImmutableArray<string> SelectedOpaIds
    {
        get
        {
            var skipped = RatchetFiles.ReadSkipped();
            if (Environment.GetEnvironmentVariable(AllVariable) == "1")
            {
                return [.. OpaCases.Select(c => c.Id).Where(id => !skipped.ContainsKey(id))];
            }

            var passing = RatchetFiles.ReadPassing();
            return [.. OpaCases.Select(c => c.Id).Where(passing.Contains)];
        }
    }

    /// <summary>Gets our own case ids that must pass (every one not listed as skipped), except those needing the tz database.</summary>
    public static ImmutableArray<string> SelectedOwnIds
    {
        get
        {
            var skipped = RatchetFiles.ReadSkipped();
            return [.. OwnCases.Where(c => !TzDatabase.IsNeededBy(c)).Select(c => c.Id).Where(id => !skipped.ContainsKey(id))];
        }
    }

    /// <summary>Gets our own case ids that read zone files of the IANA tz database (run only where it is installed).</summary>
    public static ImmutableArray<string> SelectedTzOwnIds
    {
        get
        {
            var skipped = RatchetFiles.ReadSkipped();
            return [.. OwnCases.Where(TzDatabase.IsNeededBy).Select(c => c.Id).Where(id => !skipped.ContainsKey(id))];
        }
    }

    /// <summary>Runs a case, or returns its outcome from earlier in this process.</summary>
    /// <param name="c">The case.</param>
    /// <returns>The outcome.</returns>
    public static CaseOutcome Outcome(ConformanceCase c) => Outcomes.GetOrAdd(c, CaseRunner.Run);

    /// <summary>Formats a failure as a self-contained reproduction file: the case's YAML with the outcome as comments.</summary>
    /// <param name="c">The case.</param>
    /// <param name="outcome">What happened.</param>
    /// <returns>The file text.</returns>
    public static string Reproduction(ConformanceCase c, CaseOutcome outcome)
    {
        var sb = new StringBuilder();
        sb.Append("# case: ").AppendLine(c.Id);
        sb.Append("# from: ").AppendLine(c.File);
        foreach (var line in outcome.Detail.Split('\n'))
        {
            sb.Append("# ").AppendLine(line.TrimEnd());
        }

        sb.AppendLine("---");
        sb.Append(c.SourceText);
        return sb.ToString();
    }

    /// <summary>Turns a case id into a file name.</summary>
    /// <param name="id">The id.</param>
    /// <returns>A safe file name without extension.</returns>
    public static string FileNameFor(string id)
    {
        var sb = new StringBuilder(id.Length);
        foreach (var ch in id)
        {
            sb.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_');
        }

        return sb.ToString();
    }

    /// <summary>Renders the per-folder table as Markdown.</summary>
    /// <param name="title">The heading.</param>
    /// <param name="rows">Each case with its outcome and whether it is listed as skipped.</param>
    /// <returns>The Markdown text.</returns>
    public static string Table(string title, IEnumerable<(ConformanceCase Case, CaseOutcome Outcome, bool Skipped)> rows)
    {
        var list = rows.ToList();
        var sb = new StringBuilder();
        sb.Append("## ").AppendLine(title).AppendLine();
        sb.AppendLine("| folder | passed | failed | skipped | total | passed % |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        static string Pct(int p, int t) => t == 0 ? "-" : (100.0 * p / t).ToString("0.0", CultureInfo.InvariantCulture);
        foreach (var g in list.GroupBy(r => r.Case.Folder).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var (p, f, s, t) = Count(g);
            sb.Append(CultureInfo.InvariantCulture, $"| {g.Key} | {p} | {f} | {s} | {t} | {Pct(p, t)} |").AppendLine();
        }

        var (tp, tf, ts, tt) = Count(list);
        sb.Append(CultureInfo.InvariantCulture, $"| **total** | **{tp}** | **{tf}** | **{ts}** | **{tt}** | **{Pct(tp, tt)}** |").AppendLine();
        return sb.ToString();
    }

    private static (int Passed, int Failed, int Skipped, int Total) Count(IEnumerable<(ConformanceCase Case, CaseOutcome Outcome, bool Skipped)> rows)
    {
        int p = 0, f = 0, s = 0, t = 0;
        foreach (var r in rows)
        {
            t++;
            if (r.Outcome.Passed)
            {
                p++;
            }
            else if (r.Skipped)
            {
                s++;
            }
            else
            {
                f++;
            }
        }

        return (p, f, s, t);
    }
}
