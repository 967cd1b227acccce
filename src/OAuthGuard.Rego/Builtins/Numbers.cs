using System.Numerics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Number builtins: ranges, rounding, absolute value and conversion from other types.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#numbers.</remarks>
internal static class Numbers
{
    private const int RangeLimit = 10_000_000;

    /// <summary>Registers the number builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("numbers", "numbers.range(a: number, b: number) => array[number]", "Returns the integers from a to b inclusive, counting down when b is below a.", (ctx, a) => Range(ctx, a, BigInteger.One));
        b.Add("numbers", "numbers.range_step(a: number, b: number, step: number) => array[number]", "Returns the integers from a towards b inclusive, in steps of a positive step.", RangeStep);
        b.Add("numbers", "round(x: number) => number", "Rounds to the nearest integer, halves away from zero.", (_, a) => RegoNumber.Round(Operands.Number(a, 0)));
        b.Add("numbers", "ceil(x: number) => number", "Rounds up to an integer.", (_, a) => RegoNumber.Ceiling(Operands.Number(a, 0)));
        b.Add("numbers", "floor(x: number) => number", "Rounds down to an integer.", (_, a) => RegoNumber.Floor(Operands.Number(a, 0)));
        b.Add("numbers", "abs(x: number) => number", "Returns the absolute value.", (_, a) => RegoNumber.Abs(Operands.Number(a, 0)));
        b.Add("conversions", "to_number(x: null|boolean|number|string) => number", "Converts null (0), booleans (0 or 1) and numeric strings to a number.", ToNumber);
    }

    private static RegoArray Range(BuiltinContext ctx, ReadOnlySpan<RegoValue> a, BigInteger step)
    {
        var from = Operands.BigInt(a, 0);
        var to = Operands.BigInt(a, 1);
        var count = (BigInteger.Abs(to - from) / step) + 1;
        if (count > RangeLimit)
        {
            throw new BuiltinException($"range too large: more than {RangeLimit} elements");
        }

        ctx.Budget.Check((long)count * Evaluation.SizeBudget.ElementBytes);

        var items = new RegoValue[(int)count];
        var delta = to >= from ? step : -step;
        var current = from;
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = RegoNumber.From(current);
            current += delta;
        }

        return RegoArray.Wrap(items);
    }

    private static RegoValue RangeStep(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var step = Operands.BigInt(a, 2);
        return step.Sign <= 0 ? throw new BuiltinException("step must be a positive number above zero") : Range(ctx, a, step);
    }

    private static RegoValue ToNumber(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        switch (a[0])
        {
            case RegoNull:
                return RegoNumber.Zero;
            case RegoBoolean b:
                return b.Value ? RegoNumber.One : RegoNumber.Zero;
            case RegoNumber n:
                return n;
            case RegoString s:
                var text = s.Value;
                if (text.Length > 4096)
                {
                    // Reading decimal digits takes time quadratic in their number: refuse integers over the budget first.
                    ctx.Budget.CheckBits((long)(text.Length * 3.33));
                }

                if (RegoNumber.TryParse(text, out var parsed) && !text.StartsWith('+') && !text.Contains(' ', StringComparison.Ordinal))
                {
                    return parsed;
                }

                // Go's ParseFloat also takes a leading '+' and "Inf"/"NaN", which Rego cannot represent.
                if (text.StartsWith('+') && RegoNumber.TryParse(text.AsSpan(1), out var plus))
                {
                    return plus;
                }

                // Go's ParseFloat takes "Inf", "Infinity" and "NaN" in any case and with a sign; OPA rejects those
                // values as a type error, since Rego numbers are finite.
                var unsigned = text.TrimStart('+', '-');
                if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase) ||
                    unsigned.Equals("nan", StringComparison.OrdinalIgnoreCase))
                {
                    throw Operands.Error(0, $"must be a finite number but got {Sprintf.GoQuote(text)}");
                }

                throw new BuiltinException($"strconv.ParseFloat: parsing {Sprintf.GoQuote(text)}: invalid syntax");
            default:
                throw Operands.TypeError(0, a[0], "null", "boolean", "number", "string");
        }
    }
}
