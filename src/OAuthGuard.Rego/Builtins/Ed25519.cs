using System.Numerics;
using System.Security.Cryptography;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// An Ed25519 key (RFC 8032) for <c>io.jwt.*</c> with alg <c>EdDSA</c>: .NET has no Ed25519, so signing and verifying
/// follow the RFC's definitions over <see cref="BigInteger"/> (tokens are small; speed is not a concern). Verification
/// is Go's: the encoded <c>[S]B - [k]A</c> must equal <c>R</c>, and <c>S</c> must be below the group order.
/// </summary>
internal sealed class Ed25519Key : AsymmetricAlgorithm
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);
    private static readonly Point Base = BasePoint();

    private readonly byte[]? _scalar;
    private readonly byte[]? _prefix;

    private Ed25519Key(byte[] publicKey, byte[]? seed)
    {
        PublicKey = publicKey;
        KeySizeValue = 256;
        if (seed is not null)
        {
            var h = SHA512.HashData(seed);
            _scalar = h[..32];
            _scalar[0] &= 248;
            _scalar[31] &= 127;
            _scalar[31] |= 64;
            _prefix = h[32..];
        }
    }

    /// <summary>The 32-byte encoded public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>A verifying key from its 32 encoded bytes.</summary>
    /// <param name="publicKey">The public key.</param>
    /// <returns>The key.</returns>
    public static Ed25519Key FromPublic(byte[] publicKey) =>
        publicKey.Length == 32 ? new Ed25519Key(publicKey, null) : throw new BuiltinException("invalid Ed25519 public key");

    /// <summary>A signing key from its 32-byte seed (the JWK's <c>d</c>); the public key is derived.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>The key.</returns>
    public static Ed25519Key FromSeed(byte[] seed)
    {
        if (seed.Length != 32)
        {
            throw new BuiltinException("invalid Ed25519 private key");
        }

        var h = SHA512.HashData(seed);
        var a = h[..32];
        a[0] &= 248;
        a[31] &= 127;
        a[31] |= 64;
        return new Ed25519Key(Encode(Multiply(Base, Le(a))), seed);
    }

    /// <summary>Signs a message (PureEdDSA).</summary>
    /// <param name="message">The message.</param>
    /// <returns>The 64-byte signature.</returns>
    public byte[] Sign(byte[] message)
    {
        if (_scalar is null || _prefix is null)
        {
            throw new BuiltinException("the Ed25519 key has no private part");
        }

        var r = Mod(Le(SHA512.HashData([.. _prefix, .. message])), L);
        var rEncoded = Encode(Multiply(Base, r));
        var k = Mod(Le(SHA512.HashData([.. rEncoded, .. PublicKey, .. message])), L);
        var s = Mod(r + (k * Le(_scalar)), L);
        return [.. rEncoded, .. ToLe(s)];
    }

    /// <summary>Verifies a signature (PureEdDSA).</summary>
    /// <param name="message">The message.</param>
    /// <param name="signature">The signature.</param>
    /// <returns>Whether it holds.</returns>
    public bool Verify(byte[] message, byte[] signature)
    {
        if (signature.Length != 64 || Decode(PublicKey) is not { } a)
        {
            return false;
        }

        var s = Le(signature[32..]);
        if (s >= L)
        {
            return false;
        }

        var k = Mod(Le(SHA512.HashData([.. signature[..32], .. PublicKey, .. message])), L);
        var check = Add(Multiply(Base, s), Multiply(Negate(a), k));
        return Encode(check).AsSpan().SequenceEqual(signature.AsSpan(0, 32));
    }

    private readonly record struct Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T);

    private static BigInteger Mod(BigInteger x) => Mod(x, P);

    private static BigInteger Mod(BigInteger x, BigInteger m)
    {
        var r = BigInteger.Remainder(x, m);
        return r.Sign < 0 ? r + m : r;
    }

    private static BigInteger Inverse(BigInteger x) => BigInteger.ModPow(Mod(x), P - 2, P);

    private static BigInteger Le(byte[] bytes) => new(bytes, isUnsigned: true, isBigEndian: false);

    private static byte[] ToLe(BigInteger x)
    {
        var bytes = new byte[32];
        x.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }

    private static Point Add(Point p, Point q)
    {
        var a = Mod((p.Y - p.X) * (q.Y - q.X));
        var b = Mod((p.Y + p.X) * (q.Y + q.X));
        var c = Mod(2 * p.T * q.T * D);
        var d = Mod(2 * p.Z * q.Z);
        var e = b - a;
        var f = d - c;
        var g = d + c;
        var h = b + a;
        return new Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    private static Point Negate(Point p) => new(Mod(-p.X), p.Y, p.Z, Mod(-p.T));

    private static Point Multiply(Point p, BigInteger s)
    {
        var result = new Point(0, 1, 1, 0);
        var addend = p;
        while (s.Sign > 0)
        {
            if (!s.IsEven)
            {
                result = Add(result, addend);
            }

            addend = Add(addend, addend);
            s >>= 1;
        }

        return result;
    }

    private static byte[] Encode(Point p)
    {
        var zInv = Inverse(p.Z);
        var x = Mod(p.X * zInv);
        var y = Mod(p.Y * zInv);
        var bytes = ToLe(y);
        if (!x.IsEven)
        {
            bytes[31] |= 0x80;
        }

        return bytes;
    }

    private static Point? Decode(byte[] encoded)
    {
        var bytes = (byte[])encoded.Clone();
        var sign = (bytes[31] & 0x80) != 0;
        bytes[31] &= 0x7F;
        var y = Le(bytes);
        if (y >= P)
        {
            return null;
        }

        if (RecoverX(y, sign) is not { } x)
        {
            return null;
        }

        return new Point(x, y, 1, Mod(x * y));
    }

    private static BigInteger? RecoverX(BigInteger y, bool sign)
    {
        var x2 = Mod((y * y - 1) * Inverse((D * y * y) + 1));
        if (x2.IsZero)
        {
            return sign ? null : BigInteger.Zero;
        }

        var x = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (Mod((x * x) - x2) != 0)
        {
            x = Mod(x * SqrtMinusOne);
        }

        if (Mod((x * x) - x2) != 0)
        {
            return null;
        }

        return x.IsEven == sign ? Mod(-x) : x;
    }

    private static Point BasePoint()
    {
        var y = Mod(4 * Inverse(5));
        var x = RecoverX(y, false)!.Value;
        return new Point(x, y, 1, Mod(x * y));
    }
}
