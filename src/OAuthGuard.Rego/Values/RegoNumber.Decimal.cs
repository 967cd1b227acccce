using System.Globalization;
using System.Numerics;
using System.Text;

namespace OAuthGuard.Rego.Values;

/// <summary>The slow path of <see cref="RegoNumber"/>: parsing, exact decimal comparison, OPA's float rounding and formatting.</summary>
public sealed partial class RegoNumber
{
    /// <summary>Exponents beyond this are not read (1e100000 is an integer of 100001 digits already).</summary>
    private const int MaxExponent = 100_000;

    /// <summary>Exact results with at most this many significant digits are what OPA's 64-bit-mantissa floats print too.</summary>
    private const int ExactDigits = 17;

    private static readonly BigInteger TwoTo63 = BigInteger.One << 63;
    private static readonly BigInteger TwoTo64 = BigInteger.One << 64;

    private static bool TryParseCore(ReadOnlySpan<char> text, bool keepText, out RegoNumber number)
    {
        number = Zero;
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        var intStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var intDigits = i - intStart;
        var fracStart = -1;
        var fracDigits = 0;
        if (i < text.Length && text[i] == '.')
        {
            fracStart = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            fracDigits = i - fracStart;
        }

        if (intDigits + fracDigits == 0)
        {
            return false;
        }

        long exponent = 0;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            var negativeExponent = i < text.Length && text[i] == '-';
            if (i < text.Length && text[i] is '-' or '+')
            {
                i++;
            }

            var expStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                exponent = Math.Min((exponent * 10) + (text[i] - '0'), 10L * MaxExponent);
                i++;
            }

            if (i == expStart)
            {
                return false;
            }

