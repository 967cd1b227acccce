using System.Collections.Immutable;

namespace OAuthGuard.Findings;

/// <summary>
/// One violation of one rule by one app, located in a file. Reporters (console, JSON, SARIF,
/// annotations, pull-request reviews) see only this record and <see cref="RuleDescriptor"/>.
/// </summary>
/// <param name="RuleId">The rule's id, e.g. <c>SFOAUTH001</c>.</param>
/// <param name="Severity">The effective severity, after compensating controls and configuration overrides.</param>
/// <param name="AppName">The Connected App or External Client App name.</param>
/// <param name="AppKind"><c>connectedApp</c> or <c>externalClientApp</c>.</param>
/// <param name="File">Repository-relative path with forward slashes.</param>
/// <param name="Line">1-based line of the element (or of its nearest existing parent).</param>
/// <param name="Column">1-based column.</param>
/// <param name="ElementPath">Element path inside the file, e.g. <c>oauthConfig/isConsumerSecretOptional</c>.</param>
/// <param name="Message">One or more sentences saying what is wrong and why.</param>
/// <param name="Aggravating">Factors that raise the risk, named in the message too.</param>
/// <param name="Compensating">Compensating controls that lowered the severity.</param>
/// <param name="Fingerprint">Stable identity: rule id + app + element path, independent of line numbers.</param>
/// <param name="Suppression">Set when an inline comment or the configuration suppresses the finding.</param>
public sealed record Finding(
    string RuleId,
    Severity Severity,
    string AppName,
    string AppKind,
    string File,
    int Line,
    int Column,
    string ElementPath,
    string Message,
    ImmutableArray<string> Aggravating,
    ImmutableArray<string> Compensating,
    string Fingerprint,
    Suppression? Suppression)
{
    /// <summary>True when the finding is suppressed and must not count towards the exit code.</summary>
    public bool IsSuppressed => Suppression is not null;

    /// <summary>
    /// Set when a suppression named this finding but was ignored (no reason, or expired), saying
    /// which one and why; null otherwise.
    /// </summary>
    public string? SuppressionNote { get; init; }

    /// <summary>How the finding compares with the base; null when the scan had no base.</summary>
    public BaselineState? BaselineState { get; init; }

    /// <summary>True when the finding counts for a <see cref="FailOnScope.New"/> gate: new, updated, or no base at all.</summary>
    public bool IsIntroduced => BaselineState is null or Findings.BaselineState.New or Findings.BaselineState.Updated;
}

/// <summary>Why a finding is hidden.</summary>
/// <param name="Kind"><c>inSource</c> for an XML comment in the metadata file, <c>external</c> for the configuration file.</param>
/// <param name="Justification">The reason the author gave (required).</param>
/// <param name="Expires">Optional last day on which the suppression applies.</param>
/// <param name="Location">Where the suppression was written, as <c>file:line</c>.</param>
public sealed record Suppression(string Kind, string Justification, DateOnly? Expires, string Location);
