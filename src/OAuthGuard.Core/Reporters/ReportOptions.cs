using System.Reflection;
using OAuthGuard.Findings;

namespace OAuthGuard.Reporters;

/// <summary>Settings shared by the reporters.</summary>
/// <param name="ToolVersion">The OAuthGuard version written into reports.</param>
/// <param name="UseColor">Console only: colour severities with ANSI escapes.</param>
public sealed record ReportOptions(string ToolVersion, bool UseColor = false)
{
    /// <summary>The version of this assembly (without a source revision suffix).</summary>
    public static string CurrentVersion { get; } =
        typeof(ReportOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Options with the current version and no colour.</summary>
    public static ReportOptions Default { get; } = new(CurrentVersion);

    /// <summary>SARIF only: the scanned files' text, for region snippets; null to quote nothing.</summary>
    public SourceLines? Sources { get; init; }

    /// <summary>SARIF only: the repository and commit scanned, for <c>versionControlProvenance</c>; null when unknown.</summary>
    public VersionControlDetails? VersionControl { get; init; }
}

/// <summary>Small helpers the reporters share.</summary>
public static class SeverityNames
{
    /// <summary>The lower-case name used in configuration, JSON and rule metadata.</summary>
    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        Severity.Note => "note",
        _ => "none",
    };

    /// <summary>SARIF's <c>level</c>: error for critical and high, warning for medium, note below.</summary>
    public static string ToSarifLevel(this Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };
}
