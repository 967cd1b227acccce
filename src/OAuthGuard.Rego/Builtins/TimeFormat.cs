using System.Globalization;
using System.Numerics;
using System.Text;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary><c>time.format</c> in Go's reference-time layouts and <c>time.parse_duration_ns</c> in Go's duration syntax.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#time.</remarks>
internal static class TimeFormat
{
    private const string Rfc3339Nano = "2006-01-02T15:04:05.999999999Z07:00";

    internal static readonly Dictionary<string, string> NamedLayouts = new(StringComparer.Ordinal)
    {
        ["ANSIC"] = "Mon Jan _2 15:04:05 2006",
        ["UnixDate"] = "Mon Jan _2 15:04:05 MST 2006",
        ["RubyDate"] = "Mon Jan 02 15:04:05 -0700 2006",
        ["RFC822"] = "02 Jan 06 15:04 MST",
        ["RFC822Z"] = "02 Jan 06 15:04 -0700",
        ["RFC850"] = "Monday, 02-Jan-06 15:04:05 MST",
        ["RFC1123"] = "Mon, 02 Jan 2006 15:04:05 MST",
        ["RFC1123Z"] = "Mon, 02 Jan 2006 15:04:05 -0700",
        ["RFC3339"] = "2006-01-02T15:04:05Z07:00",
        ["RFC3339Nano"] = Rfc3339Nano,
        ["Kitchen"] = "3:04PM",
        ["Stamp"] = "Jan _2 15:04:05",
        ["StampMilli"] = "Jan _2 15:04:05.000",
        ["StampMicro"] = "Jan _2 15:04:05.000000",
        ["StampNano"] = "Jan _2 15:04:05.000000000",
        ["DateTime"] = "2006-01-02 15:04:05",
        ["DateOnly"] = "2006-01-02",
        ["TimeOnly"] = "15:04:05",
    };

    private static readonly string[] Tokens =
    [
        "January", "Monday", "2006", "-07:00:00", "-07:00", "-0700", "-07", "Z07:00:00", "Z07:00", "Z0700", "Z07",
        "Jan", "Mon", "MST", "002", "_2", "01", "02", "03", "04", "05", "06", "15", "PM", "pm", "1", "2", "3", "4", "5",
    ];

