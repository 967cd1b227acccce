using System.Globalization;
using System.Numerics;
using System.Text;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// <c>sprintf</c> with Go's fmt verbs. As OPA does, each argument is handed to the formatter as an integer
/// (when the number is integral), a float64, a Go string (for strings), or otherwise as the value's Rego text —
/// so <c>%v</c> of a set prints <c>{1, 2}</c>, and <c>%d</c> of a boolean prints Go's <c>%!d(string=true)</c>.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#builtin-strings-sprintf.</remarks>
internal static class Sprintf
{
    /// <summary>Registers sprintf.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b) =>
        b.Add("strings", "sprintf(format: string, values: array[any]) => string", "Formats values with Go's fmt verbs (%v, %s, %d, %q, %x, %f, %.2f, %e, %g, %%).", Invoke);

    /// <summary>The kinds of Go value the formatter knows.</summary>
    internal enum ArgKind
    {
        /// <summary>An int.</summary>
        Int,

        /// <summary>A *big.Int.</summary>
        BigInt,

        /// <summary>A float64.</summary>
        Float,

        /// <summary>A string, or another value formatted as its text.</summary>
        Str,

        /// <summary>A bool (its text in <see cref="Arg.Str"/>), which only %t and %v print.</summary>
        Bool,
    }

    /// <summary>One argument: its kind and value.</summary>
    /// <param name="Kind">The kind.</param>
    /// <param name="Int">The integer value.</param>
    /// <param name="Float">The float value.</param>
    /// <param name="Str">The text.</param>
    internal readonly record struct Arg(ArgKind Kind, BigInteger Int, double Float, string Str)
    {
        /// <summary>Gets the Go type name shown in bad-verb markers, when it is not the kind's own.</summary>
        public string? Type { get; init; }

        /// <summary>Gets the Go type name shown in bad-verb markers.</summary>
        public string GoType => Type ?? Kind switch
        {
            ArgKind.Int => "int",
            ArgKind.BigInt => "*big.Int",
            ArgKind.Float => "float64",
            ArgKind.Bool => "bool",
            _ => "string",
        };
    }

    private static RegoValue Invoke(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var format = Operands.String(a, 0);
        var values = Operands.Array(a, 1);
        var args = new Arg[values.Count];
        for (var i = 0; i < args.Length; i++)
        {
            // A collection is written out in full: a value built by doubling a few dozen times is astronomically long.
            ctx.Budget.CheckExpanded(values[i]);
            args[i] = ToArg(values[i]);
        }

        return Operands.Str(Format(format, args, ctx.Budget));
    }

    private static Arg ToArg(RegoValue v)
    {
        switch (v)
        {
            case RegoNumber n:
                return NumberArg(n);
            case RegoString s:
                return new Arg(ArgKind.Str, BigInteger.Zero, 0, s.Value);
            default:
                return new Arg(ArgKind.Str, BigInteger.Zero, 0, v.ToString());
        }
    }

    /// <summary>
    /// A number becomes what OPA hands Go's fmt, judged on its text: an int when the text is a 64-bit integer, a big
    /// integer when it is integer digits, a float64 when it reads as one, and the text itself otherwise (<c>2e308</c>).
    /// </summary>
    private static Arg NumberArg(RegoNumber n)
    {
        var text = n.ToText();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return new Arg(ArgKind.Int, l, 0, string.Empty);
        }

        if (BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
        {
            return new Arg(ArgKind.BigInt, big, 0, string.Empty);
        }

        var d = n.ToDouble();
        return double.IsFinite(d) ? new Arg(ArgKind.Float, BigInteger.Zero, d, string.Empty) : new Arg(ArgKind.Str, BigInteger.Zero, 0, text);
    }

    private struct Spec
    {
        public bool Minus;
        public bool Plus;
        public bool Sharp;
        public bool Space;
        public bool Zero;
        public int Width;
        public int Precision;
        public char Verb;
    }

