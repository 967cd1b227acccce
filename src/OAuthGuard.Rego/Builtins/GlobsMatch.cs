using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// <c>regex.globs_match</c>: whether two simple patterns (literals, <c>.</c>, character classes, each optionally
/// followed by <c>*</c>, <c>+</c> or <c>?</c>) have a non-empty string in common. It walks the product of the two
/// patterns, so it takes time proportional to the product of their lengths.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#regex.</remarks>
internal static class GlobsMatch
{
    /// <summary>Registers the builtin.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b) =>
        b.Add("regex", "regex.globs_match(glob1: string, glob2: string) => boolean", "Tests whether two glob-like patterns (., character classes, *, +, ?) match some non-empty string in common.", (_, a) =>
            Operands.Bool(Intersect(Parse(Operands.String(a, 0)), Parse(Operands.String(a, 1)))));

    /// <summary>One pattern item: a set of characters and how often it repeats.</summary>
    private sealed record Item(CharSet Set, int Min, bool Unbounded);

    /// <summary>A set of characters: ranges, possibly negated; <c>.</c> is the negation of nothing.</summary>
    private sealed record CharSet(List<(char Lo, char Hi)> Ranges, bool Negated)
    {
        public bool Contains(char c) => Ranges.Any(r => c >= r.Lo && c <= r.Hi) != Negated;
    }

    private static List<Item> Parse(string pattern)
    {
        var items = new List<Item>();
        var i = 0;
        while (i < pattern.Length)
        {
            CharSet set;
            switch (pattern[i])
            {
                case '.':
                    set = new CharSet([], true);
                    i++;
                    break;
                case '[':
                    set = ParseClass(pattern, ref i);
                    break;
                case '\\' when i + 1 < pattern.Length:
                    set = new CharSet([(pattern[i + 1], pattern[i + 1])], false);
                    i += 2;
                    break;
                case '*' or '+' or '?' or '\\':
                    throw new BuiltinException($"invalid glob pattern {Sprintf.GoQuote(pattern)}: unexpected {pattern[i]} at position {i}");
                default:
                    set = new CharSet([(pattern[i], pattern[i])], false);
                    i++;
                    break;
            }

            var (min, unbounded) = i < pattern.Length ? pattern[i] switch
            {
                '*' => (0, true),
                '+' => (1, true),
                '?' => (0, false),
                _ => (1, false),
            } : (1, false);
            if (i < pattern.Length && pattern[i] is '*' or '+' or '?')
            {
                i++;
            }

            if (min == 1 && unbounded)
            {
                items.Add(new Item(set, 1, false));
                items.Add(new Item(set, 0, true));
            }
            else
            {
                items.Add(new Item(set, min, unbounded));
            }
        }

        return items;
    }

    private static CharSet ParseClass(string pattern, ref int i)
    {
        var start = i++;
        var negated = i < pattern.Length && pattern[i] == '^';
        if (negated)
        {
            i++;
        }

        var ranges = new List<(char, char)>();
        var first = true;
        while (i < pattern.Length && (pattern[i] != ']' || first))
        {
            first = false;
            var lo = pattern[i] == '\\' && i + 1 < pattern.Length ? pattern[++i] : pattern[i];
            i++;
            var hi = lo;
            if (i + 1 < pattern.Length && pattern[i] == '-' && pattern[i + 1] != ']')
            {
                hi = pattern[i + 1] == '\\' && i + 2 < pattern.Length ? pattern[i + 2] : pattern[i + 1];
                i += pattern[i + 1] == '\\' ? 3 : 2;
            }

            if (hi < lo)
            {
                throw new BuiltinException($"invalid glob pattern {Sprintf.GoQuote(pattern)}: bad range in class at position {start}");
            }

            ranges.Add((lo, hi));
        }

        if (i >= pattern.Length)
        {
            throw new BuiltinException($"invalid glob pattern {Sprintf.GoQuote(pattern)}: unterminated class at position {start}");
        }

        i++; // ']'
        return new CharSet(ranges, negated);
    }

    /// <summary>Whether some character is in both sets; membership only changes at range edges, so testing those suffices.</summary>
    private static bool Overlap(CharSet x, CharSet y)
    {
        var candidates = new HashSet<char> { 'a', '\uE000' };
        foreach (var (lo, hi) in x.Ranges.Concat(y.Ranges))
        {
            candidates.Add(lo);
            candidates.Add(hi);
            if (lo > char.MinValue)
            {
                candidates.Add((char)(lo - 1));
            }

            if (hi < char.MaxValue)
            {
                candidates.Add((char)(hi + 1));
            }
        }

        return candidates.Any(c => x.Contains(c) && y.Contains(c));
    }

    /// <summary>Searches the product of the two patterns for a path to both ends that consumes at least one character.</summary>
    private static bool Intersect(List<Item> x, List<Item> y)
    {
        var seen = new HashSet<(int, int, bool)>();
        var stack = new Stack<(int I, int J, bool Consumed)>();
        stack.Push((0, 0, false));
        while (stack.Count > 0)
        {
            var (i, j, consumed) = stack.Pop();
            if (!seen.Add((i, j, consumed)))
            {
                continue;
            }

            if (i == x.Count && j == y.Count && consumed)
            {
                return true;
            }

            // Skip an optional item on either side.
            if (i < x.Count && x[i].Min == 0)
            {
                stack.Push((i + 1, j, consumed));
            }

            if (j < y.Count && y[j].Min == 0)
            {
                stack.Push((i, j + 1, consumed));
            }

            // Consume one character matched by both items; a starred item may stay.
            if (i < x.Count && j < y.Count && Overlap(x[i].Set, y[j].Set))
            {
                foreach (var ni in x[i].Unbounded ? new[] { i, i + 1 } : [i + 1])
                {
                    foreach (var nj in y[j].Unbounded ? new[] { j, j + 1 } : [j + 1])
                    {
                        stack.Push((ni, nj, true));
                    }
                }
            }
        }

        return false;
    }
}
