// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.Findings;
using OAuthGuard.GitHub.Actions;
using OAuthGuard.GitHub.Tests.Fakes;

namespace OAuthGuard.GitHub.Tests;

/// <summary>
/// Issue 11: in from-results mode the results file is written by an untrusted run (a fork's pull request). Rule text
/// must come from the bundled catalogue when the id is known, and be escaped like scanned values otherwise.
/// </summary>
public sealed class FromResultsTests : IDisposable
{
    private const string Evil = "<img src=x onerror=alert(1)> @octo-org/admins [click](javascript:alert(1)) | table |";
    private readonly FakeGitHub _github = new();
    private readonly ActionHarness _action;

    public FromResultsTests()
    {
        _github.Files.Add((TestData.Billing, "modified", TestData.BillingPatch));
        _action = new ActionHarness(_github);
    }

    public void Dispose()
    {
        _action.Dispose();
        _github.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public async Task A_malicious_results_file_cannot_put_markdown_or_html_into_the_review()
    {
        var knownId = TestData.WebServerSecret.RuleId;
        var hostileKnown = TestData.Rule(knownId, "Known " + Evil, Severity.Critical, 9.3) with { Remediation = "Fix " + Evil };
        var hostileUnknown = TestData.Rule("EVIL999", "Unknown " + Evil, Severity.High, 7.0) with
        {
            Remediation = "Remedy " + Evil,
            Links = [new RuleLink("javascript:alert(1)", "docs"), new RuleLink("https://example.com/a)b<c>", "ok " + Evil)],
        };
        var evilFinding = TestData.Finding("EVIL999", Severity.High, "Billing", TestData.Billing, 12, "oauthConfig/x", "message " + Evil);
        var hostile = TestData.Result(TestData.WebServerSecret, evilFinding) with { Rules = [hostileKnown, hostileUnknown] };
        File.WriteAllText(
            Path.Combine(_action.Workspace, "results.json"),
            new ResultsFile(ResultsFile.CurrentFormat, 7, _github.HeadSha, hostile).ToJson());
        _action.Env["GITHUB_EVENT_NAME"] = "workflow_run";
        _action.Env["GITHUB_EVENT_PATH"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "workflow_run.json");
        _action.Env["INPUT_FROM-RESULTS"] = "results.json";

        var run = await _action.RunAsync(TestData.Result());

        Assert.Equal(1, run.ExitCode);
        var known = _github.Comments.Single(c => c.Line == 9).Body;
        Assert.Contains(BundledRules.ById[knownId].Title, known, StringComparison.Ordinal);
        var unknown = _github.Comments.Single(c => c.Line == 12).Body;
        foreach (var body in new[] { known, unknown, run.Summary, _github.Reviews.Single().Body })
        {
            Assert.DoesNotContain("<img", body, StringComparison.Ordinal);
            Assert.DoesNotContain("@octo-org", body, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"(?<!\\)\]\(javascript:", body);
            Assert.DoesNotContain("[click]", body, StringComparison.Ordinal);
        }

        Assert.Contains("&lt;img", unknown, StringComparison.Ordinal);
        Assert.Contains("(https://example.com/a%29b%3Cc%3E)", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_spans_survive_any_run_of_backticks()
    {
        var code = Markdown.Code("a``<img src=x>``b");

        Assert.StartsWith("```", code, StringComparison.Ordinal);
        Assert.EndsWith("```", code, StringComparison.Ordinal);
    }
}