    /// <summary>Formats like Go's <c>fmt.Sprintf</c> over the argument kinds OPA passes.</summary>
    /// <param name="format">The format string.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="budget">Checked after each verb (widths, quoting and many verbs multiply the length), or null.</param>
    /// <returns>The text.</returns>
    internal static string Format(string format, Arg[] args, Evaluation.SizeBudget? budget = null)
    {
        var sb = new StringBuilder(format.Length + 16);
        var next = 0;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                i++;
                continue;
            }

            i++;
            var spec = new Spec { Width = -1, Precision = -1 };
            for (; i < format.Length; i++)
            {
                switch (format[i])
                {
                    case '-': spec.Minus = true; continue;
                    case '+': spec.Plus = true; continue;
                    case '#': spec.Sharp = true; continue;
                    case ' ': spec.Space = true; continue;
                    case '0': spec.Zero = true; continue;
                }

                break;
            }

            spec.Width = ReadNumber(format, ref i);
            if (i < format.Length && format[i] == '.')
            {
                i++;
                spec.Precision = Math.Max(0, ReadNumber(format, ref i));
            }

            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            spec.Verb = format[i++];
            if (spec.Verb == '%')
            {
                sb.Append('%');
                continue;
            }

            if (next >= args.Length)
            {
                sb.Append("%!").Append(spec.Verb).Append("(MISSING)");
                continue;
            }

