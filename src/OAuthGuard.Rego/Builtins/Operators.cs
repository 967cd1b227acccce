using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// The infix operators, which the parser turns into calls with OPA's builtin names: arithmetic, comparison
/// (OPA's total order), set union/intersection and the membership helpers behind <c>in</c>.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#numbers and #comparison.</remarks>
internal static class Operators
{
    /// <summary>Registers the operators.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("numbers", "plus(x: number, y: number) => number", "Adds two numbers.", Plus);
        b.Add("numbers", "minus(x: number|set[any], y: number|set[any]) => number|set[any]", "Subtracts numbers, or removes the second set's elements from the first.", Minus);
        b.Add("numbers", "mul(x: number, y: number) => number", "Multiplies two numbers.", Mul);
        b.Add("numbers", "div(x: number, y: number) => number", "Divides the first number by the second; dividing by zero is an error.", Div);
        b.Add("numbers", "rem(x: number, y: number) => number", "Returns the remainder of integer division, with the dividend's sign.", Rem);
        b.Add("comparison", "equal(x: any, y: any) => boolean", "Tests whether two values are equal.", (_, a) => Operands.Bool(a[0].Equals(a[1])));
        b.Add("comparison", "neq(x: any, y: any) => boolean", "Tests whether two values differ.", (_, a) => Operands.Bool(!a[0].Equals(a[1])));
        b.Add("comparison", "lt(x: any, y: any) => boolean", "Tests whether the first value sorts before the second in OPA's total order.", (_, a) => Operands.Bool(a[0].CompareTo(a[1]) < 0));
        b.Add("comparison", "lte(x: any, y: any) => boolean", "Tests whether the first value does not sort after the second.", (_, a) => Operands.Bool(a[0].CompareTo(a[1]) <= 0));
        b.Add("comparison", "gt(x: any, y: any) => boolean", "Tests whether the first value sorts after the second in OPA's total order.", (_, a) => Operands.Bool(a[0].CompareTo(a[1]) > 0));
        b.Add("comparison", "gte(x: any, y: any) => boolean", "Tests whether the first value does not sort before the second.", (_, a) => Operands.Bool(a[0].CompareTo(a[1]) >= 0));
        b.Add("sets", "or(x: set[any], y: set[any]) => set[any]", "Returns the union of two sets (the | operator).", Or);
        b.Add("sets", "and(x: set[any], y: set[any]) => set[any]", "Returns the intersection of two sets (the & operator).", And);
        b.Add("internal", "internal.member_2(x: any, y: any) => boolean", "Tests whether a value is an element of a collection (x in y).", Member2);
        b.Add("internal", "internal.member_3(k: any, v: any, c: any) => boolean", "Tests whether a collection holds a value at a key or index (k, v in c).", Member3);
    }

    private static RegoValue Plus(BuiltinContext ctx, ReadOnlySpan<RegoValue> a) =>
        RegoNumber.Add(Operands.Number(a, 0), Operands.Number(a, 1));

    private static RegoValue Mul(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var x = Operands.Number(a, 0);
        var y = Operands.Number(a, 1);
        if (x.BitLength + y.BitLength > 128)
        {
            // The product has about as many bits as both factors together: check before computing it.
            ctx.Budget.CheckBits(x.BitLength + y.BitLength - 1);
        }

        return RegoNumber.Multiply(x, y);
    }

    private static RegoValue Minus(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        switch (a[0], a[1])
        {
            case (RegoNumber x, RegoNumber y):
                return RegoNumber.Subtract(x, y);
            case (RegoSet x, RegoSet y):
                return Difference(x, y);
            case (RegoNumber, _):
                throw Operands.TypeError(1, a[1], "number");
            case (RegoSet, _):
                throw Operands.TypeError(1, a[1], "set");
            default:
                throw Operands.TypeError(0, a[0], "number", "set");
        }
    }

    private static RegoValue Div(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var x = Operands.Number(a, 0);
        var y = Operands.Number(a, 1);
        return y.Sign == 0 ? throw new BuiltinException("divide by zero") : RegoNumber.Divide(x, y);
    }

    private static RegoValue Rem(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var x = Operands.Number(a, 0);
        var y = Operands.Number(a, 1);
        if (!x.IsInteger || !y.IsInteger)
        {
            throw new BuiltinException("modulo on floating-point number");
        }

        return y.Sign == 0 ? throw new BuiltinException("modulo by zero") : RegoNumber.Remainder(x, y);
    }

    private static RegoValue Or(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var x = Operands.Set(a, 0);
        var y = Operands.Set(a, 1);
        if (y.Count == 0)
        {
            return x;
        }

        if (x.Count == 0)
        {
            return y;
        }

        var result = x.ToHashSet();
        foreach (var item in y.Sorted)
        {
            result.Add(item);
        }

        return RegoSet.Wrap(result);
    }

    private static RegoValue And(BuiltinContext ctx, ReadOnlySpan<RegoValue> a) =>
        Intersect(Operands.Set(a, 0), Operands.Set(a, 1));

    /// <summary>Returns the elements of <paramref name="x"/> that <paramref name="y"/> lacks.</summary>
    /// <param name="x">The first set.</param>
    /// <param name="y">The second set.</param>
    /// <returns>The difference.</returns>
    internal static RegoSet Difference(RegoSet x, RegoSet y)
    {
        if (y.Count == 0)
        {
            return x;
        }

        var result = new HashSet<RegoValue>();
        foreach (var item in x.Sorted)
        {
            if (!y.Contains(item))
            {
                result.Add(item);
            }
        }

        return RegoSet.Wrap(result);
    }

    /// <summary>Returns the elements both sets hold.</summary>
    /// <param name="x">The first set.</param>
    /// <param name="y">The second set.</param>
    /// <returns>The intersection.</returns>
    internal static RegoSet Intersect(RegoSet x, RegoSet y)
    {
        var (small, large) = x.Count <= y.Count ? (x, y) : (y, x);
        var result = new HashSet<RegoValue>();
        foreach (var item in small.Sorted)
        {
            if (large.Contains(item))
            {
                result.Add(item);
            }
        }

        return RegoSet.Wrap(result);
    }

    private static RegoValue Member2(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var x = a[0];
        switch (a[1])
        {
            case RegoSet s:
                return Operands.Bool(s.Contains(x));
            case RegoArray arr:
                foreach (var item in arr.Items)
                {
                    if (item.Equals(x))
                    {
                        return RegoBoolean.True;
                    }
                }

                return RegoBoolean.False;
            case RegoObject o:
                foreach (var key in o.Keys)
                {
                    if (x.Equals(o.Get(key)))
                    {
                        return RegoBoolean.True;
                    }
                }

                return RegoBoolean.False;
            default:
                return RegoBoolean.False;
        }
    }

    private static RegoValue Member3(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var key = a[0];
        var value = a[1];
        switch (a[2])
        {
            case RegoObject o:
                return Operands.Bool(o.Get(key) is { } v && v.Equals(value));
            case RegoSet set:
                return Operands.Bool(set.Contains(key) && key.Equals(value));
            case RegoArray arr:
                return Operands.Bool(key is RegoNumber n && n.TryGetInt32(out var i) && i >= 0 && i < arr.Count && arr[i].Equals(value));
            default:
                return RegoBoolean.False;
        }
    }
}
