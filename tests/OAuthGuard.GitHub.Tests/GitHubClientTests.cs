// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Net;
using OAuthGuard.GitHub.Api;
using OAuthGuard.GitHub.Tests.Fakes;

namespace OAuthGuard.GitHub.Tests;

public sealed class GitHubClientTests : IDisposable
{
    private readonly FakeGitHub _github = new();
    private readonly HttpClient _http = new();
    private readonly List<TimeSpan> _delays = [];

    public void Dispose()
    {
        _http.Dispose();
        _github.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private GitHubClient Client(int maxAttempts = 4, TimeSpan? maxWait = null) => new(_http, new Uri(_github.BaseUrl), "ghs_x",
        GitHubClientOptions.Default with
        {
            Now = () => Now,
            MaxAttempts = maxAttempts,
            MaxWait = maxWait ?? TimeSpan.FromMinutes(2),
            Delay = (t, _) =>
            {
                _delays.Add(t);
                return Task.CompletedTask;
            },
        });

    [Fact]
    public async Task Lists_follow_link_headers_across_pages()
    {
        for (var i = 0; i < 5; i++)
        {
            _github.Files.Add(("f" + i + ".xml", "added", "@@ -0,0 +1 @@\n+x"));
        }

        var files = await Client().ListFilesAsync(_github.Repository, _github.Number, CancellationToken.None);
        Assert.Equal(["f0.xml", "f1.xml", "f2.xml", "f3.xml", "f4.xml"], files.Select(f => f.Filename));
        Assert.Equal(3, _github.Requests.Count);
        Assert.EndsWith("page=3", _github.Requests[2].PathAndQuery);
        Assert.All(_github.Requests, r => Assert.Equal("Bearer ghs_x", r.Authorization));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task Secondary_rate_limit_waits_retry_after_then_succeeds(int status)
    {
        _github.RateLimitStatus = status;
        _github.RateLimitNext = 2;
        var reviews = await Client().ListReviewsAsync(_github.Repository, _github.Number, CancellationToken.None);
        Assert.Empty(reviews);
        Assert.Equal([TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)], _delays);
        Assert.Equal(3, _github.Requests.Count);
    }

    [Fact]
    public async Task Primary_rate_limit_waits_until_the_reset_time()
    {
        _github.PrimaryLimitResetAt = Now.AddSeconds(42).ToUnixTimeSeconds();
        await Client().ListReviewsAsync(_github.Repository, _github.Number, CancellationToken.None);
        Assert.Equal([TimeSpan.FromSeconds(42)], _delays);
    }

    [Fact]
    public async Task Rate_limit_beyond_the_allowed_wait_gives_up_without_sleeping()
    {
        _github.RateLimitNext = 1;
        var e = await Assert.ThrowsAsync<GitHubApiException>(() => Client(maxWait: TimeSpan.FromSeconds(1)).ListReviewsAsync(_github.Repository, _github.Number, CancellationToken.None));
        Assert.True(e.RateLimited);
        Assert.Empty(_delays);
    }

    [Fact]
    public async Task Server_errors_are_retried_a_bounded_number_of_times()
    {
        _github.FailNext = 2;
        await Client().ListReviewsAsync(_github.Repository, _github.Number, CancellationToken.None);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], _delays);

        _github.FailNext = 100;
        var e = await Assert.ThrowsAsync<GitHubApiException>(() => Client(maxAttempts: 3).ListReviewsAsync(_github.Repository, _github.Number, CancellationToken.None));
        Assert.Equal(HttpStatusCode.BadGateway, e.Status);
        Assert.Equal(3 + 3, _github.Requests.Count);
    }

    [Fact]
    public async Task Read_only_token_is_a_403_with_githubs_message()
    {
        _github.ReadOnly = true;
        var e = await Assert.ThrowsAsync<GitHubApiException>(() => Client().UpdateCommentAsync(_github.Repository, 1, "x", CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, e.Status);
        Assert.Contains("Resource not accessible by integration", e.Message);
        Assert.Empty(_delays);
    }

    [Fact]
    public async Task Review_line_outside_the_diff_is_rejected_with_422()
    {
        _github.Files.Add((TestData.Billing, "modified", TestData.BillingPatch));
        var request = new CreateReviewRequest
        {
            CommitId = _github.HeadSha,
            Body = "b",
            Comments = [new DraftReviewComment { Path = TestData.Billing, Line = 2, Body = "x" }],
        };
        var e = await Assert.ThrowsAsync<GitHubApiException>(() => Client().CreateReviewAsync(_github.Repository, _github.Number, request, CancellationToken.None));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Status);
        Assert.Contains("must be part of the diff", e.Message);
    }

    [Fact]
    public async Task Next_page_on_another_host_is_not_followed()
    {
        for (var i = 0; i < 3; i++)
        {
            _github.Files.Add(("f" + i, "added", null));
        }

        _github.LinkBaseOverride = "http://collector.invalid:8080";
        var e = await Assert.ThrowsAsync<GitHubApiException>(() => Client().ListFilesAsync(_github.Repository, _github.Number, CancellationToken.None));
        Assert.Contains("outside the API host", e.Message);
        Assert.Single(_github.Requests);
    }

    [Fact]
    public async Task A_base_file_is_read_only_up_to_the_cap()
    {
        // A pull request's base may hold a huge file; only cap + 1 bytes are read, enough for the reader to refuse it.
        _github.Contents[("abc", "big.connectedApp-meta.xml")] = new string('x', 100_000);
        _github.Contents[("abc", "small.connectedApp-meta.xml")] = "<x/>";

        var big = await Client().GetFileAsync(_github.Repository, "big.connectedApp-meta.xml", "abc", CancellationToken.None, maxBytes: 1000);
        var small = await Client().GetFileAsync(_github.Repository, "small.connectedApp-meta.xml", "abc", CancellationToken.None, maxBytes: 1000);

        Assert.Equal(1001, big!.Length);
        Assert.Equal("<x/>"u8.ToArray(), small);
    }
}
