using System.Text;
using Xunit.Abstractions;

namespace OAuthGuard.Conformance.Tests;

/// <summary>
/// OPA's compliance cases and our own cases, run through the public API. See docs/conformance.md for the env vars
/// and the ratchet rule.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    /// <summary>Gets the OPA cases the per-case theory runs (display name = the case's note).</summary>
    public static TheoryData<string> OpaCaseIds => [.. ConformanceSuite.SelectedOpaIds];

    /// <summary>Gets our own cases (every one must pass or be listed in conformance.skipped.tsv).</summary>
    public static TheoryData<string> OwnCaseIds => [.. ConformanceSuite.SelectedOwnIds];

    /// <summary>Each OPA case on the ratchet list (or every case, with OAUTHGUARD_CONFORMANCE_ALL=1) passes.</summary>
    [OpaConformanceTheory]
    [MemberData(nameof(OpaCaseIds))]
    public void Opa_case(string note)
    {
        var c = ConformanceSuite.OpaCases.Single(x => x.Id == note);
        var outcome = ConformanceSuite.Outcome(c);
        Assert.True(outcome.Passed, $"{c.File}: {note}\n{outcome.Detail}");
    }

    /// <summary>Each of our own cases passes.</summary>
    [OwnCasesTheory]
    [MemberData(nameof(OwnCaseIds))]
    public void Own_case(string note)
    {
        var c = ConformanceSuite.OwnCases.Single(x => x.Id == note);
        var outcome = ConformanceSuite.Outcome(c);
        Assert.True(outcome.Passed, $"tests/cases/{c.File}: {note}\n{outcome.Detail}");
    }

    /// <summary>Gets our own cases that read the tz database (time.format zone abbreviations).</summary>
    public static TheoryData<string> TzOwnCaseIds => [.. ConformanceSuite.SelectedTzOwnIds];

    /// <summary>Each of our own cases that reads zone files passes, where the tz database is installed.</summary>
    [TzDatabaseTheory]
    [MemberData(nameof(TzOwnCaseIds))]
    public void Own_case_with_time_zones(string note) => Own_case(note);

    /// <summary>
    /// Runs every OPA case and every own case, prints the per-folder table, writes artifacts/conformance-report.md and
    /// one reproduction per failure, adds new passes to the ratchet when asked, and fails if a listed case fails.
    /// </summary>
    [OpaConformanceFact]
    public void Ratchet_holds_and_report_is_written()
    {
        Assert.True(CaseLocations.OpaCasesDir is not null, CaseLocations.OpaMissingReason);
        Assert.True(!ConformanceSuite.OpaCases.IsEmpty, $"no OPA case was loaded from {CaseLocations.OpaCasesDir}");
        var passing = RatchetFiles.ReadPassing();
        var skipped = RatchetFiles.ReadSkipped();
        var opa = ConformanceSuite.OpaCases.Select(c => (Case: c, Outcome: ConformanceSuite.Outcome(c), Skipped: skipped.ContainsKey(c.Id))).ToList();
        var own = ConformanceSuite.OwnCases.Select(c => (Case: c, Outcome: ConformanceSuite.Outcome(c), Skipped: skipped.ContainsKey(c.Id))).ToList();

        var failuresDir = Path.Combine(CaseLocations.ArtifactsDir, "conformance-failures");
        if (Directory.Exists(failuresDir))
        {
            Directory.Delete(failuresDir, recursive: true);
        }

        Directory.CreateDirectory(failuresDir);
        foreach (var (c, outcome, _) in opa.Concat(own).Where(r => !r.Outcome.Passed))
        {
            File.WriteAllText(Path.Combine(failuresDir, ConformanceSuite.FileNameFor(c.Id) + ".yaml"), ConformanceSuite.Reproduction(c, outcome));
        }

        var report = new StringBuilder("# Conformance report\n\n");
        report.Append("OPA cases from ").Append(CaseLocations.OpaCasesDir).Append("; ratchet list: ").Append(passing.Count).AppendLine(" cases.").AppendLine();
        report.Append(ConformanceSuite.Table("OPA compliance cases", opa)).AppendLine();
        report.Append(ConformanceSuite.Table("Our own cases (tests/cases)", own)).AppendLine();
        var nowPassingSkipped = opa.Concat(own).Where(r => r.Skipped && r.Outcome.Passed).Select(r => r.Case.Id).ToList();
        if (nowPassingSkipped.Count > 0)
        {
            report.AppendLine("Listed as skipped but passing now (remove from conformance.skipped.tsv):").AppendLine();
            nowPassingSkipped.ForEach(id => report.Append("- ").AppendLine(id));
            report.AppendLine();
        }

        report.AppendLine("## Failures").AppendLine();
        foreach (var (c, outcome, isSkipped) in opa.Concat(own).Where(r => !r.Outcome.Passed))
        {
            var firstLine = outcome.Detail.Split('\n')[0];
            report.Append("- `").Append(c.Id).Append("` (").Append(c.File).Append(isSkipped ? ", skipped" : string.Empty).Append("): ").AppendLine(firstLine);
        }

        Directory.CreateDirectory(CaseLocations.ArtifactsDir);
        File.WriteAllText(Path.Combine(CaseLocations.ArtifactsDir, "conformance-report.md"), report.ToString());
        output.WriteLine(report.ToString());

        var ids = opa.Select(r => r.Case.Id).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        problems.AddRange(passing.Where(id => !ids.Contains(id)).Select(id => $"listed in conformance.passing but no such case: {id}"));
        var allIds = ids.Concat(own.Select(r => r.Case.Id)).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(skipped.Keys.Where(id => !allIds.Contains(id)).Select(id => $"listed in conformance.skipped.tsv but no such case: {id}"));
        problems.AddRange(opa.Where(r => passing.Contains(r.Case.Id) && !r.Outcome.Passed)
            .Select(r => $"regression: {r.Case.Id} ({r.Case.File}) is on the ratchet list but fails:\n{r.Outcome.Detail}"));

        if (RatchetFiles.UpdateRequested)
        {
            var added = RatchetFiles.AddPassing(opa.Where(r => r.Outcome.Passed).Select(r => r.Case.Id));
            output.WriteLine($"{RatchetFiles.UpdateVariable}=1: added {added} case(s) to {RatchetFiles.PassingPath}");
        }
        else
        {
            var newPasses = opa.Count(r => r.Outcome.Passed && !passing.Contains(r.Case.Id));
            if (newPasses > 0)
            {
                output.WriteLine($"{newPasses} passing case(s) are not on the ratchet list yet; run with {RatchetFiles.UpdateVariable}=1 to add them.");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}

/// <summary>A theory over our own cases: skipped, with the reason, when tests/cases holds none.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OwnCasesTheoryAttribute : TheoryAttribute
{
    /// <summary>Initializes a new instance of the <see cref="OwnCasesTheoryAttribute"/> class.</summary>
    public OwnCasesTheoryAttribute()
    {
        if (ConformanceSuite.SelectedOwnIds.IsEmpty)
        {
            Skip = $"no YAML cases under {CaseLocations.OwnCasesDir} (or all are listed as skipped)";
        }
    }
}

/// <summary>
/// A theory over our own cases that read zone files: skipped, with the reason, where the IANA tz database is not
/// installed (Windows, minimal containers). time.format then still works, with numeric offsets instead of zone
/// abbreviations (docs/rego-builtins.md), which these cases pin.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TzDatabaseTheoryAttribute : TheoryAttribute
{
    /// <summary>Initializes a new instance of the <see cref="TzDatabaseTheoryAttribute"/> class.</summary>
    public TzDatabaseTheoryAttribute()
    {
        if (!TzDatabase.Installed)
        {
            Skip = $"the IANA tz database is not installed ({TzDatabase.Folder}/America/New_York is missing; set TZDIR or install tzdata)";
        }
        else if (ConformanceSuite.SelectedTzOwnIds.IsEmpty)
        {
            Skip = "no own case needs the tz database";
        }
    }
}

/// <summary>Where the engine finds the tz database, and which own cases need it.</summary>
internal static class TzDatabase
{
    /// <summary>Gets the folder the engine reads zone files from: TZDIR, else /usr/share/zoneinfo.</summary>
    public static string Folder => Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } dir ? dir : "/usr/share/zoneinfo";

    /// <summary>Gets a value indicating whether zone files can be read.</summary>
    public static bool Installed => File.Exists(Path.Combine(Folder, "America", "New_York"));

    /// <summary>Whether a case reads zone files (the cases of tests/cases/builtins/time-format-zones.yaml).</summary>
    public static bool IsNeededBy(ConformanceCase c) => c.File.Replace('\\', '/').EndsWith("time-format-zones.yaml", StringComparison.Ordinal);
}
