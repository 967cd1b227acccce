// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.Findings;
using OAuthGuard.GitHub.Actions;

namespace OAuthGuard.GitHub.Tests;

public sealed class JobSummaryTests
{
    [Fact]
    public void Summary_matches_golden_file()
    {
        var summary = JobSummaryWriter.Write(TestData.All, new SummaryContext(Severity.High,
            "https://github.com/octo-org/salesforce-app/blob/0123456789abcdef0123456789abcdef01234567", 3,
            ["No pull request review was posted: the token is read-only."]));
        Golden.Verify("summary.md", summary);
    }

    [Fact]
    public void Clean_run_says_passed()
    {
        var summary = JobSummaryWriter.Write(TestData.Result() with { Notifications = [] }, new SummaryContext(Severity.High, null, 0, []));
        Golden.Verify("summary-clean.md", summary);
        Assert.Contains("**Passed**", summary);
    }

    [Fact]
    public void With_a_base_the_findings_the_change_introduced_come_first()
    {
        // The table is capped at MaxRows: in a repository with many old findings, ordering by
        // severity alone pushed a pull request's new high below (or past) the existing criticals.
        var existing = Enumerable.Range(1, JobSummaryWriter.MaxRows).Select(i =>
            TestData.Finding("SFOAUTH001", Severity.Critical, "Old" + i, "old.xml", i, "p", "old " + i) with { BaselineState = BaselineState.Unchanged });
        var added = TestData.Finding("SFOAUTH103", Severity.High, "New", "new.xml", 3, "p", "the new one") with { BaselineState = BaselineState.New };
        var summary = JobSummaryWriter.Write(TestData.Result([.. existing, added]) with { Notifications = [] }, new SummaryContext(Severity.High, null, 0, []));

        var newRow = summary.IndexOf("the new one", StringComparison.Ordinal);
        Assert.True(newRow >= 0, "the new finding is in the table");
        Assert.True(newRow < summary.IndexOf("| old ", StringComparison.Ordinal), "the new finding comes before the existing ones");
    }

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("@octo-org/security", "@\u200Bocto-org/security")]
    [InlineData("a | b", "a \\| b")]
    [InlineData("[click](http://x)", "\\[click\\](http://x)")]
    public void Untrusted_text_is_escaped(string input, string expected) =>
        Assert.Equal(expected, Markdown.Text(input));

    [Fact]
    public void Links_encode_path_segments()
    {
        Assert.Equal("[`a b/c#d.xml:3`](https://x/blob/s/a%20b/c%23d.xml#L3)", JobSummaryWriter.Location("a b/c#d.xml", 3, "https://x/blob/s"));
    }
}
