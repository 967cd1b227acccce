// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using OAuthGuard.Findings;
using OAuthGuard.GitHub.Actions;

namespace OAuthGuard.GitHub.Review;

/// <summary>A review comment already on the pull request, as the REST API lists it.</summary>
/// <param name="Id">The comment id.</param>
/// <param name="Path">The file it is on.</param>
/// <param name="Line">Its right-side line, or null when GitHub marks it outdated.</param>
/// <param name="Body">Its markdown.</param>
/// <param name="InReplyToId">Set on replies; the id of the thread's first comment.</param>
/// <param name="ReviewId">The review the comment belongs to, when GitHub says.</param>
internal sealed record ExistingComment(long Id, string Path, int? Line, string Body, long? InReplyToId, long? ReviewId = null);

/// <summary>A review already on the pull request.</summary>
internal sealed record ExistingReview(long Id, string Body);

/// <summary>An inline comment the new review will carry.</summary>
internal sealed record PlannedComment(string Path, int Line, string Body, string Fingerprint);

/// <summary>A review to create.</summary>
/// <param name="Body">The review body.</param>
/// <param name="Comments">Inline comments, most severe first.</param>
/// <param name="FallbackBody">The body to use if GitHub rejects the inline comments (422): it lists them too.</param>
internal sealed record NewReview(string Body, ImmutableArray<PlannedComment> Comments, string FallbackBody);

/// <summary>Everything one run changes on a pull request. Pure data: <see cref="ReviewPublisher"/> carries it out.</summary>
internal sealed record ReviewPlan
{
    /// <summary>The review to create, or null when no new review is needed.</summary>
    public NewReview? Create { get; init; }

    /// <summary>An existing review whose body is rewritten instead of creating a new one.</summary>
    public (long Id, string Body)? UpdateReview { get; init; }

    /// <summary>Earlier reviews of ours that are marked out of date.</summary>
    public ImmutableArray<long> SupersedeReviews { get; init; } = [];

    /// <summary>Comments whose body changes.</summary>
    public ImmutableArray<(long Id, string Body)> UpdateComments { get; init; } = [];

    /// <summary>Comments to delete: their finding is gone or moved, and nobody replied.</summary>
    public ImmutableArray<long> DeleteComments { get; init; } = [];

    /// <summary>Comments left exactly as they are.</summary>
    public ImmutableArray<long> KeepComments { get; init; } = [];

    /// <summary>Findings the review reports inline (new or kept or updated).</summary>
    public int InlineCount { get; init; }

    /// <summary>Findings the review lists in its body.</summary>
    public int BodyCount { get; init; }

    /// <summary>True when the plan changes nothing on GitHub.</summary>
    public bool IsEmpty => Create is null && UpdateReview is null && SupersedeReviews.IsEmpty && UpdateComments.IsEmpty && DeleteComments.IsEmpty;
}

/// <summary>How the planner chooses.</summary>
/// <param name="Mode">Review (inline comments) or summary (body only).</param>
/// <param name="Filter">Which findings the review reports.</param>
/// <param name="MaxInline">The most inline comments one review carries.</param>
/// <param name="HeadSha">The pull request's head commit.</param>
/// <param name="BlobUrl">Base for links to files at the head commit, or null.</param>
/// <param name="MinSeverity">
/// The lowest severity commented inline (<c>comment-min-severity</c>); findings below it are
/// listed in the review body, one line per app.
/// </param>
internal sealed record ReviewOptions(CommentMode Mode, FilterMode Filter, int MaxInline, string HeadSha, string? BlobUrl, Severity MinSeverity = Severity.Low);

