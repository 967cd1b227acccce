using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Array builtins: concatenation, slicing, reversal and flattening.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#array.</remarks>
internal static class Arrays
{
    /// <summary>Registers the array builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("array", "array.concat(x: array[any], y: array[any]) => array[any]", "Joins two arrays into one.", Concat);
        b.Add("array", "array.slice(arr: array[any], start: number, stop: number) => array[any]", "Returns the elements from start up to (not including) stop, with both bounds clamped to the array.", Slice);
        b.Add("array", "array.reverse(arr: array[any]) => array[any]", "Returns the elements in reverse order.", Reverse);
        b.Add("array", "array.flatten(arr: array[any]) => array[any]", "Flattens one level of nested arrays.", Flatten);
    }

    private static RegoValue Concat(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var x = Operands.Array(a, 0);
        var y = Operands.Array(a, 1);
        if (y.Count == 0)
        {
            return x;
        }

        if (x.Count == 0)
        {
            return y;
        }

        var result = new RegoValue[x.Count + y.Count];
        x.Items.CopyTo(result);
        y.Items.CopyTo(result.AsSpan(x.Count));
        return RegoArray.Wrap(result);
    }

    private static RegoValue Slice(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var arr = Operands.Array(a, 0);
        var start = Math.Max(0, Operands.Int(a, 1));
        var stop = Math.Min(arr.Count, Operands.Int(a, 2));
        return start >= stop ? RegoArray.Empty : RegoArray.Create(arr.Items[start..stop]);
    }

    private static RegoValue Reverse(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var copy = Operands.Array(a, 0).Items.ToArray();
        Array.Reverse(copy);
        return RegoArray.Wrap(copy);
    }

    private static RegoValue Flatten(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        // One level only, as OPA does: [[[1]], 2] becomes [[1], 2].
        var result = new List<RegoValue>();
        foreach (var item in Operands.Array(a, 0).Items)
        {
            if (item is RegoArray inner)
            {
                result.AddRange(inner.Items);
            }
            else
            {
                result.Add(item);
            }
        }

        return RegoArray.Wrap([.. result]);
    }
}
