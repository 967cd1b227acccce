// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

namespace OAuthGuard.GitHub.Actions;

/// <summary>
/// The default variables GitHub sets in every job (see "Variables reference" in GitHub's docs).
/// Missing variables stay null so the action also runs outside GitHub, doing less.
/// </summary>
/// <param name="EventName"><c>GITHUB_EVENT_NAME</c>, e.g. <c>pull_request</c>.</param>
/// <param name="EventPath"><c>GITHUB_EVENT_PATH</c>: the webhook payload that triggered the run.</param>
/// <param name="Repository"><c>GITHUB_REPOSITORY</c>: <c>owner/name</c>.</param>
/// <param name="Workspace"><c>GITHUB_WORKSPACE</c>: where the repository is checked out.</param>
/// <param name="ApiUrl"><c>GITHUB_API_URL</c>; <c>https://api.github.com</c> when unset.</param>
/// <param name="ServerUrl"><c>GITHUB_SERVER_URL</c>; <c>https://github.com</c> when unset.</param>
/// <param name="OutputFile"><c>GITHUB_OUTPUT</c>: the step-outputs file.</param>
/// <param name="SummaryFile"><c>GITHUB_STEP_SUMMARY</c>: the job-summary file.</param>
/// <param name="Sha"><c>GITHUB_SHA</c>: the commit the run is for.</param>
/// <param name="RunId"><c>GITHUB_RUN_ID</c>, for links back to the run.</param>
internal sealed record ActionEnvironment(
    string? EventName,
    string? EventPath,
    string? Repository,
    string? Workspace,
    string ApiUrl,
    string ServerUrl,
    string? OutputFile,
    string? SummaryFile,
    string? Sha,
    string? RunId)
{
    /// <summary>Reads the variables through <paramref name="getVariable"/>; blank counts as unset.</summary>
    public static ActionEnvironment Read(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? Get(string name) => getVariable(name) is { Length: > 0 } value ? value : null;
        return new ActionEnvironment(
            Get("GITHUB_EVENT_NAME"),
            Get("GITHUB_EVENT_PATH"),
            Get("GITHUB_REPOSITORY"),
            Get("GITHUB_WORKSPACE"),
            (Get("GITHUB_API_URL") ?? "https://api.github.com").TrimEnd('/'),
            (Get("GITHUB_SERVER_URL") ?? "https://github.com").TrimEnd('/'),
            Get("GITHUB_OUTPUT"),
            Get("GITHUB_STEP_SUMMARY"),
            Get("GITHUB_SHA"),
            Get("GITHUB_RUN_ID"));
    }
}
