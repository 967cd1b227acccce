using System.Security.Cryptography;
using System.Text;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// <c>io.jwt.*</c>: decoding, signature checks (HS, RS, PS and ES families) against a secret, a PEM certificate or
/// public key, or a JWK/JWKS, full verification with claims constraints, and signing with a JWK. Nothing is fetched.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#tokens.</remarks>
internal static class Jwt
{
    /// <summary>Registers the token builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        const string C = "tokens";
        b.Add(C, "io.jwt.decode(jwt: string) => array[object[any: any], object[any: any], string]", "Decodes a JWS compact token into [header, payload, signature as hex] without checking it.", Decode);
        foreach (var alg in (string[])["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"])
        {
            b.Add(C, $"io.jwt.verify_{alg.ToLowerInvariant()}(jwt: string, certificate: string) => boolean", $"Checks a token's {alg} signature with a PEM certificate or public key, or a JWK or JWK set.", (_, a) => Operands.Bool(VerifyWithKeyText(Operands.String(a, 0), Operands.String(a, 1), alg)));
        }

        foreach (var alg in (string[])["HS256", "HS384", "HS512"])
        {
            b.Add(C, $"io.jwt.verify_{alg.ToLowerInvariant()}(jwt: string, secret: string) => boolean", $"Checks a token's {alg} signature with a shared secret.", (_, a) => Operands.Bool(VerifyWithSecret(Operands.String(a, 0), Operands.String(a, 1), alg)));
        }

