// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.GitHub.Actions;

namespace OAuthGuard.GitHub.Tests;

public sealed class GitHubEventTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    [Theory]
    [InlineData("pull_request")]
    [InlineData("pull_request_target")]
    public void Pull_request_events_name_the_number_head_and_repositories(string eventName)
    {
        var e = GitHubEvent.Parse(eventName, Fixture("pull_request.synchronize.json"), out var problem);
        Assert.Null(problem);
        Assert.Equal(7, e.PullRequestNumber);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", e.HeadSha);
        Assert.Equal("octo-org/salesforce-app", e.BaseRepository);
        Assert.False(e.IsFork);
    }

    [Fact]
    public void Fork_pull_request_is_recognised()
    {
        var e = GitHubEvent.Parse("pull_request", Fixture("pull_request.fork.json"), out _);
        Assert.True(e.IsFork);
        Assert.Equal("outside-dev/salesforce-app", e.HeadRepository);
    }

    [Theory]
    [InlineData("push", "push.json")]
    [InlineData("workflow_dispatch", "workflow_dispatch.json")]
    public void Events_without_a_pull_request(string eventName, string fixture)
    {
        var e = GitHubEvent.Parse(eventName, Fixture(fixture), out var problem);
        Assert.Null(problem);
        Assert.Null(e.PullRequestNumber);
    }

    [Fact]
    public void Workflow_run_from_a_fork_has_the_head_but_no_pull_request()
    {
        var e = GitHubEvent.Parse("workflow_run", Fixture("workflow_run.json"), out _);
        Assert.Null(e.PullRequestNumber); // GitHub leaves pull_requests empty for forks
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", e.HeadSha);
        Assert.True(e.IsFork);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"pull_request\": {\"number\": \"7\", \"head\": 3}}")]
    public void Odd_payloads_degrade_to_no_pull_request(string json)
    {
        var e = GitHubEvent.Parse("pull_request", json, out var problem);
        Assert.Null(e.PullRequestNumber);
        Assert.Null(e.HeadSha);
        if (json.StartsWith("{ not", StringComparison.Ordinal))
        {
            Assert.Contains("not valid JSON", problem);
        }
    }

    /// <summary>
    /// GitHub's own example payloads (MIT, in ../shared/github-payloads when the repository sits
    /// beside it, as in CI). The fixtures above are trimmed copies of their shape; this keeps the
    /// two honest. Without the folder there is nothing to compare, and the test says so by passing
    /// over zero files; the fixture tests above still run.
    /// </summary>
    [Fact]
    public void Real_payload_examples_parse_when_present()
    {
        var folder = Path.Combine(OutputsAndInputsTests.FindRepositoryRoot(), "..", "shared", "github-payloads");
        if (!Directory.Exists(folder))
        {
            folder = "/work/shared/github-payloads";
        }

        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.GetFiles(folder, "pull_request_*.json"))
        {
            var e = GitHubEvent.Parse("pull_request", File.ReadAllText(file), out var problem);
            Assert.Null(problem);
            Assert.True(e.PullRequestNumber > 0, file);
            Assert.Matches("^[0-9a-f]{40}$", e.HeadSha ?? "");
            Assert.NotNull(e.BaseRepository);
        }

        foreach (var file in Directory.GetFiles(folder, "push*.json"))
        {
            Assert.Null(GitHubEvent.Parse("push", File.ReadAllText(file), out _).PullRequestNumber);
        }
    }
}
