using System.Numerics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Unit parsing: SI and binary suffixes for quantities and byte sizes.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#units.</remarks>
internal static class Units
{
    /// <summary>Registers the unit builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("units", "units.parse(x: string) => number", "Converts a quantity such as \"10G\", \"5Ki\" or \"1500m\" into a number (m is milli, M is mega).", Parse);
        b.Add("units", "units.parse_bytes(x: string) => number", "Converts a byte size such as \"10GB\", \"5KiB\" or \"4mb\" into a whole number of bytes.", ParseBytes);
    }

    /// <summary>The largest decimal exponent accepted in an amount; larger ones would build enormous numbers.</summary>
    private const int MaxExponent = 10_000;

    private static (string Amount, string Unit) SplitAmount(string raw)
    {
        var s = raw.Replace("\"", string.Empty, StringComparison.Ordinal);
        if (s.Contains(' ', StringComparison.Ordinal))
        {
            throw new BuiltinException("spaces not allowed in resource strings");
        }

        var i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is '.' or '-' or '+' || (s[i] is 'e' or 'E' && i + 1 < s.Length && (char.IsAsciiDigit(s[i + 1]) || s[i + 1] is '-' or '+'))))
        {
            i++;
        }

        var amount = s[..i];
        var e = amount.IndexOfAny(['e', 'E']);
        var digits = e < 0 ? string.Empty : amount[(e + 1)..].TrimStart('+', '-');
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit) &&
            (digits.Length > 9 || int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) > MaxExponent))
        {
            throw new BuiltinException("exponent too large");
        }

        return (amount, s[i..]);
    }

    private static RegoValue Parse(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var (amount, unit) = SplitAmount(Operands.String(a, 0));
        if (amount.Length == 0)
        {
            throw new BuiltinException("no amount provided");
        }

        if (!RegoNumber.TryParse(amount, out var n))
        {
            throw new BuiltinException("could not parse amount to a number");
        }

        (double Factor, BigInteger Multiplier)? scale = unit switch
        {
            "" => (1, 1),
            "m" => (0.001, 0),
            "M" => (0, BigInteger.Pow(1000, 2)),
            _ => unit.ToLowerInvariant() switch
            {
                "k" => (0, 1000),
                "g" => (0, BigInteger.Pow(1000, 3)),
                "t" => (0, BigInteger.Pow(1000, 4)),
                "p" => (0, BigInteger.Pow(1000, 5)),
                "e" => (0, BigInteger.Pow(1000, 6)),
                "ki" => (0, BigInteger.Pow(2, 10)),
                "mi" => (0, BigInteger.Pow(2, 20)),
                "gi" => (0, BigInteger.Pow(2, 30)),
                "ti" => (0, BigInteger.Pow(2, 40)),
                "pi" => (0, BigInteger.Pow(2, 50)),
                "ei" => (0, BigInteger.Pow(2, 60)),
                _ => null,
            },
        };
        if (scale is not { } sc)
        {
            throw new BuiltinException($"unknown unit {unit}");
        }

        return sc.Factor != 0 && sc.Multiplier.IsZero
            ? RegoNumber.Divide(n, RegoNumber.From(1000))
            : RegoNumber.Multiply(n, RegoNumber.From(sc.Multiplier));
    }

    private static RegoValue ParseBytes(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var (amount, unit) = SplitAmount(Operands.String(a, 0));
        if (amount.Length == 0)
        {
            throw new BuiltinException("no byte amount provided");
        }

        if (!RegoNumber.TryParse(amount, out var n))
        {
            throw new BuiltinException("could not parse byte amount to a number");
        }

        var u = unit.ToLowerInvariant();
        if (u.EndsWith('b'))
        {
            u = u[..^1];
        }

        BigInteger? multiplier = u switch
        {
            "" => 1,
            "k" => 1000,
            "m" => BigInteger.Pow(1000, 2),
            "g" => BigInteger.Pow(1000, 3),
            "t" => BigInteger.Pow(1000, 4),
            "p" => BigInteger.Pow(1000, 5),
            "e" => BigInteger.Pow(1000, 6),
            "ki" => BigInteger.Pow(2, 10),
            "mi" => BigInteger.Pow(2, 20),
            "gi" => BigInteger.Pow(2, 30),
            "ti" => BigInteger.Pow(2, 40),
            "pi" => BigInteger.Pow(2, 50),
            "ei" => BigInteger.Pow(2, 60),
            _ => null,
        };
        if (multiplier is not { } m)
        {
            throw new BuiltinException($"unknown byte unit {unit}");
        }

        var result = RegoNumber.Multiply(n, RegoNumber.From(m));
        return result.IsInteger ? result : RegoNumber.From(RegoNumber.Truncate(result));
    }
}
