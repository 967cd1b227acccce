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
        foreach (var alg in (string[])["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"])
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
    private sealed record Token(string Header64, string Payload64, byte[] Signature, RegoObject Header, string PayloadText)
    {
        public byte[] SigningInput => System.Text.Encoding.ASCII.GetBytes($"{Header64}.{Payload64}");

        public string? Alg => Header.Get("alg") is RegoString s ? s.Value : null;

        /// <summary>The signature as written (decoded only when needed).</summary>
        public string SignatureText { get; init; } = string.Empty;

        /// <summary>Whether the payload is itself a token (<c>cty</c> is <c>JWT</c>), which OPA decodes in turn.</summary>
        public bool Nested => Header.Get("cty") is RegoString { Value: "JWT" };

        /// <summary>The nested token: the payload without the quotes jwt.io puts around it.</summary>
        public string NestedToken => PayloadText.Trim('"', '\'');
    }

    /// <summary>OPA's split of a compact token into its three parts.</summary>
    private static string[] Split(string jwt)
    {
        if (!jwt.Contains('.', StringComparison.Ordinal))
        {
            throw new BuiltinException("encoded JWT had no period separators");
        }

        var parts = jwt.Split('.');
        return parts.Length == 3 ? parts : throw new BuiltinException($"encoded JWT must have 3 sections, found {parts.Length}");
    }

    /// <summary>Splits a token and decodes its header and payload text, as OPA does before it looks at either.</summary>
    private static Token Parse(string jwt)
    {
        var parts = Split(jwt);
        var header = DecodeHeader(parts[0]);
        var payloadText = System.Text.Encoding.UTF8.GetString(FromBase64Url(parts[1], "payload"));
        return new Token(parts[0], parts[1], [], header, payloadText) { SignatureText = parts[2] };
    }

    /// <summary>Splits a token and decodes only its signature (what OPA's io.jwt.verify_* look at).</summary>
    private static Token ParseForSignature(string jwt)
    {
        var parts = Split(jwt);
        return new Token(parts[0], parts[1], FromBase64Url(parts[2], "signature"), RegoObject.Empty, string.Empty);
    }

    private static RegoObject DecodeHeader(string header64)
    {
        var text = System.Text.Encoding.UTF8.GetString(FromBase64Url(header64, "header"));
        RegoObject header;
        try
        {
            header = JsonObject(text);
        }
        catch (BuiltinException e)
        {
            throw new BuiltinException($"bad JWT header: {e.Message}");
        }

        // RFC 7516 section 9: an "enc" member makes the token a JWE.
        return header.Get("enc") is null ? header : throw new BuiltinException("JWT is a JWE object, which is not supported");
    }

    /// <summary>OPA's extractJSONObject: JSON text that must be an object.</summary>
    private static RegoObject JsonObject(string text)
    {
        RegoValue value;
        try
        {
            value = RegoJson.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new BuiltinException($"invalid JSON: {e.Message}");
        }

        return value as RegoObject ?? throw new BuiltinException("decoded JSON type is not an Object");
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
        try
        {
            return GoBase64.DecodeUrlLenient(s);
        }
        catch (BuiltinException e)
        {
            throw new BuiltinException($"JWT {what} had invalid encoding: {e.Message}");
        }
    }

    private static RegoValue Decode(BuiltinContext ctx, ReadOnlySpan<RegoValue> a) => Decode(Operands.String(a, 0));

    private static RegoValue Decode(string jwt)
    {
        var token = Parse(jwt);
        if (token.Nested)
        {
            return Decode(token.NestedToken);
        }

        var payload = JsonObject(token.PayloadText);
        var signature = FromBase64Url(token.SignatureText, "signature");
        return RegoArray.Create(token.Header, payload, Operands.Str(Convert.ToHexStringLower(signature)));
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
        var token = ParseForSignature(jwt);
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
        var token = ParseForSignature(jwt);
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
        if (alg == "EdDSA")
        {
            return key is Ed25519Key ed && ed.Verify(token.SigningInput, token.Signature);
        }

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
        // As OPA's current jwx-based signer (which the upstream cases follow): the header must be JSON and name a
        // known algorithm; the payload must be JSON when typ is JWT or absent.
        if (headerJson.Length == 0)
        {
            throw new BuiltinException("missing or invalid 'alg' header: cannot parse JSON: cannot parse empty string");
        }

        if (GoJsonSyntax.Error(headerJson) is { } headerError)
        {
            throw new BuiltinException($"missing or invalid 'alg' header: cannot parse JSON: {headerError}");
        }

        var header = ParseObject(headerJson, "header");
        var alg = header.Get("alg") switch
        {
            null => throw new BuiltinException("missing or invalid 'alg' header: jwsbb: header \"alg\" not found"),
            RegoString { Value: "HS256" or "HS384" or "HS512" or "RS256" or "RS384" or "RS512" or "PS256" or "PS384" or "PS512" or "ES256" or "ES384" or "ES512" or "EdDSA" } s => s.Value,
            RegoString s => throw new BuiltinException($"unknown JWS algorithm: {s.Value}"),
            var other => throw new BuiltinException($"unknown JWS algorithm: {other}"),
        };
        var typ = header.Get("typ") as RegoString;
        if ((typ is null || typ.Value is "" or "JWT") && GoJsonSyntax.Error(payloadJson) is not null)
        {
            throw new BuiltinException("type is JWT but payload is not JSON");
        }

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
            if (alg == "EdDSA")
            {
                var ed = key as Ed25519Key ?? throw new BuiltinException("the key does not fit algorithm EdDSA");
                return $"{signingInput}.{PrivateKeys.Base64Url(ed.Sign(data))}";
            }

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

    /// <summary>
    /// OPA's header check for decode_verify: alg, kid, typ and cty must be strings, crit a non-empty array, and the
    /// token is invalid when a header it does not know is listed as critical (RFC 7515 section 4.1.11).
    /// </summary>
    private static bool HeaderValid(RegoObject header)
    {
        var unknown = new List<string>();
        HashSet<string>? critical = null;
        foreach (var (k, v) in header)
        {
            var name = ((RegoString)k).Value;
            switch (name)
            {
                case "alg" or "kid" or "typ" or "cty":
                    if (v is not RegoString)
                    {
                        throw new BuiltinException($"{name} header: must be a string");
                    }

                    break;
                case "crit":
                    var list = v as RegoArray ?? throw new BuiltinException("crit header: must be an array");
                    critical = [.. list.Items.ToArray().OfType<RegoString>().Select(x => x.Value)];
                    if (critical.Count == 0)
                    {
                        throw new BuiltinException("crit header: must not be empty");
                    }

                    break;
                default:
                    unknown.Add(name);
                    break;
            }
        }

        return header.Get("alg") is RegoString { Value.Length: > 0 } && (critical is null || !unknown.Exists(critical.Contains));
    }

    private static RegoValue DecodeVerify(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        using var constraints = JwtConstraints.Read(Operands.Object(a, 1), ctx);
        return DecodeVerify(Operands.String(a, 0), constraints);
    }

    private static RegoValue DecodeVerify(string jwt, JwtConstraints constraints)
    {
        var invalid = RegoArray.Create(RegoBoolean.False, RegoObject.Empty, RegoObject.Empty);
        Token token;
        try
        {
            token = Parse(jwt);
            token = token with { Signature = FromBase64Url(token.SignatureText, "signature") };
        }
        catch (BuiltinException)
        {
            return invalid;
        }

        if (!HeaderValid(token.Header))
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

        if (!signed)
        {
            return invalid;
        }

        if (token.Nested)
        {
            // As OPA: a verified token whose content is a token is verified and decoded in turn.
            return DecodeVerify(token.NestedToken, constraints);
        }

        RegoObject payload;
        try
        {
            payload = JsonObject(token.PayloadText);
        }
        catch (BuiltinException)
        {
            return invalid;
        }

        return constraints.ClaimsHold(payload) ? RegoArray.Create(RegoBoolean.True, token.Header, payload) : invalid;
    }
}
