// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;
using OAuthGuard.Baselines;
using OAuthGuard.Findings;
using OAuthGuard.GitHub.Actions;

namespace OAuthGuard.GitHub.Api;

/// <summary>
/// Builds the comparison base of a pull request or a push through the REST API, so the action needs neither
/// history (the default <c>actions/checkout</c> fetches one commit) nor git in the container: the changed files
/// (<c>pulls/{n}/files</c>, or <c>compare/{before}...{after}</c> for a push; all pages, renames through
/// <c>previous_filename</c>), then, for each metadata or configuration file among them, its bytes at the base
/// commit (<c>contents/{path}?ref={sha}</c>).
/// </summary>
internal static class ApiBaseReader
{
    /// <summary>The most base files read one by one; a larger change falls back to judging everything.</summary>
    public const int MaxFiles = 300;

    /// <summary>The most files GitHub lists for a pull request (<c>pulls/{n}/files</c>); a longer change is cut there.</summary>
    public const int PullRequestListCap = 3000;

    /// <summary>The most files GitHub lists for a comparison of two commits (<c>compare/{base}...{head}</c>).</summary>
    public const int CompareListCap = 300;

    /// <summary>Reads the base; throws <see cref="GitHubApiException"/> or <see cref="HttpRequestException"/> when GitHub cannot tell.</summary>
    public static async Task<ComparisonBase> ReadAsync(GitHubClient client, string repository, GitHubEvent gitHubEvent, string? headSha, string workspace, CancellationToken ct)
    {
        var baseSha = gitHubEvent.BaseSha ?? throw new ArgumentException("the event names no base commit", nameof(gitHubEvent));
        List<PullRequestFileDto> changed;
        string description;
        if (gitHubEvent.PullRequestNumber is { } number && !gitHubEvent.BaseIsPushBefore)
        {
            changed = await client.ListFilesAsync(repository, number, ct).ConfigureAwait(false);
            description = string.Create(CultureInfo.InvariantCulture, $"the base of pull request #{number} ({Short(baseSha)})");

            // A file missing from the list would be taken as unchanged, and its new findings as existing ones: an
            // incomplete list is no base at all.
            var listed = DistinctCount(changed);
            if (listed >= PullRequestListCap || (gitHubEvent.ChangedFiles is { } total && listed < total))
            {
                throw new GitHubApiException(HttpStatusCode.OK, string.Create(CultureInfo.InvariantCulture, $"GitHub listed {listed} of the {gitHubEvent.ChangedFiles?.ToString(CultureInfo.InvariantCulture) ?? "more than " + listed} files this pull request changes; it lists at most {PullRequestListCap}"));
            }
        }
        else
        {
            var after = gitHubEvent.PushAfter ?? headSha ?? throw new ArgumentException("the push names no new commit", nameof(headSha));
            changed = await client.CompareFilesAsync(repository, baseSha, after, ct).ConfigureAwait(false);
            description = string.Create(CultureInfo.InvariantCulture, $"the commit before the push ({Short(baseSha)})");
            if (DistinctCount(changed) >= CompareListCap)
            {
                throw new GitHubApiException(HttpStatusCode.OK, string.Create(CultureInfo.InvariantCulture, $"the push changes {CompareListCap} files or more, and GitHub lists at most {CompareListCap} files of a comparison"));
            }
        }

        var files = new SortedDictionary<string, byte[]?>(StringComparer.Ordinal);
        var renames = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var fromBase = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in changed)
        {
            var path = file.Filename;
            switch (file.Status)
            {
                case "added" or "copied":
                    if (ComparisonBase.IsRelevant(path))
                    {
                        files[path] = null;
                    }

                    break;
                case "renamed" when file.PreviousFilename is { Length: > 0 } previous:
                    renames[path] = previous;
                    if (ComparisonBase.IsRelevant(path))
                    {
                        files[path] = null;
                    }

                    if (ComparisonBase.IsRelevant(previous))
                    {
                        fromBase.Add(previous);
                    }

                    break;
                case "unchanged":
                    break;
                default:
                    // modified, changed, removed (and a rename without its old name): the base has its own version.
                    if (ComparisonBase.IsRelevant(path))
                    {
                        fromBase.Add(path);
                    }

                    break;
            }
        }

        if (fromBase.Count > MaxFiles)
        {
            throw new GitHubApiException(HttpStatusCode.OK, string.Create(CultureInfo.InvariantCulture, $"{fromBase.Count} changed metadata files, more than the {MaxFiles} OAuthGuard reads one by one through the API"));
        }

        foreach (var path in fromBase)
        {
            files[path] = await client.GetFileAsync(repository, path, baseSha, ct).ConfigureAwait(false);
        }

        return new ComparisonBase(new BaseInfo("github", description), workspace, files, renames);
    }

    private static int DistinctCount(List<PullRequestFileDto> files) =>
        files.Select(f => f.Filename).Distinct(StringComparer.Ordinal).Count();

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
