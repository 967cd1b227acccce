using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Keys for <c>io.jwt.*</c>: public keys from PEM or JWK/JWKS text, private keys from a JWK.</summary>
internal static class JwtKeys
{
    /// <summary>Reads every public key in a PEM certificate or public key, a JWK, or a JWK set.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The keys (the caller disposes them).</returns>
    /// <exception cref="BuiltinException">No key could be read.</exception>
    public static List<AsymmetricAlgorithm> PublicKeys(string text)
    {
        var keys = new List<AsymmetricAlgorithm>();
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            var rest = text.AsSpan();
            while (PemEncoding.TryFind(rest, out var fields))
            {
                var label = rest[fields.Label].ToString();
                var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
                rest = rest[fields.Location.End..];
                try
                {
                    switch (label)
                    {
                        case "CERTIFICATE":
                            using (var cert = X509CertificateLoader.LoadCertificate(der))
                            {
                                keys.Add((AsymmetricAlgorithm?)cert.GetRSAPublicKey() ?? cert.GetECDsaPublicKey() ?? throw new BuiltinException("unsupported certificate key"));
                            }

                            break;
                        case "PUBLIC KEY":
                            keys.Add(FromSubjectPublicKeyInfo(der));
                            break;
                        case "RSA PUBLIC KEY":
                            var rsa = RSA.Create();
                            rsa.ImportRSAPublicKey(der, out _);
                            keys.Add(rsa);
                            break;
                    }
                }
                catch (CryptographicException)
                {
                    throw new BuiltinException("failed to parse a PEM certificate or public key");
                }
            }
        }
        else
        {
            RegoValue json;
            try
            {
                json = RegoJson.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                throw new BuiltinException("failed to parse a JWK key (set): not JSON");
            }

            var list = json is RegoObject o && o.Get("keys") is RegoArray set ? set.Items.ToArray() : [json];
            foreach (var jwk in list)
            {
                keys.Add(PublicKey(jwk as RegoObject ?? throw new BuiltinException("a JWK must be an object")));
            }
        }

        return keys.Count > 0 ? keys : throw new BuiltinException("no public key found");
    }

    /// <summary>The DER of an Ed25519 SubjectPublicKeyInfo before its 32 key bytes (OID 1.3.101.112).</summary>
    private static readonly byte[] Ed25519SpkiPrefix = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00];

    private static AsymmetricAlgorithm FromSubjectPublicKeyInfo(byte[] der)
    {
        if (der.Length == Ed25519SpkiPrefix.Length + 32 && der.AsSpan(0, Ed25519SpkiPrefix.Length).SequenceEqual(Ed25519SpkiPrefix))
        {
            return Ed25519Key.FromPublic(der[Ed25519SpkiPrefix.Length..]);
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(der, out _);
            return rsa;
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
        }

        var ec = ECDsa.Create();
        ec.ImportSubjectPublicKeyInfo(der, out _);
        return ec;
    }

    private static byte[] Field(RegoObject jwk, string name, bool required = true) =>
        jwk.Get(name) is RegoString s ? Base64Url(s.Value) : required ? throw new BuiltinException($"JWK is missing {name}") : [];

    private static byte[] Base64Url(string s)
    {
        var padded = s.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            throw new BuiltinException("JWK field is not base64url");
        }
    }

    private static ECCurve Curve(RegoObject jwk) => jwk.Get("crv") switch
    {
        RegoString { Value: "P-256" } => ECCurve.NamedCurves.nistP256,
        RegoString { Value: "P-384" } => ECCurve.NamedCurves.nistP384,
        RegoString { Value: "P-521" } => ECCurve.NamedCurves.nistP521,
        _ => throw new BuiltinException("unsupported JWK curve"),
    };

    /// <summary>Reads a public key from a JWK (kty RSA, EC, or OKP with crv Ed25519).</summary>
    /// <param name="jwk">The JWK.</param>
    /// <returns>The key.</returns>
    public static AsymmetricAlgorithm PublicKey(RegoObject jwk) => Key(jwk, includePrivate: false);

    /// <summary>Reads a private key from a JWK (kty RSA, EC, or OKP with crv Ed25519).</summary>
    /// <param name="jwk">The JWK.</param>
    /// <returns>The key.</returns>
    public static AsymmetricAlgorithm PrivateKey(RegoObject jwk) => Key(jwk, includePrivate: true);

    private static AsymmetricAlgorithm Key(RegoObject jwk, bool includePrivate)
    {
        try
        {
            switch (jwk.Get("kty"))
            {
                case RegoString { Value: "RSA" }:
                    var p = new RSAParameters { Modulus = Field(jwk, "n"), Exponent = Field(jwk, "e") };
                    if (includePrivate)
                    {
                        p.D = Field(jwk, "d");
                        p.P = Field(jwk, "p");
                        p.Q = Field(jwk, "q");
                        p.DP = Field(jwk, "dp");
                        p.DQ = Field(jwk, "dq");
                        p.InverseQ = Field(jwk, "qi");
                    }

                    return RSA.Create(p);
                case RegoString { Value: "EC" }:
                    var e = new ECParameters { Curve = Curve(jwk), Q = new ECPoint { X = Field(jwk, "x"), Y = Field(jwk, "y") } };
                    if (includePrivate)
                    {
                        e.D = Field(jwk, "d");
                    }

                    return ECDsa.Create(e);
                case RegoString { Value: "OKP" } when jwk.Get("crv") is RegoString { Value: "Ed25519" }:
                    return includePrivate ? Ed25519Key.FromSeed(Field(jwk, "d")) : Ed25519Key.FromPublic(Field(jwk, "x"));
                default:
                    throw new BuiltinException("unsupported JWK key type");
            }
        }
        catch (CryptographicException)
        {
            throw new BuiltinException("invalid JWK");
        }
    }
}

