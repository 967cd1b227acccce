// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using OAuthGuard.Findings;
using OAuthGuard.GitHub.Review;
using OAuthGuard.GitHub.Tests.Fakes;

namespace OAuthGuard.GitHub.Tests;

/// <summary>
/// The action end to end, in-process, against the loopback GitHub: these tests assert the requests
/// made and the state left on the pull request, not only the exit code.
/// </summary>
public sealed class ActionRunnerTests : IDisposable
{
    private readonly FakeGitHub _github;
    private readonly ActionHarness _action;

    public ActionRunnerTests()
    {
        _github = new FakeGitHub();
        _github.Files.Add((TestData.Billing, "modified", TestData.BillingPatch));
        _github.Files.Add((TestData.Portal, "modified", TestData.PortalPatch));
        _github.Files.Add(("README.md", "modified", "@@ -1 +1 @@\n-a\n+b"));
        _action = new ActionHarness(_github);
    }

    public void Dispose()
    {
        _action.Dispose();
        _github.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static ScanResult Without(params Finding[] gone) =>
        TestData.All with { Findings = [.. TestData.All.Findings.Where(f => !gone.Contains(f))] };

    [Fact]
    public async Task Three_runs_leave_one_review_and_no_duplicate_comment()
    {
        for (var run = 1; run <= 3; run++)
        {
            var before = _github.Requests.Count;
            var result = await _action.RunAsync(TestData.All);
            Assert.Equal(1, result.ExitCode); // criticals at or above the default fail-on (high)
            var writes = _github.Requests.Skip(before).Where(r => r.Method != "GET").ToList();
            if (run == 1)
            {
                var post = Assert.Single(writes);
                Assert.Equal("POST", post.Method);
                Assert.EndsWith("/pulls/7/reviews", post.Path);
                var body = JsonNode.Parse(post.Body)!;
                Assert.Equal("COMMENT", body["event"]!.GetValue<string>());
                Assert.Equal(_github.HeadSha, body["commit_id"]!.GetValue<string>());
                Assert.Equal([9, 12, 7], body["comments"]!.AsArray().Select(c => c!["line"]!.GetValue<int>()));
            }
            else
            {
                Assert.Empty(writes);
                Assert.Contains("nothing changed", result.Log);
            }
        }

        Assert.Single(_github.Reviews);
        Assert.Equal(3, _github.Comments.Count);
        Assert.Equal(3, _github.Comments.Select(c => CommentMarker.ReadFingerprint(c.Body, out _)).Distinct().Count());
        // Lists were read page by page (page size 2): three files and three comments need two pages each.
        Assert.Contains(_github.Requests, r => r.PathAndQuery.EndsWith("/pulls/7/files?per_page=2&page=2", StringComparison.Ordinal));
        Assert.Contains(_github.Requests, r => r.PathAndQuery.EndsWith("/pulls/7/comments?per_page=2&page=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fixed_finding_comment_is_deleted_and_review_body_edited()
    {
        await _action.RunAsync(TestData.All);
        var fixedComment = _github.Comments.Single(c => c.Line == 9);
        var reviewId = _github.Reviews.Single().Id;
        var before = _github.Requests.Count;

        var second = await _action.RunAsync(Without(TestData.WebServerSecret));

        var writes = _github.Requests.Skip(before).Where(r => r.Method != "GET").Select(r => r.ToString()).ToList();
        Assert.Equal(
        [
            "PUT /repos/octo-org/salesforce-app/pulls/7/reviews/" + reviewId,
            "DELETE /repos/octo-org/salesforce-app/pulls/comments/" + fixedComment.Id,
        ], writes);
        Assert.DoesNotContain(_github.Comments, c => c.Id == fixedComment.Id);
        Assert.Equal(2, _github.Comments.Count);
        Assert.Contains("2 findings reported", _github.Reviews.Single().Body);
        Assert.Equal(1, second.ExitCode);
    }

    [Fact]
    public async Task Replied_comment_is_kept_and_marked_resolved_once()
    {
        await _action.RunAsync(TestData.All);
        var discussed = _github.Comments.Single(c => c.Line == 9);
        _github.Reply(discussed.Id, "This is intentional for the legacy integration.");

        await _action.RunAsync(Without(TestData.WebServerSecret));
        var kept = Assert.Single(_github.Comments, c => c.Id == discussed.Id);
        Assert.Contains("**Resolved**", kept.Body);
        Assert.DoesNotContain(_github.Requests, r => r.Method == "DELETE");

        var before = _github.Requests.Count;
        await _action.RunAsync(Without(TestData.WebServerSecret));
        Assert.DoesNotContain(_github.Requests.Skip(before), r => r.Method != "GET");
        Assert.Equal(4, _github.Comments.Count); // three of ours (one resolved) and the reply
    }

    [Fact]
    public async Task A_persons_comment_that_quotes_a_marker_is_never_touched()
    {
        await _action.RunAsync(TestData.All);
        var ours = _github.Comments.Single(c => c.Line == 9);
        var human = _github.HumanComment(TestData.Billing, 9, "Copied from the bot:\n\n" + ours.Body);

        await _action.RunAsync(Without(TestData.WebServerSecret));

        Assert.DoesNotContain(_github.Comments, c => c.Id == ours.Id);
        Assert.Contains(_github.Comments, c => c.Id == human.Id && c.Body.StartsWith("Copied", StringComparison.Ordinal));
        Assert.DoesNotContain(_github.Requests, r => r.Path.EndsWith("/comments/" + human.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_foreign_review_imitating_ours_with_markers_is_never_edited_or_deleted()
    {
        // Issue 11: another user posts a review whose body carries our review marker, with an inline comment that
        // carries the fingerprint of a finding that will be fixed; we must neither edit nor delete nor supersede it.
        await _action.RunAsync(TestData.All);
        var ours = _github.Comments.Single(c => c.Line == 9);
        var (review, comment) = _github.ForeignMarkedReview("mallory", TestData.Billing, 9, "Looks fine\n" + CommentMarker.Review, ours.Body);
        var reviewBody = review.Body;

        var run = await _action.RunAsync(Without(TestData.WebServerSecret));

        Assert.Contains("acting as github-actions[bot]", run.Log, StringComparison.Ordinal);
        Assert.Equal(reviewBody, review.Body);
        Assert.Contains(_github.Comments, c => c.Id == comment.Id && c.Body == ours.Body);
        Assert.DoesNotContain(_github.Comments, c => c.Id == ours.Id);
        Assert.DoesNotContain(_github.Writes, r => r.Path.EndsWith("/" + review.Id, StringComparison.Ordinal) || r.Path.EndsWith("/" + comment.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_token_that_may_read_its_user_only_that_users_reviews_are_ours()
    {
        // A personal token acting as "octo-bot": the workflow bot's old reviews are someone else's now.
        await _action.RunAsync(TestData.All);
        var botReview = _github.Reviews.Single();
        var botBody = botReview.Body;
        _github.AuthenticatedUser = "octo-bot";
        _github.TokenLogin = "octo-bot";

        var run = await _action.RunAsync(Without(TestData.WebServerSecret));

        Assert.Contains("acting as octo-bot (GET /user)", run.Log, StringComparison.Ordinal);
        Assert.Equal(botBody, botReview.Body);
        Assert.Equal(3, _github.Comments.Count(c => c.User == "github-actions[bot]"));
        Assert.DoesNotContain(_github.Writes, r => r.Method is "PATCH" or "DELETE" or "PUT");
    }

    [Fact]
    public async Task When_the_created_review_shows_another_identity_nothing_else_is_touched()
    {
        // The token is an app's (no GET /user), so the assumed workflow identity is wrong: the first review GitHub
        // returns names the real author, and the workflow bot's older review is left alone.
        await _action.RunAsync(TestData.All with { Findings = [TestData.WebServerSecret] });
        var before = _github.Requests.Count;
        _github.TokenLogin = "my-app[bot]";

        var run = await _action.RunAsync(Without(TestData.WebServerSecret));

        Assert.Contains("was posted as my-app[bot], not github-actions[bot]", run.Log, StringComparison.Ordinal);
        var writes = _github.Requests.Skip(before).Where(r => r.Method != "GET").ToList();
        Assert.Equal("POST", Assert.Single(writes).Method);
    }

    [Fact]
    public async Task Changed_message_edits_only_that_comment()
    {
        await _action.RunAsync(TestData.All);
        var target = _github.Comments.Single(c => c.Line == 12);
        var before = _github.Requests.Count;
        var changed = TestData.All with
        {
            Findings = [.. TestData.All.Findings.Select(f => f == TestData.RefreshSecret ? f with { Message = "Refresh tokens now expire after 90 days, but the secret is still optional." } : f)],
        };

        await _action.RunAsync(changed);

        var write = Assert.Single(_github.Requests.Skip(before), r => r.Method != "GET");
        Assert.Equal("PATCH /repos/octo-org/salesforce-app/pulls/comments/" + target.Id, write.ToString());
        Assert.Contains("90 days", target.Body);
    }

    [Fact]
    public async Task Read_only_token_degrades_to_annotations_and_summary()
    {
        _github.ReadOnly = true;
        _action.Env["GITHUB_EVENT_PATH"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pull_request.fork.json");

        var result = await _action.RunAsync(TestData.All);

        Assert.Equal(1, result.ExitCode); // decided by fail-on alone
        Assert.Contains("::error file=force-app/main/default/connectedApps/Billing.connectedApp-meta.xml,line=9", result.Log);
        Assert.Contains("::warning title=OAuthGuard review::No pull request review was posted", result.Log);
        Assert.Contains("Resource not accessible by integration", result.Summary);
        Assert.Contains("two-workflow pattern", result.Summary);
        Assert.Contains("total=5", result.Outputs);
        Assert.Empty(_github.Reviews);

        _action.Env["INPUT_FAIL-ON"] = "none";
        Assert.Equal(0, (await _action.RunAsync(TestData.All)).ExitCode);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task Secondary_rate_limit_is_waited_out(int status)
    {
        _github.RateLimitStatus = status;
        _github.RateLimitNext = 1;
        var result = await _action.RunAsync(TestData.All);
        Assert.Equal([TimeSpan.FromSeconds(3)], _action.Delays);
        Assert.Single(_github.Reviews);
        Assert.DoesNotContain("No pull request review", result.Log);
    }

    [Fact]
    public async Task Persistent_server_errors_give_up_with_a_message_and_the_step_result_is_unchanged()
    {
        _github.FailNext = 1000;
        _action.Env["INPUT_FAIL-ON"] = "critical";
        var result = await _action.RunAsync(Without(TestData.WebServerSecret, TestData.RefreshSecret));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(8, _github.Requests.Count); // reading the base, then the review: one call each, four attempts each
        Assert.Equal(6, _action.Delays.Count);
        Assert.Contains("answered 502", result.Summary);
        Assert.Contains("The base commit could not be read through GitHub's API", result.Summary);
    }

    [Fact]
    public async Task Rejected_inline_comments_are_moved_to_the_review_body()
    {
        _github.RejectNextInlineReview = true;
        var result = await _action.RunAsync(TestData.All);
        var posts = _github.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, posts.Count);
        Assert.Empty(JsonNode.Parse(posts[1].Body)!["comments"]!.AsArray());
        var review = Assert.Single(_github.Reviews);
        Assert.Contains("GitHub did not accept the inline comments", review.Body);
        Assert.Contains("Billing.connectedApp-meta.xml:9", review.Body);
        Assert.Empty(_github.Comments);
        Assert.Contains("posting them in the review body instead", result.Log);
    }

    [Fact]
    public async Task Inline_limit_and_findings_outside_the_diff_go_to_the_body()
    {
        _action.Env["INPUT_MAX-COMMENTS"] = "1";
        _action.Env["INPUT_FILTER-MODE"] = "nofilter";
        await _action.RunAsync(TestData.All);
        var comment = Assert.Single(_github.Comments);
        Assert.Equal(9, comment.Line);
        var body = _github.Reviews.Single().Body;
        Assert.Contains("beyond the limit of 1 inline comments", body);
        Assert.Contains("Partner.ecaGlblOauth-meta.xml:1", body);
        Assert.DoesNotContain(_github.Requests, r => r.Method == "POST" && r.Body.Contains("\"line\":1,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("push", "push.json")]
    [InlineData("workflow_dispatch", "workflow_dispatch.json")]
    public async Task Events_without_a_pull_request_still_annotate_summarise_and_output(string eventName, string fixture)
    {
        _action.Env["GITHUB_EVENT_NAME"] = eventName;
        _action.Env["GITHUB_EVENT_PATH"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture);
        _action.Env["INPUT_SARIF-FILE"] = "reports/oauthguard.sarif";
        var result = await _action.RunAsync(TestData.All);

        // A push only reads its base (compare API); nothing is written.
        Assert.All(_github.Requests, r => Assert.StartsWith("GET /repos/octo-org/salesforce-app/compare/", r.ToString(), StringComparison.Ordinal));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the '" + eventName + "' event has no pull request", result.Log);
        Assert.Contains("::error file=", result.Log);
        Assert.Contains("## OAuthGuard", result.Summary);
        Assert.Contains("/blob/fedcba9876543210fedcba9876543210fedcba98/", result.Summary);
        Assert.Contains("sarif-file=reports/oauthguard.sarif\n", result.Outputs);
        Assert.NotNull(result.Sarif);
        Assert.DoesNotContain("::set-output", result.Log);
    }

    [Fact]
    public async Task Scan_request_resolves_inputs_against_the_workspace()
    {
        _action.Env["INPUT_PATH"] = "force-app";
        _action.Env["INPUT_CONFIG"] = ".oauthguard.yml";
        _action.Env["INPUT_POLICY-FOLDERS"] = "policies/a\npolicies/b";
        _action.Env["INPUT_ENGINE"] = "embedded";
        _action.Env["INPUT_COMMENT-MODE"] = "off";
        await _action.RunAsync(TestData.Result());
        var request = Assert.Single(_action.ScanRequests);
        Assert.Equal(Path.Combine(_action.Workspace, "force-app"), request.Path);
        Assert.Equal(Path.Combine(_action.Workspace, ".oauthguard.yml"), request.ConfigFile);
        Assert.Equal([Path.Combine(_action.Workspace, "policies/a"), Path.Combine(_action.Workspace, "policies/b")], request.PolicyDirectories);
        Assert.Equal("embedded", request.Engine);
        Assert.Null(request.FailOn); // left to the configuration file
        Assert.Equal(_action.Workspace, request.WorkingDirectory);
        // The pull request's base is read (GET only) whatever the comment mode; nothing is written.
        Assert.NotNull(request.Base);
        Assert.DoesNotContain(_github.Requests, r => r.Method != "GET");
    }

    [Fact]
    public async Task Paths_from_a_subfolder_scan_are_made_relative_to_the_repository()
    {
        const string Inner = "main/default/connectedApps/Billing.connectedApp-meta.xml";
        _action.Env["INPUT_PATH"] = "force-app/";
        var inner = TestData.Result(TestData.WebServerSecret with { File = Inner }) with { Notifications = [] };

        var result = await _action.RunAsync(inner);

        Assert.Contains("::error file=" + TestData.Billing + ",line=9", result.Log);
        var comment = Assert.Single(_github.Comments);
        Assert.Equal(TestData.Billing, comment.Path);
        Assert.Equal("{\"version\":\"2.1.0\",\"files\":[\"" + TestData.Billing + "\"]}", result.Sarif);
    }

    [Fact]
    public void Rebase_prefixes_findings_suppressions_and_notifications()
    {
        Assert.Equal("", Actions.WorkspacePaths.Prefix("/w", "/w/"));
        Assert.Equal("a/b/", Actions.WorkspacePaths.Prefix("/w", "/w/a/b"));
        Assert.Null(Actions.WorkspacePaths.Prefix("/w", "/elsewhere"));
        var rebased = Actions.WorkspacePaths.Rebase(TestData.All, "sf/");
        Assert.All(rebased.Findings, f => Assert.StartsWith("sf/force-app/", f.File, StringComparison.Ordinal));
        Assert.Equal("sf/" + TestData.Portal + ":2", rebased.Findings.Single(f => f.IsSuppressed).Suppression?.Location);
        Assert.Equal("sf/force-app/main/default/connectedApps/Broken.connectedApp-meta.xml", rebased.Notifications[0].File);
        Assert.Equal(TestData.All.Findings.Select(f => f.Fingerprint), rebased.Findings.Select(f => f.Fingerprint));
        var withFixed = TestData.All with { Absent = [TestData.WebServerSecret with { BaselineState = BaselineState.Absent }] };
        Assert.Equal("sf/" + TestData.Billing, Assert.Single(Actions.WorkspacePaths.Rebase(withFixed, "sf/").Absent).File);
    }

    [Fact]
    public async Task Bad_inputs_exit_2_before_scanning()
    {
        _action.Env["INPUT_FAIL-ON"] = "severe";
        var result = await _action.RunAsync(TestData.All);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("::error title=OAuthGuard input::input 'fail-on': 'severe' is not one of", result.Log);
        Assert.Empty(_action.ScanRequests);
    }

    [Fact]
    public async Task Annotations_off_writes_none()
    {
        _action.Env["INPUT_ANNOTATIONS"] = "false";
        _action.Env["INPUT_COMMENT-MODE"] = "off";
        var result = await _action.RunAsync(TestData.All);
        Assert.DoesNotContain("::error file=", result.Log);
        Assert.Contains("comment-mode is off", result.Log);
    }

    [Fact]
    public async Task Fork_safe_pattern_scans_read_only_then_publishes_from_workflow_run()
    {
        // Workflow 1: pull_request from a fork, read-only token, results handed over as a file.
        _github.ReadOnly = true;
        _action.Env["GITHUB_EVENT_PATH"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pull_request.fork.json");
        _action.Env["INPUT_RESULTS-FILE"] = "oauthguard-results/results.json";
        _action.Env["INPUT_COMMENT-MODE"] = "off";
        var scan = await _action.RunAsync(TestData.All);
        Assert.Equal(1, scan.ExitCode);
        Assert.DoesNotContain(_github.Requests, r => r.Method != "GET"); // the base is read; nothing is written
        Assert.DoesNotContain(_github.Requests, r => r.Path.EndsWith("/reviews", StringComparison.Ordinal));
        var handOver = Path.Combine(_action.Workspace, "oauthguard-results/results.json");
        Assert.True(File.Exists(handOver));

        // Workflow 2: workflow_run with a write token; no scan, the review comes from the file.
        _github.ReadOnly = false;
        _action.Env.Remove("INPUT_RESULTS-FILE");
        _action.Env.Remove("INPUT_COMMENT-MODE");
        _action.Env["GITHUB_EVENT_NAME"] = "workflow_run";
        _action.Env["GITHUB_EVENT_PATH"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "workflow_run.json");
        _action.Env["INPUT_FROM-RESULTS"] = "oauthguard-results/results.json";
        _action.ScanRequests.Clear();
        var publish = await _action.RunAsync(TestData.Result());

        Assert.Empty(_action.ScanRequests);
        Assert.Equal(1, publish.ExitCode);
        Assert.Contains(_github.Requests, r => r.ToString() == "GET /repos/octo-org/salesforce-app/pulls/7");
        Assert.Single(_github.Reviews);
        Assert.Equal(3, _github.Comments.Count);
    }

    [Fact]
    public async Task Workflow_run_refuses_results_for_another_commit()
    {
        _action.Env["INPUT_RESULTS-FILE"] = "results.json";
        _action.Env["INPUT_COMMENT-MODE"] = "off";
        await _action.RunAsync(TestData.All);

        _github.HeadSha = "9999999999999999999999999999999999999999"; // the pull request moved on
        _action.Env.Remove("INPUT_RESULTS-FILE");
        _action.Env.Remove("INPUT_COMMENT-MODE");
        _action.Env["GITHUB_EVENT_NAME"] = "workflow_run";
        _action.Env["GITHUB_EVENT_PATH"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "workflow_run.json");
        _action.Env["INPUT_FROM-RESULTS"] = "results.json";
        var publish = await _action.RunAsync(TestData.Result());

        Assert.Empty(_github.Reviews);
        Assert.Contains("now at another commit than the one scanned", publish.Summary);
        Assert.DoesNotContain(_github.Requests, r => r.Method != "GET");
    }

    [Fact]
    public async Task Unreadable_results_file_names_the_file_and_exits_2()
    {
        File.WriteAllText(Path.Combine(_action.Workspace, "bad.json"), "{\n  \"format\": 3,");
        _action.Env["INPUT_FROM-RESULTS"] = "bad.json";
        var result = await _action.RunAsync(TestData.All);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.json:", result.Log);
        Assert.Empty(_github.Requests);
    }

    [Fact]
    public async Task Results_file_round_trips_the_scan_result()
    {
        _action.Env["INPUT_RESULTS-FILE"] = "r.json";
        _action.Env["INPUT_COMMENT-MODE"] = "off";
        await _action.RunAsync(TestData.All);
        var json = File.ReadAllText(Path.Combine(_action.Workspace, "r.json"));
        var file = Actions.ResultsFile.Read(json, "r.json", out var error);
        Assert.Null(error);
        Assert.NotNull(file);
        Assert.Equal(7, file.PullRequest);
        Assert.Equal(TestData.All.Findings.Length, file.Result.Findings.Length);
        Assert.Equal(TestData.All.Findings.Select(f => f.ToString()), file.Result.Findings.Select(f => f.ToString()).ToArray());
        Assert.Contains("\"severity\": \"Critical\"", json);
    }

    [Fact]
    public async Task A_results_file_without_the_newer_fields_is_read_and_rendered()
    {
        // A results file written before "absent" and "apps" existed (or edited by hand) lacks them; reading it must
        // not leave default arrays behind that crash the summary (found by replaying the fuzzing corpus).
        _action.Env["INPUT_RESULTS-FILE"] = "r.json";
        _action.Env["INPUT_COMMENT-MODE"] = "off";
        await _action.RunAsync(TestData.All);
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(_action.Workspace, "r.json")))!.AsObject();
        var result = node["result"]!.AsObject();
        Assert.True(result.Remove("absent"));
        Assert.True(result.Remove("apps"));

        var file = Actions.ResultsFile.Read(node.ToJsonString(), "r.json", out var error);

        Assert.Null(error);
        Assert.NotNull(file);
        Assert.Empty(file.Result.Absent);
        Assert.Empty(file.Result.Apps);
        Assert.Contains("OAuthGuard", Actions.JobSummaryWriter.Write(file.Result, new Actions.SummaryContext(Severity.High, null, 0, [])), StringComparison.Ordinal);
    }
}
