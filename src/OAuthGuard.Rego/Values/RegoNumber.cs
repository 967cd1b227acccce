using System.Globalization;
using System.Numerics;
using System.Text;

namespace OAuthGuard.Rego.Values;

/// <summary>
/// An arbitrary-precision Rego number. Integers are exact (64-bit fast path, <see cref="BigInteger"/> beyond);
/// numbers with a fractional part are IEEE doubles. A double with no fractional part is normalised to an integer,
/// so <c>1.0 == 1</c> and both hash alike, as in OPA.
/// </summary>
public sealed class RegoNumber : RegoValue
{
    private static readonly RegoNumber[] SmallInts = CreateSmallInts();

    private readonly long _long;
    private readonly BigInteger _big;
    private readonly double _double;
    private readonly Repr _repr;

    private RegoNumber(long value)
    {
        _long = value;
        _repr = Repr.Int64;
    }

    private RegoNumber(BigInteger value)
    {
        _big = value;
        _repr = Repr.Big;
    }

    private RegoNumber(double value)
    {
        _double = value;
        _repr = Repr.Double;
    }

    private enum Repr : byte
    {
        Int64,
        Big,
        Double,
    }

    /// <summary>The number zero.</summary>
    public static RegoNumber Zero => SmallInts[0];

    /// <summary>The number one.</summary>
    public static RegoNumber One => SmallInts[1];

    /// <inheritdoc/>
    public override RegoValueKind Kind => RegoValueKind.Number;

    /// <summary>Gets a value indicating whether the number has no fractional part.</summary>
    public bool IsInteger => _repr != Repr.Double;

    /// <summary>Creates a number from a 64-bit integer.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The number.</returns>
    public static RegoNumber From(long value) =>
        value is >= 0 and < 256 ? SmallInts[value] : new RegoNumber(value);

    /// <summary>Creates a number from an arbitrary-precision integer.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The number.</returns>
    public static RegoNumber From(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? From((long)value) : new RegoNumber(value);

    /// <summary>Creates a number from a double; integral values become exact integers.</summary>
    /// <param name="value">A finite double.</param>
    /// <returns>The number.</returns>
    /// <exception cref="ArgumentOutOfRangeException">NaN or infinity, which Rego cannot represent.</exception>
    public static RegoNumber From(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "NaN and infinity are not Rego numbers");
        }

        if (Math.Floor(value) == value)
        {
            if (value >= -9.2e18 && value <= 9.2e18)
            {
                return From((long)value);
            }

            return From(new BigInteger(value));
        }

