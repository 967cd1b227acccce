// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

namespace OAuthGuard.Salesforce.Model;

/// <summary>
/// An XML comment and where it sits, for inline suppressions such as
/// <c>&lt;!-- oauthguard-suppress SFOAUTH001 reason="…" expires=2027-01-31 --&gt;</c>.
/// </summary>
/// <param name="Text">The comment text between <c>&lt;!--</c> and <c>--&gt;</c>, untrimmed.</param>
/// <param name="Line">1-based line of the <c>&lt;!--</c>.</param>
/// <param name="Column">1-based column of the <c>&lt;!--</c>.</param>
/// <param name="FollowingPath">The path of the next sibling element after the comment (the root element's "" for a comment before it); null when the comment is the last thing in its parent.</param>
/// <param name="EnclosingPath">The path of the element that contains the comment ("" for the root); null outside the root element.</param>
public sealed record XmlCommentInfo(string Text, int Line, int Column, string? FollowingPath, string? EnclosingPath)
{
    /// <summary>The element the comment is about: the one that follows it, else the one that encloses it, else the root ("").</summary>
    public string ElementPath => FollowingPath ?? EnclosingPath ?? string.Empty;
}
