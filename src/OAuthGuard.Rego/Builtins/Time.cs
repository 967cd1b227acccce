using System.Globalization;
using System.Text.RegularExpressions;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// Time builtins over nanoseconds since the Unix epoch. <c>time.now_ns</c> reads the context's clock once per
/// query. Times given as <c>[ns, "zone"]</c> are read in that IANA time zone.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#time.</remarks>
internal static partial class Time
{
    private const long NsPerTick = 100;

    /// <summary>Registers the time builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        const string C = "time";
        b.Add(C, "time.now_ns() => number", "Returns the current time in nanoseconds since the epoch, fixed for the whole query.", (ctx, _) => ctx.GetOrAdd("time.now_ns", () => RegoNumber.From((ctx.Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * NsPerTick)), nondeterministic: true);
        b.Add(C, "time.parse_rfc3339_ns(value: string) => number", "Parses an RFC 3339 timestamp into nanoseconds since the epoch.", (_, a) => RegoNumber.From(ParseRfc3339(Operands.String(a, 0))));
        b.Add(C, "time.parse_ns(layout: string, value: string) => number", "Parses a timestamp written in a Go time layout into nanoseconds since the epoch.", (_, a) => RegoNumber.From(GoLayout.Parse(Operands.String(a, 0), Operands.String(a, 1))));
        b.Add(C, "time.date(x: number|array[number|string]) => array[number]", "Returns [year, month, day] for a time.", Date);
        b.Add(C, "time.clock(x: number|array[number|string]) => array[number]", "Returns [hour, minute, second] for a time.", Clock);
        b.Add(C, "time.weekday(x: number|array[number|string]) => string", "Returns the English day of the week for a time.", (_, a) => Operands.Str(ToTime(a, 0).DayOfWeek.ToString()));
        b.Add(C, "time.add_date(ns: number, years: number, months: number, days: number) => number", "Adds years, months and days to a time, normalising overflow as Go does.", AddDate);
        b.Add(C, "time.diff(ns1: number|array[number|string], ns2: number|array[number|string]) => array[number]", "Returns the difference between two times as [years, months, days, hours, minutes, seconds].", Diff);
    }

    /// <summary>Converts nanoseconds since the epoch to a UTC time (sub-tick precision is dropped).</summary>
    /// <param name="ns">Nanoseconds.</param>
    /// <returns>The time.</returns>
    internal static DateTimeOffset FromNs(long ns) => DateTimeOffset.UnixEpoch.AddTicks(Math.DivRem(ns, NsPerTick, out _) - (ns < 0 && ns % NsPerTick != 0 ? 1 : 0));

    private static long ToNs(DateTimeOffset t, long extraNs = 0) => SafeNs(t, extraNs);