            exponent = negativeExponent ? -exponent : exponent;
        }

        if (i != text.Length)
        {
            return false;
        }

        if (fracStart < 0 && i == intStart + intDigits)
        {
            // Plain integer: the fast path.
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                number = From(l);
                return true;
            }

            number = From(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
            return true;
        }

        var scale = fracDigits - exponent;
        if (Math.Abs(exponent) > MaxExponent)
        {
            return false;
        }

        var digits = new StringBuilder(intDigits + fracDigits + 1);
        if (text[0] == '-')
        {
            digits.Append('-');
        }

        digits.Append(text.Slice(intStart, intDigits));
        if (fracStart >= 0)
        {
            digits.Append(text.Slice(fracStart, fracDigits));
        }

        if (digits.Length == 1 && digits[0] == '-')
        {
            return false;
        }

        var unscaled = BigInteger.Parse(digits.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var value = FromExact(unscaled, (int)scale);

        // Keep the literal for output when it is valid JSON and not how the number prints anyway (3.50, 1e400).
        var json = intDigits > 0 && (fracStart < 0 || fracDigits > 0) && !(intDigits > 1 && text[intStart] == '0');
        if (keepText && json && !text.SequenceEqual(value.ToText()))
        {
            value = value.WithText(text.ToString());
        }

        number = value;
        return true;
    }

    private RegoNumber WithText(string text) => _repr switch
    {
        Repr.Int64 => new RegoNumber(_long, text),
        Repr.Big => new RegoNumber(_big, text),
        _ => new RegoNumber(_big, _scale, text),
    };

    /// <summary>The exact number <paramref name="unscaled"/> / 10^<paramref name="scale"/>, normalised.</summary>
    private static RegoNumber FromExact(BigInteger unscaled, int scale)
    {
        if (unscaled.IsZero)
        {
            return Zero;
        }

        while (scale > 0)
        {
            var q = BigInteger.DivRem(unscaled, 10, out var r);
            if (!r.IsZero)
            {
                break;
            }

            unscaled = q;
            scale--;
        }

        return scale > 0 ? new RegoNumber(unscaled, scale, null)
            : scale == 0 ? From(unscaled)
            : From(unscaled * BigInteger.Pow(10, -scale));
    }

    /// <summary>A float result of OPA's arithmetic: exact when that has few digits, else rounded as OPA's floats are.</summary>
    private static RegoNumber FromFloat(BigInteger unscaled, int scale)
    {
        var exact = FromExact(unscaled, scale);
        return exact.SignificantDigits() <= ExactDigits ? exact : RoundBinary(unscaled, BigInteger.Pow(10, scale));
    }

    /// <summary>The quotient <paramref name="num"/> / <paramref name="den"/> (den &gt; 0) as one of OPA's float results.</summary>
    private static RegoNumber FromRational(BigInteger num, BigInteger den)
    {
        if (num.IsZero)
        {
            return Zero;
        }

        var g = BigInteger.GreatestCommonDivisor(num, den);
        num /= g;
        den /= g;
        var rest = den;
        int twos = 0, fives = 0;
        while (rest.IsEven)
        {
            rest >>= 1;
            twos++;
        }

        while ((rest % 5).IsZero)
        {
            rest /= 5;
            fives++;
        }

        if (!rest.IsOne)
        {
            return RoundBinary(num, den);
        }

        var scale = Math.Max(twos, fives);
        return FromFloat(num * (BigInteger.Pow(10, scale) / den), scale);
    }

    /// <summary>
    /// Rounds num/den to a binary float with a 64-bit mantissa (half to even), as Go's big.Float does for OPA, and
    /// returns the shortest decimal that rounds back to that float (what OPA prints).
    /// </summary>
    private static RegoNumber RoundBinary(BigInteger num, BigInteger den)
    {
        var negative = num.Sign < 0;
        var a = BigInteger.Abs(num);
        var e = (int)(a.GetBitLength() - den.GetBitLength()) - 64;
        BigInteger m, r, divisor;
        while (true)
        {
            divisor = e > 0 ? den << e : den;
            m = BigInteger.DivRem(e < 0 ? a << -e : a, divisor, out r);
            if (m >= TwoTo64)
            {
                e++;
            }
            else if (m < TwoTo63)
            {
                e--;
            }
            else
            {
                break;
            }
        }

        var twiceRest = r * 2;
        if (twiceRest > divisor || (twiceRest == divisor && !m.IsEven))
        {
            m++;
            if (m == TwoTo64)
            {
                m >>= 1;
                e++;
            }
        }

        // The float is m * 2^e; any decimal closer to it than half a unit (2^(e-1)) reads back as it.
        var e10 = (int)Math.Floor(Math.Log10((double)m) + (e * 0.30102999566398120));
        for (var p = 1; p <= 21; p++)
        {
            var k = e10 - p + 1;
            var d = RoundHalfEven(m, e, k);
            if (d >= BigInteger.Pow(10, p))
            {
                e10++;
                k++;
                d = RoundHalfEven(m, e, k);
            }

            // Compare |d*10^k - m*2^e| with 2^(e-1), all scaled by s = 2^max(1-e,0) * 10^max(-k,0) to be integers.
            var s2 = Math.Max(1 - e, 0);
            var s10 = Math.Max(-k, 0);
            var candidate = (d * BigInteger.Pow(10, k + s10)) << s2;
            var exact = (m << (e + s2)) * BigInteger.Pow(10, s10);
            var half = (BigInteger.One << (e - 1 + s2)) * BigInteger.Pow(10, s10);
            var distance = BigInteger.Abs(candidate - exact);
            if (distance < half || (distance == half && m.IsEven) || p == 21)
            {
                return FromExact(negative ? -d : d, -k);
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Rounds m * 2^e / 10^k to an integer, halves to even.</summary>
    private static BigInteger RoundHalfEven(BigInteger m, int e, int k)
    {
        var n = (e > 0 ? m << e : m) * (k < 0 ? BigInteger.Pow(10, -k) : BigInteger.One);
        var d = (e < 0 ? BigInteger.One << -e : BigInteger.One) * (k > 0 ? BigInteger.Pow(10, k) : BigInteger.One);
        var q = BigInteger.DivRem(n, d, out var rem);
        var twice = rem * 2;
        return twice > d || (twice == d && !q.IsEven) ? q + 1 : q;
    }

    /// <summary>Compares two numbers exactly when at least one is a decimal: by sign, then magnitude, then digits.</summary>
    private static int CompareExact(RegoNumber a, RegoNumber b)
    {
        var sa = a.Sign;
        var sb = b.Sign;
        if (sa != sb)
        {
            return sa.CompareTo(sb);
        }

        if (sa == 0)
        {
            return 0;
        }

        // Digits before the decimal point (possibly negative); a difference decides without scaling.
        var ma = a.SignificantDigits() - a.Scale;
        var mb = b.SignificantDigits() - b.Scale;
        if (ma != mb)
        {
            return ma > mb ? sa : -sa;
        }

        var scale = Math.Max(a.Scale, b.Scale);
        return a.Unscaled(scale).CompareTo(b.Unscaled(scale));
    }

    /// <summary>The number of digits of the unscaled value (for integers, of the integer).</summary>
    private int SignificantDigits()
    {
        if (_repr == Repr.Int64)
        {
            var v = _long == long.MinValue ? long.MaxValue : Math.Abs(_long);
            var n = 1;
            while (v >= 10)
            {
                v /= 10;
                n++;
            }

            return n;
        }

        var abs = BigInteger.Abs(_big);
        var estimate = (int)((abs.GetBitLength() - 1) * 0.30102999566398120) + 1;
        return abs >= BigInteger.Pow(10, estimate) ? estimate + 1 : estimate;
    }

    /// <summary>Go's <c>%g</c> with the shortest precision, for a non-integer decimal.</summary>
    private static string FormatDecimal(BigInteger unscaled, int scale)
    {
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder(digits.Length + 8);
        if (unscaled.Sign < 0)
        {
            sb.Append('-');
        }

        var point = digits.Length - scale;
        var exp = point - 1;
        if (exp < -4 || exp >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (point <= 0)
        {
            sb.Append("0.").Append('0', -point).Append(digits);
        }
        else
        {
            sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }

        return sb.ToString();
    }
}
