using System.Collections.Immutable;

namespace OAuthGuard.Findings;

/// <summary>
/// A rule as its <c># METADATA</c> block describes it; the single source of rule text for every output.
/// </summary>
/// <param name="Id">Stable id such as <c>SFOAUTH001</c>.</param>
/// <param name="Name">Short PascalCase name for SARIF's <c>rule.name</c>.</param>
/// <param name="Title">One-line title.</param>
/// <param name="Description">A paragraph saying what the rule checks.</param>
/// <param name="Severity">The base severity before compensating controls.</param>
/// <param name="SecuritySeverity">GitHub's numeric <c>security-severity</c> (0.0–10.0).</param>
/// <param name="Remediation">What to change, in one or two sentences.</param>
/// <param name="HelpMarkdown">Full help text in markdown.</param>
/// <param name="Links">Related documentation.</param>
/// <param name="Package">The Rego package the rule lives in.</param>
/// <param name="AppliesTo">Which app kinds the rule judges.</param>
public sealed record RuleDescriptor(
    string Id,
    string Name,
    string Title,
    string Description,
    Severity Severity,
    double SecuritySeverity,
    string Remediation,
    string HelpMarkdown,
    ImmutableArray<RuleLink> Links,
    string Package,
    ImmutableArray<string> AppliesTo);

/// <summary>A link to documentation.</summary>
public sealed record RuleLink(string Url, string? Description);

/// <summary>A problem with the scan itself (unreadable file, bad XML, policy error), not with an app.</summary>
/// <param name="Code">A stable code, e.g. <c>xml_parse_error</c> or a Rego error code.</param>
/// <param name="Level"><c>error</c>, <c>warning</c> or <c>note</c>.</param>
/// <param name="Message">What went wrong.</param>
/// <param name="File">Repository-relative path, when known.</param>
/// <param name="Line">1-based line, when known.</param>
/// <param name="Column">1-based column, when known.</param>
public sealed record ToolNotification(string Code, string Level, string Message, string? File, int? Line, int? Column);

/// <summary>Everything a scan produced, in a deterministic order.</summary>
/// <param name="Rules">Every rule that was evaluated, ordered by id.</param>
/// <param name="Findings">Findings ordered by file, line, column, rule id, app.</param>
/// <param name="Notifications">Problems met during the scan, ordered by file and line.</param>
/// <param name="Engine">The engine that evaluated the policies (<c>embedded</c> or <c>opa</c>), with its version.</param>
/// <param name="AppCount">How many apps were evaluated.</param>
/// <param name="FileCount">How many metadata files were read.</param>
public sealed record ScanResult(
    ImmutableArray<RuleDescriptor> Rules,
    ImmutableArray<Finding> Findings,
    ImmutableArray<ToolNotification> Notifications,
    string Engine,
    int AppCount,
    int FileCount)
{
    /// <summary>The exit-code threshold in force: findings at or above it (and not suppressed) fail the run.</summary>
    public Severity FailOn { get; init; } = Severity.High;

    /// <summary>The unsuppressed findings at or above <see cref="FailOn"/>.</summary>
    public IEnumerable<Finding> Failing =>
        FailOn == Severity.None ? [] : Findings.Where(f => !f.IsSuppressed && f.Severity >= FailOn);

    /// <summary>0 when nothing fails the threshold, 1 otherwise (2, for setup errors, is decided before a result exists).</summary>
    public int ExitCode => Failing.Any() ? 1 : 0;

    /// <summary>The apps evaluated, ordered by kind and name (reports that list passing apps, e.g. JUnit, need them).</summary>
    public ImmutableArray<ScannedApp> Apps { get; init; } = [];
}

/// <summary>One app the scan evaluated.</summary>
/// <param name="Name">The app's name.</param>
/// <param name="Kind"><c>connectedApp</c> or <c>externalClientApp</c>.</param>
public sealed record ScannedApp(string Name, string Kind);