    /// <summary>
    /// Nanoseconds since the epoch of a time plus a sub-tick remainder, computed without intermediate overflow (the
    /// seconds of 1677-09-21 alone overflow 64 bits before the fraction brings them back), as OPA's range check does.
    /// </summary>
    /// <param name="t">The time (whole ticks).</param>
    /// <param name="extraNs">Nanoseconds to add.</param>
    /// <returns>The nanoseconds.</returns>
    /// <exception cref="BuiltinException">The result does not fit a 64-bit integer: "time outside of valid range".</exception>
    internal static long SafeNs(DateTimeOffset t, long extraNs)
    {
        var ns = ((Int128)(t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * NsPerTick) + extraNs;
        return ns < long.MinValue || ns > long.MaxValue ? throw new BuiltinException("time outside of valid range") : (long)ns;
    }

    private static DateTimeOffset ToTime(ReadOnlySpan<RegoValue> a, int index) => ToZonedTime(a, index).Time;

    /// <summary>Reads a time operand with its zone (null for UTC).</summary>
    private static (DateTimeOffset Time, TimeZoneInfo? Zone) ToZonedTime(ReadOnlySpan<RegoValue> a, int index)
    {
        switch (a[index])
        {
            case RegoNumber n:
                return (FromNs(Ns(n, index)), null);
            case RegoArray { Count: 2 } arr when arr[0] is RegoNumber n && arr[1] is RegoString zone:
                var utc = FromNs(Ns(n, index));
                var tz = zone.Value switch
                {
                    "" or "UTC" => null,
                    "Local" => TimeZoneInfo.Local,
                    _ => FindZone(zone.Value),
                };
                return (tz is null ? utc : TimeZoneInfo.ConvertTime(utc, tz), tz);
            case RegoArray arr:
                throw Operands.Error(index, $"must be array of [number, string] but got array of length {arr.Count.ToString(CultureInfo.InvariantCulture)}");
            default:
                throw Operands.TypeError(index, a[index], "number", "array");
        }
    }

    private static long Ns(RegoNumber n, int index)
    {
        if (n.TryGetInt64(out var ns))
        {
            return ns;
        }

        return n.IsInteger ? throw new BuiltinException("timestamp too big") : (long)n.ToDouble();
    }

    internal static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new BuiltinException($"unknown time zone {id}");
        }
    }

    private static RegoValue Date(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var t = ToTime(a, 0);
        return RegoArray.Create(RegoNumber.From(t.Year), RegoNumber.From(t.Month), RegoNumber.From(t.Day));
    }

    private static RegoValue Clock(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var t = ToTime(a, 0);
        return RegoArray.Create(RegoNumber.From(t.Hour), RegoNumber.From(t.Minute), RegoNumber.From(t.Second));
    }

    private static RegoValue AddDate(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var ns = Ns(Operands.Number(a, 0), 0);
        var t = FromNs(ns);
        var years = Operands.Int(a, 1);
        var months = Operands.Int(a, 2);
        var days = Operands.Int(a, 3);
        try
        {
            // Go normalises day overflow (Jan 31 + 1 month = Mar 3), unlike AddMonths, which clamps.
            var totalMonths = ((long)t.Year + years) * 12 + (t.Month - 1) + months;
            var first = new DateTimeOffset((int)(totalMonths / 12), (int)(totalMonths % 12) + 1, 1, 0, 0, 0, TimeSpan.Zero);
            var result = first.AddDays(t.Day - 1 + (long)days).Add(t.TimeOfDay);
            return RegoNumber.From(ToNs(result, ((ns % NsPerTick) + NsPerTick) % NsPerTick));
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException)
        {
            throw new BuiltinException("time outside of valid range");
        }
    }

    private static RegoValue Diff(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        // As OPA: the second time is read in the first one's zone, the earlier one comes first.
        var (first, zone) = ToZonedTime(a, 0);
        var (second, _) = ToZonedTime(a, 1);
        second = zone is null ? second.ToOffset(first.Offset) : TimeZoneInfo.ConvertTime(second, zone);
        if (first > second)
        {
            (first, second) = (second, first);
        }

        var t1 = first.DateTime;
        var t2 = second.DateTime;

        var year = t2.Year - t1.Year;
        var month = t2.Month - t1.Month;
        var day = t2.Day - t1.Day;
        var hour = t2.Hour - t1.Hour;
        var min = t2.Minute - t1.Minute;
        var sec = t2.Second - t1.Second;
        if (sec < 0)
        {
            sec += 60;
            min--;
        }

        if (min < 0)
        {
            min += 60;
            hour--;
        }

        if (hour < 0)
        {
            hour += 24;
            day--;
        }

        if (day < 0)
        {
            // Borrow the length of t1's month (OPA normalises day 32 of that month).
            day += DateTime.DaysInMonth(t1.Year, t1.Month);
            month--;
        }

        if (month < 0)
        {
            month += 12;
            year--;
        }

        return RegoArray.Create(RegoNumber.From(year), RegoNumber.From(month), RegoNumber.From(day), RegoNumber.From(hour), RegoNumber.From(min), RegoNumber.From(sec));
    }

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    /// <summary>Parses RFC 3339 with up to nanosecond precision.</summary>
    /// <param name="s">The timestamp.</param>
    /// <returns>Nanoseconds since the epoch.</returns>
    internal static long ParseRfc3339(string s)
    {
        var m = Rfc3339().Match(s);
        if (!m.Success)
        {
            throw new BuiltinException($"parsing time {Sprintf.GoQuote(s)} as \"2006-01-02T15:04:05Z07:00\": cannot parse {Sprintf.GoQuote(s)} as RFC 3339");
        }

        int G(int i) => int.Parse(m.Groups[i].ValueSpan, CultureInfo.InvariantCulture);
        var zone = m.Groups[8].Value;
        var offset = zone is "Z" or "z" ? TimeSpan.Zero : new TimeSpan(int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture), int.Parse(zone.AsSpan(4, 2), CultureInfo.InvariantCulture), 0) * (zone[0] == '-' ? -1 : 1);
        try
        {
            var t = new DateTimeOffset(G(1), G(2), G(3), G(4), G(5), G(6), offset);
            return SafeNs(t, Fraction(m.Groups[7].Value));
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException)
        {
            throw new BuiltinException($"parsing time {Sprintf.GoQuote(s)}: out of range");
        }
    }

    /// <summary>Converts a ".123" fraction into nanoseconds (digits beyond nine are dropped).</summary>
    /// <param name="fraction">The fraction with its dot, or empty.</param>
    /// <returns>Nanoseconds.</returns>
    internal static long Fraction(string fraction)
    {
        if (fraction.Length < 2)
        {
            return 0;
        }

        var digits = fraction[1..];
        digits = digits.Length > 9 ? digits[..9] : digits.PadRight(9, '0');
        return long.Parse(digits, CultureInfo.InvariantCulture);
    }
}
