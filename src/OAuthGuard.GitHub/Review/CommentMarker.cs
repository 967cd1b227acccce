// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

namespace OAuthGuard.GitHub.Review;

/// <summary>
/// The hidden HTML comments that let a re-run recognise what an earlier run posted:
/// <c>&lt;!-- oauthguard:fingerprint=FP --&gt;</c> at the end of each inline comment (with
/// <c>;resolved</c> once its finding is gone) and <c>&lt;!-- oauthguard:review --&gt;</c> in the review body.
/// GitHub does not render HTML comments, so readers never see them.
/// </summary>
internal static class CommentMarker
{
    private const string FingerprintPrefix = "<!-- oauthguard:fingerprint=";
    private const string ResolvedSuffix = ";resolved";
    private const string End = " -->";

    /// <summary>Marks the body of the current review.</summary>
    public const string Review = "<!-- oauthguard:review -->";

    /// <summary>Marks a review that a later run replaced.</summary>
    public const string SupersededReview = "<!-- oauthguard:review-superseded -->";

    /// <summary>The marker for a finding's comment. The fingerprint is percent-encoded (and <c>-</c> too) so it can never close the HTML comment.</summary>
    public static string ForFingerprint(string fingerprint, bool resolved = false) =>
        FingerprintPrefix + Encode(fingerprint) + (resolved ? ResolvedSuffix : "") + End;

    /// <summary>Reads the fingerprint from a comment body, or null when the comment is not ours.</summary>
    public static string? ReadFingerprint(string? body, out bool resolved)
    {
        resolved = false;
        if (body is null)
        {
            return null;
        }

        var start = body.LastIndexOf(FingerprintPrefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += FingerprintPrefix.Length;
        var end = body.IndexOf(End, start, StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }

        var value = body[start..end];
        if (value.EndsWith(ResolvedSuffix, StringComparison.Ordinal))
        {
            resolved = true;
            value = value[..^ResolvedSuffix.Length];
        }

        return value.Length == 0 ? null : Uri.UnescapeDataString(value);
    }

    private static string Encode(string fingerprint) =>
        Uri.EscapeDataString(fingerprint).Replace("-", "%2D", StringComparison.Ordinal);
}
