using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Set builtins over a set of sets: intersection and union.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#sets.</remarks>
internal static class Sets
{
    /// <summary>Registers the set builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("sets", "intersection(xs: set[set[any]]) => set[any]", "Returns the elements every set in xs holds.", Intersection);
        b.Add("sets", "union(xs: set[set[any]]) => set[any]", "Returns the elements any set in xs holds.", Union);
    }

    private static RegoValue Intersection(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var outer = Operands.Set(a, 0);
        RegoSet? acc = null;
        foreach (var item in outer.Sorted)
        {
            var s = item as RegoSet ?? throw Operands.ElementError(0, outer, item, "set");
            acc = acc is null ? s : Operators.Intersect(acc, s);
        }

        return acc ?? RegoSet.Empty;
    }

    private static RegoValue Union(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var outer = Operands.Set(a, 0);
        var result = new HashSet<RegoValue>();
        foreach (var item in outer.Sorted)
        {
            var s = item as RegoSet ?? throw Operands.ElementError(0, outer, item, "set");
            foreach (var e in s.Sorted)
            {
                result.Add(e);
            }
        }

        return RegoSet.Wrap(result);
    }
}
