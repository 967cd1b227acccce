using System.Globalization;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Randomness and UUIDs: a random version 4 UUID per key and query, the fields of a parsed UUID, and <c>rand.intn</c>.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#uuid.</remarks>
internal static class Uuid
{
    /// <summary>The 100-ns intervals from the Gregorian reform (UUID time zero) to the Unix epoch.</summary>
    private const long GregorianToUnix = 0x01B21DD213814000;

    /// <summary>Registers the UUID builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("uuid", "uuid.rfc4122(k: string) => string", "Returns a random version 4 UUID; the same key gives the same UUID within one query.", (ctx, a) =>
        {
            _ = Operands.String(a, 0);
            return Operands.Str(Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture));
        }, nondeterministic: true);
        b.Add("uuid", "uuid.parse(uuid: string) => object[string: any]", "Returns the version and variant of a UUID (and time, clock sequence and node for versions 1 and 2); undefined when the string is no UUID.", Parse);
        b.Add("numbers", "rand.intn(str: string, n: number) => number", "Returns a random integer in [0, n); the same arguments give the same number within one query.", RandomInt, nondeterministic: true);
    }

    private static RegoValue? Parse(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var text = Operands.String(a, 0);
        if (text.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[9..];
        }

        if (!(text.Length == 36 && Guid.TryParseExact(text, "D", out var guid)) &&
            !(text.Length == 38 && Guid.TryParseExact(text, "B", out guid)) &&
            !(text.Length == 32 && Guid.TryParseExact(text, "N", out guid)))
        {
            return null;
        }

        var bytes = guid.ToByteArray(bigEndian: true);
        var version = bytes[6] >> 4;
        var variant = (bytes[8] & 0xC0) == 0x80 ? "RFC4122" : (bytes[8] & 0x80) == 0 ? "Reserved" : (bytes[8] & 0xE0) == 0xC0 ? "Microsoft" : "Future";
        var fields = new List<(string, RegoValue)> { ("version", RegoNumber.From(version)), ("variant", Operands.Str(variant)) };
        if (version is 1 or 2)
        {
            var timeLow = ((long)bytes[0] << 24) | ((long)bytes[1] << 16) | ((long)bytes[2] << 8) | bytes[3];
            var timeMid = ((long)bytes[4] << 8) | bytes[5];
            var timeHigh = ((long)(bytes[6] & 0x0F) << 8) | bytes[7];
            var ticks = (timeHigh << 48) | (timeMid << 32) | timeLow;
            if (version == 2)
            {
                fields.Add(("id", RegoNumber.From(timeLow)));
                fields.Add(("domain", Operands.Str(bytes[9] switch { 0 => "Person", 1 => "Group", 2 => "Org", _ => $"Domain{bytes[9]}" })));
            }

            fields.Add(("time", RegoNumber.From((System.Numerics.BigInteger)(ticks - GregorianToUnix) * 100)));
            fields.Add(("clocksequence", RegoNumber.From(((bytes[8] & 0x3F) << 8) | bytes[9])));
            fields.Add(("nodeid", Operands.Str(string.Join('-', bytes[10..].Select(x => x.ToString("x2", CultureInfo.InvariantCulture))))));
            fields.Add(("macvariables", Operands.Str(((bytes[10] & 0x02) != 0 ? "local" : "global") + ":" + ((bytes[10] & 0x01) != 0 ? "multicast" : "unicast"))));
        }

        return RegoObject.Create([.. fields]);
    }

    private static RegoValue RandomInt(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        _ = Operands.String(a, 0);
        var n = Operands.BigInt(a, 1);
        if (n.IsZero)
        {
            return RegoNumber.Zero;
        }

        var bound = System.Numerics.BigInteger.Abs(n);
        if (bound > long.MaxValue)
        {
            throw new BuiltinException("n is too large");
        }

        return RegoNumber.From(Random.Shared.NextInt64((long)bound));
    }
}
