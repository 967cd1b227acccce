using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Aggregates over collections: count, sum, product, max, min and sort.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#aggregates.</remarks>
internal static class Aggregates
{
    /// <summary>Registers the aggregates.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("aggregates", "count(collection: array[any]|object[any: any]|set[any]|string) => number", "Counts the elements of a collection, or the characters of a string.", Count);
        b.Add("aggregates", "sum(collection: array[number]|set[number]) => number", "Adds up the numbers of a collection.", (_, a) => Fold(a, RegoNumber.Zero, RegoNumber.Add));
        b.Add("aggregates", "product(collection: array[number]|set[number]) => number", "Multiplies the numbers of a collection together.", (ctx, a) => Fold(a, RegoNumber.One, (x, y) =>
        {
            // Bits add up with each factor: stop as soon as the product is over the budget.
            var p = RegoNumber.Multiply(x, y);
            ctx.Budget.CheckBits(p.BitLength);
            return p;
        }));
        b.Add("aggregates", "max(collection: array[any]|set[any]) => any", "Returns the greatest element in OPA's total order; undefined when empty.", (_, a) => Extreme(a, 1));
        b.Add("aggregates", "min(collection: array[any]|set[any]) => any", "Returns the least element in OPA's total order; undefined when empty.", (_, a) => Extreme(a, -1));
        b.Add("aggregates", "sort(collection: array[any]|set[any]) => array[any]", "Returns the elements of a collection as an array in OPA's total order.", Sort);
    }

    private static RegoValue Count(BuiltinContext ctx, ReadOnlySpan<RegoValue> a) => a[0] switch
    {
        RegoArray arr => RegoNumber.From(arr.Count),
        RegoSet s => RegoNumber.From(s.Count),
        RegoObject o => RegoNumber.From(o.Count),
        RegoString s => RegoNumber.From(RuneCount(s.Value)),
        _ => throw Operands.TypeError(0, a[0], "array", "object", "set", "string"),
    };

    /// <summary>Counts Unicode code points (Go runes), not UTF-16 units.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The number of code points.</returns>
    internal static int RuneCount(string s)
    {
        var n = s.Length;
        foreach (var c in s)
        {
            if (char.IsLowSurrogate(c))
            {
                n--;
            }
        }

        return n;
    }

    private static RegoNumber Fold(ReadOnlySpan<RegoValue> a, RegoNumber seed, Func<RegoNumber, RegoNumber, RegoNumber> op)
    {
        var items = Operands.Elements(a, 0, "set", "array");
        var acc = seed;
        foreach (var item in items)
        {
            acc = op(acc, item as RegoNumber ?? throw Operands.ElementError(0, a[0], item, "number"));
        }

        return acc;
    }

    private static RegoValue? Extreme(ReadOnlySpan<RegoValue> a, int sign)
    {
        var items = Operands.Elements(a, 0, "set", "array");
        if (items.Length == 0)
        {
            return null;
        }

        var best = items[0];
        for (var i = 1; i < items.Length; i++)
        {
            if (items[i].CompareTo(best) * sign > 0)
            {
                best = items[i];
            }
        }

        return best;
    }

    private static RegoValue Sort(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        switch (a[0])
        {
            case RegoSet s:
                return RegoArray.Create(s.Sorted);
            case RegoArray arr:
                var copy = arr.Items.ToArray();
                Array.Sort(copy, ValueComparer.Instance);
                return RegoArray.Wrap(copy);
            default:
                throw Operands.TypeError(0, a[0], "set", "array");
        }
    }
}
