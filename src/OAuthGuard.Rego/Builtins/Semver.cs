using System.Numerics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Semantic Versioning 2.0.0: validation and precedence comparison.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#semver.</remarks>
internal static class Semver
{
    /// <summary>Registers the semver builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("semver", "semver.is_valid(vsn: any) => boolean", "Tests whether a value is a valid SemVer 2.0.0 version string.", (_, a) => Operands.Bool(a[0] is RegoString s && TryParse(s.Value, out var _)));
        b.Add("semver", "semver.compare(a: string, b: string) => number", "Compares two SemVer versions by precedence: -1, 0 or 1.", Compare);
    }

    private sealed record Version(BigInteger Major, BigInteger Minor, BigInteger Patch, string[] Pre);

    private static bool TryParse(string s, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Version? version)
    {
        version = null;
        var plus = s.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            if (!ValidIdentifiers(s[(plus + 1)..], numeric: false))
            {
                return false;
            }

            s = s[..plus];
        }

        string[] pre = [];
        var dash = s.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            if (!ValidIdentifiers(s[(dash + 1)..], numeric: true))
            {
                return false;
            }

            pre = s[(dash + 1)..].Split('.');
            s = s[..dash];
        }

        var core = s.Split('.');
        if (core.Length != 3 || !Numeric(core[0], out var major) || !Numeric(core[1], out var minor) || !Numeric(core[2], out var patch))
        {
            return false;
        }

        version = new Version(major, minor, patch, pre);
        return true;
    }

    private static bool Numeric(string s, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (s.Length == 0 || (s.Length > 1 && s[0] == '0'))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        value = BigInteger.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }

    private static bool ValidIdentifiers(string s, bool numeric)
    {
        foreach (var id in s.Split('.'))
        {
            if (id.Length == 0)
            {
                return false;
            }

            var allDigits = true;
            foreach (var c in id)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }

                allDigits &= char.IsAsciiDigit(c);
            }

            if (numeric && allDigits && id.Length > 1 && id[0] == '0')
            {
                return false;
            }
        }

        return true;
    }

    private static RegoValue Compare(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var x = Operands.String(a, 0);
        var y = Operands.String(a, 1);
        if (!TryParse(x, out var vx))
        {
            throw new BuiltinException($"operand 1: string {Sprintf.GoQuote(x)} is not a valid SemVer");
        }

        if (!TryParse(y, out var vy))
        {
            throw new BuiltinException($"operand 2: string {Sprintf.GoQuote(y)} is not a valid SemVer");
        }

        return RegoNumber.From(Math.Sign(CompareVersions(vx, vy)));
    }

    private static int CompareVersions(Version x, Version y)
    {
        var c = x.Major.CompareTo(y.Major);
        c = c != 0 ? c : x.Minor.CompareTo(y.Minor);
        c = c != 0 ? c : x.Patch.CompareTo(y.Patch);
        if (c != 0)
        {
            return c;
        }

        if (x.Pre.Length == 0 || y.Pre.Length == 0)
        {
            // A pre-release sorts before the release itself.
            return x.Pre.Length == 0 ? (y.Pre.Length == 0 ? 0 : 1) : -1;
        }

        for (var i = 0; i < Math.Min(x.Pre.Length, y.Pre.Length); i++)
        {
            var xn = BigInteger.TryParse(x.Pre[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var xi);
            var yn = BigInteger.TryParse(y.Pre[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var yi);
            c = (xn, yn) switch
            {
                (true, true) => xi.CompareTo(yi),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x.Pre[i], y.Pre[i]),
            };
            if (c != 0)
            {
                return c;
            }
        }

        return x.Pre.Length.CompareTo(y.Pre.Length);
    }
}
