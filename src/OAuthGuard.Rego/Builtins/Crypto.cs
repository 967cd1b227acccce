using System.Security.Cryptography;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Digests and HMACs of a string's UTF-8 bytes, as lower-case hex (OPA's <c>crypto.*</c> hash builtins).</summary>
/// <remarks>
/// See https://www.openpolicyagent.org/docs/policy-reference/#crypto. MD5 and SHA-1 are weak, but these builtins exist
/// to compute them (to compare with known digests), not to protect anything.
/// </remarks>
#pragma warning disable CA5350, CA5351 // weak and broken algorithms: OPA's builtins name them
internal static class Crypto
{
    /// <summary>Registers the digest and HMAC builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        const string C = "crypto";
        b.Add(C, "crypto.md5(x: string) => string", "Returns the MD5 digest of a string as hex.", (_, a) => Hex(MD5.HashData(Utf8(a, 0))));
        b.Add(C, "crypto.sha1(x: string) => string", "Returns the SHA-1 digest of a string as hex.", (_, a) => Hex(SHA1.HashData(Utf8(a, 0))));
        b.Add(C, "crypto.sha256(x: string) => string", "Returns the SHA-256 digest of a string as hex.", (_, a) => Hex(SHA256.HashData(Utf8(a, 0))));
        b.Add(C, "crypto.hmac.md5(x: string, key: string) => string", "Returns the HMAC-MD5 of a string under a key as hex.", (_, a) => Hex(HMACMD5.HashData(Utf8(a, 1), Utf8(a, 0))));
        b.Add(C, "crypto.hmac.sha1(x: string, key: string) => string", "Returns the HMAC-SHA1 of a string under a key as hex.", (_, a) => Hex(HMACSHA1.HashData(Utf8(a, 1), Utf8(a, 0))));
        b.Add(C, "crypto.hmac.sha256(x: string, key: string) => string", "Returns the HMAC-SHA256 of a string under a key as hex.", (_, a) => Hex(HMACSHA256.HashData(Utf8(a, 1), Utf8(a, 0))));
        b.Add(C, "crypto.hmac.sha512(x: string, key: string) => string", "Returns the HMAC-SHA512 of a string under a key as hex.", (_, a) => Hex(HMACSHA512.HashData(Utf8(a, 1), Utf8(a, 0))));
        b.Add(C, "crypto.hmac.equal(mac1: string, mac2: string) => boolean", "Compares two MACs in constant time.", (_, a) =>
            Operands.Bool(CryptographicOperations.FixedTimeEquals(Utf8(a, 0), Utf8(a, 1))));
    }

    private static byte[] Utf8(ReadOnlySpan<RegoValue> a, int index) => System.Text.Encoding.UTF8.GetBytes(Operands.String(a, index));

    private static RegoString Hex(byte[] bytes) => Operands.Str(Convert.ToHexStringLower(bytes));
}
#pragma warning restore CA5350, CA5351
