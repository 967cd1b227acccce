// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;
using OAuthGuard.Findings;
using OAuthGuard.GitHub.Api;

namespace OAuthGuard.GitHub.Review;

/// <summary>The pull request a review goes to.</summary>
/// <param name="Repository"><c>owner/name</c> of the base repository.</param>
/// <param name="Number">The pull request number.</param>
/// <param name="HeadSha">The head commit the comments are made on.</param>
internal sealed record PullRequestTarget(string Repository, int Number, string HeadSha);

/// <summary>What happened on the pull request.</summary>
/// <param name="Posted">True when every planned change went through.</param>
/// <param name="Message">One sentence for the log and the job summary.</param>
/// <param name="Plan">The plan, when one was made.</param>
internal sealed record ReviewOutcome(bool Posted, string Message, ReviewPlan? Plan);

/// <summary>
/// Reads the pull request's files, comments and reviews, plans with <see cref="ReviewPlanner"/>
/// and carries the plan out: create the review (or edit the latest body), edit comments, delete
/// comments, mark older reviews out of date. A 422 on the new review retries once with the inline
/// comments moved into its body; a 403 (a read-only token, as on pull requests from forks) stops
/// the publishing and is reported, never thrown, so the step's result depends on fail-on alone.
/// </summary>
internal sealed class ReviewPublisher
{
    /// <summary>The login of GitHub Actions' workflow token (<c>GITHUB_TOKEN</c>), which may not read <c>GET /user</c>.</summary>
    public const string WorkflowTokenLogin = "github-actions[bot]";

    private readonly GitHubClient _client;
    private readonly TextWriter _log;
    private string _identity = WorkflowTokenLogin;

    /// <summary>Creates a publisher writing progress to <paramref name="log"/>.</summary>
    public ReviewPublisher(GitHubClient client, TextWriter log)
    {
        _client = client;
        _log = log;
    }

    /// <summary>Publishes the review for <paramref name="result"/> on <paramref name="target"/>.</summary>
    public async Task<ReviewOutcome> PublishAsync(PullRequestTarget target, ScanResult result, ReviewOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(result);
        ReviewPlan? plan = null;
        try
        {
            var files = await _client.ListFilesAsync(target.Repository, target.Number, ct).ConfigureAwait(false);
            var diff = DiffMap.Build(files.Select(f => (f.Filename, f.Status, f.Patch)));
            _identity = await IdentityAsync(ct).ConfigureAwait(false);

            // NOTE: anyone can post a review or comment carrying our markers. Only what the token's own identity wrote
            // is ever edited or deleted; replies by others are kept only to know which threads have answers.
            var comments = (await _client.ListReviewCommentsAsync(target.Repository, target.Number, ct).ConfigureAwait(false))
                .Where(c => c.Path is not null && (c.InReplyToId is not null || IsOurs(c.User)))
                .Select(c => new ExistingComment(c.Id, c.Path ?? "", c.Line, c.Body ?? "", c.InReplyToId, c.PullRequestReviewId))
                .ToList();
            var reviews = (await _client.ListReviewsAsync(target.Repository, target.Number, ct).ConfigureAwait(false))
                .Where(r => IsOurs(r.User))
                .Select(r => new ExistingReview(r.Id, r.Body ?? ""))
                .ToList();

            plan = ReviewPlanner.Plan(result.Findings, result.Rules, diff, comments, reviews, options, result.Absent);
            await ExecuteAsync(target, plan, ct).ConfigureAwait(false);
            var message = plan.IsEmpty
                ? "The pull request review is up to date; nothing changed."
                : Invariant($"Pull request review updated: {Count(plan.Create?.Comments.Length ?? 0, "new inline comment")}, {Count(plan.UpdateComments.Length, "comment")} edited, {Count(plan.DeleteComments.Length, "comment")} deleted, {plan.KeepComments.Length} kept.");
            return new ReviewOutcome(true, message, plan);
        }
        catch (GitHubApiException e) when (e.Status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound && !e.RateLimited)
        {
            return new ReviewOutcome(false,
                "No pull request review was posted: the token may not write to this pull request (" + e.Message + "). "
                + "Pull requests from forks get a read-only token: use the two-workflow pattern (see docs/github-action.md) "
                + "or give the job 'pull-requests: write'. Annotations and the job summary still list every finding.", plan);
        }
        catch (GitHubApiException e)
        {
            return new ReviewOutcome(false, "No complete pull request review was posted: " + e.Message + ". Annotations and the job summary still list every finding.", plan);
        }
        catch (HttpRequestException e)
        {
            return new ReviewOutcome(false, "No pull request review was posted: GitHub's API could not be reached (" + e.Message + ").", plan);
        }
    }