        b.Add(C, "io.jwt.decode_verify(jwt: string, constraints: object[string: any]) => array[boolean, object[any: any], object[any: any]]", "Verifies a token's signature and its exp, nbf, iss and aud claims against constraints (cert or secret, alg, iss, aud, time) and returns [valid, header, payload].", DecodeVerify, nondeterministic: true);
        b.Add(C, "io.jwt.encode_sign(headers: object[string: any], payload: object[string: any], key: object[string: any]) => string", "Signs a payload with a JWK under the algorithm the header names, as a JWS compact token.", (_, a) =>
            Operands.Str(Sign(Encoding.MarshalJson(Operands.Object(a, 0)), Encoding.MarshalJson(Operands.Object(a, 1)), Operands.Object(a, 2))), nondeterministic: true);
        b.Add(C, "io.jwt.encode_sign_raw(headers: string, payload: string, key: string) => string", "Signs the given header and payload JSON text with a JWK given as JSON text.", (_, a) =>
            Operands.Str(Sign(Operands.String(a, 0), Operands.String(a, 1), ParseObject(Operands.String(a, 2), "key"))), nondeterministic: true);
    }

    /// <summary>A token split into its parts.</summary>
    private sealed record Token(string Header64, string Payload64, byte[] Signature, RegoObject Header, RegoValue Payload)
    {
        public byte[] SigningInput => System.Text.Encoding.ASCII.GetBytes($"{Header64}.{Payload64}");

        public string? Alg => Header.Get("alg") is RegoString s ? s.Value : null;
    }

    private static Token Parse(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            throw new BuiltinException(parts.Length == 1 ? "encoded JWT had no period separators" : $"encoded JWT must have 3 sections, found {parts.Length}");
        }

        var header = ParseObject(System.Text.Encoding.UTF8.GetString(FromBase64Url(parts[0], "header")), "header");
        var payloadText = System.Text.Encoding.UTF8.GetString(FromBase64Url(parts[1], "payload"));
        RegoValue payload;
        try
        {
            payload = RegoJson.Parse(payloadText);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new BuiltinException("JWT payload had invalid encoding: not JSON");
        }

        return new Token(parts[0], parts[1], FromBase64Url(parts[2], "signature"), header, payload);
    }

    private static RegoObject ParseObject(string json, string what)
    {
        try
        {
            return RegoJson.Parse(json) as RegoObject ?? throw new BuiltinException($"JWT {what} must be a JSON object");
        }
        catch (System.Text.Json.JsonException)
        {
            throw new BuiltinException($"JWT {what} had invalid encoding: not JSON");
        }
    }

    private static byte[] FromBase64Url(string s, string what)
    {
        var padded = s.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            throw new BuiltinException($"JWT {what} had invalid encoding: illegal base64 data");
        }
    }

    private static RegoValue Decode(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var token = Parse(Operands.String(a, 0));
        return RegoArray.Create(token.Header, token.Payload, Operands.Str(Convert.ToHexStringLower(token.Signature)));
    }

    private static HashAlgorithmName Hash(string alg) => alg[2..] switch
    {
        "256" => HashAlgorithmName.SHA256,
        "384" => HashAlgorithmName.SHA384,
        "512" => HashAlgorithmName.SHA512,
        _ => throw new BuiltinException($"unsupported algorithm {alg}"),
    };

    private static bool VerifyWithSecret(string jwt, string secret, string alg)
    {
        var token = Parse(jwt);
        return VerifyHmac(token, System.Text.Encoding.UTF8.GetBytes(secret), alg);
    }

    private static bool VerifyHmac(Token token, byte[] secret, string alg)
    {
        var mac = alg switch
        {
            "HS256" => HMACSHA256.HashData(secret, token.SigningInput),
            "HS384" => HMACSHA384.HashData(secret, token.SigningInput),
            "HS512" => HMACSHA512.HashData(secret, token.SigningInput),
            _ => throw new BuiltinException($"unsupported algorithm {alg}"),
        };
        return CryptographicOperations.FixedTimeEquals(mac, token.Signature);
    }

    private static bool VerifyWithKeyText(string jwt, string keyText, string alg)
    {
        var token = Parse(jwt);
        var keys = JwtKeys.PublicKeys(keyText);
        try
        {
            return keys.Any(k => VerifyAsymmetric(token, k, alg));
        }
        finally
        {
            foreach (var k in keys)
            {
                k.Dispose();
            }
        }
    }

    private static bool VerifyAsymmetric(Token token, AsymmetricAlgorithm key, string alg)
    {
        var hash = Hash(alg);
        return (alg[0], key) switch
        {
            ('R', RSA rsa) => rsa.VerifyData(token.SigningInput, token.Signature, hash, RSASignaturePadding.Pkcs1),
            ('P', RSA rsa) => rsa.VerifyData(token.SigningInput, token.Signature, hash, RSASignaturePadding.Pss),
            ('E', ECDsa ec) => ec.VerifyData(token.SigningInput, token.Signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => false,
        };
    }

    private static string Sign(string headerJson, string payloadJson, RegoObject jwk)
    {
        var header = ParseObject(headerJson, "header");
        var alg = header.Get("alg") is RegoString s ? s.Value : throw new BuiltinException("unknown signature algorithm");
        var signingInput = $"{PrivateKeys.Base64Url(System.Text.Encoding.UTF8.GetBytes(headerJson))}.{PrivateKeys.Base64Url(System.Text.Encoding.UTF8.GetBytes(payloadJson))}";
        var data = System.Text.Encoding.ASCII.GetBytes(signingInput);
        byte[] signature;
        if (alg.StartsWith("HS", StringComparison.Ordinal))
        {
            var k = jwk.Get("k") is RegoString key ? FromBase64Url(key.Value, "key") : throw new BuiltinException("the JWK for an HS algorithm needs k");
            signature = alg switch
            {
                "HS256" => HMACSHA256.HashData(k, data),
                "HS384" => HMACSHA384.HashData(k, data),
                "HS512" => HMACSHA512.HashData(k, data),
                _ => throw new BuiltinException($"unsupported algorithm {alg}"),
            };
        }
        else
        {
            using var key = JwtKeys.PrivateKey(jwk);
            var hash = alg.Length == 5 ? Hash(alg) : throw new BuiltinException($"unsupported algorithm {alg}");
            signature = (alg[0], key) switch
            {
                ('R', RSA rsa) => rsa.SignData(data, hash, RSASignaturePadding.Pkcs1),
                ('P', RSA rsa) => rsa.SignData(data, hash, RSASignaturePadding.Pss),
                ('E', ECDsa ec) => ec.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                _ => throw new BuiltinException($"the key does not fit algorithm {alg}"),
            };
        }

        return $"{signingInput}.{PrivateKeys.Base64Url(signature)}";
    }

    private static RegoValue DecodeVerify(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var jwt = Operands.String(a, 0);
        using var constraints = JwtConstraints.Read(Operands.Object(a, 1), ctx);
        var invalid = RegoArray.Create(RegoBoolean.False, RegoObject.Empty, RegoObject.Empty);
        Token token;
        try
        {
            token = Parse(jwt);
        }
        catch (BuiltinException)
        {
            return invalid;
        }

        var alg = token.Alg;
        if (alg is null || (constraints.Alg is not null && constraints.Alg != alg))
        {
            return invalid;
        }

        bool signed;
        if (alg.StartsWith("HS", StringComparison.Ordinal))
        {
            signed = constraints.Secret is { } secret && VerifyHmac(token, System.Text.Encoding.UTF8.GetBytes(secret), alg);
        }
        else
        {
            var keys = constraints.Keys;
            signed = keys.Any(k => VerifyAsymmetric(token, k, alg));
        }

        if (!signed || token.Payload is not RegoObject payload || !constraints.ClaimsHold(payload))
        {
            return invalid;
        }

        return RegoArray.Create(RegoBoolean.True, token.Header, payload);
    }
}
