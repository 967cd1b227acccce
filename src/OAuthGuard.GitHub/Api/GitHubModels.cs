// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.Json.Serialization;

namespace OAuthGuard.GitHub.Api;

/// <summary>An entry of <c>GET /repos/{owner}/{repo}/pulls/{number}/files</c>.</summary>
internal sealed class PullRequestFileDto
{
    /// <summary>The file's path in the head commit.</summary>
    public string Filename { get; init; } = "";

    /// <summary><c>added</c>, <c>removed</c>, <c>modified</c>, <c>renamed</c>, <c>copied</c>, <c>changed</c> or <c>unchanged</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The unified diff hunks; absent for binary files and very large diffs.</summary>
    public string? Patch { get; init; }

    /// <summary>For <c>renamed</c> files: the path before the rename.</summary>
    public string? PreviousFilename { get; init; }
}

/// <summary>The part of <c>GET /repos/{owner}/{repo}/compare/{base}...{head}</c> OAuthGuard reads.</summary>
internal sealed class CompareDto
{
    /// <summary>The files that differ (one page of them).</summary>
    public List<PullRequestFileDto>? Files { get; init; }
}

/// <summary>The user who wrote something.</summary>
internal sealed class UserDto
{
    /// <summary>The login, e.g. <c>github-actions[bot]</c>.</summary>
    public string? Login { get; init; }
}

/// <summary>A pull-request review comment (<c>GET /repos/{owner}/{repo}/pulls/{number}/comments</c>).</summary>
internal sealed class ReviewCommentDto
{
    /// <summary>The comment id.</summary>
    public long Id { get; init; }

    /// <summary>The markdown body.</summary>
    public string? Body { get; init; }

    /// <summary>The file.</summary>
    public string? Path { get; init; }

    /// <summary>The right-side line, null when the comment is outdated.</summary>
    public int? Line { get; init; }

    /// <summary>The first comment of the thread when this is a reply.</summary>
    public long? InReplyToId { get; init; }

    /// <summary>The review the comment was posted in.</summary>
    public long? PullRequestReviewId { get; init; }

    /// <summary>The author.</summary>
    public UserDto? User { get; init; }
}

/// <summary>A pull-request review.</summary>
internal sealed class ReviewDto
{
    /// <summary>The review id.</summary>
    public long Id { get; init; }

    /// <summary>The body; may be empty or null.</summary>
    public string? Body { get; init; }

    /// <summary><c>COMMENTED</c>, <c>APPROVED</c>, …</summary>
    public string? State { get; init; }

    /// <summary>The commit the review was made on.</summary>
    public string? CommitId { get; init; }

    /// <summary>The author.</summary>
    public UserDto? User { get; init; }
}

/// <summary>A branch end of a pull request.</summary>
internal sealed class PullRequestRefDto
{
    /// <summary>The commit.</summary>
    public string? Sha { get; init; }

    /// <summary>The repository; null when a fork was deleted.</summary>
    public RepositoryDto? Repo { get; init; }
}

/// <summary>A repository, as far as OAuthGuard needs it.</summary>
internal sealed class RepositoryDto
{
    /// <summary><c>owner/name</c>.</summary>
    public string? FullName { get; init; }
}

/// <summary>A pull request (<c>GET /repos/{owner}/{repo}/pulls/{number}</c>).</summary>
internal sealed class PullRequestDto
{
    /// <summary>The number.</summary>
    public int Number { get; init; }

    /// <summary><c>open</c> or <c>closed</c>.</summary>
    public string? State { get; init; }

    /// <summary>The head branch end.</summary>
    public PullRequestRefDto? Head { get; init; }
}

/// <summary>The request body of <c>POST /repos/{owner}/{repo}/pulls/{number}/reviews</c>.</summary>
internal sealed class CreateReviewRequest
{
    /// <summary>The head commit the comments refer to.</summary>
    public required string CommitId { get; init; }

    /// <summary>The review body.</summary>
    public required string Body { get; init; }

    /// <summary>Always <c>COMMENT</c>: OAuthGuard neither approves nor blocks; the check does.</summary>
    public string Event { get; init; } = "COMMENT";

    /// <summary>Inline comments.</summary>
    public List<DraftReviewComment> Comments { get; init; } = [];
}

/// <summary>One inline comment in a new review.</summary>
internal sealed class DraftReviewComment
{
    /// <summary>The file.</summary>
    public required string Path { get; init; }

    /// <summary>The right-side line.</summary>
    public required int Line { get; init; }

    /// <summary>Always <c>RIGHT</c>: the new version of the file.</summary>
    public string Side { get; init; } = "RIGHT";

    /// <summary>The markdown body.</summary>
    public required string Body { get; init; }
}

/// <summary>A request body with only a <c>body</c> (edit a comment or a review).</summary>
internal sealed class BodyRequest
{
    /// <summary>The new markdown.</summary>
    public required string Body { get; init; }
}

/// <summary>GitHub's error body.</summary>
internal sealed class ErrorDto
{
    /// <summary>What went wrong.</summary>
    public string? Message { get; init; }

    /// <summary>Details; strings or objects depending on the endpoint.</summary>
    public JsonElement? Errors { get; init; }
}

/// <summary>Source-generated serialisation for the REST API (no reflection: the binary is Native AOT).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<PullRequestFileDto>))]
[JsonSerializable(typeof(List<ReviewCommentDto>))]
[JsonSerializable(typeof(List<ReviewDto>))]
[JsonSerializable(typeof(ReviewCommentDto))]
[JsonSerializable(typeof(ReviewDto))]
[JsonSerializable(typeof(UserDto))]
[JsonSerializable(typeof(PullRequestDto))]
[JsonSerializable(typeof(CompareDto))]
[JsonSerializable(typeof(CreateReviewRequest))]
[JsonSerializable(typeof(BodyRequest))]
[JsonSerializable(typeof(ErrorDto))]
internal sealed partial class GitHubJsonContext : JsonSerializerContext;
