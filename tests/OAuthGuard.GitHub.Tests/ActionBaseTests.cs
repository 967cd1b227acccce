// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Text;
using OAuthGuard.Findings;
using OAuthGuard.GitHub.Tests.Fakes;

namespace OAuthGuard.GitHub.Tests;

/// <summary>
/// Change-aware runs of the action: the base of a pull request or push read through the loopback
/// GitHub (changed files on every page, renames, contents at the base sha), the fallback when it
/// cannot be read, and reviews that comment only what the change introduced.
/// </summary>
public sealed class ActionBaseTests : IDisposable
{
    private const string BaseSha = "2222222222222222222222222222222222222222";
    private const string Renamed = "force-app/main/default/connectedApps/Billing_EU.connectedApp-meta.xml";
    private const string Old = "force-app/main/default/connectedApps/Billing_Old.connectedApp-meta.xml";
    private const string Added = "force-app/main/default/connectedApps/New_App.connectedApp-meta.xml";
    private const string Removed = "force-app/main/default/connectedApps/Gone.connectedApp-meta.xml";

    private readonly FakeGitHub _github = new();
    private readonly ActionHarness _action;

    public ActionBaseTests()
    {
        _github.Files.Add((TestData.Billing, "modified", TestData.BillingPatch));
        _github.Files.Add(("README.md", "modified", "@@ -1 +1 @@\n-a\n+b"));
        _github.Files.Add((Renamed, "renamed", null));
        _github.Files.Add((Added, "added", "@@ -0,0 +1 @@\n+<x/>"));
        _github.Files.Add((Removed, "removed", null));
        _github.Files.Add((".oauthguard.yml", "modified", "@@ -1 +1 @@\n-fail-on: high\n+fail-on: none"));
        _github.PreviousFilenames[Renamed] = Old;
        _github.Contents[(BaseSha, TestData.Billing)] = "<ConnectedApp>billing at base</ConnectedApp>";
        _github.Contents[(BaseSha, Old)] = "<ConnectedApp>old name</ConnectedApp>";
        _github.Contents[(BaseSha, Removed)] = "<ConnectedApp>gone</ConnectedApp>";
        _github.Contents[(BaseSha, ".oauthguard.yml")] = "fail-on: high\n";
        _action = new ActionHarness(_github);
    }

