using System.Text;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// String builtins. Positions and lengths count Unicode code points, as Go's runes do, not UTF-16 units.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#strings.</remarks>
internal static class Strings
{
    /// <summary>Registers the string builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        const string C = "strings";
        b.Add(C, "concat(delimiter: string, collection: array[string]|set[string]) => string", "Joins strings with a delimiter between them.", Concat);
        b.Add(C, "contains(haystack: string, needle: string) => boolean", "Tests whether a string contains another.", (_, a) => Operands.Bool(Operands.String(a, 0).Contains(Operands.String(a, 1), StringComparison.Ordinal)));
        b.Add(C, "startswith(search: string, base: string) => boolean", "Tests whether a string starts with another.", (_, a) => Operands.Bool(Operands.String(a, 0).StartsWith(Operands.String(a, 1), StringComparison.Ordinal)));
        b.Add(C, "endswith(search: string, base: string) => boolean", "Tests whether a string ends with another.", (_, a) => Operands.Bool(Operands.String(a, 0).EndsWith(Operands.String(a, 1), StringComparison.Ordinal)));
        b.Add(C, "format_int(number: number, base: number) => string", "Writes a number, truncated to an integer, in base 2, 8, 10 or 16.", FormatInt);
        b.Add(C, "indexof(haystack: string, needle: string) => number", "Returns the code-point index of the first occurrence of needle, or -1.", IndexOf);
        b.Add(C, "indexof_n(haystack: string, needle: string) => array[number]", "Returns the code-point indexes of every occurrence of needle.", IndexOfN);
        b.Add(C, "lower(x: string) => string", "Lower-cases a string.", (_, a) => Operands.Str(Operands.String(a, 0).ToLowerInvariant()));
        b.Add(C, "upper(x: string) => string", "Upper-cases a string.", (_, a) => Operands.Str(Operands.String(a, 0).ToUpperInvariant()));
        b.Add(C, "replace(x: string, old: string, new: string) => string", "Replaces every occurrence of old with new.", Replace);
        b.Add(C, "split(x: string, delimiter: string) => array[string]", "Splits a string at each delimiter; an empty delimiter splits into characters.", Split);
        b.Add(C, "strings.split_n(x: string, delimiter: string, n: number) => array[string]", "Splits like split and keeps the first n parts, or the last -n parts when n is negative.", SplitN);
        b.Add(C, "substring(value: string, offset: number, length: number) => string", "Returns length code points from offset; a negative length means to the end.", Substring);
        b.Add(C, "trim(value: string, cutset: string) => string", "Removes leading and trailing characters found in cutset.", (_, a) => Operands.Str(Operands.String(a, 0).Trim(Operands.String(a, 1).ToCharArray())));
        b.Add(C, "trim_left(value: string, cutset: string) => string", "Removes leading characters found in cutset.", (_, a) => Operands.Str(Operands.String(a, 0).TrimStart(Operands.String(a, 1).ToCharArray())));
        b.Add(C, "trim_right(value: string, cutset: string) => string", "Removes trailing characters found in cutset.", (_, a) => Operands.Str(Operands.String(a, 0).TrimEnd(Operands.String(a, 1).ToCharArray())));
        b.Add(C, "trim_prefix(value: string, prefix: string) => string", "Removes a prefix if present.", TrimPrefix);
        b.Add(C, "trim_suffix(value: string, suffix: string) => string", "Removes a suffix if present.", TrimSuffix);
        b.Add(C, "trim_space(value: string) => string", "Removes leading and trailing white space.", (_, a) => Operands.Str(Operands.String(a, 0).Trim()));
        b.Add(C, "strings.replace_n(patterns: object[string: string], value: string) => string", "Replaces each key of patterns with its value, scanning the string once.", ReplaceN);
        b.Add(C, "strings.reverse(x: string) => string", "Reverses a string by code points.", Reverse);
        b.Add(C, "strings.any_prefix_match(search: string|array[string]|set[string], base: string|array[string]|set[string]) => boolean", "Tests whether any search string starts with any base string.", (_, a) => AnyMatch(a, prefix: true));
        b.Add(C, "strings.any_suffix_match(search: string|array[string]|set[string], base: string|array[string]|set[string]) => boolean", "Tests whether any search string ends with any base string.", (_, a) => AnyMatch(a, prefix: false));
        b.Add(C, "strings.count(search: string, substring: string) => number", "Counts non-overlapping occurrences of substring.", Count);
    }

    private static RegoValue Concat(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var delimiter = Operands.String(a, 0);
        var items = Operands.Elements(a, 1, "set", "array");
        if (items.Length == 1 && items[0] is RegoString only)
        {
            return only;
        }

        // The items may be the same long string many times over: check the joined length before building it.
        var length = (long)delimiter.Length * Math.Max(0, items.Length - 1);
        foreach (var item in items)
        {
            length += item is RegoString str ? str.Value.Length : 0;
        }

        ctx.Budget.CheckChars(length);
        var sb = new StringBuilder();
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(delimiter);
            }

            sb.Append(items[i] is RegoString s ? s.Value : throw Operands.ElementError(1, a[1], items[i], "string"));
        }

        return Operands.Str(sb.ToString());
    }

    private static RegoValue Replace(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.String(a, 0);
        var old = Operands.String(a, 1);
        var replacement = Operands.String(a, 2);
        if (replacement.Length > old.Length)
        {
            // Each occurrence grows the string: a long replacement (or an empty old, which matches between all
            // characters) multiplies it. Count the occurrences only when the rough bound is over the cap.
            var growth = replacement.Length - old.Length;
            var bound = s.Length + (((long)s.Length / Math.Max(1, old.Length)) + 1) * growth;
            if (bound * 2 > ctx.Budget.MaxValueBytes)
            {
                ctx.Budget.CheckChars(s.Length + (Occurrences(s, old) * growth));
            }
        }

        return Operands.Str(ReplaceAll(s, old, replacement, -1));
    }

    /// <summary>Non-overlapping occurrences of <paramref name="old"/>; an empty one matches before each code point and at the end.</summary>
    private static long Occurrences(string s, string old)
    {
        if (old.Length == 0)
        {
            return s.Length + 1L;
        }

        long count = 0;
        for (var i = s.IndexOf(old, StringComparison.Ordinal); i >= 0; i = s.IndexOf(old, i + old.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static RegoValue FormatInt(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var n = Operands.Number(a, 0);
        var value = RegoNumber.Truncate(n);
        var radix = Operands.Number(a, 1);
        var @base = radix.TryGetInt32(out var r) ? r : 0;
        if (@base is not (2 or 8 or 10 or 16))
        {
            throw Operands.Error(1, "must be one of {2, 8, 10, 16}");
        }

        var negative = value.Sign < 0;
        var abs = System.Numerics.BigInteger.Abs(value);
        if (abs.IsZero)
        {
            return Operands.Str("0");
        }

        var sb = new StringBuilder();
        while (!abs.IsZero)
        {
            var digit = (int)(abs % @base);
            sb.Insert(0, "0123456789abcdef"[digit]);
            abs /= @base;
        }

        if (negative)
        {
            sb.Insert(0, '-');
        }

        return Operands.Str(sb.ToString());
    }

    /// <summary>Converts a UTF-16 index into a code-point index.</summary>
    /// <param name="s">The text.</param>
    /// <param name="charIndex">A UTF-16 index.</param>
    /// <returns>The number of code points before it.</returns>
    internal static int RuneIndex(string s, int charIndex)
    {
        var n = charIndex;
        for (var i = 0; i < charIndex; i++)
        {
            if (char.IsLowSurrogate(s[i]))
            {
                n--;
            }
        }

        return n;
    }

    private static string Needle(ReadOnlySpan<RegoValue> a) =>
        Operands.String(a, 1) is { Length: > 0 } needle ? needle : throw new BuiltinException("empty search character");

    private static RegoValue IndexOf(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.String(a, 0);
        var i = s.IndexOf(Needle(a), StringComparison.Ordinal);
        return RegoNumber.From(i < 0 ? -1 : RuneIndex(s, i));
    }

    private static RegoValue IndexOfN(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.String(a, 0);
        var needle = Needle(a);
        var result = new List<RegoValue>();
        var i = s.IndexOf(needle, StringComparison.Ordinal);
        while (i >= 0)
        {
            result.Add(RegoNumber.From(RuneIndex(s, i)));
            if ((result.Count & 0xffff) == 0)
            {
                ctx.Budget.Check(result.Count * Evaluation.SizeBudget.ElementBytes);
            }

            if (i + 1 > s.Length)
            {
                break;
            }

            i = s.IndexOf(needle, i + 1, StringComparison.Ordinal);
        }

        return RegoArray.Wrap([.. result]);
    }

    /// <summary>Replaces occurrences as Go's strings.Replace does, including an empty <paramref name="old"/>.</summary>
    /// <param name="s">The text.</param>
    /// <param name="old">What to replace.</param>
    /// <param name="replacement">The replacement.</param>
    /// <param name="limit">At most this many replacements; negative for all.</param>
    /// <returns>The result.</returns>
    internal static string ReplaceAll(string s, string old, string replacement, int limit)
    {
        if (old.Length > 0 && limit < 0)
        {
            return s.Replace(old, replacement, StringComparison.Ordinal);
        }

        var sb = new StringBuilder();
        var count = 0;
        var i = 0;
        while (i <= s.Length)
        {
            var j = old.Length == 0 ? i : s.IndexOf(old, i, StringComparison.Ordinal);
            if (j < 0 || (limit >= 0 && count >= limit))
            {
                break;
            }

            sb.Append(s, i, j - i).Append(replacement);
            count++;
            if (old.Length == 0)
            {
                if (j >= s.Length)
                {
                    i = s.Length + 1;
                    break;
                }

                var step = char.IsHighSurrogate(s[j]) && j + 1 < s.Length ? 2 : 1;
                sb.Append(s, j, step);
                i = j + step;
            }
            else
            {
                i = j + old.Length;
            }
        }

        if (i <= s.Length)
        {
            sb.Append(s, i, s.Length - i);
        }

        return sb.ToString();
    }

    private static RegoValue SplitN(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var n = Operands.Int(a, 2);
        var parts = (RegoArray)Split(ctx, a[..2]);
        var keep = Math.Min(Math.Abs((long)n), parts.Count);
        return RegoArray.Wrap(n >= 0 ? parts.Items[..(int)keep].ToArray() : parts.Items[(parts.Count - (int)keep)..].ToArray());
    }

    private static RegoValue Split(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.String(a, 0);
        var delimiter = Operands.String(a, 1);

        // Every part is a new string: splitting a long text into characters is many times its size.
        var bound = delimiter.Length == 0 ? s.Length : ((long)s.Length / delimiter.Length) + 1;
        if (bound * Evaluation.SizeBudget.ElementBytes > ctx.Budget.MaxValueBytes)
        {
            ctx.Budget.Check((delimiter.Length == 0 ? Occurrences(s, delimiter) - 1 : Occurrences(s, delimiter) + 1) * Evaluation.SizeBudget.ElementBytes);
        }

        string[] parts;
        if (delimiter.Length == 0)
        {
            var runes = new List<string>();
            foreach (var rune in s.EnumerateRunes())
            {
                runes.Add(rune.ToString());
            }

            parts = [.. runes];
        }
        else
        {
            parts = s.Split(delimiter);
        }

        var items = new RegoValue[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            items[i] = Operands.Str(parts[i]);
        }

        return RegoArray.Wrap(items);
    }

    private static RegoValue Substring(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.String(a, 0);
        var offset = Operands.Int(a, 1);
        var length = Operands.Int(a, 2);
        if (offset < 0)
        {
            throw new BuiltinException("negative offset");
        }

        var runes = new List<Rune>(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            runes.Add(rune);
        }

        if (offset >= runes.Count)
        {
            return RegoString.Empty;
        }

        var end = length < 0 || (long)offset + length > runes.Count ? runes.Count : offset + length;
        var sb = new StringBuilder();
        for (var i = offset; i < end; i++)
        {
            sb.Append(runes[i].ToString());
        }

        return Operands.Str(sb.ToString());
    }

    private static RegoValue TrimPrefix(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.String(a, 0);
        var p = Operands.String(a, 1);
        return s.StartsWith(p, StringComparison.Ordinal) ? Operands.Str(s[p.Length..]) : a[0];
    }

    private static RegoValue TrimSuffix(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.String(a, 0);
        var p = Operands.String(a, 1);
        return s.EndsWith(p, StringComparison.Ordinal) ? Operands.Str(s[..^p.Length]) : a[0];
    }

    private static RegoValue ReplaceN(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var patterns = Operands.Object(a, 0);
        var s = Operands.String(a, 1);
        var olds = new List<(string Old, string New)>(patterns.Count);
        foreach (var (k, v) in patterns)
        {
            var key = k as RegoString ?? throw Operands.Error(0, "non-string key found in pattern object");
            var val = v as RegoString ?? throw Operands.Error(0, "non-string value found in pattern object");
            olds.Add((key.Value, val.Value));
        }

        // Go's strings.Replacer: at each position the first key (in key order) that matches wins; an empty key
        // matches everywhere, but not twice in a row at the same position, so it inserts before every character
        // and at the end.
        var sb = new StringBuilder(s.Length);
        var i = 0;
        var previousEmpty = false;
        while (i <= s.Length)
        {
            var matched = false;
            foreach (var (old, replacement) in olds)
            {
                if ((old.Length > 0 || !previousEmpty) && i + old.Length <= s.Length && string.CompareOrdinal(s, i, old, 0, old.Length) == 0)
                {
                    sb.Append(replacement);
                    if (replacement.Length > old.Length && (long)sb.Length * 2 > ctx.Budget.MaxValueBytes)
                    {
                        ctx.Budget.CheckChars(sb.Length);
                    }

                    i += old.Length;
                    previousEmpty = old.Length == 0;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                previousEmpty = false;
                if (i == s.Length)
                {
                    break;
                }

                var width = char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? 2 : 1;
                sb.Append(s, i, width);
                i += width;
            }
        }

        return Operands.Str(sb.ToString());
    }

    private static RegoValue Reverse(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.String(a, 0);
        var runes = new List<Rune>(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            runes.Add(rune);
        }

        var sb = new StringBuilder(s.Length);
        for (var i = runes.Count - 1; i >= 0; i--)
        {
            sb.Append(runes[i].ToString());
        }

        return Operands.Str(sb.ToString());
    }

    private static string[] StringOrStrings(ReadOnlySpan<RegoValue> a, int index) =>
        a[index] is RegoString s ? [s.Value] : a[index] is RegoArray or RegoSet ? Operands.Strings(a, index) : throw Operands.TypeError(index, a[index], "string", "set", "array");

    private static RegoBoolean AnyMatch(ReadOnlySpan<RegoValue> a, bool prefix)
    {
        var search = StringOrStrings(a, 0);
        var bases = StringOrStrings(a, 1);
        foreach (var s in search)
        {
            foreach (var b in bases)
            {
                if (prefix ? s.StartsWith(b, StringComparison.Ordinal) : s.EndsWith(b, StringComparison.Ordinal))
                {
                    return RegoBoolean.True;
                }
            }
        }

        return RegoBoolean.False;
    }

    private static RegoValue Count(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.String(a, 0);
        var sub = Operands.String(a, 1);
        if (sub.Length == 0)
        {
            return RegoNumber.From(Aggregates.RuneCount(s) + 1);
        }

        var n = 0;
        var i = s.IndexOf(sub, StringComparison.Ordinal);
        while (i >= 0)
        {
            n++;
            i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal);
        }

        return RegoNumber.From(n);
    }
}