    /// <summary>Registers the builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("time", "time.format(x: number|array[number, string]|array[number, string, string]) => string", "Formats a time (ns since the epoch, optionally with a time zone and a Go layout) as text; RFC 3339 with nanoseconds by default.", Format);
        b.Add("time", "time.parse_duration_ns(duration: string) => number", "Parses a Go duration such as \"1h30m\" or \"-1.5s\" into nanoseconds.", (_, a) => RegoNumber.From(ParseDuration(Operands.String(a, 0))));
    }

    private static RegoValue Format(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        RegoNumber ns;
        var zone = "UTC";
        var layout = Rfc3339Nano;
        switch (a[0])
        {
            case RegoNumber n:
                ns = n;
                break;
            case RegoArray { Count: 2 or 3 } arr when arr[0] is RegoNumber n && arr[1] is RegoString z && (arr.Count == 2 || arr[2] is RegoString):
                ns = n;
                zone = z.Value;
                if (arr.Count == 3)
                {
                    var l = ((RegoString)arr[2]).Value;
                    layout = NamedLayouts.GetValueOrDefault(l, l);
                }

                break;
            case RegoArray arr:
                throw Operands.Error(0, $"must be array of [number, string] or [number, string, string] but got array of length {arr.Count.ToString(CultureInfo.InvariantCulture)}");
            default:
                throw Operands.TypeError(0, a[0], "number", "array");
        }

        var total = ns.AsBigInteger() ?? new BigInteger(Math.Truncate(ns.ToDouble()));
        if (total < long.MinValue || total > long.MaxValue)
        {
            throw new BuiltinException("timestamp too big");
        }

        var value = (long)total;
        var nanos = (int)(((value % 1_000_000_000) + 1_000_000_000) % 1_000_000_000);
        var utc = DateTimeOffset.UnixEpoch.AddSeconds((value - nanos) / 1_000_000_000);
        var seconds = (value - nanos) / 1_000_000_000;
        if (zone is "" or "UTC")
        {
            return Operands.Str(Render(utc.UtcDateTime, TimeSpan.Zero, nanos, layout, utc: true, "UTC"));
        }

        // The zone's own data gives Go's abbreviation and exact offset (local mean time has seconds); .NET's
        // conversion (whole minutes, no abbreviation) is the fallback when the zone file cannot be read.
        var local = zone == "Local" ? utc.ToLocalTime() : TimeZoneInfo.ConvertTime(utc, Time.FindZone(zone));
        if (TimeZoneNames.Find(zone, seconds) is var (name, offset))
        {
            return Operands.Str(Render(utc.UtcDateTime.AddSeconds(offset), TimeSpan.FromSeconds(offset), nanos, layout, utc: false, name));
        }

        return Operands.Str(Render(local.DateTime, local.Offset, nanos, layout, utc: false, null));
    }

    /// <summary>Writes a time in a Go layout.</summary>
    /// <param name="t">The local clock time.</param>
    /// <param name="offset">The offset from UTC.</param>
    /// <param name="nanos">The nanoseconds within the second.</param>
    /// <param name="layout">The Go layout.</param>
    /// <param name="utc">Whether the zone is UTC (so <c>MST</c> prints UTC and <c>Z07:00</c> prints Z).</param>
    /// <param name="zoneName">The zone's abbreviation at that time (<c>MST</c> prints it), or null when unknown (<c>MST</c> then prints the offset as <c>-0700</c>, as Go does).</param>
    /// <returns>The text.</returns>
    internal static string Render(DateTime t, TimeSpan offset, int nanos, string layout, bool utc, string? zoneName)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var i = 0;
        while (i < layout.Length)
        {
            if (layout[i] is '.' or ',' && i + 1 < layout.Length && layout[i + 1] is '0' or '9')
            {
                var j = i + 1;
                while (j < layout.Length && layout[j] == layout[i + 1])
                {
                    j++;
                }

                if (j >= layout.Length || !char.IsAsciiDigit(layout[j]))
                {
                    var digits = nanos.ToString("D9", inv)[..Math.Min(j - i - 1, 9)];
                    if (layout[i + 1] == '9')
                    {
                        digits = digits.TrimEnd('0');
                    }

                    if (digits.Length > 0)
                    {
                        sb.Append(layout[i]).Append(digits);
                    }

                    i = j;
                    continue;
                }
            }

            var token = Tokens.FirstOrDefault(tok => string.CompareOrdinal(layout, i, tok, 0, tok.Length) == 0);
            if (token is null)
            {
                sb.Append(layout[i]);
                i++;
                continue;
            }

            var sign = offset < TimeSpan.Zero ? '-' : '+';
            var abs = offset.Duration();
            var hour12 = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
            _ = token switch
            {
                "January" => sb.Append(inv.DateTimeFormat.GetMonthName(t.Month)),
                "Jan" => sb.Append(inv.DateTimeFormat.GetAbbreviatedMonthName(t.Month)),
                "1" => sb.Append(t.Month.ToString(inv)),
                "01" => sb.Append(t.Month.ToString("D2", inv)),
                "Monday" => sb.Append(t.DayOfWeek.ToString()),
                "Mon" => sb.Append(t.DayOfWeek.ToString()[..3]),
                "2" => sb.Append(t.Day.ToString(inv)),
                "_2" => sb.Append(t.Day.ToString(inv).PadLeft(2)),
                "02" => sb.Append(t.Day.ToString("D2", inv)),
                "002" => sb.Append(t.DayOfYear.ToString("D3", inv)),
                "15" => sb.Append(t.Hour.ToString("D2", inv)),
                "3" => sb.Append(hour12.ToString(inv)),
                "03" => sb.Append(hour12.ToString("D2", inv)),
                "4" => sb.Append(t.Minute.ToString(inv)),
                "04" => sb.Append(t.Minute.ToString("D2", inv)),
                "5" => sb.Append(t.Second.ToString(inv)),
                "05" => sb.Append(t.Second.ToString("D2", inv)),
                "2006" => sb.Append(t.Year.ToString("D4", inv)),
                "06" => sb.Append((t.Year % 100).ToString("D2", inv)),
                "PM" => sb.Append(t.Hour >= 12 ? "PM" : "AM"),
                "pm" => sb.Append(t.Hour >= 12 ? "pm" : "am"),
                // Go prints the zone's abbreviation, and the offset as -0700 when the zone has none.
                "MST" => sb.Append(zoneName ?? (utc ? "UTC" : $"{sign}{abs.Hours:D2}{abs.Minutes:D2}")),
                _ when token[0] == 'Z' && offset == TimeSpan.Zero => sb.Append('Z'),
                "-07:00:00" or "Z07:00:00" => sb.Append(CultureInfo.InvariantCulture, $"{sign}{abs.Hours:D2}:{abs.Minutes:D2}:{abs.Seconds:D2}"),
                "-07:00" or "Z07:00" => sb.Append(CultureInfo.InvariantCulture, $"{sign}{abs.Hours:D2}:{abs.Minutes:D2}"),
                "-0700" or "Z0700" => sb.Append(CultureInfo.InvariantCulture, $"{sign}{abs.Hours:D2}{abs.Minutes:D2}"),
                _ => sb.Append(CultureInfo.InvariantCulture, $"{sign}{abs.Hours:D2}"), // -07, Z07
            };
            i += token.Length;
        }

        return sb.ToString();
    }

    /// <summary>Parses a Go duration (<c>300ms</c>, <c>-1.5h</c>, <c>2h45m</c>) into nanoseconds.</summary>
    /// <param name="text">The duration.</param>
    /// <returns>Nanoseconds.</returns>
    /// <exception cref="BuiltinException">The text is not a duration, or it overflows 64 bits.</exception>
    internal static long ParseDuration(string text)
    {
        var quoted = Sprintf.GoQuote(text);
        var s = text;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            return 0;
        }

        if (s.Length == 0)
        {
            throw new BuiltinException($"time: invalid duration {quoted}");
        }

        BigInteger total = 0;
        while (s.Length > 0)
        {
            var i = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var whole = s[..i];
            var fraction = string.Empty;
            if (i < s.Length && s[i] == '.')
            {
                var j = ++i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                fraction = s[j..i];
            }

            if (whole.Length == 0 && fraction.Length == 0)
            {
                throw new BuiltinException($"time: invalid duration {quoted}");
            }

            var u = i;
            while (u < s.Length && s[u] != '.' && !char.IsAsciiDigit(s[u]))
            {
                u++;
            }

            if (u == i)
            {
                throw new BuiltinException($"time: missing unit in duration {quoted}");
            }

            long unit = s[i..u] switch
            {
                "ns" => 1,
                "us" or "\u00b5s" or "\u03bcs" => 1_000,
                "ms" => 1_000_000,
                "s" => 1_000_000_000,
                "m" => 60_000_000_000,
                "h" => 3_600_000_000_000,
                _ => throw new BuiltinException($"time: unknown unit {Sprintf.GoQuote(s[i..u])} in duration {quoted}"),
            };
            var value = (whole.Length == 0 ? BigInteger.Zero : BigInteger.Parse(whole, CultureInfo.InvariantCulture)) * unit;
            if (fraction.Length > 0)
            {
                value += BigInteger.Parse(fraction, CultureInfo.InvariantCulture) * unit / BigInteger.Pow(10, fraction.Length);
            }

            total += value;
            if (total > (BigInteger)long.MaxValue + (negative ? 1 : 0))
            {
                throw new BuiltinException($"time: invalid duration {quoted}");
            }

            s = s[u..];
        }

        return (long)(negative ? -total : total);
    }
}
