// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.Findings;
using OAuthGuard.GitHub.Actions;
using OAuthGuard.GitHub.Review;

namespace OAuthGuard.GitHub.Tests;

public sealed class ReviewPlannerTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private static readonly DiffMap Diff = DiffMap.Build([(TestData.Billing, "modified", TestData.BillingPatch), (TestData.Portal, "modified", TestData.PortalPatch)]);

    private static ReviewOptions Options(CommentMode mode = CommentMode.Review, FilterMode filter = FilterMode.DiffContext, int max = 20) =>
        new(mode, filter, max, Sha, "https://github.com/octo-org/salesforce-app/blob/" + Sha);

    private static ReviewPlan Plan(IEnumerable<Finding> findings, IReadOnlyList<ExistingComment>? comments = null, IReadOnlyList<ExistingReview>? reviews = null, ReviewOptions? options = null) =>
        ReviewPlanner.Plan(findings, TestData.Rules, Diff, comments ?? [], reviews ?? [], options ?? Options());

    private static ExistingComment Posted(Finding f, long id, int? line = null, string? body = null) =>
        new(id, f.File, line ?? f.Line, body ?? ReviewText.InlineComment(f, TestData.Rules.Single(r => r.Id == f.RuleId)), null);

    [Fact]
    public void First_run_creates_one_review_with_inline_comments_most_severe_first()
    {
        var plan = Plan(TestData.All.Findings);
        var create = Assert.IsType<NewReview>(plan.Create);
        Assert.Equal([9, 12, 7], create.Comments.Select(c => c.Line));
        Assert.All(create.Comments, c => Assert.EndsWith(CommentMarker.ForFingerprint(c.Fingerprint), c.Body));
        Assert.Contains(CommentMarker.Review, create.Body);
        Assert.True(plan.DeleteComments.IsEmpty);
    }

    [Theory]
    [InlineData(FilterMode.Added, new[] { 9, 12 }, 0)]
    [InlineData(FilterMode.DiffContext, new[] { 9, 12, 7 }, 0)]
    [InlineData(FilterMode.File, new[] { 9, 12, 7 }, 1)]
    [InlineData(FilterMode.NoFilter, new[] { 9, 12, 7 }, 2)]
    public void Filter_modes_choose_what_the_review_reports(FilterMode filter, int[] inlineLines, int bodyCount)
    {
        var plan = Plan(TestData.All.Findings, options: Options(filter: filter));
        Assert.Equal(inlineLines, plan.Create?.Comments.Select(c => c.Line) ?? []);
        Assert.Equal(bodyCount, plan.BodyCount);
    }

    [Fact]
    public void Inline_limit_keeps_the_most_severe_and_lists_the_rest_in_the_body()
    {
        var plan = Plan(TestData.All.Findings, options: Options(max: 1));
        Assert.Equal([9], plan.Create?.Comments.Select(c => c.Line) ?? []);
        Assert.Equal(2, plan.BodyCount);
        Assert.Contains("beyond the limit of 1 inline comments", plan.Create?.Body);
    }

    [Fact]
    public void Summary_mode_posts_no_inline_comments_and_removes_old_ones()
    {
        var old = Posted(TestData.WebServerSecret, 1);
        var plan = Plan(TestData.All.Findings, [old], options: Options(CommentMode.Summary));
        Assert.Empty(plan.Create?.Comments ?? []);
        Assert.Equal(3, plan.BodyCount);
        Assert.Equal([1L], plan.DeleteComments.ToArray());
    }

    [Fact]
    public void Rerun_with_the_same_findings_changes_nothing()
    {
        var first = Plan(TestData.All.Findings);
        var comments = first.Create!.Comments.Select((c, i) => new ExistingComment(100 + i, c.Path, c.Line, c.Body, null)).ToList();
        var reviews = new List<ExistingReview> { new(50, first.Create.Body) };
        var second = Plan(TestData.All.Findings, comments, reviews);
        Assert.True(second.IsEmpty);
        Assert.Equal([100L, 101L, 102L], second.KeepComments.Order().ToArray());
    }

    [Fact]
    public void Changed_text_is_edited_in_place_and_moved_finding_is_reposted()
    {
        var changed = TestData.RefreshSecret with { Message = "Now a different message." };
        var moved = TestData.CallbackHttp with { Line = 8 };
        var comments = new[] { Posted(TestData.WebServerSecret, 1), Posted(TestData.RefreshSecret, 2), Posted(TestData.CallbackHttp, 3) };
        var plan = Plan([TestData.WebServerSecret, changed, moved], comments, [new ExistingReview(50, "old " + CommentMarker.Review)]);
        Assert.Equal([2L], plan.UpdateComments.Select(u => u.Id));
        Assert.Equal([3L], plan.DeleteComments.ToArray());
        Assert.Equal([8], plan.Create?.Comments.Select(c => c.Line) ?? []);
        Assert.Equal([50L], plan.SupersedeReviews.ToArray());
    }

    [Fact]
    public void Fixed_finding_is_deleted_unless_someone_replied_then_marked_resolved_once()
    {
        var comments = new List<ExistingComment>
        {
            Posted(TestData.WebServerSecret, 1),
            Posted(TestData.RefreshSecret, 2),
            new(3, TestData.Billing, 12, "We need this for the legacy client.", 2),
        };
        var plan = Plan([TestData.CallbackHttp], comments, [new ExistingReview(50, CommentMarker.Review)]);
        Assert.Equal([1L], plan.DeleteComments.ToArray());
        var (id, body) = Assert.Single(plan.UpdateComments);
        Assert.Equal(2, id);
        Assert.Contains("**Resolved**", body);

        comments[1] = comments[1] with { Body = body };
        var again = Plan([TestData.CallbackHttp], [.. comments.Where(c => c.Id != 1), Posted(TestData.CallbackHttp, 4)], [new ExistingReview(50, plan.UpdateReview?.Body ?? plan.Create?.Body ?? "")]);
        Assert.True(again.IsEmpty);
        Assert.Contains(2L, again.KeepComments.ToArray());
    }

    [Fact]
    public void Comments_of_others_and_replies_are_never_touched()
    {
        var comments = new[]
        {
            new ExistingComment(7, TestData.Billing, 9, "Looks risky to me.", null),
            new ExistingComment(8, TestData.Billing, 9, "quoting: <!-- oauthguard:fingerprint=x -->", 7),
        };
        var plan = Plan([], comments);
        Assert.True(plan.IsEmpty);
        Assert.Null(plan.Create);
    }

    [Fact]
    public void No_findings_and_no_earlier_review_posts_nothing_but_an_earlier_review_is_updated()
    {
        Assert.True(Plan([TestData.UnchangedFile]).IsEmpty);
        var plan = Plan([], reviews: [new ExistingReview(50, "3 findings " + CommentMarker.Review)]);
        Assert.Equal(50, plan.UpdateReview?.Id);
        Assert.Contains("No findings in the changes of this pull request.", plan.UpdateReview?.Body);
    }

    [Fact]
    public void Marked_comments_outside_our_reviews_are_not_ours()
    {
        var reviews = new[] { new ExistingReview(50, CommentMarker.Review), new ExistingReview(60, "a person's review") };
        var plan = Plan([], [Posted(TestData.WebServerSecret, 1) with { ReviewId = 50 }, Posted(TestData.RefreshSecret, 2) with { ReviewId = 60 }], reviews);
        Assert.Equal([1L], plan.DeleteComments.ToArray());
    }

    [Fact]
    public void Duplicate_comments_for_one_finding_are_collapsed()
    {
        var plan = Plan([TestData.WebServerSecret], [Posted(TestData.WebServerSecret, 1), Posted(TestData.WebServerSecret, 2)], [new ExistingReview(50, CommentMarker.Review)]);
        Assert.Equal([1L], plan.KeepComments.ToArray());
        Assert.Equal([2L], plan.DeleteComments.ToArray());
    }

    [Fact]
    public void Marker_round_trips_awkward_fingerprints()
    {
        foreach (var fp in new[] { "SFOAUTH001/Billing/oauthConfig", "a--b -->c;resolved", "ünïcode %41" })
        {
            Assert.Equal(fp, CommentMarker.ReadFingerprint("text\n\n" + CommentMarker.ForFingerprint(fp), out var resolved));
            Assert.False(resolved);
            Assert.DoesNotContain("--", CommentMarker.ForFingerprint(fp)[4..^3]);
            Assert.Equal(fp, CommentMarker.ReadFingerprint(CommentMarker.ForFingerprint(fp, resolved: true), out resolved));
            Assert.True(resolved);
        }

        Assert.Null(CommentMarker.ReadFingerprint("no marker", out _));
    }

    [Fact]
    public void Review_texts_match_golden_files()
    {
        var plan = Plan(TestData.All.Findings, options: Options(filter: FilterMode.NoFilter, max: 2));
        Golden.Verify("review-body.md", plan.Create?.Body ?? "");
        Golden.Verify("review-body-fallback.md", plan.Create?.FallbackBody ?? "");
        Golden.Verify("inline-comment.md", plan.Create?.Comments[0].Body ?? "");
        Golden.Verify("review-resolved.md", ReviewText.ResolvedComment(TestData.RefreshSecret.Fingerprint, Sha));
    }
}
