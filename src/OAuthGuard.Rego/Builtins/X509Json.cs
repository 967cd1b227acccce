using System.Formats.Asn1;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// Certificates and certificate requests as OPA returns them: the JSON form of Go's <c>x509.Certificate</c> and
/// <c>x509.CertificateRequest</c> (field names as Go spells them, byte strings in base64, big integers as numbers,
/// times in RFC 3339, absent lists as null, algorithms as Go's enumeration numbers).
/// </summary>
internal static partial class X509Json
{
    private static readonly Dictionary<string, int> SignatureAlgorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.2"] = 1, ["1.2.840.113549.1.1.4"] = 2, ["1.2.840.113549.1.1.5"] = 3, ["1.2.840.113549.1.1.11"] = 4,
        ["1.2.840.113549.1.1.12"] = 5, ["1.2.840.113549.1.1.13"] = 6, ["1.2.840.10040.4.3"] = 7, ["2.16.840.1.101.3.4.3.2"] = 8,
        ["1.2.840.10045.4.1"] = 9, ["1.2.840.10045.4.3.2"] = 10, ["1.2.840.10045.4.3.3"] = 11, ["1.2.840.10045.4.3.4"] = 12,
        ["1.3.101.112"] = 16,
    };

    private static readonly Dictionary<string, int> ExtKeyUsages = new(StringComparer.Ordinal)
    {
        ["2.5.29.37.0"] = 0, ["1.3.6.1.5.5.7.3.1"] = 1, ["1.3.6.1.5.5.7.3.2"] = 2, ["1.3.6.1.5.5.7.3.3"] = 3, ["1.3.6.1.5.5.7.3.4"] = 4,
        ["1.3.6.1.5.5.7.3.5"] = 5, ["1.3.6.1.5.5.7.3.6"] = 6, ["1.3.6.1.5.5.7.3.7"] = 7, ["1.3.6.1.5.5.7.3.8"] = 8, ["1.3.6.1.5.5.7.3.9"] = 9,
        ["1.3.6.1.4.1.311.10.3.3"] = 10, ["2.16.840.1.113730.4.1"] = 11, ["1.3.6.1.4.1.311.2.1.22"] = 12, ["1.3.6.1.4.1.311.61.1.1"] = 13,
    };

    /// <summary>Go's <c>x509.ExtKeyUsage</c> names, as <c>parse_and_verify_certificates_with_options</c> takes them.</summary>
    internal static readonly Dictionary<string, string> ExtKeyUsageOids = new(StringComparer.Ordinal)
    {
        ["KeyUsageAny"] = "2.5.29.37.0", ["KeyUsageServerAuth"] = "1.3.6.1.5.5.7.3.1", ["KeyUsageClientAuth"] = "1.3.6.1.5.5.7.3.2",
        ["KeyUsageCodeSigning"] = "1.3.6.1.5.5.7.3.3", ["KeyUsageEmailProtection"] = "1.3.6.1.5.5.7.3.4",
        ["KeyUsageIPSECEndSystem"] = "1.3.6.1.5.5.7.3.5", ["KeyUsageIPSECTunnel"] = "1.3.6.1.5.5.7.3.6", ["KeyUsageIPSECUser"] = "1.3.6.1.5.5.7.3.7",
        ["KeyUsageTimeStamping"] = "1.3.6.1.5.5.7.3.8", ["KeyUsageOCSPSigning"] = "1.3.6.1.5.5.7.3.9",
        ["KeyUsageMicrosoftServerGatedCrypto"] = "1.3.6.1.4.1.311.10.3.3", ["KeyUsageNetscapeServerGatedCrypto"] = "2.16.840.1.113730.4.1",
        ["KeyUsageMicrosoftCommercialCodeSigning"] = "1.3.6.1.4.1.311.2.1.22", ["KeyUsageMicrosoftKernelCodeSigning"] = "1.3.6.1.4.1.311.61.1.1",
    };

    private static RegoValue Null => RegoNull.Instance;

    /// <summary>Builds the Go-shaped object of a certificate.</summary>
    /// <param name="der">The DER bytes.</param>
    /// <returns>The object.</returns>
    /// <exception cref="CryptographicException">The bytes are not a certificate.</exception>
    public static RegoObject Certificate(byte[] der)
    {
        using var cert = X509CertificateLoader.LoadCertificate(der);
        var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbsRaw = outer.PeekEncodedValue().ToArray();
        var tbs = outer.ReadSequence();
        var signatureAlgorithm = SignatureAlgorithm(outer.ReadSequence());
        var signature = outer.ReadBitString(out _);

        var version = 1;
        if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            var explicitVersion = tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            version = (int)explicitVersion.ReadInteger() + 1;
        }

        var serial = tbs.ReadInteger();
        tbs.ReadSequence(); // the signature algorithm again
        var issuerRaw = tbs.PeekEncodedValue().ToArray();
        tbs.ReadEncodedValue();
        tbs.ReadSequence(); // validity: .NET reads it below
        var subjectRaw = tbs.PeekEncodedValue().ToArray();
        tbs.ReadEncodedValue();
        var spkiRaw = tbs.PeekEncodedValue().ToArray();

        var (publicKeyAlgorithm, publicKey) = PublicKey(cert.PublicKey);
        var ext = Extensions(cert.Extensions);
        var f = new Fields
        {
            ["Raw"] = Bytes(der),
            ["RawTBSCertificate"] = Bytes(tbsRaw),
            ["RawSubjectPublicKeyInfo"] = Bytes(spkiRaw),
            ["RawSubject"] = Bytes(subjectRaw),
            ["RawIssuer"] = Bytes(issuerRaw),
            ["Signature"] = Bytes(signature),
            ["SignatureAlgorithm"] = Num(signatureAlgorithm),
            ["PublicKeyAlgorithm"] = Num(publicKeyAlgorithm),
            ["PublicKey"] = publicKey,
            ["Version"] = Num(version),
            ["SerialNumber"] = RegoNumber.From(serial),
            ["Issuer"] = Name(issuerRaw),
            ["Subject"] = Name(subjectRaw),
            ["NotBefore"] = Time(cert.NotBefore),
            ["NotAfter"] = Time(cert.NotAfter),
            ["KeyUsage"] = Num(ext.KeyUsage),
            ["Extensions"] = ext.List,
            ["ExtraExtensions"] = Null,
            ["UnhandledCriticalExtensions"] = Null,
            ["ExtKeyUsage"] = ext.ExtKeyUsage,
            ["UnknownExtKeyUsage"] = ext.UnknownExtKeyUsage,
            ["BasicConstraintsValid"] = Operands.Bool(ext.BasicConstraintsValid),
            ["IsCA"] = Operands.Bool(ext.IsCA),
            ["MaxPathLen"] = Num(ext.MaxPathLen),
            ["MaxPathLenZero"] = Operands.Bool(ext.BasicConstraintsValid && ext.MaxPathLen == 0),
            ["SubjectKeyId"] = ext.SubjectKeyId,
            ["AuthorityKeyId"] = ext.AuthorityKeyId,
            ["OCSPServer"] = ext.OcspServers,
            ["IssuingCertificateURL"] = ext.IssuingCertificateUrls,
            ["PermittedDNSDomainsCritical"] = RegoBoolean.False,
            ["PermittedDNSDomains"] = Null,
            ["ExcludedDNSDomains"] = Null,
            ["PermittedIPRanges"] = Null,
            ["ExcludedIPRanges"] = Null,
            ["PermittedEmailAddresses"] = Null,
            ["ExcludedEmailAddresses"] = Null,
            ["PermittedURIDomains"] = Null,
            ["ExcludedURIDomains"] = Null,
            ["CRLDistributionPoints"] = ext.CrlDistributionPoints,
            ["PolicyIdentifiers"] = ext.PolicyIdentifiers,
            ["Policies"] = ext.Policies,
            ["InhibitAnyPolicy"] = Num(0),
            ["InhibitAnyPolicyZero"] = RegoBoolean.False,
            ["InhibitPolicyMapping"] = Num(0),
            ["InhibitPolicyMappingZero"] = RegoBoolean.False,
            ["RequireExplicitPolicy"] = Num(0),
            ["RequireExplicitPolicyZero"] = RegoBoolean.False,
            ["PolicyMappings"] = Null,
        };
        ext.AlternativeNames.AddTo(f, uriStrings: true);
        return f.Build();
    }

    /// <summary>Builds the Go-shaped object of a PKCS #10 certificate request.</summary>
    /// <param name="der">The DER bytes.</param>
    /// <returns>The object.</returns>
    /// <exception cref="CryptographicException">The bytes are not a request.</exception>
    /// <exception cref="AsnContentException">The bytes are not DER.</exception>
    public static RegoObject CertificateRequest(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var infoRaw = outer.PeekEncodedValue().ToArray();
        var info = outer.ReadSequence();
        var signatureAlgorithm = SignatureAlgorithm(outer.ReadSequence());
        var signature = outer.ReadBitString(out _);
        var version = (int)info.ReadInteger();
        var subjectRaw = info.PeekEncodedValue().ToArray();
        info.ReadEncodedValue();
        var spkiRaw = info.PeekEncodedValue().ToArray();
        info.ReadEncodedValue();
        var extensions = new X509ExtensionCollection();
        if (info.HasData)
        {
            var attributes = info.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0));
            while (attributes.HasData)
            {
                var attribute = attributes.ReadSequence();
                if (attribute.ReadObjectIdentifier() != "1.2.840.113549.1.9.14")
                {
                    continue;
                }

                var values = attribute.ReadSetOf();
                var list = values.ReadSequence();
                while (list.HasData)
                {
                    var e = list.ReadSequence();
                    var oid = e.ReadObjectIdentifier();
                    var critical = e.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && e.ReadBoolean();
                    extensions.Add(new X509Extension(oid, e.ReadOctetString(), critical));
                }
            }
        }

        var publicKey = System.Security.Cryptography.X509Certificates.PublicKey.CreateFromSubjectPublicKeyInfo(spkiRaw, out _);
        var (publicKeyAlgorithm, key) = PublicKey(publicKey);
        var ext = Extensions(extensions);
        var f = new Fields
        {
            ["Raw"] = Bytes(der),
            ["RawTBSCertificateRequest"] = Bytes(infoRaw),
            ["RawSubjectPublicKeyInfo"] = Bytes(spkiRaw),
            ["RawSubject"] = Bytes(subjectRaw),
            ["Version"] = Num(version),
            ["Signature"] = Bytes(signature),
            ["SignatureAlgorithm"] = Num(signatureAlgorithm),
            ["PublicKeyAlgorithm"] = Num(publicKeyAlgorithm),
            ["PublicKey"] = key,
            ["Subject"] = Name(subjectRaw),
            ["Attributes"] = Null,
            ["Extensions"] = ext.List,
            ["ExtraExtensions"] = Null,
        };
        ext.AlternativeNames.AddTo(f, uriStrings: false);
        return f.Build();
    }

    /// <summary>The Go JSON of a public key: RSA {N, E}, ECDSA {Curve: {}, X, Y}, Ed25519 as base64 bytes.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Go's PublicKeyAlgorithm number and the key's JSON.</returns>
    internal static (int Algorithm, RegoValue Key) PublicKey(PublicKey key)
    {
        switch (key.Oid.Value)
        {
            case "1.2.840.113549.1.1.1":
                using (var rsa = key.GetRSAPublicKey()!)
                {
                    var p = rsa.ExportParameters(false);
                    return (1, RsaPublic(p));
                }

            case "1.2.840.10045.2.1":
                using (var ec = key.GetECDsaPublicKey()!)
                {
                    var p = ec.ExportParameters(false);
                    return (3, Obj(("Curve", RegoObject.Empty), ("X", Unsigned(p.Q.X!)), ("Y", Unsigned(p.Q.Y!))));
                }

            case "1.2.840.10040.4.1":
                return (2, Null);
            case "1.3.101.112":
                return (4, Bytes(key.EncodedKeyValue.RawData));
            default:
                return (0, Null);
        }
    }

    /// <summary>Go's <c>rsa.PublicKey</c> JSON.</summary>
    /// <param name="p">The parameters.</param>
    /// <returns>The object.</returns>
    internal static RegoObject RsaPublic(RSAParameters p) => Obj(("N", Unsigned(p.Modulus!)), ("E", Unsigned(p.Exponent!)));

    /// <summary>A big-endian unsigned integer as a number.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The number.</returns>
    internal static RegoNumber Unsigned(byte[] bytes) => RegoNumber.From(new BigInteger(bytes, isUnsigned: true, isBigEndian: true));

    /// <summary>Bytes as Go's JSON writes a []byte: base64, or null when there are none.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The value.</returns>
    internal static RegoValue Bytes(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? Null : Operands.Str(Convert.ToBase64String(bytes));

    /// <summary>Builds an object from pairs.</summary>
    /// <param name="pairs">The pairs.</param>
    /// <returns>The object.</returns>
    internal static RegoObject Obj(params ReadOnlySpan<(string Key, RegoValue Value)> pairs) => RegoObject.Create(pairs);

    private static RegoNumber Num(long n) => RegoNumber.From(n);

    private static RegoString Time(DateTime local) =>
        Operands.Str(local.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));

    private static int SignatureAlgorithm(AsnReader algorithm)
    {
        var oid = algorithm.ReadObjectIdentifier();
        if (oid == "1.2.840.113549.1.1.10")
        {
            // RSASSA-PSS: the hash is in the parameters.
            var text = algorithm.HasData ? Convert.ToHexString(algorithm.ReadEncodedValue().Span) : string.Empty;
            return text.Contains("608648016503040201", StringComparison.Ordinal) ? 13
                : text.Contains("608648016503040202", StringComparison.Ordinal) ? 14
                : text.Contains("608648016503040203", StringComparison.Ordinal) ? 15 : 0;
        }

        return SignatureAlgorithms.GetValueOrDefault(oid);
    }

    private static RegoArray Oid(string dotted) =>
        RegoArray.Create(dotted.Split('.').Select(part => (RegoValue)RegoNumber.From(long.Parse(part, System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>Go's <c>pkix.Name</c>: the well-known attributes by field, every attribute in Names.</summary>
    private static RegoObject Name(byte[] raw)
    {
        var fields = new Dictionary<string, List<RegoValue>>(StringComparer.Ordinal);
        var names = new List<RegoValue>();
        string serial = string.Empty, commonName = string.Empty;
        var rdns = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence();
        while (rdns.HasData)
        {
            var set = rdns.ReadSetOf();
            while (set.HasData)
            {
                var atv = set.ReadSequence();
                var oid = atv.ReadObjectIdentifier();
                var value = ReadAnyString(atv);
                names.Add(Obj(("Type", Oid(oid)), ("Value", Operands.Str(value))));
                var field = oid switch
                {
                    "2.5.4.6" => "Country",
                    "2.5.4.10" => "Organization",
                    "2.5.4.11" => "OrganizationalUnit",
                    "2.5.4.7" => "Locality",
                    "2.5.4.8" => "Province",
                    "2.5.4.9" => "StreetAddress",
                    "2.5.4.17" => "PostalCode",
                    _ => null,
                };
                if (field is not null)
                {
                    (fields.TryGetValue(field, out var list) ? list : fields[field] = []).Add(Operands.Str(value));
                }
                else if (oid == "2.5.4.5")
                {
                    serial = value;
                }
                else if (oid == "2.5.4.3")
                {
                    commonName = value;
                }
            }
        }

        RegoValue List(string field) => fields.TryGetValue(field, out var l) ? RegoArray.Create(l) : Null;
        return Obj(
            ("Country", List("Country")),
            ("Organization", List("Organization")),
            ("OrganizationalUnit", List("OrganizationalUnit")),
            ("Locality", List("Locality")),
            ("Province", List("Province")),
            ("StreetAddress", List("StreetAddress")),
            ("PostalCode", List("PostalCode")),
            ("SerialNumber", Operands.Str(serial)),
            ("CommonName", Operands.Str(commonName)),
            ("Names", names.Count == 0 ? Null : RegoArray.Create(names)),
            ("ExtraNames", Null));
    }

    private static string ReadAnyString(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.TagClass == TagClass.Universal && Enum.IsDefined((UniversalTagNumber)tag.TagValue))
        {
            var number = (UniversalTagNumber)tag.TagValue;
            if (number is UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String or
                UniversalTagNumber.BMPString or UniversalTagNumber.T61String or UniversalTagNumber.VisibleString or
                UniversalTagNumber.NumericString or UniversalTagNumber.UniversalString)
            {
                return reader.ReadCharacterString(number);
            }
        }

        return Convert.ToHexString(reader.ReadEncodedValue().Span);
    }

    /// <summary>An object under construction, keys in insertion order until built.</summary>
    private sealed class Fields : Dictionary<string, RegoValue>
    {
        public Fields()
            : base(StringComparer.Ordinal)
        {
        }

        public RegoObject Build() => RegoObject.Create(this.Select(kv => new KeyValuePair<RegoValue, RegoValue>(Operands.Str(kv.Key), kv.Value)));
    }
}
