// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Text.Json;

namespace OAuthGuard.GitHub.Actions;

/// <summary>
/// The parts of the event payload (<c>GITHUB_EVENT_PATH</c>) the action uses. Read with
/// <see cref="JsonDocument"/>, field by field, so an unexpected payload degrades to "no pull
/// request" with a message instead of failing the step.
/// </summary>
/// <param name="PullRequestNumber">The pull request, when the event has exactly one.</param>
/// <param name="HeadSha">The pull request's (or workflow run's) head commit.</param>
/// <param name="HeadRepository"><c>owner/name</c> the head commit comes from (a fork's name for fork pull requests).</param>
/// <param name="BaseRepository"><c>owner/name</c> the pull request targets.</param>
internal sealed record GitHubEvent(int? PullRequestNumber, string? HeadSha, string? HeadRepository, string? BaseRepository)
{
    /// <summary>An event without a pull request (push, workflow_dispatch, schedule, …).</summary>
    public static GitHubEvent None { get; } = new(null, null, null, null);

    /// <summary>The commit the pull request targets (<c>pull_request.base.sha</c>), or a push's previous commit (<c>before</c>): what change-aware verdicts compare with.</summary>
    public string? BaseSha { get; init; }

    /// <summary><c>true</c> when <see cref="BaseSha"/> is a push's <c>before</c> (compared through the compare API) rather than a pull request's base.</summary>
    public bool BaseIsPushBefore { get; init; }

    /// <summary>A push's new head (<c>after</c>).</summary>
    public string? PushAfter { get; init; }

    /// <summary>
    /// How many files the pull request changes (<c>pull_request.changed_files</c>): the files list GitHub serves stops at
    /// 3,000, so a shorter list than this is incomplete.
    /// </summary>
    public int? ChangedFiles { get; init; }

    /// <summary>True when the head commit comes from another repository than the base.</summary>
    public bool IsFork => HeadRepository is not null && BaseRepository is not null
        && !string.Equals(HeadRepository, BaseRepository, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the payload of <paramref name="eventName"/>; <paramref name="problem"/> says why nothing was read.</summary>
    public static GitHubEvent Parse(string? eventName, string? json, out string? problem)
    {
        problem = null;
        if (json is null)
        {
            return None;
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            switch (eventName)
            {
                case "pull_request" or "pull_request_target" or "pull_request_review" or "pull_request_review_comment":
                    var pr = Get(root, "pull_request");
                    return new GitHubEvent(
                        Number(Get(pr, "number")) ?? Number(Get(root, "number")),
                        Text(Get(Get(pr, "head"), "sha")),
                        Text(Get(Get(Get(pr, "head"), "repo"), "full_name")),
                        Text(Get(Get(Get(pr, "base"), "repo"), "full_name")))
                    {
                        BaseSha = Sha(Get(Get(pr, "base"), "sha")),
                        ChangedFiles = Number(Get(pr, "changed_files")),
                    };
                case "push":
                    // A new branch has before = 40 zeros: there is nothing to compare with.
                    var before = Sha(Get(root, "before"));
                    return None with
                    {
                        BaseSha = before is null || before.All(c => c == '0') ? null : before,
                        BaseIsPushBefore = true,
                        PushAfter = Sha(Get(root, "after")),
                    };
                case "workflow_run":
                    var run = Get(root, "workflow_run");
                    var prs = Get(run, "pull_requests");
                    int? number = prs is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() == 1
                        ? Number(Get(list[0], "number"))
                        : null;
                    return new GitHubEvent(
                        number,
                        Text(Get(run, "head_sha")),
                        Text(Get(Get(run, "head_repository"), "full_name")),
                        Text(Get(Get(run, "repository"), "full_name")));
                default:
                    return None;
            }
        }
        catch (JsonException e)
        {
            problem = "the event payload is not valid JSON (line " + ((e.LineNumber ?? 0) + 1) + "): " + e.Message;
            return None;
        }
    }

    private static JsonElement? Get(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) ? value : null;

    private static string? Text(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    // Only a 40- or 64-digit hex object id is taken: the value goes into API paths.
    private static string? Sha(JsonElement? element) =>
        Text(element) is { Length: 40 or 64 } sha && sha.All(char.IsAsciiHexDigit) ? sha : null;

    private static int? Number(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Number } e && e.TryGetInt32(out var n) && n > 0 ? n : null;
}