            FormatOne(sb, spec, args[next++]);
            budget?.CheckChars(sb.Length);
        }

        if (next < args.Length)
        {
            sb.Append("%!(EXTRA ");
            for (var k = next; k < args.Length; k++)
            {
                if (k > next)
                {
                    sb.Append(", ");
                }

                sb.Append(args[k].GoType).Append('=').Append(Plain(args[k]));
            }

            sb.Append(')');
        }

        return sb.ToString();
    }

    private static int ReadNumber(string s, ref int i)
    {
        var start = i;
        var n = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]) && n < 100_000)
        {
            n = (n * 10) + (s[i] - '0');
            i++;
        }

        return i == start ? -1 : n;
    }

    private static string Plain(Arg arg) => arg.Kind switch
    {
        ArgKind.Int or ArgKind.BigInt => arg.Int.ToString(CultureInfo.InvariantCulture),
        ArgKind.Float => FloatG(arg.Float, -1, shortestV: true),
        _ => arg.Str,
    };

    private static void FormatOne(StringBuilder sb, Spec spec, Arg arg)
    {
        string? body = arg.Kind switch
        {
            // Go's *big.Int formats %s (and %v) in decimal, like %d; a plain int does not.
            ArgKind.BigInt when spec.Verb == 's' => FormatInteger(spec with { Verb = 'd' }, arg.Int),
            ArgKind.Int or ArgKind.BigInt => FormatInteger(spec, arg.Int),
            ArgKind.Float => FormatFloat(spec, arg.Float),
            ArgKind.Bool => spec.Verb is 't' or 'v' ? arg.Str : null,
            _ => FormatString(spec, arg.Str),
        };
        if (body is null)
        {
            sb.Append("%!").Append(spec.Verb).Append('(').Append(arg.GoType).Append('=').Append(Plain(arg)).Append(')');
            return;
        }

        Pad(sb, spec, body, numeric: arg.Kind is not (ArgKind.Str or ArgKind.Bool));
    }

    private static void Pad(StringBuilder sb, Spec spec, string body, bool numeric)
    {
        var len = Aggregates.RuneCount(body);
        if (spec.Width <= len)
        {
            sb.Append(body);
            return;
        }

        var fill = spec.Width - len;
        if (spec.Minus)
        {
            sb.Append(body).Append(' ', fill);
        }
        else if (spec.Zero)
        {
            var signed = numeric && body.Length > 0 && body[0] is '-' or '+' or ' ';
            if (signed)
            {
                sb.Append(body[0]).Append('0', fill).Append(body, 1, body.Length - 1);
            }
            else
            {
                sb.Append('0', fill).Append(body);
            }
        }
        else
        {
            sb.Append(' ', fill).Append(body);
        }
    }

    private static string Sign(Spec spec, bool negative) => negative ? "-" : spec.Plus ? "+" : spec.Space ? " " : string.Empty;

    private static string? FormatInteger(Spec spec, BigInteger value)
    {
        var abs = BigInteger.Abs(value);
        string digits;
        var prefix = string.Empty;
        switch (spec.Verb)
        {
            case 'v' or 'd':
                digits = abs.ToString(CultureInfo.InvariantCulture);
                break;
            case 'x' or 'X':
                digits = ToBase(abs, 16, spec.Verb == 'X');
                prefix = spec.Sharp ? (spec.Verb == 'X' ? "0X" : "0x") : string.Empty;
                break;
            case 'o' or 'O':
                digits = ToBase(abs, 8, false);
                prefix = spec.Verb == 'O' ? "0o" : spec.Sharp ? "0" : string.Empty;
                break;
            case 'b':
                digits = ToBase(abs, 2, false);
                break;
            case 'c':
                return value >= 0 && value <= 0x10FFFF && Rune.TryCreate((int)value, out var r) ? r.ToString() : "\uFFFD";
            case 'q':
                return value >= 0 && value <= 0x10FFFF && Rune.TryCreate((int)value, out var q) ? "'" + GoQuoteBody(q.ToString(), '\'') + "'" : "'\\ufffd'";
            case 'U':
                return "U+" + ToBase(abs, 16, true).PadLeft(4, '0');
            default:
                return null;
        }

        if (spec.Precision >= 0)
        {
            digits = spec.Precision == 0 && abs.IsZero ? string.Empty : digits.PadLeft(spec.Precision, '0');
        }

        return Sign(spec, value.Sign < 0) + prefix + digits;
    }

    private static string ToBase(BigInteger abs, int radix, bool upper)
    {
        if (abs.IsZero)
        {
            return "0";
        }

        var alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        var sb = new StringBuilder();
        while (!abs.IsZero)
        {
            sb.Insert(0, alphabet[(int)(abs % radix)]);
            abs /= radix;
        }

        return sb.ToString();
    }

    private static string? FormatFloat(Spec spec, double d)
    {
        var negative = d < 0 || (d == 0 && double.IsNegative(d));
        var abs = Math.Abs(d);
        var body = spec.Verb switch
        {
            'v' => FloatG(abs, spec.Precision, shortestV: spec.Precision < 0),
            'g' or 'G' => FloatG(abs, spec.Precision, shortestV: false),
            'e' or 'E' => FloatE(abs, spec.Precision < 0 ? 6 : spec.Precision),
            'f' or 'F' => abs.ToString("F" + (spec.Precision < 0 ? 6 : spec.Precision).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            _ => null,
        };
        if (body is null)
        {
            return null;
        }

        if (spec.Verb is 'E' or 'G')
        {
            body = body.ToUpperInvariant();
        }

        return Sign(spec, negative) + body;
    }

    /// <summary>A float64 as Go's <c>%v</c> prints it.</summary>
    /// <param name="d">The number.</param>
    /// <returns>The text.</returns>
    internal static string GoFloat(double d) => (d < 0 ? "-" : string.Empty) + FloatG(Math.Abs(d), -1, shortestV: true);

    /// <summary>Go's %e: one digit, a point, <paramref name="precision"/> digits, and an exponent of at least two digits.</summary>
    private static string FloatE(double abs, int precision)
    {
        var s = abs.ToString("E" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = s.IndexOf('E', StringComparison.Ordinal);
        var exp = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return s[..e] + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>Go's %g (and %v for floats): shortest digits by default, %e for large or small exponents.</summary>
    private static string FloatG(double abs, int precision, bool shortestV)
    {
        _ = shortestV;
        abs = Math.Abs(abs);
        if (abs == 0)
        {
            return "0";
        }

        // Significant digits: the shortest round-trip form, or rounded to the requested precision.
        var shortest = precision < 0;
        var p = shortest ? CountSignificant(abs.ToString("R", CultureInfo.InvariantCulture)) : Math.Max(precision, 1);
        var sci = abs.ToString("E" + (p - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var ePos = sci.IndexOf('E', StringComparison.Ordinal);
        var exp = int.Parse(sci.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var digits = sci[..ePos].Replace(".", string.Empty, StringComparison.Ordinal).TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // As Go's strconv: %e when the exponent is below -4 or at least the precision (6 when shortest).
        var eprec = p;
        if (eprec > digits.Length && digits.Length >= exp + 1)
        {
            eprec = digits.Length;
        }

        if (shortest)
        {
            eprec = 6;
        }

        if (exp < -4 || exp >= eprec)
        {
            var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            return mantissa + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
        }

        if (exp < 0)
        {
            return "0." + new string('0', -exp - 1) + digits;
        }

        if (digits.Length <= exp + 1)
        {
            return digits + new string('0', exp + 1 - digits.Length);
        }

        return digits[..(exp + 1)] + "." + digits[(exp + 1)..];
    }

    private static int CountSignificant(string r)
    {
        var e = r.IndexOfAny(['E', 'e']);
        var mantissa = (e < 0 ? r : r[..e]).Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('-').TrimStart('0').TrimEnd('0');
        return Math.Max(1, mantissa.Length);
    }

    private static string? FormatString(Spec spec, string s)
    {
        if (spec.Precision >= 0 && spec.Verb is 's' or 'v' or 'q')
        {
            var runes = 0;
            var cut = 0;
            while (cut < s.Length && runes < spec.Precision)
            {
                cut += char.IsHighSurrogate(s[cut]) && cut + 1 < s.Length ? 2 : 1;
                runes++;
            }

            s = s[..cut];
        }

        return spec.Verb switch
        {
            's' => s,
            'v' => spec.Sharp ? "\"" + GoQuoteBody(s, '"') + "\"" : s,
            'q' => spec.Sharp && !s.Contains('`', StringComparison.Ordinal) ? "`" + s + "`" : "\"" + GoQuoteBody(s, '"') + "\"",
            'x' or 'X' => HexBytes(s, spec.Verb == 'X', spec.Space),
            _ => null,
        };
    }

    private static string HexBytes(string s, bool upper, bool spaced)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(s);
        var hex = Convert.ToHexString(bytes);
        hex = upper ? hex : hex.ToLowerInvariant();
        if (!spaced || bytes.Length < 2)
        {
            return hex;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < hex.Length; i += 2)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            sb.Append(hex, i, 2);
        }

        return sb.ToString();
    }

    /// <summary>Quotes text as Go's strconv.Quote does.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The quoted text.</returns>
    internal static string GoQuote(string s) => "\"" + GoQuoteBody(s, '"') + "\"";

    /// <summary>Escapes text as Go's strconv.Quote does (without the surrounding quotes).</summary>
    /// <param name="s">The text.</param>
    /// <param name="quote">The quote character to escape.</param>
    /// <returns>The escaped text.</returns>
    internal static string GoQuoteBody(string s, char quote)
    {
        var sb = new StringBuilder(s.Length + 2);
        foreach (var rune in s.EnumerateRunes())
        {
            var v = rune.Value;
            if (v == quote || v == '\\')
            {
                sb.Append('\\').Append((char)v);
                continue;
            }

            switch (v)
            {
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
            }

            var category = Rune.GetUnicodeCategory(rune);
            var printable = v == ' ' || !(category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator);
            if (printable)
            {
                sb.Append(rune.ToString());
            }
            else if (v < 0x80)
            {
                sb.Append("\\x").Append(v.ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (v < 0x10000)
            {
                sb.Append("\\u").Append(v.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\U").Append(v.ToString("x8", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
