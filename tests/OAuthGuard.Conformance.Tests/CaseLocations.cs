using System.Reflection;

namespace OAuthGuard.Conformance.Tests;

/// <summary>
/// Where the harness finds its inputs: OPA's compliance cases (environment variable, else a <c>shared/opa-conformance</c>
/// folder found by walking up from the test assembly), our own cases under <c>tests/cases</c>, the ratchet files in
/// this project's source folder, and the <c>artifacts/</c> folder for reports.
/// </summary>
internal static class CaseLocations
{
    /// <summary>Environment variable naming the folder of OPA's compliance cases.</summary>
    public const string DirVariable = "OAUTHGUARD_CONFORMANCE_DIR";

    private static readonly Lazy<(string? Dir, string Reason)> Opa = new(FindOpaCases);

    /// <summary>Gets the folder holding OPA's cases, or null when there is none.</summary>
    public static string? OpaCasesDir => Opa.Value.Dir;

    /// <summary>
    /// Gets a value indicating whether the OPA cases were asked for explicitly (<see cref="DirVariable"/> is set, as CI
    /// does after fetching them): then missing or empty cases fail the tests instead of skipping them.
    /// </summary>
    public static bool Required => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(DirVariable));

    /// <summary>Gets why the OPA cases are unavailable (empty when they are available).</summary>
    public static string OpaMissingReason => Opa.Value.Reason;

    /// <summary>Gets this test project's source folder (holds conformance.passing and conformance.skipped.tsv).</summary>
    public static string ProjectDir { get; } =
        typeof(CaseLocations).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ConformanceProjectDir")?.Value
        ?? throw new InvalidOperationException("the ConformanceProjectDir assembly metadata is missing");

    /// <summary>Gets the repository root (two levels above the project folder).</summary>
    public static string RepoRoot { get; } = Path.GetFullPath(Path.Combine(ProjectDir, "..", ".."));

    /// <summary>Gets the folder of our own YAML cases.</summary>
    public static string OwnCasesDir { get; } = Path.Combine(RepoRoot, "tests", "cases");

    /// <summary>Gets the folder reports and failure reproductions go to.</summary>
    public static string ArtifactsDir { get; } = Path.Combine(RepoRoot, "artifacts");

    private static (string? Dir, string Reason) FindOpaCases()
    {
        var fromEnv = Environment.GetEnvironmentVariable(DirVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Directory.Exists(fromEnv)
                ? (Path.GetFullPath(fromEnv), string.Empty)
                : (null, $"{DirVariable} is set to '{fromEnv}', which is not a folder");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "opa-conformance");
            if (Directory.Exists(candidate))
            {
                return (candidate, string.Empty);
            }
        }

        return (null, $"OPA's compliance cases were not found: set {DirVariable}, or place them at ../shared/opa-conformance beside the repository");
    }
}

/// <summary>A theory over OPA's cases: skipped, with the reason, when the cases are not on this machine.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpaConformanceTheoryAttribute : TheoryAttribute
{
    /// <summary>Initializes a new instance of the <see cref="OpaConformanceTheoryAttribute"/> class.</summary>
    public OpaConformanceTheoryAttribute()
    {
        if (CaseLocations.OpaCasesDir is null)
        {
            // With the cases asked for explicitly the theory runs and fails (no data) instead of skipping.
            Skip = CaseLocations.Required ? null : CaseLocations.OpaMissingReason;
        }
        else if (ConformanceSuite.SelectedOpaIds.IsEmpty)
        {
            Skip = $"the ratchet list conformance.passing names no case yet (set {ConformanceSuite.AllVariable}=1 to run every case one by one)";
        }
    }
}

/// <summary>A fact over OPA's cases: skipped, with the reason, when the cases are not on this machine.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpaConformanceFactAttribute : FactAttribute
{
    /// <summary>Initializes a new instance of the <see cref="OpaConformanceFactAttribute"/> class.</summary>
    public OpaConformanceFactAttribute()
    {
        if (CaseLocations.OpaCasesDir is null && !CaseLocations.Required)
        {
            Skip = CaseLocations.OpaMissingReason;
        }
    }
}