    private async Task ExecuteAsync(PullRequestTarget target, ReviewPlan plan, CancellationToken ct)
    {
        if (plan.Create is { } create)
        {
            var request = new CreateReviewRequest
            {
                CommitId = target.HeadSha,
                Body = create.Body,
                Comments = [.. create.Comments.Select(c => new DraftReviewComment { Path = c.Path, Line = c.Line, Body = c.Body })],
            };
            try
            {
                var created = await _client.CreateReviewAsync(target.Repository, target.Number, request, ct).ConfigureAwait(false);
                if (created.User?.Login is { Length: > 0 } author && !string.Equals(author, _identity, StringComparison.Ordinal))
                {
                    // GitHub says who we are: the assumption was wrong (an app token), so stop touching anything else.
                    _log.WriteLine("OAuthGuard: the review was posted as " + author + ", not " + _identity + "; earlier reviews are left alone.");
                    _identity = author;
                    plan = plan with { UpdateComments = [], DeleteComments = [], SupersedeReviews = [] };
                }
            }
            catch (GitHubApiException e) when (e.Status == HttpStatusCode.UnprocessableEntity && create.Comments.Length > 0)
            {
                // The diff moved under us (a push during the run) or GitHub disagrees about a line:
                // post the same review with every new comment listed in the body instead.
                _log.WriteLine("OAuthGuard: GitHub rejected the inline comments (" + e.Message + "); posting them in the review body instead.");
                var fallback = new CreateReviewRequest { CommitId = target.HeadSha, Body = create.FallbackBody };
                await _client.CreateReviewAsync(target.Repository, target.Number, fallback, ct).ConfigureAwait(false);
            }
        }
        else if (plan.UpdateReview is { } update)
        {
            await _client.UpdateReviewAsync(target.Repository, target.Number, update.Id, update.Body, ct).ConfigureAwait(false);
        }

        foreach (var (id, body) in plan.UpdateComments)
        {
            await _client.UpdateCommentAsync(target.Repository, id, body, ct).ConfigureAwait(false);
        }

        foreach (var id in plan.DeleteComments)
        {
            try
            {
                await _client.DeleteCommentAsync(target.Repository, id, ct).ConfigureAwait(false);
            }
            catch (GitHubApiException e) when (e.Status == HttpStatusCode.NotFound)
            {
                // Someone deleted it already: the goal is reached.
            }
        }

        foreach (var id in plan.SupersedeReviews)
        {
            await _client.UpdateReviewAsync(target.Repository, target.Number, id, ReviewText.SupersededReview, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Who the token acts as: <c>GET /user</c> where the token may ask (a personal or app user token); the workflow
    /// token may not (403), and it always acts as <see cref="WorkflowTokenLogin"/>.
    /// </summary>
    private async Task<string> IdentityAsync(CancellationToken ct)
    {
        try
        {
            var user = await _client.GetAuthenticatedUserAsync(ct).ConfigureAwait(false);
            if (user.Login is { Length: > 0 } login)
            {
                _log.WriteLine("OAuthGuard: acting as " + login + " (GET /user); only its reviews and comments are edited.");
                return login;
            }
        }
        catch (GitHubApiException e) when (e.Status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound && !e.RateLimited)
        {
            // The workflow token: GitHub answers "Resource not accessible by integration".
        }

        _log.WriteLine("OAuthGuard: acting as " + WorkflowTokenLogin + " (the token may not read GET /user); only its reviews and comments are edited.");
        return WorkflowTokenLogin;
    }

    private bool IsOurs(UserDto? user) => string.Equals(user?.Login, _identity, StringComparison.Ordinal);

    private static string Count(int n, string noun) => Invariant($"{n} {noun}{(n == 1 ? "" : "s")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
