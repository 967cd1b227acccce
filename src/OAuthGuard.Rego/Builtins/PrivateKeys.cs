using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// Private keys: <c>crypto.parse_private_keys</c>, <c>crypto.x509.parse_rsa_private_key</c> (a JWK) and
/// <c>crypto.x509.parse_keypair</c>, with keys in the JSON form of Go's key types, as OPA returns them.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#crypto.</remarks>
internal static class PrivateKeys
{
    /// <summary>Registers the key builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        const string C = "crypto";
        b.Add(C, "crypto.parse_private_keys(keys: string) => array[object[string: any]]", "Parses the private keys in PEM text (optionally base64-encoded) into Go's key fields.", ParsePrivateKeys);
        b.Add(C, "crypto.x509.parse_rsa_private_key(pem: string) => object[string: any]", "Parses a PEM RSA private key (optionally base64-encoded) into a JWK.", ParseRsaPrivateKey);
        b.Add(C, "crypto.x509.parse_keypair(cert: string, pem: string) => object[string: any]", "Parses a certificate chain and its private key (PEM, optionally base64-encoded) into Go's TLS key pair fields.", ParseKeyPair);
    }

    private static readonly string[] KeyLabels = ["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY"];

    private static List<(string Label, byte[] Der)> KeyBlocks(string input)
    {
        var pem = X509.Decode(input, out _) ?? throw new BuiltinException("PEM data not found");
        var result = new List<(string, byte[])>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            if (KeyLabels.Contains(label, StringComparer.Ordinal))
            {
                result.Add((label, Convert.FromBase64String(rest[fields.Base64Data].ToString())));
            }

            rest = rest[fields.Location.End..];
        }

        return result;
    }

    private static AsymmetricAlgorithm Load(string label, byte[] der)
    {
        try
        {
            switch (label)
            {
                case "RSA PRIVATE KEY":
                    var rsa = RSA.Create();
                    rsa.ImportRSAPrivateKey(der, out _);
                    return rsa;
                case "EC PRIVATE KEY":
                    var ec = ECDsa.Create();
                    ec.ImportECPrivateKey(der, out _);
                    return ec;
                default:
                    return LoadPkcs8(der);
            }
        }
        catch (CryptographicException)
        {
            throw new BuiltinException("failed to parse private key");
        }
    }

    private static AsymmetricAlgorithm LoadPkcs8(byte[] der)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportPkcs8PrivateKey(der, out _);
            return rsa;
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
        }

        var ec = ECDsa.Create();
        ec.ImportPkcs8PrivateKey(der, out _);
        return ec;
    }

    /// <summary>Go's JSON of an <c>*rsa.PrivateKey</c> or <c>*ecdsa.PrivateKey</c> (embedded public fields promoted).</summary>
    private static RegoObject KeyJson(AsymmetricAlgorithm key)
    {
        switch (key)
        {
            case RSA rsa:
                var p = rsa.ExportParameters(true);
                return X509Json.Obj(
                    ("N", X509Json.Unsigned(p.Modulus!)),
                    ("E", X509Json.Unsigned(p.Exponent!)),
                    ("D", X509Json.Unsigned(p.D!)),
                    ("Primes", RegoArray.Create(X509Json.Unsigned(p.P!), X509Json.Unsigned(p.Q!))),
                    ("Precomputed", X509Json.Obj(
                        ("Dp", X509Json.Unsigned(p.DP!)),
                        ("Dq", X509Json.Unsigned(p.DQ!)),
                        ("Qinv", X509Json.Unsigned(p.InverseQ!)),
                        ("CRTValues", RegoArray.Empty))));
            case ECDsa ec:
                var e = ec.ExportParameters(true);
                return X509Json.Obj(
                    ("Curve", RegoObject.Empty),
                    ("X", X509Json.Unsigned(e.Q.X!)),
                    ("Y", X509Json.Unsigned(e.Q.Y!)),
                    ("D", X509Json.Unsigned(e.D!)));
            default:
                throw new BuiltinException("unsupported private key type");
        }
    }

    private static RegoValue ParsePrivateKeys(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var input = Operands.String(a, 0);
        if (input.Length == 0)
        {
            return RegoNull.Instance;
        }

        var keys = new List<RegoValue>();
        string? pem;
        try
        {
            pem = X509.Decode(input, out _);
        }
        catch (BuiltinException)
        {
            pem = null; // OPA reads text that is not base64 as PEM text
        }

        if (pem is null)
        {
            // As OPA: text with no PEM block in it holds no keys (an empty list, not an error).
            return RegoArray.Create(keys);
        }

        foreach (var (label, der) in KeyBlocks(input))
        {
            using var key = Load(label, der);
            keys.Add(KeyJson(key));
        }

        return RegoArray.Create(keys);
    }

    private static RegoValue ParseRsaPrivateKey(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var blocks = KeyBlocks(Operands.String(a, 0));
        if (blocks.Count == 0)
        {
            throw new BuiltinException("failed to parse PEM block containing the key");
        }

        using var key = Load(blocks[0].Label, blocks[0].Der);
        if (key is not RSA rsa)
        {
            throw new BuiltinException("the key is not an RSA private key");
        }

        var p = rsa.ExportParameters(true);
        return X509Json.Obj(
            ("kty", Operands.Str("RSA")),
            ("n", B64(p.Modulus!)),
            ("e", B64(p.Exponent!)),
            ("d", B64(p.D!)),
            ("p", B64(p.P!)),
            ("q", B64(p.Q!)),
            ("dp", B64(p.DP!)),
            ("dq", B64(p.DQ!)),
            ("qi", B64(p.InverseQ!)));
    }

    private static RegoString B64(byte[] bytes) => Operands.Str(Base64Url(bytes));

    /// <summary>Base64url without padding (JWK and JWT encoding).</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The text.</returns>
    internal static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static RegoValue ParseKeyPair(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var certPem = X509.Decode(Operands.String(a, 0), out _) ?? throw new BuiltinException("tls: failed to find any PEM data in certificate input");
        var ders = X509.PemBlocks(certPem, "CERTIFICATE");
        if (ders.Count == 0)
        {
            throw new BuiltinException("tls: failed to find any PEM data in certificate input");
        }

        var blocks = KeyBlocks(Operands.String(a, 1));
        if (blocks.Count == 0)
        {
            throw new BuiltinException("tls: failed to find any PEM data in key input");
        }

        using var key = Load(blocks[0].Label, blocks[0].Der);
        RegoObject leaf;
        try
        {
            using var cert = X509CertificateLoader.LoadCertificate(ders[0]);
            if (!Matches(cert, key))
            {
                throw new BuiltinException("tls: private key does not match public key");
            }

            leaf = X509Json.Certificate(ders[0]);
        }
        catch (CryptographicException)
        {
            throw new BuiltinException("x509: malformed certificate");
        }

        return X509Json.Obj(
            ("Certificate", RegoArray.Create(ders.Select(d => (RegoValue)Operands.Str(Convert.ToBase64String(d))))),
            ("PrivateKey", KeyJson(key)),
            ("SupportedSignatureAlgorithms", RegoNull.Instance),
            ("OCSPStaple", RegoNull.Instance),
            ("SignedCertificateTimestamps", RegoNull.Instance),
            ("Leaf", leaf));
    }

    private static bool Matches(X509Certificate2 cert, AsymmetricAlgorithm key)
    {
        switch (key)
        {
            case RSA rsa when cert.GetRSAPublicKey() is { } pub:
                using (pub)
                {
                    return pub.ExportParameters(false).Modulus.AsSpan().SequenceEqual(rsa.ExportParameters(false).Modulus);
                }

            case ECDsa ec when cert.GetECDsaPublicKey() is { } pub:
                using (pub)
                {
                    var x = pub.ExportParameters(false).Q;
                    var y = ec.ExportParameters(false).Q;
                    return x.X.AsSpan().SequenceEqual(y.X) && x.Y.AsSpan().SequenceEqual(y.Y);
                }

            default:
                return false;
        }
    }
}
