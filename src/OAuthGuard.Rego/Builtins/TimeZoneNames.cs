using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// Time zone abbreviations (<c>EST</c>, <c>CEST</c>, <c>-03</c>) as Go's <c>time</c> package finds them: read from
/// the IANA TZif file of the zone (the directory named by <c>TZDIR</c>, else <c>/usr/share/zoneinfo</c>, where
/// .NET on Linux also reads its zones), using the transition in effect and, after the last transition, the POSIX
/// TZ rule in the file's footer. .NET's <see cref="TimeZoneInfo"/> has no abbreviations, hence this reader.
/// </summary>
internal static class TimeZoneNames
{
    private const int CacheLimit = 64;

    private static readonly ConcurrentDictionary<string, Zone?> Cache = new(StringComparer.Ordinal);

    private sealed record ZoneType(int Offset, bool IsDst, string Name);

    private sealed record Zone(long[] Transitions, byte[] Indexes, ZoneType[] Types, string Footer);

    /// <summary>
    /// The abbreviation Go prints for <c>MST</c> and the offset from UTC in seconds at a time in a zone, or null when
    /// the zone's data cannot be read.
    /// </summary>
    /// <param name="zone">The zone name given to the builtin (<c>Local</c> means the host's zone, as in Go).</param>
    /// <param name="unixSeconds">The time, in seconds since the epoch.</param>
    /// <returns>The abbreviation and offset, or null.</returns>
    public static (string Name, int Offset)? Find(string zone, long unixSeconds)
    {
        string? path;
        if (zone == "Local")
        {
            var tz = Environment.GetEnvironmentVariable("TZ");
            if (tz is null)
            {
                path = "/etc/localtime";
            }
            else
            {
                tz = tz.TrimStart(':');
                if (tz is "" or "UTC")
                {
                    return ("UTC", 0);
                }

                path = tz.StartsWith('/') ? tz : ZonePath(tz);
            }
        }
        else
        {
            path = ZonePath(zone);
        }

        if (path is null)
        {
            return null;
        }

        if (!Cache.TryGetValue(path, out var data))
        {
            data = Load(path);
            if (Cache.Count >= CacheLimit)
            {
                Cache.Clear();
            }

            Cache[path] = data;
        }

        return data is null ? null : Lookup(data, unixSeconds);
    }

    /// <summary>Looks a time up in the bytes of a TZif file (for tests); null when the bytes are not a usable TZif file.</summary>
    /// <param name="tzif">The file's bytes.</param>
    /// <param name="unixSeconds">The time, in seconds since the epoch.</param>
    /// <returns>The abbreviation and offset, or null.</returns>
    internal static (string Name, int Offset)? FindIn(byte[] tzif, long unixSeconds) =>
        Parse(tzif) is { } zone ? Lookup(zone, unixSeconds) : null;

