using System.Collections.Immutable;
using OAuthGuard.Findings;

namespace OAuthGuard.Configuration;

/// <summary>
/// The settings read from <c>.oauthguard.yml</c> (see docs/configuration.md). Every entry keeps the
/// line and column it came from so that later checks (an unknown rule id, an app that does not
/// exist) can point at it.
/// </summary>
/// <param name="File">The configuration file, or null when none was found.</param>
/// <param name="Apps">Per-app settings, ordered by app name.</param>
/// <param name="DisabledRules">Rules switched off.</param>
/// <param name="SeverityOverrides">Severity replacements per rule.</param>
/// <param name="FailOn">The exit-code threshold, when set.</param>
/// <param name="PolicyDirectories">Extra policy folders, resolved against the configuration file's folder.</param>
/// <param name="Suppressions">External suppressions.</param>
public sealed record ScanConfiguration(
    string? File,
    ImmutableArray<AppSettings> Apps,
    ImmutableArray<ConfigValue<string>> DisabledRules,
    ImmutableArray<SeverityOverride> SeverityOverrides,
    Severity? FailOn,
    ImmutableArray<ConfigValue<string>> PolicyDirectories,
    ImmutableArray<ConfigSuppression> Suppressions)
{
    /// <summary>The configuration used when the repository has no <c>.oauthguard.yml</c>.</summary>
    public static ScanConfiguration Empty { get; } = new(null, [], [], [], null, [], []);

    /// <summary>The default of <see cref="CertificateExpiryWarningDays"/>: SFOAUTH105 warns 30 days ahead.</summary>
    public const int DefaultExpiryWarningDays = 30;

    /// <summary>The largest accepted <c>certificates.expiry-warning-days</c> (ten years).</summary>
    public const int MaxExpiryWarningDays = 3650;

    /// <summary><c>certificates.expiry-warning-days</c>: how many days before its end SFOAUTH105 reports a certificate as expiring; null when not set.</summary>
    public ConfigValue<int>? CertificateExpiryWarningDays { get; init; }
}

/// <summary>A position in the configuration file.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct ConfigPosition(int Line, int Column);

/// <summary>A scalar value with where it was written.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="Position">Where it was written.</param>
public sealed record ConfigValue<T>(T Value, ConfigPosition Position);

/// <summary>Settings for one app.</summary>
/// <param name="Name">The app's name as in the metadata (file name without suffix).</param>
/// <param name="Client"><c>private</c> or <c>public</c>, or null when not declared.</param>
/// <param name="Position">Where the app's entry starts.</param>
public sealed record AppSettings(string Name, string? Client, ConfigPosition Position);

/// <summary>A severity that replaces a rule's own.</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Severity">The severity every finding of the rule gets.</param>
/// <param name="Position">Where the override was written.</param>
public sealed record SeverityOverride(string RuleId, Severity Severity, ConfigPosition Position);

/// <summary>A suppression declared in the configuration file.</summary>
/// <param name="RuleId">The rule it silences.</param>
/// <param name="App">The app it applies to.</param>
/// <param name="Reason">Why; required.</param>
/// <param name="Expires">Last day on which it applies, if any.</param>
/// <param name="Position">Where the entry starts.</param>
public sealed record ConfigSuppression(string RuleId, string App, string Reason, DateOnly? Expires, ConfigPosition Position);
