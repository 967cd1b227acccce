// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OAuthGuard.GitHub.Tests.Fakes;

/// <summary>One request the fake received.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string Body, string? Authorization)
{
    public string Path => PathAndQuery.Split('?')[0];

    public override string ToString() => Method + " " + PathAndQuery;
}

/// <summary>A review comment as the fake stores it.</summary>
public sealed class FakeComment
{
    public long Id { get; init; }
    public required string Path { get; init; }
    public int? Line { get; set; }
    public required string Body { get; set; }
    public long? InReplyToId { get; init; }
    public long? ReviewId { get; init; }
    public string User { get; init; } = "github-actions[bot]";
}

/// <summary>A review as the fake stores it.</summary>
public sealed class FakeReview
{
    public long Id { get; init; }
    public required string Body { get; set; }
    public required string CommitId { get; init; }
    public string User { get; init; } = "github-actions[bot]";
}

/// <summary>
/// A loopback stand-in for the parts of GitHub's REST API the action uses, with state: files and
/// patches of one pull request, review comments (created, edited, deleted, replied to) and
/// reviews. It records every request, pages lists with Link headers, rejects review lines that
/// are not in the diff with 422 (as GitHub does), and can be switched into read-only (403),
/// secondary-rate-limit (403/429 with Retry-After) and 500 modes.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private long _nextId = 1000;

    public FakeGitHub(string repository = "octo-org/salesforce-app", int number = 7)
    {
        Repository = repository;
        Number = number;
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            BaseUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(BaseUrl + "/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken between probing and binding: try another.
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; private set; } = "";
    public string Repository { get; }
    public int Number { get; }
    public string HeadSha { get; set; } = "0123456789abcdef0123456789abcdef01234567";
    public int PageSize { get; set; } = 2;

    /// <summary>When set, Link headers point here instead of at the fake (a hostile or broken proxy).</summary>
    public string? LinkBaseOverride { get; set; }

    /// <summary>(filename, status, patch) of the pull request.</summary>
    public List<(string File, string Status, string? Patch)> Files { get; } = [];
    /// <summary>For renamed files of the pull request (or of the push comparison): filename → previous_filename.</summary>
    public Dictionary<string, string> PreviousFilenames { get; } = new(StringComparer.Ordinal);

    /// <summary>File contents by (commit, path), served by <c>contents/{path}?ref={sha}</c> with the raw media type.</summary>
    public Dictionary<(string Sha, string Path), string> Contents { get; } = [];

    /// <summary>When set, <c>contents</c> answers with this status (403: the token cannot read contents).</summary>
    public int? ContentsStatus { get; set; }

    /// <summary>(filename, status) of <c>compare/{before}...{after}</c> for push events.</summary>
    public List<(string File, string Status)> CompareFiles { get; } = [];

    public List<FakeComment> Comments { get; } = [];
    public List<FakeReview> Reviews { get; } = [];
    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Answer every write with 403, like a read-only token.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>The next N requests get a secondary rate limit answer.</summary>
    public int RateLimitNext { get; set; }

    /// <summary>Status for rate limit answers: 403 (GitHub's usual) or 429.</summary>
    public int RateLimitStatus { get; set; } = 403;

    /// <summary>When set, the next request gets a primary rate limit answer resetting at this Unix time.</summary>
    public long? PrimaryLimitResetAt { get; set; }

    /// <summary>The next N requests get a 500.</summary>
    public int FailNext { get; set; }

    /// <summary>Reject the next review that carries inline comments with 422, whatever its lines.</summary>
    public bool RejectNextInlineReview { get; set; }

    public IEnumerable<RecordedRequest> Writes => Requests.Where(r => r.Method != "GET");

    /// <summary>The login GET /user answers with; null answers 403 like the workflow token.</summary>
    public string? AuthenticatedUser { get; set; }

    /// <summary>The login new reviews and comments get (who the token really is).</summary>
    public string TokenLogin { get; set; } = "github-actions[bot]";

    /// <summary>
    /// Someone else posts a review that imitates ours: our review marker in the body and an inline comment carrying
    /// a fingerprint marker (test setup, not an API call).
    /// </summary>
    public (FakeReview Review, FakeComment Comment) ForeignMarkedReview(string user, string path, int line, string reviewBody, string commentBody)
    {
        lock (_gate)
        {
            var review = new FakeReview { Id = ++_nextId, Body = reviewBody, CommitId = HeadSha, User = user };
            Reviews.Add(review);
            var comment = new FakeComment { Id = ++_nextId, Path = path, Line = line, Body = commentBody, ReviewId = review.Id, User = user };
            Comments.Add(comment);
            return (review, comment);
        }
    }

    /// <summary>A person posts a review with one inline comment (test setup, not an API call).</summary>
    public FakeComment HumanComment(string path, int line, string body, string user = "octocat")
    {
        lock (_gate)
        {
            var review = new FakeReview { Id = ++_nextId, Body = "", CommitId = HeadSha };
            Reviews.Add(review);
            var comment = new FakeComment { Id = ++_nextId, Path = path, Line = line, Body = body, ReviewId = review.Id, User = user };
            Comments.Add(comment);
            return comment;
        }
    }

    /// <summary>A person replies to a comment (test setup, not an API call).</summary>
    public FakeComment Reply(long toId, string body, string user = "octocat")
    {
        lock (_gate)
        {
            var parent = Comments.Single(c => c.Id == toId);
            var reply = new FakeComment { Id = ++_nextId, Path = parent.Path, Line = parent.Line, Body = body, InReplyToId = toId, User = user };
            Comments.Add(reply);
            return reply;
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            try
            {
                Handle(context);
            }
            catch (Exception e)
            {
                Write(context.Response, 599, new JsonObject { ["message"] = "fake failed: " + e.Message });
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = reader.ReadToEnd();
        var pathAndQuery = request.Url?.PathAndQuery ?? "/";
        var response = context.Response;
        lock (_gate)
        {
            Requests.Add(new RecordedRequest(request.HttpMethod, pathAndQuery, body, request.Headers["Authorization"]));
            if (RateLimitNext > 0)
            {
                RateLimitNext--;
                response.Headers["Retry-After"] = "3";
                Write(response, RateLimitStatus, new JsonObject { ["message"] = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." });
                return;
            }

            if (PrimaryLimitResetAt is { } reset)
            {
                PrimaryLimitResetAt = null;
                response.Headers["x-ratelimit-remaining"] = "0";
                response.Headers["x-ratelimit-reset"] = reset.ToString(CultureInfo.InvariantCulture);
                Write(response, 403, new JsonObject { ["message"] = "API rate limit exceeded for installation." });
                return;
            }

            if (FailNext > 0)
            {
                FailNext--;
                Write(response, 502, new JsonObject { ["message"] = "Server Error" });
                return;
            }

            if (ReadOnly && request.HttpMethod != "GET")
            {
                Write(response, 403, new JsonObject { ["message"] = "Resource not accessible by integration" });
                return;
            }

            Route(request.HttpMethod, pathAndQuery, body, response);
        }
    }

    private void Route(string method, string pathAndQuery, string body, HttpListenerResponse response)
    {
        var path = pathAndQuery.Split('?')[0];
        var prefix = "/repos/" + Repository + "/pulls";
        var pr = prefix + "/" + Number.ToString(CultureInfo.InvariantCulture);
        Match m;
        if (method == "GET" && path == "/user")
        {
            Write(response, AuthenticatedUser is null ? 403 : 200, AuthenticatedUser is null
                ? new JsonObject { ["message"] = "Resource not accessible by integration" }
                : new JsonObject { ["login"] = AuthenticatedUser, ["type"] = "User" });
        }
        else if (method == "GET" && path == pr)
        {
            Write(response, 200, new JsonObject
            {
                ["number"] = Number,
                ["state"] = "open",
                ["head"] = new JsonObject { ["sha"] = HeadSha, ["repo"] = new JsonObject { ["full_name"] = Repository } },
            });
        }
        else if (method == "GET" && path == pr + "/files")
        {
            Page(response, pathAndQuery, Files.Select(f => (JsonNode)WithPrevious(new JsonObject { ["filename"] = f.File, ["status"] = f.Status, ["patch"] = f.Patch, ["additions"] = 1 })).ToList());
        }
        else if (method == "GET" && path.StartsWith("/repos/" + Repository + "/contents/", StringComparison.Ordinal))
        {
            var file = Uri.UnescapeDataString(path["/repos/".Length..][(Repository.Length + "/contents/".Length)..]);
            var sha = System.Web.HttpUtility.ParseQueryString(pathAndQuery.Contains('?') ? pathAndQuery[(pathAndQuery.IndexOf('?') + 1)..] : "")["ref"] ?? "";
            if (ContentsStatus is { } status)
            {
                Write(response, status, new JsonObject { ["message"] = "Resource not accessible by integration" });
            }
            else if (Contents.TryGetValue((sha, file), out var text))
            {
                response.StatusCode = 200;
                response.ContentType = "application/vnd.github.raw+json";
                var bytes = Encoding.UTF8.GetBytes(text);
                response.ContentLength64 = bytes.Length;
                response.OutputStream.Write(bytes);
                response.Close();
            }
            else
            {
                Write(response, 404, new JsonObject { ["message"] = "Not Found" });
            }
        }
        else if (method == "GET" && path.StartsWith("/repos/" + Repository + "/compare/", StringComparison.Ordinal))
        {
            var all = CompareFiles.Select(f => (JsonNode)WithPrevious(new JsonObject { ["filename"] = f.File, ["status"] = f.Status })).ToList();
            var query = System.Web.HttpUtility.ParseQueryString(pathAndQuery.Contains('?') ? pathAndQuery[(pathAndQuery.IndexOf('?') + 1)..] : "");
            var page = int.TryParse(query["page"], out var p) ? p : 1;
            var slice = all.Skip((page - 1) * PageSize).Take(PageSize).Select(i => i.DeepClone()).ToArray();
            if (page * PageSize < all.Count)
            {
                response.Headers["Link"] = string.Create(CultureInfo.InvariantCulture, $"<{BaseUrl}{path}?per_page={PageSize}&page={page + 1}>; rel=\"next\"");
            }

            Write(response, 200, new JsonObject { ["status"] = "ahead", ["files"] = new JsonArray(slice) });
        }
        else if (method == "GET" && path == pr + "/comments")
        {
            Page(response, pathAndQuery, Comments.OrderBy(c => c.Id).Select(CommentJson).ToList());
        }
        else if (method == "GET" && path == pr + "/reviews")
        {
            Page(response, pathAndQuery, Reviews.OrderBy(r => r.Id).Select(ReviewJson).ToList());
        }
        else if (method == "POST" && path == pr + "/reviews")
        {
            CreateReview(JsonNode.Parse(body)?.AsObject() ?? [], response);
        }
        else if (method == "PUT" && (m = Regex.Match(path, "^" + Regex.Escape(pr) + "/reviews/(\\d+)$")).Success)
        {
            var review = Reviews.SingleOrDefault(r => r.Id == long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            if (review is null)
            {
                Write(response, 404, new JsonObject { ["message"] = "Not Found" });
                return;
            }

            review.Body = JsonNode.Parse(body)?["body"]?.GetValue<string>() ?? "";
            Write(response, 200, ReviewJson(review));
        }
        else if ((method is "PATCH" or "DELETE") && (m = Regex.Match(path, "^" + Regex.Escape(prefix) + "/comments/(\\d+)$")).Success)
        {
            var comment = Comments.SingleOrDefault(c => c.Id == long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            if (comment is null)
            {
                Write(response, 404, new JsonObject { ["message"] = "Not Found" });
                return;
            }

            if (method == "DELETE")
            {
                Comments.Remove(comment);
                response.StatusCode = 204;
                response.Close();
                return;
            }

            comment.Body = JsonNode.Parse(body)?["body"]?.GetValue<string>() ?? "";
            Write(response, 200, CommentJson(comment));
        }
        else
        {
            Write(response, 404, new JsonObject { ["message"] = "Not Found", ["documentation_url"] = "https://docs.github.com/rest" });
        }
    }

    private void CreateReview(JsonObject request, HttpListenerResponse response)
    {
        var comments = request["comments"]?.AsArray() ?? [];
        if (request["commit_id"]?.GetValue<string>() != HeadSha)
        {
            Write(response, 422, new JsonObject { ["message"] = "Unprocessable Entity", ["errors"] = new JsonArray("commit_id is not part of the pull request") });
            return;
        }

        if (comments.Count > 0 && RejectNextInlineReview)
        {
            RejectNextInlineReview = false;
            Write(response, 422, new JsonObject { ["message"] = "Unprocessable Entity", ["errors"] = new JsonArray("Line could not be resolved") });
            return;
        }

        foreach (var c in comments)
        {
            var file = c?["path"]?.GetValue<string>();
            var line = c?["line"]?.GetValue<int>() ?? 0;
            if (c?["side"]?.GetValue<string>() != "RIGHT" || !RightLines(file).Contains(line))
            {
                Write(response, 422, new JsonObject { ["message"] = "Unprocessable Entity", ["errors"] = new JsonArray("Pull request review thread line must be part of the diff") });
                return;
            }
        }

        var review = new FakeReview { Id = ++_nextId, Body = request["body"]?.GetValue<string>() ?? "", CommitId = HeadSha, User = TokenLogin };
        Reviews.Add(review);
        foreach (var c in comments)
        {
            Comments.Add(new FakeComment
            {
                Id = ++_nextId,
                Path = c?["path"]?.GetValue<string>() ?? "",
                Line = c?["line"]?.GetValue<int>(),
                Body = c?["body"]?.GetValue<string>() ?? "",
                ReviewId = review.Id,
                User = TokenLogin,
            });
        }

        Write(response, 200, ReviewJson(review));
    }

    /// <summary>The fake's own reading of a patch (independent of the DiffMap under test).</summary>
    private HashSet<int> RightLines(string? file)
    {
        var lines = new HashSet<int>();
        var patch = Files.FirstOrDefault(f => f.File == file).Patch;
        if (patch is null)
        {
            return lines;
        }

        var n = 0;
        foreach (var line in patch.Split('\n'))
        {
            var header = Regex.Match(line, @"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@");
            if (header.Success)
            {
                n = int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith('+') || line.StartsWith(' '))
            {
                lines.Add(n++);
            }
        }

        return lines;
    }

    private void Page(HttpListenerResponse response, string pathAndQuery, List<JsonNode> items)
    {
        var query = System.Web.HttpUtility.ParseQueryString(pathAndQuery.Contains('?') ? pathAndQuery[(pathAndQuery.IndexOf('?') + 1)..] : "");
        var page = int.TryParse(query["page"], out var p) ? p : 1;
        var perPage = Math.Min(PageSize, int.TryParse(query["per_page"], out var pp) ? pp : 30);
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var slice = items.Skip((page - 1) * perPage).Take(perPage).Select(i => i.DeepClone()).ToArray();
        var path = pathAndQuery.Split('?')[0];
        string Link(int target) => string.Create(CultureInfo.InvariantCulture, $"<{LinkBaseOverride ?? BaseUrl}{path}?per_page={perPage}&page={target}>");
        var links = new List<string>();
        if (page < last)
        {
            links.Add(Link(page + 1) + "; rel=\"next\"");
            links.Add(Link(last) + "; rel=\"last\"");
        }

        if (page > 1)
        {
            links.Add(Link(1) + "; rel=\"first\"");
            links.Add(Link(page - 1) + "; rel=\"prev\"");
        }

        if (links.Count > 0)
        {
            response.Headers["Link"] = string.Join(", ", links);
        }

        Write(response, 200, new JsonArray(slice));
    }

    private JsonObject WithPrevious(JsonObject file)
    {
        if (PreviousFilenames.TryGetValue(file["filename"]!.GetValue<string>(), out var previous))
        {
            file["previous_filename"] = previous;
        }

        return file;
    }

    private static JsonNode CommentJson(FakeComment c) => new JsonObject
    {
        ["id"] = c.Id,
        ["pull_request_review_id"] = c.ReviewId,
        ["path"] = c.Path,
        ["line"] = c.Line,
        ["side"] = "RIGHT",
        ["body"] = c.Body,
        ["in_reply_to_id"] = c.InReplyToId,
        ["user"] = new JsonObject { ["login"] = c.User, ["type"] = "Bot" },
    };

    private static JsonNode ReviewJson(FakeReview r) => new JsonObject
    {
        ["id"] = r.Id,
        ["body"] = r.Body,
        ["state"] = "COMMENTED",
        ["commit_id"] = r.CommitId,
        ["user"] = new JsonObject { ["login"] = r.User },
    };

    private static void Write(HttpListenerResponse response, int status, JsonNode body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
        response.Close();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
