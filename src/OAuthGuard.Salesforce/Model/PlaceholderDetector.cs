// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

namespace OAuthGuard.Salesforce.Model;

/// <summary>
/// Tells template placeholders (<c>{{CONSUMER_SECRET}}</c>, <c>REPLACE_CLIENT_SECRET</c>, …) from
/// real values in secrets, keys and certificates. The full list is in docs/input-document.md;
/// a value is a placeholder when, after trimming, it
/// <list type="bullet">
/// <item>contains <c>{{…}}</c> or <c>${…}</c>;</item>
/// <item>is wrapped whole in <c>{…}</c>, <c>&lt;…&gt;</c>, <c>[…]</c>, <c>%…%</c> or <c>__…__</c>;</item>
/// <item>starts (any case) with <c>REPLACE</c>, <c>YOUR_</c>, <c>YOUR-</c>, <c>INSERT_</c>, <c>ENTER_</c>, <c>CHANGEME</c>, <c>CHANGE_ME</c>, <c>PLACEHOLDER</c>, <c>TODO</c>, <c>TBD</c>, <c>XXX</c>, or contains <c>YOUR_</c> or ends with <c>_HERE</c>;</item>
/// <item>is one of <c>RETRIEVED_FROM_SALESFORCE</c>, <c>REDACTED</c>, <c>SECRET</c>, <c>DUMMY</c>, <c>NONE</c>, <c>NULL</c>, <c>N/A</c> (any case);</item>
/// <item>is made only of <c>x</c>, <c>*</c>, <c>.</c>, <c>#</c> or <c>-</c> (three or more);</item>
/// <item>is an upper-case identifier with underscores and no lower-case letter (<c>SLACK_CLIENT_SECRET</c>), which names a variable rather than holding a value.</item>
/// </list>
/// </summary>
public static class PlaceholderDetector
{
    private static readonly string[] Prefixes =
        ["REPLACE", "YOUR_", "YOUR-", "INSERT_", "ENTER_", "CHANGEME", "CHANGE_ME", "PLACEHOLDER", "TODO", "TBD", "XXX"];

    private static readonly string[] Words = ["RETRIEVED_FROM_SALESFORCE", "REDACTED", "SECRET", "DUMMY", "NONE", "NULL", "N/A"];

    /// <summary>True when <paramref name="value"/> looks like a template placeholder rather than a real value.</summary>
    public static bool IsPlaceholder(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var v = value.Trim();
        if (v.Length == 0)
        {
            return false;
        }

        if (Contains(v, "{{", "}}") || Contains(v, "${", "}"))
        {
            return true;
        }

        if (Wrapped(v, '{', '}') || Wrapped(v, '<', '>') || Wrapped(v, '[', ']') || Wrapped(v, '%', '%') ||
            (v.Length > 4 && v.StartsWith("__", StringComparison.Ordinal) && v.EndsWith("__", StringComparison.Ordinal)))
        {
            return true;
        }

        foreach (var prefix in Prefixes)
        {
            if (v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (v.Contains("YOUR_", StringComparison.OrdinalIgnoreCase) || v.EndsWith("_HERE", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var word in Words)
        {
            if (v.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (v.Length >= 3 && v.All(c => c is 'x' or 'X' or '*' or '.' or '#' or '-'))
        {
            return true;
        }

        return v.Contains('_', StringComparison.Ordinal) && char.IsAsciiLetterUpper(v[0]) &&
            v.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');
    }

    /// <summary>
    /// True when a certificate value is plausibly a certificate: base64 of at least 64 characters
    /// (one line, as ConnectedApp files hold it) or PEM (<c>-----BEGIN …</c> lines around base64).
    /// </summary>
    public static bool LooksLikeCertificate(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var body = new System.Text.StringBuilder();
        foreach (var raw in value.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("-----", StringComparison.Ordinal))
            {
                continue;
            }

            body.Append(line);
        }

        var text = body.ToString();
        return text.Length >= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=');
    }

    private static bool Contains(string v, string open, string close)
    {
        var start = v.IndexOf(open, StringComparison.Ordinal);
        return start >= 0 && v.IndexOf(close, start + open.Length, StringComparison.Ordinal) > start;
    }

    private static bool Wrapped(string v, char open, char close) => v.Length > 2 && v[0] == open && v[^1] == close;
}
