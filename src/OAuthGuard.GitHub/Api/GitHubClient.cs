// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OAuthGuard.GitHub.Api;

/// <summary>A REST API call that did not succeed, after any retries.</summary>
internal sealed class GitHubApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GitHubApiException(HttpStatusCode status, string message, bool rateLimited = false)
        : base(message)
    {
        Status = status;
        RateLimited = rateLimited;
    }

    /// <summary>The HTTP status of the last answer.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>True when GitHub's rate limit stopped the call and waiting longer was not allowed.</summary>
    public bool RateLimited { get; }
}

/// <summary>How patient the client is.</summary>
/// <param name="MaxAttempts">Tries per call, for 5xx answers and rate limits together.</param>
/// <param name="MaxWait">The longest single wait for a rate limit; a longer <c>Retry-After</c> gives up.</param>
/// <param name="MaxPages">The most pages one list reads (GitHub serves at most 3000 files per pull request: 30 pages).</param>
/// <param name="Delay">Waits; tests replace it to record the waits instead of sleeping.</param>
/// <param name="Now">The clock, for <c>x-ratelimit-reset</c>.</param>
internal sealed record GitHubClientOptions(
    int MaxAttempts,
    TimeSpan MaxWait,
    int MaxPages,
    Func<TimeSpan, CancellationToken, Task> Delay,
    Func<DateTimeOffset> Now)
{
    /// <summary>Four attempts, at most two minutes per wait, 100 pages, real time.</summary>
    public static GitHubClientOptions Default { get; } =
        new(4, TimeSpan.FromMinutes(2), 100, Task.Delay, () => DateTimeOffset.UtcNow);
}

/// <summary>
/// A small typed client for the few REST endpoints the review needs: <see cref="HttpClient"/> plus
/// source-generated JSON, so it stays trim- and AOT-safe. It follows <c>Link: rel="next"</c>
/// pages, waits out secondary rate limits (<c>Retry-After</c>, <c>x-ratelimit-reset</c>) within
/// <see cref="GitHubClientOptions.MaxWait"/>, and retries 5xx answers a bounded number of times.
/// </summary>
internal sealed class GitHubClient
{
    /// <summary>The most bytes of one base file read by <see cref="GetFileAsync"/> (the metadata reader's default cap), plus one.</summary>
    public const long DefaultMaxFileBytes = 10L * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly Uri _apiBase;
    private readonly string _token;
    private readonly GitHubClientOptions _options;

    /// <summary>Creates a client for <paramref name="apiBase"/> (GITHUB_API_URL) with a token.</summary>
    public GitHubClient(HttpClient http, Uri apiBase, string token, GitHubClientOptions? options = null)
    {
        _http = http;
        _apiBase = new Uri(apiBase.AbsoluteUri.TrimEnd('/') + "/");
        _token = token;
        _options = options ?? GitHubClientOptions.Default;
    }

    /// <summary>How many requests were retried because of rate limits or 5xx answers.</summary>
    public int Retries { get; private set; }

    /// <summary>Every file of a pull request, all pages.</summary>
    public Task<List<PullRequestFileDto>> ListFilesAsync(string repository, int number, CancellationToken ct) =>
        ListAsync(Repo(repository) + Invariant($"/pulls/{number}/files?per_page=100"), GitHubJsonContext.Default.ListPullRequestFileDto, ct);

    /// <summary>Every review comment of a pull request, all pages.</summary>
    public Task<List<ReviewCommentDto>> ListReviewCommentsAsync(string repository, int number, CancellationToken ct) =>
        ListAsync(Repo(repository) + Invariant($"/pulls/{number}/comments?per_page=100"), GitHubJsonContext.Default.ListReviewCommentDto, ct);

    /// <summary>Every review of a pull request, all pages.</summary>
    public Task<List<ReviewDto>> ListReviewsAsync(string repository, int number, CancellationToken ct) =>
        ListAsync(Repo(repository) + Invariant($"/pulls/{number}/reviews?per_page=100"), GitHubJsonContext.Default.ListReviewDto, ct);

