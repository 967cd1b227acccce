using System.Globalization;
using System.Numerics;
using System.Text;

namespace OAuthGuard.Rego.Values;

/// <summary>
/// An arbitrary-precision Rego number, with OPA's semantics. Integers are exact (a 64-bit fast path, <see cref="BigInteger"/>
/// beyond); numbers with a fractional part are exact decimals (an unscaled integer and a power of ten), so literals and
/// JSON numbers compare as the numbers they denote (<c>0.1234567890123456789 &gt; 0.1234567890123456788</c>,
/// <c>1e-400 &gt; 0</c>). An integral value is always an integer, so <c>1.0 == 1</c> and both hash alike. A number read from
/// text keeps that text for output (<c>3.50</c>, <c>1e400</c> print as written, as OPA prints its literals); computed numbers
/// print canonically. Arithmetic that cannot stay exact rounds as OPA does (see <see cref="Divide"/>).
/// </summary>
public sealed partial class RegoNumber : RegoValue
{
    private static readonly RegoNumber[] SmallInts = CreateSmallInts();

    private readonly long _long;

    /// <summary>The integer (<see cref="Repr.Big"/>) or the unscaled digits (<see cref="Repr.Decimal"/>, never a multiple of ten).</summary>
    private readonly BigInteger _big;

    /// <summary>For <see cref="Repr.Decimal"/>: the value is <c>_big / 10^_scale</c>, with <c>_scale &gt; 0</c>.</summary>
    private readonly int _scale;

    /// <summary>The text the number was read from, when it differs from the canonical text; null otherwise.</summary>
    private readonly string? _text;

    private readonly Repr _repr;

    private RegoNumber(long value, string? text = null)
    {
        _long = value;
        _repr = Repr.Int64;
        _text = text;
    }

    private RegoNumber(BigInteger value, string? text)
    {
        _big = value;
        _repr = Repr.Big;
        _text = text;
    }

    private RegoNumber(BigInteger unscaled, int scale, string? text)
    {
        _big = unscaled;
        _scale = scale;
        _repr = Repr.Decimal;
        _text = text;
    }

    private enum Repr : byte
    {
        Int64,
        Big,
        Decimal,
    }

    /// <summary>The number zero.</summary>
    public static RegoNumber Zero => SmallInts[0];

    /// <summary>The number one.</summary>
    public static RegoNumber One => SmallInts[1];

    /// <inheritdoc/>
    public override RegoValueKind Kind => RegoValueKind.Number;

    /// <summary>Gets a value indicating whether the number has no fractional part.</summary>
    public bool IsInteger => _repr != Repr.Decimal;

    /// <summary>Gets a value indicating whether the number is an integer held in a long.</summary>
    internal bool FitsLong => _repr == Repr.Int64;

    /// <summary>Gets the bits of the integer, or of a decimal's unscaled digits (64 for any number that fits a long).</summary>
    internal long BitLength => _repr == Repr.Int64 ? 64 : Math.Max(64, _big.GetBitLength());

    /// <summary>Gets the sign: -1, 0 or 1.</summary>
    public int Sign => _repr == Repr.Int64 ? Math.Sign(_long) : _big.Sign;

    /// <summary>Creates a number from a 64-bit integer.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The number.</returns>
    public static RegoNumber From(long value) =>
        value is >= 0 and < 256 ? SmallInts[value] : new RegoNumber(value);

    /// <summary>Creates a number from an arbitrary-precision integer.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The number.</returns>
    public static RegoNumber From(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? From((long)value) : new RegoNumber(value, null);

    /// <summary>Creates a number from a double: the shortest decimal that reads back as that double, as OPA does.</summary>
    /// <param name="value">A finite double.</param>
    /// <returns>The number.</returns>
    /// <exception cref="ArgumentOutOfRangeException">NaN or infinity, which Rego cannot represent.</exception>
    public static RegoNumber From(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "NaN and infinity are not Rego numbers");
        }

        if (Math.Floor(value) == value && value >= -9.2e18 && value <= 9.2e18)
        {
            return From((long)value);
        }

