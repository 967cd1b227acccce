using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// Glob matching with the syntax OPA takes from gobwas/glob: <c>*</c> (no delimiter), <c>**</c> (anything),
/// <c>?</c>, <c>[abc]</c>, <c>[!a-z]</c>, <c>{a,b}</c> and backslash escapes. Patterns compile to linear-time
/// regexes and are cached.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#glob.</remarks>
internal static class Glob
{
    private const int CacheLimit = 512;
    private static readonly ConcurrentDictionary<(string Pattern, string Delimiters), Regex> Cache = new();

    /// <summary>Registers the glob builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("glob", "glob.match(pattern: string, delimiters: array[string]|null, match: string) => boolean", "Matches a string against a glob pattern; * stops at delimiters (default \".\"), ** does not.", Match);
        b.Add("glob", "glob.quote_meta(pattern: string) => string", "Escapes glob metacharacters so the text matches literally.", QuoteMeta);
    }

    private static RegoValue Match(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var pattern = Operands.String(a, 0);
        string delimiters;
        switch (a[1])
        {
            case RegoNull:
                delimiters = string.Empty;
                break;
            case RegoArray arr:
                var sb = new StringBuilder();
                foreach (var d in arr.Items)
                {
                    var ds = d as RegoString ?? throw Operands.ElementError(1, arr, d, "string");
                    if (Aggregates.RuneCount(ds.Value) != 1)
                    {
                        throw Operands.ElementError(1, arr, d, "rune");
                    }

                    sb.Append(ds.Value);
                }

                delimiters = arr.Count == 0 ? "." : sb.ToString();
                break;
            default:
                throw Operands.TypeError(1, a[1], "array", "null");
        }

        var value = Operands.String(a, 2);
        var key = (pattern, delimiters);
        if (!Cache.TryGetValue(key, out var regex))
        {
            regex = new Regex(ToRegex(pattern, delimiters), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.Singleline);
            if (Cache.Count >= CacheLimit)
            {
                Cache.Clear();
            }

            Cache[key] = regex;
        }

        return Operands.Bool(regex.IsMatch(value));
    }

    /// <summary>Translates a glob into an anchored regex.</summary>
    /// <param name="pattern">The glob.</param>
    /// <param name="delimiters">The delimiter characters.</param>
    /// <returns>The regex text.</returns>
    /// <exception cref="BuiltinException">The glob is malformed.</exception>
    internal static string ToRegex(string pattern, string delimiters)
    {
        var notDelim = delimiters.Length == 0 ? "." : "[^" + EscapeClass(delimiters) + "]";
        var sb = new StringBuilder("^");
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    if (++i >= pattern.Length)
                    {
                        throw new BuiltinException("unexpected end of glob after escape");
                    }

                    sb.Append(Regex.Escape(pattern[i].ToString()));
                    break;
                case '*':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                    {
                        sb.Append(".*");
                        i++;
                    }
                    else
                    {
                        sb.Append(notDelim).Append('*');
                    }

                    break;
                case '?':
                    sb.Append(notDelim);
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        throw new BuiltinException("unexpected end of glob in character range");
                    }

                    var body = pattern[(i + 1)..close];
                    var negate = body.StartsWith('!');
                    sb.Append('[').Append(negate ? "^" : string.Empty).Append(EscapeClass(negate ? body[1..] : body, keepDash: true)).Append(']');
                    i = close;
                    break;
                case '{':
                    depth++;
                    sb.Append("(?:");
                    break;
                case '}' when depth > 0:
                    depth--;
                    sb.Append(')');
                    break;
                case ',' when depth > 0:
                    sb.Append('|');
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        if (depth != 0)
        {
            throw new BuiltinException("unbalanced braces in glob");
        }

        return sb.Append('$').ToString();
    }

    private static string EscapeClass(string chars, bool keepDash = false)
    {
        var sb = new StringBuilder();
        foreach (var c in chars)
        {
            if (c is '\\' or ']' or '[' or '^' || (c == '-' && !keepDash))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static RegoValue QuoteMeta(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.String(a, 0);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is '*' or '?' or '\\' or '[' or ']' or '{' or '}')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return Operands.Str(sb.ToString());
    }
}