        return new RegoNumber(value);
    }

    /// <summary>Parses JSON number text (<c>-12</c>, <c>3.5</c>, <c>1e3</c>, arbitrarily long integers).</summary>
    /// <param name="text">The number text.</param>
    /// <param name="number">The parsed number.</param>
    /// <returns>False when the text is not a JSON number.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out RegoNumber number)
    {
        number = Zero;
        if (text.IsEmpty)
        {
            return false;
        }

        if (text.IndexOfAny('.', 'e', 'E') < 0)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                number = From(l);
                return true;
            }

            if (BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var b))
            {
                number = From(b);
                return true;
            }

            return false;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsInfinity(d))
        {
            return TryParseBigDecimalInteger(text, out number);
        }

        number = From(d);
        return true;
    }

    /// <summary>Tries to read the number as a 32-bit integer.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>False when the number is fractional or out of range.</returns>
    public bool TryGetInt32(out int value)
    {
        if (_repr == Repr.Int64 && _long is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)_long;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Tries to read the number as a 64-bit integer.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>False when the number is fractional or out of range.</returns>
    public bool TryGetInt64(out long value)
    {
        value = _long;
        return _repr == Repr.Int64;
    }

    /// <summary>Returns the integer value, or null when the number has a fractional part.</summary>
    /// <returns>The exact integer.</returns>
    public BigInteger? AsBigInteger() => _repr switch
    {
        Repr.Int64 => new BigInteger(_long),
        Repr.Big => _big,
        _ => null,
    };

    /// <summary>Returns the number as a double (may round very large integers).</summary>
    /// <returns>The nearest double.</returns>
    public double ToDouble() => _repr switch
    {
        Repr.Int64 => _long,
        Repr.Big => (double)_big,
        _ => _double,
    };

    /// <summary>Adds two numbers.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>The sum.</returns>
    public static RegoNumber Add(RegoNumber a, RegoNumber b)
    {
        if (a._repr == Repr.Int64 && b._repr == Repr.Int64)
        {
            var r = unchecked(a._long + b._long);
            if (((a._long ^ r) & (b._long ^ r)) >= 0)
            {
                return From(r);
            }
        }

        return a.IsInteger && b.IsInteger
            ? From(a.Big() + b.Big())
            : From(a.ToDouble() + b.ToDouble());
    }

    /// <summary>Subtracts two numbers.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>The difference.</returns>
    public static RegoNumber Subtract(RegoNumber a, RegoNumber b) => Add(a, Negate(b));

    /// <summary>Multiplies two numbers.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>The product.</returns>
    public static RegoNumber Multiply(RegoNumber a, RegoNumber b)
    {
        if (a._repr == Repr.Int64 && b._repr == Repr.Int64)
        {
            var r = Math.BigMul(a._long, b._long, out var low);
            if ((r == 0 && low >= 0) || (r == -1 && low < 0))
            {
                return From(low);
            }
        }

        return a.IsInteger && b.IsInteger
            ? From(a.Big() * b.Big())
            : From(a.ToDouble() * b.ToDouble());
    }

    /// <summary>Divides two numbers; the caller rejects a zero divisor.</summary>
    /// <param name="a">Dividend.</param>
    /// <param name="b">Divisor, not zero.</param>
    /// <returns>The exact quotient when it is an integer, otherwise the nearest double.</returns>
    public static RegoNumber Divide(RegoNumber a, RegoNumber b)
    {
        if (a.IsInteger && b.IsInteger)
        {
            var q = BigInteger.DivRem(a.Big(), b.Big(), out var rem);
            if (rem.IsZero)
            {
                return From(q);
            }
        }

        return From(a.ToDouble() / b.ToDouble());
    }

    /// <summary>Remainder of integer division (sign follows the dividend); both operands must be integers.</summary>
    /// <param name="a">Dividend.</param>
    /// <param name="b">Divisor, not zero.</param>
    /// <returns>The remainder.</returns>
    public static RegoNumber Remainder(RegoNumber a, RegoNumber b) =>
        a._repr == Repr.Int64 && b._repr == Repr.Int64 && b._long != -1
            ? From(a._long % b._long)
            : From(BigInteger.Remainder(a.Big(), b.Big()));

    /// <summary>Negates a number.</summary>
    /// <param name="a">The operand.</param>
    /// <returns>The negation.</returns>
    public static RegoNumber Negate(RegoNumber a) => a._repr switch
    {
        Repr.Int64 when a._long != long.MinValue => From(-a._long),
        Repr.Double => new RegoNumber(-a._double),
        _ => From(-a.Big()),
    };

    /// <summary>Gets the sign: -1, 0 or 1.</summary>
    public int Sign => _repr switch
    {
        Repr.Int64 => Math.Sign(_long),
        Repr.Big => _big.Sign,
        _ => Math.Sign(_double),
    };

    /// <inheritdoc/>
    public override int GetHashCode() => _repr switch
    {
        Repr.Int64 => _long.GetHashCode(),
        Repr.Big => _big.GetHashCode(),
        _ => _double.GetHashCode(),
    };

    /// <inheritdoc/>
    public override void WriteRego(StringBuilder sb) => sb.Append(ToText());

    /// <summary>Returns the number as JSON text.</summary>
    /// <returns>Digits for integers; the shortest round-trip form for doubles.</returns>
    public string ToText() => _repr switch
    {
        Repr.Int64 => _long.ToString(CultureInfo.InvariantCulture),
        Repr.Big => _big.ToString(CultureInfo.InvariantCulture),
        _ => FormatDouble(_double),
    };

    private protected override int CompareSameKind(RegoValue other)
    {
        var o = (RegoNumber)other;
        if (_repr == Repr.Int64 && o._repr == Repr.Int64)
        {
            return _long.CompareTo(o._long);
        }

        if (IsInteger && o.IsInteger)
        {
            return Big().CompareTo(o.Big());
        }

        // NOTE: a fractional double never equals an integer, so comparing as doubles is exact enough
        // except beyond 2^53, where we fall back to comparing the integer part exactly.
        var c = ToDouble().CompareTo(o.ToDouble());
        if (c != 0 || !(IsInteger || o.IsInteger))
        {
            return c;
        }

        var floorSelf = IsInteger ? Big() : new BigInteger(Math.Floor(_double));
        var floorOther = o.IsInteger ? o.Big() : new BigInteger(Math.Floor(o._double));
        var byFloor = floorSelf.CompareTo(floorOther);
        return byFloor != 0 ? byFloor : (IsInteger ? -1 : 1);
    }

    private protected override bool EqualsSameKind(RegoValue other) => CompareSameKind(other) == 0;

    private BigInteger Big() => _repr == Repr.Int64 ? new BigInteger(_long) : _big;

    private static string FormatDouble(double d)
    {
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        var e = s.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return s;
        }

        // JSON style exponent as Go prints it: 1e-07, 1.5e+21.
        var mantissa = s[..e];
        var exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var sign = exponent < 0 ? "-" : "+";
        return $"{mantissa}e{sign}{Math.Abs(exponent):00}";
    }

    private static bool TryParseBigDecimalInteger(ReadOnlySpan<char> text, out RegoNumber number)
    {
        // Integers written with an exponent or ".0" beyond double range, e.g. 1e400: keep them exact.
        number = Zero;
        var s = text.ToString();
        var ePos = s.IndexOfAny(['e', 'E']);
        var mantissa = ePos < 0 ? s : s[..ePos];
        var exp = 0;
        if (ePos >= 0 && !int.TryParse(s.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exp))
        {
            return false;
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var fractionLength = dot < 0 ? 0 : mantissa.Length - dot - 1;
        exp -= fractionLength;
        if (exp < 0 || exp > 100_000 || !BigInteger.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var b))
        {
            return false;
        }

        number = From(b * BigInteger.Pow(10, exp));
        return true;
    }

    private static RegoNumber[] CreateSmallInts()
    {
        var result = new RegoNumber[256];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new RegoNumber(i);
        }

        return result;
    }
}
