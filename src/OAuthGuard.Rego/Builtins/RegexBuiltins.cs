using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// Regular-expression builtins with RE2 semantics. Patterns are translated from Go's RE2 syntax to .NET and
/// compiled with <see cref="RegexOptions.NonBacktracking"/>, so matching takes linear time; constructs RE2 lacks
/// (backreferences, lookaround, atomic groups) are rejected as invalid patterns. Compiled patterns are cached.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#regex.</remarks>
internal static class RegexBuiltins
{
    private const int CacheLimit = 512;
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>Registers the regex builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        const string C = "regex";
        b.Add(C, "regex.match(pattern: string, value: string) => boolean", "Tests whether a string matches an RE2 pattern anywhere.", (_, a) => Operands.Bool(Get(Operands.String(a, 0)).IsMatch(Operands.String(a, 1))));
        b.Add(C, "regex.is_valid(pattern: any) => boolean", "Tests whether a value is a valid RE2 pattern.", (_, a) => Operands.Bool(a[0] is RegoString s && TryGet(s.Value, out var _, out var _)));
        b.Add(C, "regex.split(pattern: string, value: string) => array[string]", "Splits a string around the matches of a pattern.", Split);
        b.Add(C, "regex.find_n(pattern: string, value: string, number: number) => array[string]", "Returns up to number matches (all when -1).", FindN);
        b.Add(C, "regex.replace(s: string, pattern: string, value: string) => string", "Replaces every match of a pattern; $1 and ${name} refer to groups.", Replace);
        b.Add(C, "regex.find_all_string_submatch_n(pattern: string, value: string, number: number) => array[array[string]]", "Returns up to number matches, each as the whole match followed by its groups.", FindAllSubmatch);
        b.Add(C, "regex.template_match(template: string, value: string, delimiter_start: string, delimiter_end: string) => boolean", "Matches a string against a template whose delimited parts are patterns and the rest literal text.", TemplateMatch);
    }

    /// <summary>Returns the compiled pattern, compiling and caching it on first use.</summary>
    /// <param name="pattern">An RE2 pattern.</param>
    /// <returns>The regex.</returns>
    /// <exception cref="BuiltinException">The pattern is not valid RE2.</exception>
    internal static Regex Get(string pattern) =>
        TryGet(pattern, out var regex, out var error) ? regex : throw new BuiltinException($"error parsing regexp: {error}");

    private static bool TryGet(string pattern, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Regex? regex, out string error)
    {
        error = string.Empty;
        if (Cache.TryGetValue(pattern, out regex))
        {
            return true;
        }

        try
        {
            regex = new Regex(Translate(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            error = ex is NotSupportedException ? $"construct not supported by RE2: `{pattern}`" : ex.Message;
            return false;
        }

        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        Cache[pattern] = regex;
        return true;
    }

    /// <summary>Rewrites RE2 syntax .NET reads differently: named groups, POSIX classes, ASCII-only classes, \z for $.</summary>
    /// <param name="pattern">The RE2 pattern.</param>
    /// <returns>The .NET pattern.</returns>
    internal static string Translate(string pattern)
    {
        var multiline = pattern.Contains("(?m", StringComparison.Ordinal) || pattern.Contains("(?sm", StringComparison.Ordinal) || pattern.Contains("(?im", StringComparison.Ordinal);
        var sb = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var n = pattern[i + 1];
                i++;
                switch (n)
                {
                    case 'd': sb.Append(inClass ? "0-9" : "[0-9]"); break;
                    case 'w': sb.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]"); break;
                    case 's': sb.Append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]"); break;
                    case 'D' when !inClass: sb.Append("[^0-9]"); break;
                    case 'W' when !inClass: sb.Append("[^0-9A-Za-z_]"); break;
                    case 'S' when !inClass: sb.Append("[^\\t\\n\\f\\r ]"); break;
                    case 'p' or 'P' when i + 1 < pattern.Length && pattern[i + 1] != '{':
                        sb.Append('\\').Append(n).Append('{').Append(pattern[i + 1]).Append('}');
                        i++;
                        break;
                    case 'z': sb.Append("\\z"); break;
                    case 'Q':
                        var end = pattern.IndexOf("\\E", i + 1, StringComparison.Ordinal);
                        var literal = end < 0 ? pattern[(i + 1)..] : pattern[(i + 1)..end];
                        sb.Append(Regex.Escape(literal));
                        i = end < 0 ? pattern.Length : end + 1;
                        break;
                    default:
                        if (char.IsAsciiDigit(n) && n != '0')
                        {
                            throw new NotSupportedException("backreference");
                        }

                        sb.Append('\\').Append(n);
                        break;
                }

                continue;
            }

            if (inClass)
            {
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0 && PosixClass(pattern[(i + 2)..close]) is { } expansion)
                    {
                        sb.Append(expansion);
                        i = close + 1;
                        continue;
                    }
                }

                if (c == '[')
                {
                    sb.Append("\\[");
                    continue;
                }

                if (c == ']')
                {
                    inClass = false;
                }

                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        sb.Append("\\]");
                        i++;
                    }

                    break;
                case '(' when i + 2 < pattern.Length && pattern[i + 1] == '?' && pattern[i + 2] == 'P' && i + 3 < pattern.Length && pattern[i + 3] == '<':
                    sb.Append("(?<");
                    i += 3;
                    break;
                case '(' when i + 2 < pattern.Length && pattern[i + 1] == '?' && pattern[i + 2] is '=' or '!' or '<' or '>':
                    if (pattern[i + 2] == '<' && i + 3 < pattern.Length && pattern[i + 3] is not ('=' or '!'))
                    {
                        sb.Append(c);
                        break;
                    }

                    throw new NotSupportedException("lookaround");
                case '$' when !multiline:
                    sb.Append("\\z");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static string? PosixClass(string name) => name switch
    {
        "alnum" => "0-9A-Za-z",
        "alpha" => "A-Za-z",
        "ascii" => "\\x00-\\x7F",
        "blank" => "\\t ",
        "cntrl" => "\\x00-\\x1F\\x7F",
        "digit" => "0-9",
        "graph" => "!-~",
        "lower" => "a-z",
        "print" => " -~",
        "punct" => "!-/:-@\\[-`{-~",
        "space" => "\\t\\n\\v\\f\\r ",
        "upper" => "A-Z",
        "word" => "0-9A-Za-z_",
        "xdigit" => "0-9A-Fa-f",
        _ => null,
    };

    private static RegoValue Split(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var regex = Get(Operands.String(a, 0));
        var s = Operands.String(a, 1);
        var parts = new List<RegoValue>();
        var last = 0;
        foreach (Match m in regex.Matches(s))
        {
            if (m.Length == 0 && (m.Index == 0 || m.Index == s.Length))
            {
                continue;
            }

            parts.Add(Operands.Str(s[last..m.Index]));
            last = m.Index + m.Length;

            // A pattern that matches everywhere makes a string per character: many times the text's size.
            ctx.Budget.Check(parts.Count * Evaluation.SizeBudget.ElementBytes);
        }

        parts.Add(Operands.Str(s[last..]));
        return RegoArray.Wrap([.. parts]);
    }

    private static RegoValue FindN(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var regex = Get(Operands.String(a, 0));
        var s = Operands.String(a, 1);
        var n = Operands.Int(a, 2);
        var result = new List<RegoValue>();
        for (var m = regex.Match(s); m.Success && (n < 0 || result.Count < n); m = m.NextMatch())
        {
            result.Add(Operands.Str(m.Value));
            ctx.Budget.Check(result.Count * Evaluation.SizeBudget.ElementBytes);
        }

        return RegoArray.Wrap([.. result]);
    }

    private static RegoValue FindAllSubmatch(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var regex = Get(Operands.String(a, 0));
        var s = Operands.String(a, 1);
        var n = Operands.Int(a, 2);
        var result = new List<RegoValue>();
        long elements = 0;
        for (var m = regex.Match(s); m.Success && (n < 0 || result.Count < n); m = m.NextMatch())
        {
            elements += m.Groups.Count + 1;
            ctx.Budget.Check(elements * Evaluation.SizeBudget.ElementBytes);
            var groups = new RegoValue[m.Groups.Count];
            for (var g = 0; g < groups.Length; g++)
            {
                groups[g] = Operands.Str(m.Groups[g].Success ? m.Groups[g].Value : string.Empty);
            }

            result.Add(RegoArray.Wrap(groups));
        }

        return RegoArray.Wrap([.. result]);
    }

    private static RegoValue Replace(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.String(a, 0);
        var regex = Get(Operands.String(a, 1));
        var replacement = Operands.String(a, 2);

        // Each match may insert the replacement (with groups copied into it): a long replacement or a match at every
        // position multiplies the text. Only when the rough bound is over the cap, add up the real lengths first.
        var bound = s.Length + ((s.Length + 1.0) * replacement.Length * (replacement.Contains('$', StringComparison.Ordinal) ? Math.Max(1, s.Length) : 1));
        if (bound * 2 > ctx.Budget.MaxValueBytes)
        {
            long length = s.Length;
            for (var m = regex.Match(s); m.Success; m = m.NextMatch())
            {
                length += m.Result(replacement).Length - m.Length;
                ctx.Budget.CheckChars(length);
            }
        }

        return Operands.Str(regex.Replace(s, replacement));
    }

    private static RegoValue TemplateMatch(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var template = Operands.String(a, 0);
        var value = Operands.String(a, 1);
        var open = Operands.String(a, 2);
        var close = Operands.String(a, 3);
        if (open.Length == 0 || close.Length == 0)
        {
            throw new BuiltinException("delimiters must not be empty");
        }

        var sb = new StringBuilder("^");
        var i = 0;
        while (i < template.Length)
        {
            var start = template.IndexOf(open, i, StringComparison.Ordinal);
            if (start < 0)
            {
                sb.Append(Regex.Escape(template[i..]));
                break;
            }

            var end = template.IndexOf(close, start + open.Length, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new BuiltinException($"unbalanced delimiters in template {template}");
            }

            sb.Append(Regex.Escape(template[i..start])).Append("(?:").Append(template, start + open.Length, end - start - open.Length).Append(')');
            i = end + close.Length;
        }

        sb.Append('$');
        return Operands.Bool(Get(sb.ToString()).IsMatch(value));
    }
}