    /// <summary>The files that differ between two commits (<c>compare/{base}...{head}</c>), all pages.</summary>
    public async Task<List<PullRequestFileDto>> CompareFilesAsync(string repository, string baseSha, string headSha, CancellationToken ct)
    {
        var all = new List<PullRequestFileDto>();
        Uri? next = new(_apiBase, Repo(repository) + "/compare/" + Uri.EscapeDataString(baseSha) + "..." + Uri.EscapeDataString(headSha) + "?per_page=100");
        for (var page = 0; next is not null; page++)
        {
            if (page >= _options.MaxPages)
            {
                throw new GitHubApiException(HttpStatusCode.OK, Invariant($"more than {_options.MaxPages} pages comparing {baseSha} with {headSha}; stopped reading"));
            }

            using var response = await SendAsync(HttpMethod.Get, next, null, ct).ConfigureAwait(false);
            all.AddRange((await ReadAsync(response, GitHubJsonContext.Default.CompareDto, ct).ConfigureAwait(false)).Files ?? []);
            next = NextPage(response);
        }

        return all;
    }

    /// <summary>
    /// A file's bytes at a commit (<c>contents/{path}?ref=</c>, raw media type); null when the commit has no such file.
    /// At most <paramref name="maxBytes"/> + 1 bytes are read: a longer file comes back cut there, so the reader's own
    /// size cap refuses it without the whole file ever being held in memory.
    /// </summary>
    public async Task<byte[]?> GetFileAsync(string repository, string path, string sha, CancellationToken ct, long maxBytes = DefaultMaxFileBytes)
    {
        var escaped = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        var uri = new Uri(_apiBase, Repo(repository) + "/contents/" + escaped + "?ref=" + Uri.EscapeDataString(sha));
        try
        {
            using var response = await SendAsync(HttpMethod.Get, uri, null, ct, "application/vnd.github.raw+json").ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[64 * 1024];
                int read;
                while (buffer.Length <= maxBytes && (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length)), ct).ConfigureAwait(false)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                }

