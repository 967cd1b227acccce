using System.Collections.Immutable;
using System.Globalization;
using OAuthGuard.Repository;

namespace OAuthGuard.Suppressions;

/// <summary>
/// A suppression written as an XML comment in a metadata file:
/// <c>&lt;!-- oauthguard-suppress SFOAUTH001 reason="…" expires=2026-12-31 --&gt;</c>.
/// It silences the named rules for the element the comment precedes (and everything inside it);
/// a comment that is the last thing in an element covers that element, and one before the root
/// element covers the whole file.
/// </summary>
/// <param name="File">The metadata file.</param>
/// <param name="Line">Where the comment starts.</param>
/// <param name="ElementPath">The element it covers; empty for the whole file.</param>
/// <param name="RuleIds">The rules it names.</param>
/// <param name="Reason">The justification, or null when missing (then it does not apply).</param>
/// <param name="Expires">Last day on which it applies.</param>
public sealed record InlineSuppression(string File, int Line, string ElementPath, ImmutableArray<string> RuleIds, string? Reason, DateOnly? Expires)
{
    /// <summary>The word that starts a suppression comment.</summary>
    public const string Directive = "oauthguard-suppress";

    /// <summary>Whether the suppression covers a finding at <paramref name="elementPath"/> in <paramref name="file"/>.</summary>
    public bool Covers(string ruleId, string file, string elementPath) =>
        File == file && RuleIds.Contains(ruleId)
        && (ElementPath.Length == 0 || elementPath == ElementPath || elementPath.StartsWith(ElementPath + "/", StringComparison.Ordinal));

    /// <summary>
    /// Parses a comment. Returns null when the comment is not a suppression at all; returns a
    /// problem message (and no suppression) when it starts with the directive but is malformed.
    /// </summary>
    public static InlineSuppression? TryParse(MetadataComment comment, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(comment);
        problem = null;
        var text = comment.Text.Trim();
        if (!text.StartsWith(Directive, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = text[Directive.Length..];
        if (rest.Length > 0 && !char.IsWhiteSpace(rest[0]))
        {
            return null;
        }

        var tokens = Tokenize(rest, out problem);
        if (problem is not null)
        {
            return null;
        }

        var rules = ImmutableArray.CreateBuilder<string>();
        string? reason = null;
        DateOnly? expires = null;
        foreach (var token in tokens)
        {
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                if (reason is not null || expires is not null)
                {
                    problem = $"rule ids must come before reason= and expires= (found '{token}')";
                    return null;
                }

                rules.AddRange(token.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                continue;
            }

            var key = token[..eq];
            var value = token[(eq + 1)..];
            switch (key)
            {
                case "reason":
                    reason = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
                    break;
                case "expires" when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                    expires = date;
                    break;
                case "expires":
                    problem = $"expires must be a date written YYYY-MM-DD, not '{value}'";
                    return null;
                default:
                    problem = $"unknown key '{key}' (expected reason= or expires=)";
                    return null;
            }
        }

        if (rules.Count == 0)
        {
            problem = "name the rule(s) to suppress, e.g. oauthguard-suppress SFOAUTH001 reason=\"…\"";
            return null;
        }

        return new InlineSuppression(comment.File, comment.Line, comment.ElementPath, rules.ToImmutable(), reason, expires);
    }

    private static List<string> Tokenize(string text, out string? problem)
    {
        problem = null;
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var builder = new System.Text.StringBuilder();
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                if (text[i] == '"')
                {
                    var close = text.IndexOf('"', i + 1);
                    if (close < 0)
                    {
                        problem = $"unterminated quote starting at '{text[start..].Trim()}'";
                        return tokens;
                    }

                    builder.Append(text, i + 1, close - i - 1);
                    i = close + 1;
                }
                else
                {
                    builder.Append(text[i]);
                    i++;
                }
            }

            tokens.Add(builder.ToString());
        }

        return tokens;
    }
}