        return TryParseCore(value.ToString("R", CultureInfo.InvariantCulture), keepText: false, out var n) ? n : Zero;
    }

    /// <summary>Parses JSON number text (<c>-12</c>, <c>3.5</c>, <c>1e3</c>, arbitrarily long integers and exponents).</summary>
    /// <param name="text">The number text; a leading <c>+</c>, whitespace, NaN and infinity are not numbers.</param>
    /// <param name="number">The parsed number, which keeps <paramref name="text"/> for output when it is not canonical.</param>
    /// <returns>False when the text is not a number, or its exponent is beyond ±100000.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out RegoNumber number) => TryParseCore(text, keepText: true, out number);

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

    /// <summary>Returns the number as a double (the nearest one; very large or very small numbers become infinity or zero).</summary>
    /// <returns>The nearest double.</returns>
    public double ToDouble() => _repr switch
    {
        Repr.Int64 => _long,
        Repr.Big => (double)_big,
        _ => double.Parse(_big.ToString(CultureInfo.InvariantCulture) + "E-" + _scale.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>Adds two numbers: exact on integers; on decimals exact up to OPA's float precision (see <see cref="Divide"/>).</summary>
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

        if (a.IsInteger && b.IsInteger)
        {
            return From(a.Big() + b.Big());
        }

        var scale = Math.Max(a.Scale, b.Scale);
        return FromFloat(a.Unscaled(scale) + b.Unscaled(scale), scale);
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
            : FromFloat(a.Unscaled(a.Scale) * b.Unscaled(b.Scale), a.Scale + b.Scale);
    }

    /// <summary>
    /// Divides two numbers; the caller rejects a zero divisor. As in OPA, integers in the 32-bit window that divide
    /// exactly give an exact integer; any other quotient is computed as OPA's floats are (a 64-bit binary mantissa)
    /// and becomes the shortest decimal that reads back as that float: <c>1 / 4 = 0.25</c>, <c>1 / 3 = 0.33333333333333333334</c>.
    /// </summary>
    /// <param name="a">Dividend.</param>
    /// <param name="b">Divisor, not zero.</param>
    /// <returns>The quotient.</returns>
    public static RegoNumber Divide(RegoNumber a, RegoNumber b)
    {
        if (a._repr == Repr.Int64 && b._repr == Repr.Int64 && b._long != 0 && a._long is >= int.MinValue and <= int.MaxValue
            && b._long is >= int.MinValue and <= int.MaxValue && a._long % b._long == 0)
        {
            return From(a._long / b._long);
        }

        // a / b = (ua / 10^sa) / (ub / 10^sb) = (ua * 10^sb) / (ub * 10^sa)
        var num = a.Unscaled(a.Scale) * BigInteger.Pow(10, b.Scale);
        var den = b.Unscaled(b.Scale) * BigInteger.Pow(10, a.Scale);
        if (den.Sign < 0)
        {
            num = -num;
            den = -den;
        }

        return FromRational(num, den);
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
        Repr.Decimal => new RegoNumber(-a._big, a._scale, null),
        _ => From(-a.Big()),
    };

    /// <summary>The absolute value.</summary>
    /// <param name="a">The operand.</param>
    /// <returns><paramref name="a"/> without its sign.</returns>
    public static RegoNumber Abs(RegoNumber a) => a.Sign < 0 ? Negate(a) : a.WithoutText();

    /// <summary>Rounds to the nearest integer, halves away from zero (OPA's <c>round</c>).</summary>
    /// <param name="a">The operand.</param>
    /// <returns>An integer.</returns>
    public static RegoNumber Round(RegoNumber a)
    {
        if (a.IsInteger)
        {
            return a.WithoutText();
        }

        // |a| + 0.5, truncated, with a's sign.
        var twice = (BigInteger.Abs(a._big) * 2) + BigInteger.Pow(10, a._scale);
        var magnitude = twice / (BigInteger.Pow(10, a._scale) * 2);
        return From(a._big.Sign < 0 ? -magnitude : magnitude);
    }

    /// <summary>Rounds up to an integer (OPA's <c>ceil</c>).</summary>
    /// <param name="a">The operand.</param>
    /// <returns>An integer.</returns>
    public static RegoNumber Ceiling(RegoNumber a) => a.IsInteger ? a.WithoutText() : From(Truncate(a) + (a._big.Sign > 0 ? 1 : 0));

    /// <summary>Rounds down to an integer (OPA's <c>floor</c>).</summary>
    /// <param name="a">The operand.</param>
    /// <returns>An integer.</returns>
    public static RegoNumber Floor(RegoNumber a) => a.IsInteger ? a.WithoutText() : From(Truncate(a) - (a._big.Sign < 0 ? 1 : 0));

    /// <summary>The integer part, rounded towards zero.</summary>
    /// <param name="a">The operand.</param>
    /// <returns>An integer.</returns>
    public static BigInteger Truncate(RegoNumber a) => a._repr == Repr.Decimal ? BigInteger.Divide(a._big, BigInteger.Pow(10, a._scale)) : a.Big();

    /// <inheritdoc/>
    public override int GetHashCode() => _repr switch
    {
        Repr.Int64 => _long.GetHashCode(),
        Repr.Big => _big.GetHashCode(),
        _ => HashCode.Combine(_big, _scale),
    };

    /// <inheritdoc/>
    public override void WriteRego(StringBuilder sb)
    {
        if (_text is not null)
        {
            sb.Append(_text);
        }
        else if (_repr == Repr.Int64)
        {
            sb.Append(_long);
        }
        else
        {
            sb.Append(ToText());
        }
    }

    /// <summary>Returns the number as JSON text: the text it was read from, or digits for integers and Go's shortest
    /// <c>%g</c> form for decimals (<c>0.25</c>, <c>1e-05</c>, <c>1.5e+06</c>).</summary>
    /// <returns>JSON number text.</returns>
    public string ToText() => _text ?? _repr switch
    {
        Repr.Int64 => _long.ToString(CultureInfo.InvariantCulture),
        Repr.Big => _big.ToString(CultureInfo.InvariantCulture),
        _ => FormatDecimal(_big, _scale),
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

        return CompareExact(this, o);
    }

    private protected override bool EqualsSameKind(RegoValue other)
    {
        var o = (RegoNumber)other;
        return _repr == o._repr && (_repr == Repr.Int64 ? _long == o._long : _scale == o._scale && _big == o._big);
    }

    private BigInteger Big() => _repr == Repr.Int64 ? new BigInteger(_long) : _big;

    private int Scale => _repr == Repr.Decimal ? _scale : 0;

    /// <summary>The value times 10^<paramref name="scale"/>, which must be at least <see cref="Scale"/>.</summary>
    private BigInteger Unscaled(int scale)
    {
        var digits = _repr == Repr.Int64 ? new BigInteger(_long) : _big;
        return scale == Scale ? digits : digits * BigInteger.Pow(10, scale - Scale);
    }

    private RegoNumber WithoutText() => _text is null ? this : _repr switch
    {
        Repr.Int64 => From(_long),
        Repr.Big => new RegoNumber(_big, null),
        _ => new RegoNumber(_big, _scale, null),
    };

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
