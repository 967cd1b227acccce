using System.Text.RegularExpressions;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// The JSON Schema <c>format</c> checks of OPA's schema library (its fork of gojsonschema): <c>date</c>, <c>time</c>,
/// <c>date-time</c>, <c>hostname</c>, <c>email</c>/<c>idn-email</c>, <c>ipv4</c>, <c>ipv6</c>, <c>uri</c>/<c>iri</c>,
/// <c>uri-reference</c>/<c>iri-reference</c>, <c>uri-template</c>, <c>uuid</c>, <c>regex</c>, <c>json-pointer</c> and
/// <c>relative-json-pointer</c>. Each accepts what the Go function the library calls accepts (<c>time.Parse</c> with
/// fixed layouts, <c>net.ParseIP</c>, <c>net/url.Parse</c>, <c>net/mail.ParseAddress</c>, RE2 compilation, or a
/// regular expression). An unknown format, and any value that is not a string, passes.
/// </summary>
internal static partial class JsonSchemaFormats
{
    /// <summary>Tests whether a string has a format; unknown formats pass.</summary>
    /// <param name="format">The format name.</param>
    /// <param name="value">The string.</param>
    /// <returns>True when the value has the format or the format is unknown.</returns>
    public static bool IsFormat(string format, string value) => format switch
    {
        "date" => GoTime.IsDate(value),
        "time" => GoTime.IsTime(value),
        "date-time" => GoTime.IsTime(value) || GoTime.IsDate(value) || GoTime.IsDateTime(value),
        "hostname" => value.Length < 256 && Hostname().IsMatch(value),
        "email" or "idn-email" => GoMail.IsAddress(value),
        "ipv4" => GoIp.Parse(value) && value.Contains('.', StringComparison.Ordinal),
        "ipv6" => GoIp.Parse(value) && value.Contains(':', StringComparison.Ordinal),
        "uri" or "iri" => !value.Contains('\\', StringComparison.Ordinal) && GoUrl.TryParse(value, out var scheme, out _) && scheme.Length > 0,
        "uri-reference" or "iri-reference" => !value.Contains('\\', StringComparison.Ordinal) && GoUrl.TryParse(value, out _, out _),
        "uri-template" => !value.Contains('\\', StringComparison.Ordinal) && GoUrl.TryParse(value, out _, out var path) && UriTemplate().IsMatch(path),
        "uuid" => Uuid().IsMatch(value),
        "regex" => value.Length == 0 || IsRegex(value),
        "json-pointer" => JsonPointer().IsMatch(value),
        "relative-json-pointer" => RelativeJsonPointer().IsMatch(value),
        _ => true,
    };

