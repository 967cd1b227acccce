using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// <c>crypto.x509.*</c>: certificates and certificate requests from PEM, base64 PEM or base64 DER text, chain
/// verification against the first certificate as root. Nothing is fetched: no revocation checks, no AIA downloads.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#crypto.</remarks>
internal static class X509
{
    /// <summary>Registers the x509 builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        const string C = "crypto";
        b.Add(C, "crypto.x509.parse_certificates(certs: string) => array[object[string: any]]", "Parses one or more certificates (PEM, base64 PEM or base64 DER) into Go's certificate fields.", ParseCertificates);
        b.Add(C, "crypto.x509.parse_and_verify_certificates(certs: string) => array[boolean, array[object[string: any]]]", "Parses certificates and verifies that they chain from the first (the root) to the last (the leaf); returns [valid, chain from leaf to root].", (ctx, a) => ParseAndVerify(ctx, Operands.String(a, 0), RegoObject.Empty));
        b.Add(C, "crypto.x509.parse_and_verify_certificates_with_options(certs: string, options: object[string: any]) => array[boolean, array[object[string: any]]]", "Like parse_and_verify_certificates, with DNSName, CurrentTime (ns) and KeyUsages options.", (ctx, a) => ParseAndVerify(ctx, Operands.String(a, 0), Operands.Object(a, 1)));
        b.Add(C, "crypto.x509.parse_certificate_request(csr: string) => object[string: any]", "Parses a PKCS #10 certificate request (PEM or base64 PEM) into Go's request fields.", ParseCertificateRequest);
    }

    /// <summary>Decodes OPA's accepted encodings into PEM blocks or DER: PEM text, base64 of PEM, or base64 of DER.</summary>
    /// <param name="input">The text.</param>
    /// <param name="der">The DER bytes when the input was base64 DER.</param>
    /// <returns>The PEM text, or null when the input was DER.</returns>
    internal static string? Decode(string input, out byte[] der)
    {
        der = [];
        if (input.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return input;
        }

        if (!GoBase64.TryDecode(input.Trim(), url: false, out der, out var error))
        {
            throw new BuiltinException(error!);
        }

        var text = System.Text.Encoding.UTF8.GetString(der);
        return text.Contains("-----BEGIN", StringComparison.Ordinal) ? text : null;
    }

    /// <summary>The DER bodies of the PEM blocks with the given label, in order.</summary>
    /// <param name="pem">The text.</param>
    /// <param name="label">The label, e.g. CERTIFICATE.</param>
    /// <returns>The bodies.</returns>
    internal static List<byte[]> PemBlocks(string pem, params string[] label)
    {
        var result = new List<byte[]>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var found = rest[fields.Label].ToString();
            if (label.Length == 0 || label.Contains(found, StringComparer.Ordinal))
            {
                result.Add(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
            }

            rest = rest[fields.Location.End..];
        }

        return result;
    }

    private static List<byte[]> CertificateDers(string input)
    {
        var pem = Decode(input, out var der);
        if (pem is not null)
        {
            return PemBlocks(pem, "CERTIFICATE");
        }

        // Base64 of DER: one or more certificates back to back.
        var result = new List<byte[]>();
        var rest = der.AsMemory();
        while (!rest.IsEmpty)
        {
            try
            {
                var reader = new AsnReader(rest, AsnEncodingRules.DER);
                var one = reader.ReadEncodedValue();
                result.Add(one.ToArray());
                rest = rest[one.Length..];
            }
            catch (AsnContentException)
            {
                throw new BuiltinException("x509: malformed certificate");
            }
        }

        return result;
    }

    private static RegoObject[] Certificates(string input)
    {
        var ders = CertificateDers(input);
        var certs = new RegoObject[ders.Count];
        for (var i = 0; i < certs.Length; i++)
        {
            try
            {
                certs[i] = X509Json.Certificate(ders[i]);
            }
            catch (Exception e) when (e is CryptographicException or AsnContentException)
            {
                throw new BuiltinException("x509: malformed certificate");
            }
        }

        return certs;
    }

    private static RegoValue ParseCertificates(BuiltinContext ctx, ReadOnlySpan<RegoValue> a) =>
        RegoArray.Create(Certificates(Operands.String(a, 0)));

    private static RegoArray ParseAndVerify(BuiltinContext ctx, string input, RegoObject options)
    {
        var invalid = RegoArray.Create(RegoBoolean.False, RegoArray.Empty);
        List<byte[]> ders;
        try
        {
            ders = CertificateDers(input);
        }
        catch (BuiltinException)
        {
            return invalid;
        }

        if (ders.Count < 2)
        {
            return invalid;
        }

        var (dnsName, time, usages) = Options(ctx, options);
        var loaded = new List<X509Certificate2>();
        try
        {
            foreach (var der in ders)
            {
                loaded.Add(X509CertificateLoader.LoadCertificate(der));
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(loaded[0]);
            chain.ChainPolicy.ExtraStore.AddRange(loaded.Skip(1).Take(loaded.Count - 2).ToArray());
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.ChainPolicy.VerificationTime = time.UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
            foreach (var usage in usages)
            {
                chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usage));
            }

            var leaf = loaded[^1];
            if (!chain.Build(leaf) || (dnsName is not null && !leaf.MatchesHostname(dnsName)))
            {
                return invalid;
            }

            var verified = new List<RegoValue>();
            foreach (var element in chain.ChainElements)
            {
                verified.Add(X509Json.Certificate(element.Certificate.RawData));
            }

            return RegoArray.Create(RegoBoolean.True, RegoArray.Create(verified));
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            return invalid;
        }
        finally
        {
            foreach (var c in loaded)
            {
                c.Dispose();
            }
        }
    }

    private static (string? DnsName, DateTimeOffset Time, List<string> Usages) Options(BuiltinContext ctx, RegoObject options)
    {
        string? dnsName = null;
        var time = ctx.Time.GetUtcNow();
        var usages = new List<string>();
        foreach (var (key, value) in options)
        {
            switch (key)
            {
                case RegoString { Value: "DNSName" }:
                    dnsName = value is RegoString s ? s.Value : throw Operands.Error(1, $"DNSName must be string but got {value.TypeName}");
                    break;
                case RegoString { Value: "CurrentTime" }:
                    var ns = value is RegoNumber n && n.AsBigInteger() is { } big ? big : throw Operands.Error(1, $"CurrentTime must be number but got {value.TypeName}");
                    time = DateTimeOffset.UnixEpoch.AddTicks((long)(ns / 100));
                    break;
                case RegoString { Value: "KeyUsages" }:
                    var items = value switch
                    {
                        RegoArray arr => arr.Items.ToArray(),
                        RegoSet set => set.Sorted.ToArray(),
                        _ => throw Operands.Error(1, $"KeyUsages must be array but got {value.TypeName}"),
                    };
                    foreach (var item in items)
                    {
                        if (item is not RegoString name || !X509Json.ExtKeyUsageOids.TryGetValue(name.Value, out var oid))
                        {
                            throw Operands.Error(1, $"invalid entry for KeyUsages: {item}");
                        }

                        if (name.Value != "KeyUsageAny")
                        {
                            usages.Add(oid);
                        }
                    }

                    break;
                case RegoString { Value: "MaxConstraintComparisons" }:
                    break;
                default:
                    throw Operands.Error(1, $"invalid key {key}");
            }
        }

        return (dnsName, time, usages);
    }

    private static RegoValue ParseCertificateRequest(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var pem = Decode(Operands.String(a, 0), out var der);
        var blocks = pem is null ? [der] : PemBlocks(pem, "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
        if (blocks.Count == 0)
        {
            throw new BuiltinException("invalid PEM-encoded certificate signing request");
        }

        try
        {
            return X509Json.CertificateRequest(blocks[0]);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            throw new BuiltinException("x509: malformed certificate request");
        }
    }
}
