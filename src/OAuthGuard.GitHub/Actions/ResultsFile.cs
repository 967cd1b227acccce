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

            return file;
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