    private static string? ZonePath(string name)
    {
        // As Go's LoadLocation: no absolute names and no "..".
        if (name.Length == 0 || name[0] is '/' or '\\' || name.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        var dir = Environment.GetEnvironmentVariable("TZDIR");
        return Path.Combine(string.IsNullOrEmpty(dir) ? "/usr/share/zoneinfo" : dir, name);
    }

    private static Zone? Load(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length < 1 << 20 ? Parse(File.ReadAllBytes(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Reads a TZif file (RFC 8536), using the 64-bit data of version 2 and later files.</summary>
    private static Zone? Parse(byte[] b)
    {
        if (b.Length < 44 || b[0] != 'T' || b[1] != 'Z' || b[2] != 'i' || b[3] != 'f')
        {
            return null;
        }

        var version = b[4];
        var p = 0;
        var counts = Counts(b, p);
        if (counts is null)
        {
            return null;
        }

        var timeSize = 4;
        if (version >= '2')
        {
            var (isUt, isStd, leap, time, type, chars) = counts.Value;
            p = 44 + (time * 4) + time + (type * 6) + chars + (leap * 8) + isStd + isUt;
            counts = Counts(b, p);
            if (counts is null)
            {
                return null;
            }

            timeSize = 8;
        }

        var (utCount, stdCount, leapCount, timeCount, typeCount, charCount) = counts.Value;
        p += 44;
        var end = p + (timeCount * timeSize) + timeCount + (typeCount * 6) + charCount + (leapCount * (timeSize + 4)) + stdCount + utCount;
        if (typeCount == 0 || end > b.Length)
        {
            return null;
        }

        var transitions = new long[timeCount];
        for (var i = 0; i < timeCount; i++, p += timeSize)
        {
            transitions[i] = timeSize == 8 ? BinaryPrimitives.ReadInt64BigEndian(b.AsSpan(p)) : BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(p));
        }

        var indexes = b.AsSpan(p, timeCount).ToArray();
        p += timeCount;
        var typeStart = p;
        var charStart = typeStart + (typeCount * 6);
        var types = new ZoneType[typeCount];
        for (var i = 0; i < typeCount; i++)
        {
            var at = typeStart + (i * 6);
            var nameAt = charStart + b[at + 5];
            var nameEnd = nameAt;
            while (nameEnd < charStart + charCount && b[nameEnd] != 0)
            {
                nameEnd++;
            }

            types[i] = new ZoneType(BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(at)), b[at + 4] != 0, System.Text.Encoding.ASCII.GetString(b, nameAt, Math.Max(0, nameEnd - nameAt)));
        }

        if (indexes.Any(i => i >= typeCount))
        {
            return null;
        }

        var footer = string.Empty;
        if (timeSize == 8 && end < b.Length && b[end] == '\n')
        {
            var close = Array.IndexOf(b, (byte)'\n', end + 1);
            if (close > end)
            {
                footer = System.Text.Encoding.ASCII.GetString(b, end + 1, close - end - 1);
            }
        }

        if (transitions.Length == 0)
        {
            // As Go: one transition at the beginning of time, to the first type.
            transitions = [long.MinValue];
            indexes = [0];
        }

        return new Zone(transitions, indexes, types, footer);
    }

    private static (int IsUt, int IsStd, int Leap, int Time, int Type, int Chars)? Counts(byte[] b, int p)
    {
        if (p + 44 > b.Length || b[p] != 'T' || b[p + 1] != 'Z' || b[p + 2] != 'i' || b[p + 3] != 'f')
        {
            return null;
        }

        int Read(int k) => BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(p + 20 + (4 * k)));
        var values = new[] { Read(0), Read(1), Read(2), Read(3), Read(4), Read(5) };
        return values.Any(v => v < 0 || v > 1 << 16) ? null : (values[0], values[1], values[2], values[3], values[4], values[5]);
    }

    private static (string Name, int Offset) Lookup(Zone z, long sec)
    {
        if (sec < z.Transitions[0])
        {
            var first = z.Types[FirstZone(z)];
            return (first.Name, first.Offset);
        }

        int lo = 0, hi = z.Transitions.Length;
        while (hi - lo > 1)
        {
            var m = lo + ((hi - lo) / 2);
            if (sec < z.Transitions[m])
            {
                hi = m;
            }
            else
            {
                lo = m;
            }
        }

        if (lo == z.Transitions.Length - 1 && z.Footer.Length > 0 && PosixRule.Find(z.Footer, sec) is { } rule)
        {
            return rule;
        }

        var type = z.Types[z.Indexes[lo]];
        return (type.Name, type.Offset);
    }

    /// <summary>Go's lookupFirstZone: the zone type in effect before the first transition.</summary>
    private static int FirstZone(Zone z)
    {
        if (!z.Indexes.Contains((byte)0))
        {
            return 0;
        }

        if (z.Types[z.Indexes[0]].IsDst)
        {
            for (var zi = z.Indexes[0] - 1; zi >= 0; zi--)
            {
                if (!z.Types[zi].IsDst)
                {
                    return zi;
                }
            }
        }

        for (var zi = 0; zi < z.Types.Length; zi++)
        {
            if (!z.Types[zi].IsDst)
            {
                return zi;
            }
        }

        return 0;
    }

    /// <summary>The POSIX TZ rule of a TZif footer (<c>EST5EDT,M3.2.0,M11.1.0</c>, <c>&lt;-03&gt;3</c>), read as Go's tzset does.</summary>
    private static class PosixRule
    {
        private const int Day = 86400;

        private readonly record struct Rule(char Kind, int Day, int Week, int Month, int Time);

        public static (string Name, int Offset)? Find(string s, long sec)
        {
            var i = 0;
            if (!ReadName(s, ref i, out var stdName) || !ReadOffset(s, ref i, out var stdOffset))
            {
                return null;
            }

            stdOffset = -stdOffset;
            if (i == s.Length || s[i] == ',')
            {
                return (stdName, stdOffset);
            }

            if (!ReadName(s, ref i, out var dstName))
            {
                return null;
            }

            int dstOffset;
            if (i == s.Length || s[i] == ',')
            {
                dstOffset = stdOffset + 3600;
            }
            else if (ReadOffset(s, ref i, out dstOffset))
            {
                dstOffset = -dstOffset;
            }
            else
            {
                return null;
            }

            var rules = i == s.Length ? ",M3.2.0,M11.1.0" : s[i..];
            i = 0;
            if (rules[i] is not (',' or ';'))
            {
                return null;
            }

            i++;
            if (!ReadRule(rules, ref i, out var startRule) || i >= rules.Length || rules[i] != ',')
            {
                return null;
            }

            i++;
            if (!ReadRule(rules, ref i, out var endRule) || i != rules.Length)
            {
                return null;
            }

            var utc = DateTime.UnixEpoch.AddSeconds(sec);
            var year = utc.Year;
            var ysec = sec - (long)(new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;
            long startSec = RuleTime(year, startRule, stdOffset);
            long endSec = RuleTime(year, endRule, dstOffset);
            if (endSec < startSec)
            {
                // Southern hemisphere: the labels swap.
                (startSec, endSec) = (endSec, startSec);
                (stdName, dstName) = (dstName, stdName);
                (stdOffset, dstOffset) = (dstOffset, stdOffset);
            }

            return ysec < startSec || ysec >= endSec ? (stdName, stdOffset) : (dstName, dstOffset);
        }

        private static bool ReadName(string s, ref int i, out string name)
        {
            name = string.Empty;
            if (i < s.Length && s[i] == '<')
            {
                var close = s.IndexOf('>', i);
                if (close < 0)
                {
                    return false;
                }

                name = s[(i + 1)..close];
                i = close + 1;
                return true;
            }

            var start = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] is not (',' or '-' or '+'))
            {
                i++;
            }

            name = s[start..i];
            return name.Length >= 3;
        }

        /// <summary>[+-]hh[:mm[:ss]], hours up to 168 (Go's tzsetOffset).</summary>
        private static bool ReadOffset(string s, ref int i, out int offset)
        {
            offset = 0;
            var negative = false;
            if (i < s.Length && s[i] is '+' or '-')
            {
                negative = s[i] == '-';
                i++;
            }

            if (!ReadNumber(s, ref i, 0, 24 * 7, out var hours))
            {
                return false;
            }

            offset = hours * 3600;
            if (i < s.Length && s[i] == ':')
            {
                i++;
                if (!ReadNumber(s, ref i, 0, 59, out var minutes))
                {
                    return false;
                }

                offset += minutes * 60;
                if (i < s.Length && s[i] == ':')
                {
                    i++;
                    if (!ReadNumber(s, ref i, 0, 59, out var seconds))
                    {
                        return false;
                    }

                    offset += seconds;
                }
            }

            if (negative)
            {
                offset = -offset;
            }

            return true;
        }

        private static bool ReadNumber(string s, ref int i, int min, int max, out int value)
        {
            value = 0;
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 4)
            {
                value = (value * 10) + (s[i++] - '0');
            }

            return i > start && value >= min && value <= max;
        }

