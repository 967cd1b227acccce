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