    // NOTE: the values come from policies' input; every pattern here runs without backtracking, since one nested loop
    // ("([^{]*(…)?)*" for uri-template) would otherwise take exponential time on text that almost matches.
    private static bool IsRegex(string value)
    {
        try
        {
            RegexBuiltins.Get(value);
            return true;
        }
        catch (BuiltinException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9]))*\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Hostname();

    [GeneratedRegex(@"^([^{]*(\{[^}]*\})?)*\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex UriTemplate();

    [GeneratedRegex(@"^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Uuid();

    [GeneratedRegex(@"^(?:/(?:[^~/]|~0|~1)*)*\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex JsonPointer();

    [GeneratedRegex(@"^(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~0|~1)*)*)\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex RelativeJsonPointer();

    /// <summary>Go's <c>time.Parse</c> for the layouts the date and time formats use.</summary>
    private static class GoTime
    {
        /// <summary>Layout <c>2006-01-02</c>.</summary>
        public static bool IsDate(string s)
        {
            var i = 0;
            return Date(s, ref i) && i == s.Length;
        }

        /// <summary>Layouts <c>15:04:05Z07:00</c> and <c>15:04:05</c> (a fraction of a second is taken either way).</summary>
        public static bool IsTime(string s)
        {
            var i = 0;
            if (!Clock(s, ref i))
            {
                return false;
            }

            return i == s.Length || (Zone(s, ref i) && i == s.Length);
        }

        /// <summary>Layouts <c>time.RFC3339</c> and <c>time.RFC3339Nano</c>.</summary>
        public static bool IsDateTime(string s)
        {
            var i = 0;
            if (!Date(s, ref i) || i >= s.Length || s[i] != 'T')
            {
                return false;
            }

            i++;
            return Clock(s, ref i) && Zone(s, ref i) && i == s.Length;
        }

        private static bool Date(string s, ref int i)
        {
            if (s.Length < i + 4 || !Digits(s, i, 4))
            {
                return false;
            }

            var year = Num(s, i, 4);
            i += 4;
            if (!Literal(s, ref i, '-') || !Fixed2(s, ref i, out var month) || month is < 1 or > 12 || !Literal(s, ref i, '-') || !Fixed2(s, ref i, out var day))
            {
                return false;
            }

            return day >= 1 && day <= DateTime.DaysInMonth(year == 0 ? 2000 : year, month);
        }

        /// <summary><c>15:04:05</c>: one- or two-digit hour, two-digit minute and second, then an optional fraction.</summary>
        private static bool Clock(string s, ref int i)
        {
            if (i >= s.Length || !char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            var hour = s[i++] - '0';
            if (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                hour = (hour * 10) + (s[i++] - '0');
            }

            if (hour >= 24 || !Literal(s, ref i, ':') || !Fixed2(s, ref i, out var minute) || minute >= 60 || !Literal(s, ref i, ':') || !Fixed2(s, ref i, out var second) || second >= 60)
            {
                return false;
            }

            if (i + 1 < s.Length && s[i] is '.' or ',' && char.IsAsciiDigit(s[i + 1]))
            {
                i += 2;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }
            }

            return true;
        }

        /// <summary><c>Z07:00</c>: <c>Z</c>, or a sign, two-digit hours up to 24, a colon, two-digit minutes up to 60.</summary>
        private static bool Zone(string s, ref int i)
        {
            if (i < s.Length && s[i] == 'Z')
            {
                i++;
                return true;
            }

            if (s.Length - i < 6 || s[i] is not ('+' or '-') || s[i + 3] != ':' || !Digits(s, i + 1, 2) || !Digits(s, i + 4, 2))
            {
                return false;
            }

            var ok = Num(s, i + 1, 2) <= 24 && Num(s, i + 4, 2) <= 60;
            i += 6;
            return ok;
        }

        private static bool Literal(string s, ref int i, char c)
        {
            if (i < s.Length && s[i] == c)
            {
                i++;
                return true;
            }

            return false;
        }

        private static bool Fixed2(string s, ref int i, out int value)
        {
            value = 0;
            if (s.Length < i + 2 || !Digits(s, i, 2))
            {
                return false;
            }

            value = Num(s, i, 2);
            i += 2;
            return true;
        }

        private static bool Digits(string s, int start, int count)
        {
            for (var k = start; k < start + count; k++)
            {
                if (!char.IsAsciiDigit(s[k]))
                {
                    return false;
                }
            }

            return true;
        }

        private static int Num(string s, int start, int count)
        {
            var n = 0;
            for (var k = start; k < start + count; k++)
            {
                n = (n * 10) + (s[k] - '0');
            }

            return n;
        }
    }

    /// <summary>Go's <c>net.ParseIP</c>: dotted IPv4 without leading zeros, or IPv6 (no zone), possibly ending in IPv4.</summary>
    private static class GoIp
    {
        public static bool Parse(string s) => s.Contains(':', StringComparison.Ordinal) ? V6(s) : V4(s, 0, s.Length);

        private static bool V4(string s, int start, int end)
        {
            var fields = 0;
            var i = start;
            while (true)
            {
                var digits = 0;
                var value = 0;
                while (i < end && char.IsAsciiDigit(s[i]))
                {
                    if (digits == 1 && value == 0)
                    {
                        return false; // a leading zero
                    }

                    value = (value * 10) + (s[i++] - '0');
                    if (++digits > 3 || value > 255)
                    {
                        return false;
                    }
                }

                if (digits == 0)
                {
                    return false;
                }

                fields++;
                if (i == end)
                {
                    return fields == 4;
                }

                if (s[i] != '.' || fields == 4)
                {
                    return false;
                }

                i++;
            }
        }

        private static bool V6(string s)
        {
            var groups = 0; // 16-bit groups parsed
            var ellipsis = false;
            var i = 0;
            if (s.StartsWith("::", StringComparison.Ordinal))
            {
                ellipsis = true;
                i = 2;
                if (i == s.Length)
                {
                    return true;
                }
            }

            while (i < s.Length)
            {
                var start = i;
                while (i < s.Length && char.IsAsciiHexDigit(s[i]) && i - start < 5)
                {
                    i++;
                }

                if (i < s.Length && s[i] == '.')
                {
                    // An embedded IPv4 address ends the text and replaces the last two groups.
                    if ((!ellipsis && groups != 6) || groups > 6 || !V4(s, start, s.Length))
                    {
                        return false;
                    }

                    groups += 2;
                    i = s.Length;
                    break;
                }

                if (i == start || i - start > 4)
                {
                    return false;
                }

                groups++;
                if (groups > 8)
                {
                    return false;
                }

                if (i == s.Length)
                {
                    break;
                }

                if (s[i] != ':')
                {
                    return false;
                }

                i++;
                if (i < s.Length && s[i] == ':')
                {
                    if (ellipsis)
                    {
                        return false;
                    }

                    ellipsis = true;
                    i++;
                    if (i == s.Length)
                    {
                        break;
                    }
                }
                else if (i == s.Length)
                {
                    return false; // a trailing single colon
                }
            }

            // Without "::" there must be eight groups; with it, "::" must stand for at least one.
            return ellipsis ? groups < 8 : groups == 8;
        }
    }
}