                return buffer.ToArray();
            }
        }
        catch (GitHubApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The user the token acts as (<c>GET /user</c>); the workflow token is not allowed to ask (403).</summary>
    public async Task<UserDto> GetAuthenticatedUserAsync(CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, new Uri(_apiBase, "user"), null, ct).ConfigureAwait(false);
        return await ReadAsync(response, GitHubJsonContext.Default.UserDto, ct).ConfigureAwait(false);
    }

    /// <summary>One pull request.</summary>
    public async Task<PullRequestDto> GetPullRequestAsync(string repository, int number, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, new Uri(_apiBase, Repo(repository) + Invariant($"/pulls/{number}")), null, ct).ConfigureAwait(false);
        return await ReadAsync(response, GitHubJsonContext.Default.PullRequestDto, ct).ConfigureAwait(false);
    }

    /// <summary>Creates a review (with its inline comments) in one call.</summary>
    public async Task<ReviewDto> CreateReviewAsync(string repository, int number, CreateReviewRequest request, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(request, GitHubJsonContext.Default.CreateReviewRequest);
        using var response = await SendAsync(HttpMethod.Post, new Uri(_apiBase, Repo(repository) + Invariant($"/pulls/{number}/reviews")), json, ct).ConfigureAwait(false);
        return await ReadAsync(response, GitHubJsonContext.Default.ReviewDto, ct).ConfigureAwait(false);
    }

    /// <summary>Rewrites a review's body.</summary>
    public async Task UpdateReviewAsync(string repository, int number, long reviewId, string body, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(new BodyRequest { Body = body }, GitHubJsonContext.Default.BodyRequest);
        using var _ = await SendAsync(HttpMethod.Put, new Uri(_apiBase, Repo(repository) + Invariant($"/pulls/{number}/reviews/{reviewId}")), json, ct).ConfigureAwait(false);
    }

    /// <summary>Rewrites a review comment's body.</summary>
    public async Task UpdateCommentAsync(string repository, long commentId, string body, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(new BodyRequest { Body = body }, GitHubJsonContext.Default.BodyRequest);
        using var _ = await SendAsync(HttpMethod.Patch, new Uri(_apiBase, Repo(repository) + Invariant($"/pulls/comments/{commentId}")), json, ct).ConfigureAwait(false);
    }

    /// <summary>Deletes a review comment.</summary>
    public async Task DeleteCommentAsync(string repository, long commentId, CancellationToken ct)
    {
        using var _ = await SendAsync(HttpMethod.Delete, new Uri(_apiBase, Repo(repository) + Invariant($"/pulls/comments/{commentId}")), null, ct).ConfigureAwait(false);
    }

    private async Task<List<T>> ListAsync<T>(string relative, JsonTypeInfo<List<T>> type, CancellationToken ct)
    {
        var all = new List<T>();
        Uri? next = new(_apiBase, relative);
        for (var page = 0; next is not null; page++)
        {
            if (page >= _options.MaxPages)
            {
                throw new GitHubApiException(HttpStatusCode.OK, Invariant($"more than {_options.MaxPages} pages at {relative}; stopped reading"));
            }

            using var response = await SendAsync(HttpMethod.Get, next, null, ct).ConfigureAwait(false);
            all.AddRange(await ReadAsync(response, type, ct).ConfigureAwait(false));
            next = NextPage(response);
        }

        return all;
    }

    /// <summary>
    /// The <c>rel="next"</c> target of the Link header. Only links to the same API host are
    /// followed, so the token is never sent anywhere else.
    /// </summary>
    private Uri? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var part in string.Join(',', values).Split(','))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (pieces.Length < 2 || !pieces[0].StartsWith('<') || !pieces[0].EndsWith('>')
                || !pieces.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
            {
                continue;
            }

            if (Uri.TryCreate(pieces[0][1..^1], UriKind.Absolute, out var uri)
                && Uri.Compare(uri, _apiBase, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return uri;
            }

            throw new GitHubApiException(response.StatusCode, "GitHub's next-page link points outside the API host; not following it");
        }

        return null;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, string? json, CancellationToken ct, string accept = "application/vnd.github+json")
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("oauthguard", "0.1"));
            request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
            if (_token.Length > 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            }

            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                var message = ErrorMessage(text);
                var wait = RateLimitWait(response, message);
                if (wait is { } pause)
                {
                    if (attempt >= _options.MaxAttempts || pause > _options.MaxWait)
                    {
                        throw new GitHubApiException(response.StatusCode, Invariant($"rate limited by GitHub ({message}); the wait of {pause.TotalSeconds:0}s is beyond what OAuthGuard allows"), rateLimited: true);
                    }

                    Retries++;
                    await _options.Delay(pause, ct).ConfigureAwait(false);
                    continue;
                }

                if ((int)response.StatusCode >= 500 && attempt < _options.MaxAttempts)
                {
                    Retries++;
                    await _options.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), ct).ConfigureAwait(false);
                    continue;
                }

                throw new GitHubApiException(response.StatusCode, Invariant($"{method} {uri.AbsolutePath} answered {(int)response.StatusCode}: {message}"));
            }
        }
    }

    /// <summary>
    /// How long GitHub asks to wait, or null when the answer is not a rate limit. Follows GitHub's
    /// guidance: <c>Retry-After</c> first; else, with no requests left, until <c>x-ratelimit-reset</c>;
    /// else a secondary limit without headers means one minute.
    /// </summary>
    private TimeSpan? RateLimitWait(HttpResponseMessage response, string message)
    {
        var status = (int)response.StatusCode;
        if (status is not 403 and not 429)
        {
            return null;
        }

        if (response.Headers.RetryAfter is { } retry)
        {
            return retry.Delta ?? (retry.Date is { } date ? Clamp(date - _options.Now()) : TimeSpan.FromMinutes(1));
        }

        if (Header(response, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            return Clamp(DateTimeOffset.FromUnixTimeSeconds(reset) - _options.Now());
        }

        return status == 429 || message.Contains("rate limit", StringComparison.OrdinalIgnoreCase)
            ? TimeSpan.FromMinutes(1)
            : null;
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string ErrorMessage(string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize(body, GitHubJsonContext.Default.ErrorDto);
            if (error?.Message is { Length: > 0 } message)
            {
                return error.Errors is { ValueKind: JsonValueKind.Array } details && details.GetArrayLength() > 0
                    ? message + " " + details.GetRawText()
                    : message;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): fall through to the raw text.
        }

        return body.Length > 200 ? body[..200] : body;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken ct)
    {
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, type, ct).ConfigureAwait(false)
                    ?? throw new GitHubApiException(response.StatusCode, "GitHub answered null where an object was expected");
            }
            catch (JsonException e)
            {
                throw new GitHubApiException(response.StatusCode, "GitHub's answer is not the JSON expected: " + e.Message);
            }
        }
    }

    /// <summary>The relative path for a repository, each segment escaped.</summary>
    private static string Repo(string repository)
    {
        var parts = repository.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0))
        {
            throw new ArgumentException($"'{repository}' is not owner/name", nameof(repository));
        }

        return "repos/" + Uri.EscapeDataString(parts[0]) + "/" + Uri.EscapeDataString(parts[1]);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
