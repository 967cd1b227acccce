using System.Net;
using System.Net.Sockets;
using System.Numerics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>CIDR containment, overlap, expansion, validation and merging for IPv4 and IPv6 (no DNS: see Withheld).</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#net.</remarks>
internal static class Net
{
    /// <summary>Registers the net builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("net", "net.cidr_contains(cidr: string, cidr_or_ip: string) => boolean", "Tests whether a CIDR contains an IP address or another CIDR.", Contains);
        b.Add("net", "net.cidr_intersects(cidr1: string, cidr2: string) => boolean", "Tests whether two CIDRs overlap.", Intersects);
        b.Add("net", "net.cidr_is_valid(cidr: string) => boolean", "Tests whether a string is a valid IPv4 or IPv6 CIDR.", (ctx, a) => Operands.Bool(TryNetwork(Operands.String(a, 0), out _)));
        b.Add("net", "net.cidr_expand(cidr: string) => set[string]", "Returns every address in a CIDR, network and broadcast addresses included (at most 65536).", Expand);
        b.Add("net", "net.cidr_merge(addrs: array[string]|set[string]) => set[string]", "Merges IP addresses and CIDRs into the smallest set of CIDRs covering the same addresses.", Merge);
        b.Add("net", "net.cidr_contains_matches(cidrs: string|array[string|array[any]]|object[string: string|array[any]]|set[string|array[any]], cidrs_or_ips: string|array[string|array[any]]|object[string: string|array[any]]|set[string|array[any]]) => set[array[any, any]]", "Returns the [key of cidrs, key of cidrs_or_ips] pairs where the CIDR contains the address or CIDR.", ContainsMatches);
    }

    /// <summary>The most addresses <c>net.cidr_expand</c> lists; a larger network is a builtin error.</summary>
    private const int ExpandLimit = 65536;

    /// <summary>A network as its masked address bytes and prefix length.</summary>
    private readonly record struct Network(byte[] Bytes, int Prefix)
    {
        public bool Contains(byte[] address)
        {
            if (address.Length != Bytes.Length)
            {
                return false;
            }

            var masked = Mask(address, Prefix);
            return masked.AsSpan().SequenceEqual(Bytes);
        }
    }

    private static byte[] Mask(byte[] address, int prefix)
    {
        var result = (byte[])address.Clone();
        for (var i = 0; i < result.Length; i++)
        {
            var bits = Math.Clamp(prefix - (i * 8), 0, 8);
            result[i] &= (byte)(0xFF << (8 - bits));
        }

        return result;
    }

    private static bool TryAddress(string s, out byte[] bytes)
    {
        bytes = [];
        if (!IPAddress.TryParse(s, out var ip) || s.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        if (ip.IsIPv4MappedToIPv6 && !s.Contains(':', StringComparison.Ordinal))
        {
            ip = ip.MapToIPv4();
        }

        bytes = ip.GetAddressBytes();
        return ip.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
    }

    private static bool TryNetwork(string s, out Network network)
    {
        network = default;
        var slash = s.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !TryAddress(s[..slash], out var bytes) ||
            !int.TryParse(s.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix) ||
            prefix > bytes.Length * 8)
        {
            return false;
        }

        network = new Network(Mask(bytes, prefix), prefix);
        return true;
    }

    private static Network Cidr(string s) =>
        TryNetwork(s, out var n) ? n : throw new BuiltinException($"invalid CIDR address: {s}");

    private static RegoValue Contains(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var outer = Cidr(Operands.String(a, 0));
        var inner = Operands.String(a, 1);
        if (TryAddress(inner, out var ip))
        {
            return Operands.Bool(outer.Contains(ip));
        }

        var n = TryNetwork(inner, out var nw) ? nw : throw new BuiltinException($"invalid CIDR address: {inner}");
        return Operands.Bool(n.Prefix >= outer.Prefix && outer.Contains(n.Bytes));
    }

    private static RegoValue Intersects(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var x = Cidr(Operands.String(a, 0));
        var y = Cidr(Operands.String(a, 1));
        return Operands.Bool(x.Contains(y.Bytes) || y.Contains(x.Bytes));
    }

    private static RegoValue Expand(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var network = Cidr(Operands.String(a, 0));
        var bits = network.Bytes.Length * 8;
        if (bits - network.Prefix > 16)
        {
            throw new BuiltinException($"CIDR too large to expand: more than {ExpandLimit} addresses");
        }

        var start = ToInteger(network.Bytes);
        var count = 1 << (bits - network.Prefix);
        var addresses = new HashSet<RegoValue>(count);
        for (var i = 0; i < count; i++)
        {
            addresses.Add(Operands.Str(FromInteger(start + i, network.Bytes.Length).ToString()));
        }

        return RegoSet.Create(addresses);
    }

    private static BigInteger ToInteger(byte[] bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    private static IPAddress FromInteger(BigInteger value, int length)
    {
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var bytes = new byte[length];
        raw.CopyTo(bytes, length - raw.Length);
        return new IPAddress(bytes);
    }

    private static RegoValue Merge(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var ranges = new List<(int Length, BigInteger Start, BigInteger End)>();
        foreach (var item in Operands.Elements(a, 0, "array", "set"))
        {
            var text = item as RegoString ?? throw Operands.ElementError(0, a[0], item, "string");
            Network network;
            if (TryAddress(text.Value, out var ip))
            {
                // As OPA: a bare IPv4 address takes Go's classful default mask; a bare IPv6 address is an error.
                network = ip.Length == 4
                    ? new Network(ip, ip[0] < 0x80 ? 8 : ip[0] < 0xC0 ? 16 : 24)
                    : throw new BuiltinException("IPv6 invalid: needs prefix length");
            }
            else if (!TryNetwork(text.Value, out network))
            {
                throw new BuiltinException($"invalid CIDR address: {text.Value}");
            }

            var size = BigInteger.One << (network.Bytes.Length * 8 - network.Prefix);
            var start = ToInteger(network.Bytes) / size * size;
            ranges.Add((network.Bytes.Length, start, start + size - 1));
        }

        var result = new HashSet<RegoValue>();
        foreach (var family in ranges.GroupBy(r => r.Length))
        {
            (BigInteger Start, BigInteger End)? current = null;
            foreach (var r in family.OrderBy(r => r.Start))
            {
                if (current is { } c && r.Start <= c.End + 1)
                {
                    current = (c.Start, BigInteger.Max(c.End, r.End));
                    continue;
                }

                if (current is { } done)
                {
                    AddCovering(result, done.Start, done.End, family.Key);
                }

                current = (r.Start, r.End);
            }

            if (current is { } last)
            {
                AddCovering(result, last.Start, last.End, family.Key);
            }
        }

        return RegoSet.Create(result);
    }

    /// <summary>Adds the fewest CIDRs that cover exactly [start, end].</summary>
    private static void AddCovering(HashSet<RegoValue> result, BigInteger start, BigInteger end, int length)
    {
        var bits = length * 8;
        while (start <= end)
        {
            var size = 0;
            while (size < bits && (start & ((BigInteger.One << (size + 1)) - 1)) == 0 && start + (BigInteger.One << (size + 1)) - 1 <= end)
            {
                size++;
            }

            result.Add(Operands.Str($"{FromInteger(start, length)}/{bits - size}"));
            start += BigInteger.One << size;
        }
    }

    /// <summary>The (key, CIDR or address text) entries of a cidr_contains_matches operand.</summary>
    private static List<(RegoValue Key, string Text)> Entries(ReadOnlySpan<RegoValue> a, int index)
    {
        // OPA's getCIDRMatchTerm: a string, or an array whose first element is the CIDR; anything else is a builtin
        // error naming the operand.
        static string Text(RegoValue v, int index) => v switch
        {
            RegoString s => s.Value,
            RegoArray { Count: > 0 } arr when arr[0] is RegoString s => s.Value,
            RegoArray { Count: > 0 } arr => throw Operands.Error(index, $"must contain strings or arrays whose first element is a string but got {arr[0].TypeName}"),
            _ => throw new BuiltinException($"operand {index + 1}: element must be string or non-empty array"),
        };

        var entries = new List<(RegoValue, string)>();
        switch (a[index])
        {
            case RegoString s:
                entries.Add((s, s.Value));
                break;
            case RegoArray arr:
                for (var i = 0; i < arr.Count; i++)
                {
                    entries.Add((RegoNumber.From(i), Text(arr[i], index)));
                }

                break;
            case RegoSet set:
                foreach (var item in set.Sorted)
                {
                    entries.Add((item, Text(item, index)));
                }

                break;
            case RegoObject o:
                foreach (var (k, v) in o)
                {
                    entries.Add((k, Text(v, index)));
                }

                break;
            default:
                throw Operands.TypeError(index, a[index], "string", "array", "set", "object");
        }

        return entries;
    }

    private static RegoValue ContainsMatches(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var cidrs = Entries(a, 0);
        var targets = Entries(a, 1);
        var result = new HashSet<RegoValue>();
        foreach (var (k1, cidr) in cidrs)
        {
            var outer = Cidr(cidr);
            foreach (var (k2, target) in targets)
            {
                var contained = TryAddress(target, out var ip)
                    ? outer.Contains(ip)
                    : (TryNetwork(target, out var n) ? n : throw new BuiltinException($"invalid CIDR address: {target}")) is var inner &&
                      inner.Prefix >= outer.Prefix && outer.Contains(inner.Bytes);
                if (contained)
                {
                    result.Add(RegoArray.Create(k1, k2));
                }
            }
        }

        return RegoSet.Create(result);
    }
}
