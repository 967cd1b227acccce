using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Parses timestamps written in Go's reference-time layouts (<c>2006-01-02 15:04:05 -0700 MST</c>).</summary>
internal static class GoLayout
{
    private static readonly string[] Tokens =
    [
        "January", "Monday", "2006", "-07:00:00", "-07:00", "-0700", "-07", "Z07:00:00", "Z07:00", "Z0700", "Z07",
        "Jan", "Mon", "MST", "002", "_2", "01", "02", "03", "04", "05", "06", "15", "PM", "pm", "1", "2", "3", "4", "5",
    ];

    /// <summary>Parses <paramref name="value"/> in <paramref name="layout"/>.</summary>
    /// <param name="layout">A Go layout.</param>
    /// <param name="value">The timestamp.</param>
    /// <returns>Nanoseconds since the epoch.</returns>
    /// <exception cref="BuiltinException">The value does not fit the layout.</exception>
    public static long Parse(string layout, string value)
    {
        layout = TimeFormat.NamedLayouts.GetValueOrDefault(layout, layout);
        var pattern = new StringBuilder("^");
        var fields = new List<string>();
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
                    pattern.Append(layout[i + 1] == '9' ? @"(?:[.,](\d+))?" : @"[.,](\d+)");
                    fields.Add("frac");
                    i = j;
                    continue;
                }
            }

            var token = Array.Find(Tokens, t => string.CompareOrdinal(layout, i, t, 0, t.Length) == 0);
            if (token is null)
            {
                pattern.Append(Regex.Escape(layout[i].ToString()));
                i++;
                continue;
            }

            pattern.Append(token switch
            {
                "January" => "([A-Za-z]+)",
                "Jan" => "([A-Za-z]{3})",
                "Monday" => "(?:[A-Za-z]+)",
                "Mon" => "(?:[A-Za-z]{3})",
                "2006" => @"(\d{4})",
                "06" => @"(\d{2})",
                "01" or "02" or "03" or "04" or "05" or "15" => @"(\d{2})",
                "1" or "2" or "3" or "4" or "5" => @"(\d{1,2})",
                "_2" => @" ?(\d{1,2})",
                "002" => @"(\d{3})",
                "PM" or "pm" => "([AaPp][Mm])",
                "MST" => "([A-Z]{3,5}|[+-]\\d+)",
                _ when token.StartsWith('Z') => @"(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)",
                _ => @"([+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)",
            });
            if (!token.StartsWith("Mon", StringComparison.Ordinal))
            {
                fields.Add(token);
            }

            i += token.Length;
            if (token is "05" or "5" && !(i + 1 < layout.Length && layout[i] is '.' or ',' && layout[i + 1] is '0' or '9'))
            {
                // Go accepts a fractional second right after the seconds even when the layout has none.
                pattern.Append(@"(?:[.,](\d+))?");
                fields.Add("frac");
            }
        }

        var m = Regex.Match(value, pattern.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        if (!m.Success)
        {
            throw new BuiltinException($"parsing time {Sprintf.GoQuote(value)} as {Sprintf.GoQuote(layout)}: cannot parse");
        }

        int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0, yday = 0;
        long frac = 0;
        bool? pm = null;
        var offset = TimeSpan.Zero;
        for (var f = 0; f < fields.Count; f++)
        {
            var text = m.Groups[f + 1].Value;
            int N() => int.Parse(text, CultureInfo.InvariantCulture);
            switch (fields[f])
            {
                case "2006": year = N(); break;
                case "06": year = N() + (N() >= 69 ? 1900 : 2000); break;
                case "01" or "1": month = N(); break;
                case "January" or "Jan":
                    month = Array.FindIndex(CultureInfo.InvariantCulture.DateTimeFormat.MonthNames, n => n.Length > 0 && n.StartsWith(text, StringComparison.OrdinalIgnoreCase)) + 1;
                    break;
                case "02" or "2" or "_2": day = N(); break;
                case "002": yday = N(); break;
                case "15" or "03" or "3": hour = N(); break;
                case "04" or "4": minute = N(); break;
                case "05" or "5": second = N(); break;
                case "PM" or "pm": pm = text.StartsWith('P') || text.StartsWith('p'); break;
                case "frac": frac = text.Length == 0 ? 0 : Time.Fraction("." + text); break;
                case "MST": break;
                default:
                    if (text is not ("Z" or ""))
                    {
                        var digits = text[1..].Replace(":", string.Empty, StringComparison.Ordinal);
                        var h = int.Parse(digits.AsSpan(0, 2), CultureInfo.InvariantCulture);
                        var mi = digits.Length >= 4 ? int.Parse(digits.AsSpan(2, 2), CultureInfo.InvariantCulture) : 0;
                        offset = new TimeSpan(h, mi, 0) * (text[0] == '-' ? -1 : 1);
                    }

                    break;
            }
        }

        if (pm is { } isPm)
        {
            hour = (hour % 12) + (isPm ? 12 : 0);
        }

        try
        {
            var t = yday > 0
                ? new DateTimeOffset(year, 1, 1, hour, minute, second, offset).AddDays(yday - 1)
                : new DateTimeOffset(year, month, day, hour, minute, second, offset);
            return Time.SafeNs(t, frac);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException)
        {
            throw new BuiltinException($"parsing time {Sprintf.GoQuote(value)}: value out of range");
        }
    }
}
