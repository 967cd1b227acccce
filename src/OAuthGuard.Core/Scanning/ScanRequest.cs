using OAuthGuard.Findings;

namespace OAuthGuard.Scanning;

/// <summary>What to scan and how; the CLI and the GitHub Action both build one.</summary>
/// <param name="Path">The repository root (absolute, or relative to the current directory).</param>
/// <param name="ConfigFile">An explicit configuration file; when null, <c>.oauthguard.yml</c> at the root is used if present.</param>
/// <param name="PolicyDirectories">Extra policy folders on top of those in the configuration file.</param>
/// <param name="Engine">The engine's name (<c>embedded</c>, or another registered engine).</param>
/// <param name="FailOn">Overrides the configuration's <c>fail-on</c> threshold.</param>
public sealed record ScanRequest(
    string Path,
    string? ConfigFile = null,
    IReadOnlyList<string>? PolicyDirectories = null,
    string Engine = "embedded",
    Severity? FailOn = null)
{
    /// <summary>The date suppression expiry and certificate expiry (<c>input.scan.date</c>) are judged against; today (UTC) when null.</summary>
    public DateOnly? Today { get; init; }

    /// <summary>The folder relative paths in this request are resolved against; the process's current directory when null.</summary>
    public string? WorkingDirectory { get; init; }
}