    public void Dispose()
    {
        _action.Dispose();
        _github.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Pull_request_base_comes_from_the_files_list_and_contents_at_the_base_sha()
    {
        _action.Env["INPUT_COMMENT-MODE"] = "off";

        await _action.RunAsync(TestData.Result());

        var request = Assert.Single(_action.ScanRequests);
        var comparison = Assert.IsType<Baselines.ComparisonBase>(request.Base);
        Assert.Equal(_action.Workspace, comparison.Root);
        Assert.Equal("github", comparison.Info.Kind);
        Assert.Equal("the base of pull request #7 (222222222222)", comparison.Info.Description);
        var files = comparison.Files.ToDictionary(p => p.Key, p => p.Value is null ? null : Encoding.UTF8.GetString(p.Value));
        Assert.Equal(
            new Dictionary<string, string?>
            {
                [".oauthguard.yml"] = "fail-on: high\n",
                [Added] = null,
                [TestData.Billing] = "<ConnectedApp>billing at base</ConnectedApp>",
                [Old] = "<ConnectedApp>old name</ConnectedApp>",
                [Removed] = "<ConnectedApp>gone</ConnectedApp>",
                [Renamed] = null,
            },
            files);
        Assert.Equal(new Dictionary<string, string> { [Renamed] = Old }, comparison.Renames);

        // Every page of the files list (3 pages of 2), then one contents request per base file, at the base sha; no README.
        Assert.Equal(
            [
                "GET /repos/octo-org/salesforce-app/pulls/7/files?per_page=100",
                "GET /repos/octo-org/salesforce-app/pulls/7/files?per_page=2&page=2",
                "GET /repos/octo-org/salesforce-app/pulls/7/files?per_page=2&page=3",
                "GET /repos/octo-org/salesforce-app/contents/.oauthguard.yml?ref=" + BaseSha,
                "GET /repos/octo-org/salesforce-app/contents/" + TestData.Billing + "?ref=" + BaseSha,
                "GET /repos/octo-org/salesforce-app/contents/" + Old + "?ref=" + BaseSha,
                "GET /repos/octo-org/salesforce-app/contents/" + Removed + "?ref=" + BaseSha,
            ],
            _github.Requests.Select(r => r.ToString()).ToList());
        Assert.All(_github.Requests, r => Assert.Equal("Bearer ghs_test_token", r.Authorization));
    }

    [Fact]
    public async Task Push_base_comes_from_the_compare_api_at_before()
    {
        _action.Env["GITHUB_EVENT_NAME"] = "push";
        _action.Env["GITHUB_EVENT_PATH"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "push.json");
        _github.CompareFiles.Add((TestData.Billing, "modified"));
        _github.CompareFiles.Add((Renamed, "renamed"));
        _github.CompareFiles.Add((Added, "added"));

        await _action.RunAsync(TestData.Result());

        var comparison = Assert.Single(_action.ScanRequests).Base!;
        Assert.Equal("the commit before the push (222222222222)", comparison.Info.Description);
        Assert.Equal(new[] { Added, TestData.Billing, Old, Renamed }.Order(StringComparer.Ordinal), comparison.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(
            [
                "GET /repos/octo-org/salesforce-app/compare/" + BaseSha + "...3333333333333333333333333333333333333333?per_page=100",
                "GET /repos/octo-org/salesforce-app/compare/" + BaseSha + "...3333333333333333333333333333333333333333?per_page=2&page=2",
                "GET /repos/octo-org/salesforce-app/contents/" + TestData.Billing + "?ref=" + BaseSha,
                "GET /repos/octo-org/salesforce-app/contents/" + Old + "?ref=" + BaseSha,
            ],
            _github.Requests.Select(r => r.ToString()).ToList());
    }

    [Fact]
    public async Task An_unreadable_base_is_said_once_and_everything_is_judged()
    {
        _github.ContentsStatus = 403;
        _action.Env["INPUT_COMMENT-MODE"] = "off";

        var result = await _action.RunAsync(TestData.All);

        Assert.Null(Assert.Single(_action.ScanRequests).Base);
        Assert.Single(result.Log.Split('\n'), l => l.StartsWith("::warning title=OAuthGuard base::", StringComparison.Ordinal));
        Assert.Contains("The base commit could not be read through GitHub", result.Summary);
        Assert.Contains("answered 403", result.Summary);
        Assert.Equal(1, result.ExitCode); // judged on every finding
    }

    [Fact]
    public async Task A_files_list_shorter_than_the_pull_requests_change_is_no_base()
    {
        // GitHub stops listing a pull request's files at 3,000: a file left out would pass as unchanged, and its new
        // findings as existing ones. The payload's changed_files (here 6 listed of 4,000) gives that away.
        var payload = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pull_request.synchronize.json"))
            .Replace("\"changed_files\": 2", "\"changed_files\": 4000", StringComparison.Ordinal);
        Assert.Contains("4000", payload, StringComparison.Ordinal);
        var eventPath = Path.Combine(_action.Runner, "event.json");
        File.WriteAllText(eventPath, payload);
        _action.Env["GITHUB_EVENT_PATH"] = eventPath;
        _action.Env["INPUT_COMMENT-MODE"] = "off";

        var result = await _action.RunAsync(TestData.All);

        Assert.Null(Assert.Single(_action.ScanRequests).Base);
        Assert.Contains("GitHub listed 6 of the 4000 files this pull request changes; it lists at most 3000", result.Summary);
        Assert.DoesNotContain(_github.Requests, r => r.ToString().Contains("/contents/", StringComparison.Ordinal));
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task A_push_comparison_at_githubs_300_file_cap_is_no_base()
    {
        _action.Env["GITHUB_EVENT_NAME"] = "push";
        _action.Env["GITHUB_EVENT_PATH"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "push.json");
        _action.Env["INPUT_COMMENT-MODE"] = "off";
        _github.PageSize = 100;
        for (var i = 0; i < 300; i++)
        {
            _github.CompareFiles.Add((FormattableString.Invariant($"docs/page{i:D3}.md"), "modified"));
        }

        var result = await _action.RunAsync(TestData.All);

        Assert.Null(Assert.Single(_action.ScanRequests).Base);
        Assert.Contains("the push changes 300 files or more, and GitHub lists at most 300 files of a comparison", result.Summary);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Review_comments_only_new_findings_and_counts_existing_and_fixed_ones()
    {
        var introduced = TestData.WebServerSecret with { BaselineState = BaselineState.New };
        var existing = TestData.RefreshSecret with { BaselineState = BaselineState.Unchanged };
        var existing2 = TestData.CallbackHttp with { BaselineState = BaselineState.Unchanged };
        var fixedOne = TestData.Finding("SFOAUTH002", Severity.Critical, "Gone", Removed, 5, "oauthConfig/isSecretRequiredForRefreshToken", "gone") with { BaselineState = BaselineState.Absent };
        var result = TestData.Result(introduced, existing, existing2) with
        {
            Base = new BaseInfo("github", "the base of pull request #7 (222222222222)"),
            Absent = [fixedOne],
            FailOnScope = FailOnScope.New,
        };

        var run = await _action.RunAsync(result);

        var review = Assert.Single(_github.Reviews);
        var comment = Assert.Single(_github.Comments);
        Assert.Equal(9, comment.Line); // the new finding only
        Assert.Contains("2 existing findings not introduced by this pull request are listed in the job summary", review.Body);
        Assert.Contains("Fixed by this pull request (1): `SFOAUTH002` on Gone.", review.Body);
        Assert.Contains("Compared with the base of pull request \\#7 (222222222222): 1 new, 0 updated, 2 existing, 1 fixed.", run.Summary);
        Assert.Contains("### Fixed by this change", run.Summary);
        Assert.Contains("Critical (new)", run.Summary);
        Assert.Equal(1, run.ExitCode);

        // The gate counts only the new finding: without it, the run passes despite the existing critical one.
        var passing = await _action.RunAsync(result with { Findings = [existing, existing2] });
        Assert.Equal(0, passing.ExitCode);
        _action.Env["INPUT_FAIL-ON-SCOPE"] = "all";
        Assert.Equal(1, (await _action.RunAsync(result with { Findings = [existing, existing2] })).ExitCode);
    }
}
