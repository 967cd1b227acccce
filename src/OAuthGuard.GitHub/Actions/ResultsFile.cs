// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.Json.Serialization;
using OAuthGuard.Findings;

namespace OAuthGuard.GitHub.Actions;

/// <summary>
/// The hand-over between the two workflows of the fork-safe pattern: the <c>pull_request</c> run
/// (read-only token) writes the scan result and the pull request it belongs to; the
/// <c>workflow_run</c> run (write token, no untrusted code) reads it and publishes the review.
/// The file is untrusted input in the second run: the publisher checks it against the event.
/// </summary>
/// <param name="Format">Always <see cref="CurrentFormat"/>.</param>
/// <param name="PullRequest">The pull request the scan ran for, or null.</param>
/// <param name="HeadSha">The commit that was scanned.</param>
/// <param name="Result">The scan result.</param>
internal sealed record ResultsFile(string Format, int? PullRequest, string? HeadSha, ScanResult Result)
{
    /// <summary>The format tag this version writes and reads.</summary>
    public const string CurrentFormat = "oauthguard-results/1";

    /// <summary>Serialises to indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ResultsJsonContext.Default.ResultsFile);

    /// <summary>
    /// The result with rule text fit for markdown: a rule the bundled catalogue knows gets the catalogue's title,
    /// description, remediation, help and links (the file may only keep its severity); any other rule's text is
    /// escaped like scanned values and its links kept only when they are plain https URLs.
    /// </summary>
    /// <param name="catalogue">The bundled rules by id.</param>
    /// <returns>A copy whose rules can be rendered.</returns>
    public ResultsFile WithTrustedRuleText(IReadOnlyDictionary<string, RuleDescriptor> catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var rules = Result.Rules.Select(r => catalogue.TryGetValue(r.Id, out var known)
            ? known with { Severity = r.Severity, SecuritySeverity = Math.Clamp(r.SecuritySeverity, 0.0, 10.0) }
            : r with
            {
                Name = Markdown.Text(OneLine(r.Name)),
                Title = Markdown.Text(OneLine(r.Title)),
                Description = Markdown.Text(r.Description),
                Remediation = Markdown.Text(r.Remediation),
                HelpMarkdown = Markdown.Text(r.HelpMarkdown),
                SecuritySeverity = Math.Clamp(r.SecuritySeverity, 0.0, 10.0),
                Links = [.. r.Links.Select(SafeLink).OfType<RuleLink>()],
            });
        return this with { Result = Result with { Rules = [.. rules] } };
    }

    private static string OneLine(string? text) => (text ?? string.Empty).Replace('\r', ' ').Replace('\n', ' ');

    private static RuleLink? SafeLink(RuleLink link) =>
        Uri.TryCreate(link.Url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? new RuleLink(uri.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal), link.Description is null ? null : Markdown.Text(OneLine(link.Description)))
            : null;

    /// <summary>Reads a results file; <paramref name="error"/> names the problem and its line.</summary>
    public static ResultsFile? Read(string json, string path, out string? error)
    {
        error = null;
        try
        {
            var file = JsonSerializer.Deserialize(json, ResultsJsonContext.Default.ResultsFile);
            if (file is null || file.Format != CurrentFormat)
            {
                error = $"{path}: not an OAuthGuard results file (expected format '{CurrentFormat}')";
                return null;
            }

            if (file.Result.Findings.IsDefault || file.Result.Rules.IsDefault || file.Result.Notifications.IsDefault)
            {
                error = $"{path}: the result lacks findings, rules or notifications";
                return null;
            }

            // NOTE: the source-generated reader sets init-only properties that the JSON lacks to their default, and a
            // default ImmutableArray throws when enumerated; files written before "absent" and "apps" existed lack them.
            var result = file.Result;
            return file with
            {
                Result = result with
                {
                    Absent = result.Absent.IsDefault ? [] : result.Absent,
                    Apps = result.Apps.IsDefault ? [] : result.Apps,
                },
            };
        }
        catch (JsonException e)
        {
            error = $"{path}:{(e.LineNumber ?? 0) + 1}: not a valid results file: {e.Message}";
            return null;
        }
    }
}

/// <summary>Source-generated JSON for <see cref="ResultsFile"/>.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ResultsFile))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;
