using System.Net;
using System.Net.Sockets;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>CIDR containment and overlap for IPv4 and IPv6.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#net.</remarks>
internal static class Net
{
    /// <summary>Registers the net builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("net", "net.cidr_contains(cidr: string, cidr_or_ip: string) => boolean", "Tests whether a CIDR contains an IP address or another CIDR.", Contains);
        b.Add("net", "net.cidr_intersects(cidr1: string, cidr2: string) => boolean", "Tests whether two CIDRs overlap.", Intersects);
    }

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
}
