// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using OAuthGuard.Findings;
using OAuthGuard.GitHub.Actions;
using OAuthGuard.GitHub.Review;

namespace OAuthGuard.GitHub.Tests;

/// <summary>
/// comment-min-severity keeps notes out of inline comments (one line per app in the body), and
/// copies of one app in several package folders get one comment or row naming the others.
/// </summary>
public sealed class QuietReviewTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string Copy = "mdapi/connectedApps/Billing.connectedApp";
    private static readonly DiffMap Diff = DiffMap.Build([(TestData.Billing, "modified", TestData.BillingPatch), (TestData.Portal, "modified", TestData.PortalPatch)]);

    // Two notes and a critical finding, all on lines of the diff.
    private static readonly Finding FlowNote = TestData.Finding("SFOAUTH005", Severity.Note, "Billing", TestData.Billing, 10, "oauthConfig/isCodeCredentialEnabled", "Flow not enabled.");
    private static readonly Finding RefreshNote = TestData.Finding("SFOAUTH002", Severity.Note, "Billing", TestData.Billing, 11, "oauthConfig/isSecretRequiredForRefreshToken", "Refresh secret not set explicitly.");
    private static readonly Finding LowFinding = TestData.Finding("SFOAUTH005", Severity.Low, "Billing", TestData.Billing, 8, "oauthConfig/isConsumerSecretOptional", "Public client sends a secret.");

    private static ReviewPlan Plan(IEnumerable<Finding> findings, Severity min = Severity.Low, CommentMode mode = CommentMode.Review) =>
        ReviewPlanner.Plan(findings, TestData.Rules, Diff, [], [], new ReviewOptions(mode, FilterMode.DiffContext, 20, Sha, null, min));

    [Fact]
    public void Notes_are_not_commented_inline_by_default_and_are_one_line_per_app_in_the_body()
    {
        var plan = Plan([TestData.WebServerSecret, FlowNote, RefreshNote, LowFinding]);
        var create = Assert.IsType<NewReview>(plan.Create);
        Assert.Equal([9, 8], create.Comments.Select(c => c.Line));
        var lines = create.Body.Split('\n');
        var billing = Assert.Single(lines, l => l.StartsWith("- `Billing`", StringComparison.Ordinal));
        Assert.Contains("`SFOAUTH002` (note", billing);
        Assert.Contains("`SFOAUTH005` (note", billing);
        Assert.Contains("Below `low`, not commented inline (one line per app):", create.Body);
        Assert.Equal(2, plan.BodyCount);
    }

    [Theory]
    [InlineData(Severity.Note, 4)]
    [InlineData(Severity.Low, 2)]
    [InlineData(Severity.Medium, 1)]
    [InlineData(Severity.Critical, 1)]
    public void The_threshold_decides_what_is_commented_inline(Severity min, int inline)
    {
        var plan = Plan([TestData.WebServerSecret, FlowNote, RefreshNote, LowFinding], min);
        Assert.Equal(inline, plan.InlineCount);
        Assert.Equal(4 - inline, plan.BodyCount);
    }

    [Fact]
    public void Summary_mode_lists_every_finding_in_the_table()
    {
        var plan = Plan([TestData.WebServerSecret, FlowNote], mode: CommentMode.Summary);
        var body = Assert.IsType<NewReview>(plan.Create).Body;
        Assert.DoesNotContain("one line per app", body);
        Assert.Contains("| Note | `SFOAUTH005`", body);
    }

    [Fact]
    public void Copies_of_an_app_get_one_inline_comment_naming_the_others()
    {
        var copy = TestData.WebServerSecret with { File = TestData.Portal, Line = 3, Fingerprint = "copy-in-portal-file" };
        var elsewhere = TestData.WebServerSecret with { File = Copy, Line = 9, Fingerprint = "copy-outside-diff" };
        var plan = ReviewPlanner.Plan([TestData.WebServerSecret, copy, elsewhere], TestData.Rules, Diff, [], [],
            new ReviewOptions(CommentMode.Review, FilterMode.NoFilter, 20, Sha, null));
        var create = Assert.IsType<NewReview>(plan.Create);
        var comment = Assert.Single(create.Comments);
        Assert.Contains("The app is also in 2 other copies: `force-app/main/default/connectedApps/Portal.connectedApp-meta.xml:3`, `mdapi/connectedApps/Billing.connectedApp:9`.", comment.Body);
        Assert.Equal(0, plan.BodyCount);
        Assert.Contains("3 findings reported for this pull request (3 critical)", create.Body);
        Assert.Contains("2 more findings on copies of the same apps in other folders are named in those comments.", create.Body);
    }

    [Fact]
    public void Job_summary_groups_copies_and_lists_notes_one_line_per_app()
    {
        var copy = TestData.WebServerSecret with { File = Copy, Fingerprint = "copy" };
        var noteCopy = FlowNote with { File = Copy, Fingerprint = "note-copy" };
        var summary = JobSummaryWriter.Write(TestData.Result(TestData.WebServerSecret, copy, FlowNote, RefreshNote, noteCopy), new SummaryContext(Severity.High, null, 0, ImmutableArray<string>.Empty));
        var rows = summary.Split('\n').Where(l => l.StartsWith("| Critical | `SFOAUTH001`", StringComparison.Ordinal)).ToList();
        var row = Assert.Single(rows);
        Assert.Contains("(also in 1 other copy: `mdapi/connectedApps/Billing.connectedApp:9`)", row);
        var billing = Assert.Single(summary.Split('\n'), l => l.StartsWith("- `Billing`", StringComparison.Ordinal));
        Assert.Contains("`SFOAUTH005` (note, `force-app/main/default/connectedApps/Billing.connectedApp-meta.xml:10` (also in 1 other copy: `mdapi/connectedApps/Billing.connectedApp:10`))", billing);
        Assert.Contains("`SFOAUTH002` (note", billing);
        Assert.DoesNotContain("| Note | `SFOAUTH", summary);
    }
}