        private static bool ReadRule(string s, ref int i, out Rule rule)
        {
            rule = default;
            if (i >= s.Length)
            {
                return false;
            }

            char kind;
            int day, week = 0, month = 0;
            if (s[i] == 'J')
            {
                i++;
                kind = 'J';
                if (!ReadNumber(s, ref i, 1, 365, out day))
                {
                    return false;
                }
            }
            else if (s[i] == 'M')
            {
                i++;
                kind = 'M';
                if (!ReadNumber(s, ref i, 1, 12, out month) || i >= s.Length || s[i++] != '.' || !ReadNumber(s, ref i, 1, 5, out week) || i >= s.Length || s[i++] != '.' || !ReadNumber(s, ref i, 0, 6, out day))
                {
                    return false;
                }
            }
            else
            {
                kind = 'D';
                if (!ReadNumber(s, ref i, 0, 365, out day))
                {
                    return false;
                }
            }

            var time = 2 * 3600;
            if (i < s.Length && s[i] == '/')
            {
                i++;
                if (!ReadOffset(s, ref i, out time))
                {
                    return false;
                }
            }

            rule = new Rule(kind, day, week, month, time);
            return true;
        }

        /// <summary>Seconds from the start of the year (UTC) at which a rule fires, as Go's tzruleTime.</summary>
        private static int RuleTime(int year, Rule r, int offset)
        {
            int s;
            switch (r.Kind)
            {
                case 'J':
                    s = (r.Day - 1) * Day;
                    if (DateTime.IsLeapYear(year) && r.Day >= 60)
                    {
                        s += Day;
                    }

                    break;
                case 'D':
                    s = r.Day * Day;
                    break;
                default:
                    var first = new DateTime(year, r.Month, 1, 0, 0, 0, DateTimeKind.Utc);
                    var d = r.Day - (int)first.DayOfWeek;
                    if (d < 0)
                    {
                        d += 7;
                    }

                    for (var w = 1; w < r.Week; w++)
                    {
                        if (d + 7 >= DateTime.DaysInMonth(year, r.Month))
                        {
                            break;
                        }

                        d += 7;
                    }

                    s = (first.DayOfYear - 1 + d) * Day;
                    break;
            }

            return s + r.Time - offset;
        }
    }
}