/// <summary>
/// Decides what one run changes on a pull request, from the findings, the diff and what earlier
/// runs posted (recognised by <see cref="CommentMarker"/>). A comment whose text and line still
/// hold is kept; a changed one is edited; one whose finding is gone or moved is deleted unless
/// someone replied (then it is kept, and marked resolved when the finding is gone). New inline
/// comments go into one new review; without them the latest review's body is edited in place.
/// </summary>
internal static class ReviewPlanner
{
    /// <summary>Plans the changes; the same inputs always give the same plan.</summary>
    public static ReviewPlan Plan(
        IEnumerable<Finding> findings,
        IReadOnlyList<RuleDescriptor> rules,
        DiffMap diff,
        IReadOnlyList<ExistingComment> comments,
        IReadOnlyList<ExistingReview> reviews,
        ReviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(reviews);
        ArgumentNullException.ThrowIfNull(options);
        var ruleById = rules.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        // One finding per fingerprint, most severe first: the order every cap cuts by.
        var active = FindingOrder.MostSevereFirst(findings.Where(f => !f.IsSuppressed))
            .DistinctBy(f => f.Fingerprint, StringComparer.Ordinal).ToList();
        var reported = active.Where(f => Passes(f, diff, options.Filter)).ToList();
        var copies = FindingCopies.ByFingerprint(reported);

        // Inline: at or above the threshold, on a line of the diff, and one comment per finding
        // even when the app has copies in several folders (the comment names the others).
        var commentable = options.Mode == CommentMode.Review
            ? reported.Where(f => f.Severity >= options.MinSeverity && f.Line > 0 && diff.Kind(f.File, f.Line) != DiffLineKind.None)
                .DistinctBy(FindingCopies.Key, StringComparer.Ordinal).ToList()
            : [];
        var inline = commentable.Take(options.MaxInline).ToList();
        var inlineKeys = inline.Select(FindingCopies.Key).ToHashSet(StringComparer.Ordinal);
        var bodyFindings = reported.Where(f => !inlineKeys.Contains(FindingCopies.Key(f))).ToList();
        var activeSet = active.Select(f => f.Fingerprint).ToHashSet(StringComparer.Ordinal);

        // What earlier runs posted: top-level comments with our marker, in a review of ours (so a
        // person's comment that quotes a marker is never taken for ours), and which have replies.
        var ourReviews = reviews.Where(r => r.Body.Contains(CommentMarker.Review, StringComparison.Ordinal)
                || r.Body.Contains(CommentMarker.SupersededReview, StringComparison.Ordinal))
            .Select(r => r.Id).ToHashSet();
        var replied = comments.Select(c => c.InReplyToId).OfType<long>().ToHashSet();
        var ours = comments
            .Where(c => c.InReplyToId is null && (c.ReviewId is not { } reviewId || ourReviews.Contains(reviewId)))
            .Select(c => (Comment: c, Fingerprint: CommentMarker.ReadFingerprint(c.Body, out _)))
            .Where(x => x.Fingerprint is not null)
            .OrderBy(x => x.Comment.Id)
            .ToList();

        var used = new HashSet<long>();
        var creates = ImmutableArray.CreateBuilder<PlannedComment>();
        var updates = ImmutableArray.CreateBuilder<(long, string)>();
        var keeps = ImmutableArray.CreateBuilder<long>();
        foreach (var finding in inline)
        {
            ruleById.TryGetValue(finding.RuleId, out var rule);
            var commentBody = ReviewText.InlineComment(finding, rule, copies[finding.Fingerprint]);
            var existing = ours.FirstOrDefault(x => x.Fingerprint == finding.Fingerprint && !used.Contains(x.Comment.Id)
                && x.Comment.Path == finding.File && x.Comment.Line == finding.Line).Comment;
            if (existing is null)
            {
                creates.Add(new PlannedComment(finding.File, finding.Line, commentBody, finding.Fingerprint));
                continue;
            }

            used.Add(existing.Id);
            if (existing.Body == commentBody)
            {
                keeps.Add(existing.Id);
            }
            else
            {
                updates.Add((existing.Id, commentBody));
            }
        }

        var deletes = ImmutableArray.CreateBuilder<long>();
        foreach (var (comment, fingerprint) in ours.Where(x => !used.Contains(x.Comment.Id)))
        {
            var fp = fingerprint ?? "";
            if (!replied.Contains(comment.Id))
            {
                deletes.Add(comment.Id); // fixed, moved, duplicated or now reported in the body
            }
            else if (activeSet.Contains(fp))
            {
                keeps.Add(comment.Id); // still a finding; the discussion stays as it is
            }
            else
            {
                var resolved = ReviewText.ResolvedComment(fp, options.HeadSha);
                CommentMarker.ReadFingerprint(comment.Body, out var alreadyResolved);
                if (alreadyResolved)
                {
                    keeps.Add(comment.Id);
                }
                else
                {
                    updates.Add((comment.Id, resolved));
                }
            }
        }

        var limited = options.Mode == CommentMode.Review && commentable.Count > inline.Count;
        string? reason = options.Mode == CommentMode.Summary ? null
            : limited ? Invariant($"outside the diff, or beyond the limit of {options.MaxInline} inline comments")
            : "not on lines GitHub shows in the diff";
        var content = new ReviewBodyContent(inline.Select(f => f.Severity).ToList(), bodyFindings, limited, reason,
            active.Count - reported.Count, ruleById, options.BlobUrl)
        {
            MinSeverity = options.Mode == CommentMode.Review ? options.MinSeverity : Severity.None,
            CopySeverities = [.. reported.Where(f => inlineKeys.Contains(FindingCopies.Key(f)) && !inline.Any(i => i.Fingerprint == f.Fingerprint)).Select(f => f.Severity)],
        };
        var body = ReviewText.ReviewBody(content);

        var current = reviews.Where(r => r.Body.Contains(CommentMarker.Review, StringComparison.Ordinal))
            .OrderBy(r => r.Id).ToList();
        NewReview? create = null;
        (long, string)? updateReview = null;
        var supersede = ImmutableArray.CreateBuilder<long>();
        if (creates.Count > 0 || (current.Count == 0 && reported.Count > 0))
        {
            var created = inline.Where(f => creates.Any(c => c.Fingerprint == f.Fingerprint)).Select(FindingCopies.Key).ToHashSet(StringComparer.Ordinal);
            var fallback = ReviewText.ReviewBody(content with
            {
                InlineSeverities = [.. inline.Where(f => !created.Contains(FindingCopies.Key(f))).Select(f => f.Severity)],
                CopySeverities = [.. reported.Where(f => inlineKeys.Contains(FindingCopies.Key(f)) && !created.Contains(FindingCopies.Key(f)) && !inline.Any(i => i.Fingerprint == f.Fingerprint)).Select(f => f.Severity)],
                BodyFindings = FindingOrder.MostSevereFirst(bodyFindings.Concat(reported.Where(f => created.Contains(FindingCopies.Key(f))))).ToList(),
                Reason = "GitHub did not accept the inline comments for this commit",
            });
            create = new NewReview(body, creates.ToImmutable(), fallback);
            supersede.AddRange(current.Select(r => r.Id));
        }
        else if (current.Count > 0)
        {
            var latest = current[^1];
            if (latest.Body != body)
            {
                updateReview = (latest.Id, body);
            }

            supersede.AddRange(current.Take(current.Count - 1).Select(r => r.Id));
        }

        return new ReviewPlan
        {
            Create = create,
            UpdateReview = updateReview,
            SupersedeReviews = supersede.ToImmutable(),
            UpdateComments = updates.ToImmutable(),
            DeleteComments = deletes.ToImmutable(),
            KeepComments = keeps.ToImmutable(),
            InlineCount = inline.Count,
            BodyCount = bodyFindings.Count,
        };
    }

    /// <summary>Whether the filter mode lets a finding into the review.</summary>
    internal static bool Passes(Finding finding, DiffMap diff, FilterMode filter) => filter switch
    {
        FilterMode.Added => diff.Kind(finding.File, finding.Line) == DiffLineKind.Added,
        FilterMode.DiffContext => diff.Kind(finding.File, finding.Line) != DiffLineKind.None,
        FilterMode.File => diff.IsChanged(finding.File),
        _ => true,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