/// <summary>The constraints of <c>io.jwt.decode_verify</c>.</summary>
internal sealed class JwtConstraints : IDisposable
{
    private readonly List<AsymmetricAlgorithm> _keys = [];

    private JwtConstraints()
    {
    }

    /// <summary>Gets the shared secret for HS algorithms.</summary>
    public string? Secret { get; private set; }

    /// <summary>Gets the required algorithm.</summary>
    public string? Alg { get; private set; }

    /// <summary>Gets the public keys for RS, PS and ES algorithms.</summary>
    public IReadOnlyList<AsymmetricAlgorithm> Keys => _keys;

    private string? Iss { get; set; }

    private string? Aud { get; set; }

    private double NowSeconds { get; set; }

    /// <summary>Reads the constraints object.</summary>
    /// <param name="constraints">The object.</param>
    /// <param name="ctx">For the current time.</param>
    /// <returns>The constraints.</returns>
    /// <exception cref="BuiltinException">An unknown constraint, or one of the wrong type.</exception>
    public static JwtConstraints Read(RegoObject constraints, BuiltinContext ctx)
    {
        var c = new JwtConstraints { NowSeconds = (ctx.Time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds };
        foreach (var (key, value) in constraints)
        {
            var name = key is RegoString k ? k.Value : key.ToString();
            switch (name)
            {
                case "cert":
                    c._keys.AddRange(JwtKeys.PublicKeys(Text(name, value)));
                    break;
                case "secret":
                    c.Secret = Text(name, value);
                    break;
                case "alg":
                    c.Alg = Text(name, value);
                    break;
                case "iss":
                    c.Iss = Text(name, value);
                    break;
                case "aud":
                    c.Aud = Text(name, value);
                    break;
                case "time":
                    c.NowSeconds = value is RegoNumber n ? n.ToDouble() / 1e9 : throw new BuiltinException("token time constraint: must be a number");
                    break;
                default:
                    throw new BuiltinException($"unknown token validation constraint: {name}");
            }
        }

        return c.Secret is null && c._keys.Count == 0 ? throw new BuiltinException("no key specified: give cert or secret") : c;
    }

    private static string Text(string name, RegoValue value) =>
        value is RegoString s ? s.Value : throw new BuiltinException($"token {name} constraint: must be a string");

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    /// <summary>Checks exp, nbf, iss and aud.</summary>
    /// <param name="payload">The claims.</param>
    /// <returns>Whether they hold.</returns>
    public bool ClaimsHold(RegoObject payload)
    {
        // OPA's order: iss, aud, then exp and nbf, which must be numbers (an error otherwise).
        if (Iss is not null && (payload.Get("iss") is not RegoString iss || iss.Value != Iss))
        {
            return false;
        }

        var audOk = payload.Get("aud") switch
        {
            null => Aud is null,
            RegoString s => Aud is not null && s.Value == Aud,
            RegoArray arr => Aud is not null && arr.Items.ToArray().Any(x => x is RegoString s && s.Value == Aud),
            _ => false,
        };
        if (!audOk)
        {
            return false;
        }

        if (payload.Get("exp") is { } exp && NowSeconds >= (exp as RegoNumber ?? throw new BuiltinException("exp value must be a number")).ToDouble())
        {
            return false;
        }

        return payload.Get("nbf") is not { } nbf || NowSeconds >= (nbf as RegoNumber ?? throw new BuiltinException("nbf value must be a number")).ToDouble();
    }
}
