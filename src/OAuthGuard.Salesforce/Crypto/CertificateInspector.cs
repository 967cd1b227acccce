// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OAuthGuard.Salesforce.Crypto;

/// <summary>
/// Reads the certificate text of a <c>&lt;certificate&gt;</c> element (one line of base64 DER, as
/// Connected App files hold it, or PEM, as External Client App files do) and derives
/// <see cref="CertificateInfo"/>. Parsing is done here, in C#, so that every policy engine sees the
/// same facts. A value that is not a certificate yields an error sentence, never an exception.
/// </summary>
public static class CertificateInspector
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string DsaOid = "1.2.840.10040.4.1";
    private const string SubjectKeyIdOid = "2.5.29.14";
    private const string AuthorityKeyIdOid = "2.5.29.35";

    /// <summary>Largest certificate text inspected; real ones are 1–3 KB.</summary>
    public const int MaxTextLength = 64 * 1024;

    private static readonly Dictionary<string, (string Name, string Hash)> Signatures = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.2"] = ("MD2withRSA", "MD2"),
        ["1.2.840.113549.1.1.3"] = ("MD4withRSA", "MD4"),
        ["1.2.840.113549.1.1.4"] = ("MD5withRSA", "MD5"),
        ["1.2.840.113549.1.1.5"] = ("SHA1withRSA", "SHA-1"),
        ["1.2.840.113549.1.1.14"] = ("SHA224withRSA", "SHA-224"),
        ["1.2.840.113549.1.1.11"] = ("SHA256withRSA", "SHA-256"),
        ["1.2.840.113549.1.1.12"] = ("SHA384withRSA", "SHA-384"),
        ["1.2.840.113549.1.1.13"] = ("SHA512withRSA", "SHA-512"),
        ["1.2.840.113549.1.1.10"] = ("RSASSA-PSS", "unknown"),
        ["1.2.840.10045.4.1"] = ("SHA1withECDSA", "SHA-1"),
        ["1.2.840.10045.4.3.1"] = ("SHA224withECDSA", "SHA-224"),
        ["1.2.840.10045.4.3.2"] = ("SHA256withECDSA", "SHA-256"),
        ["1.2.840.10045.4.3.3"] = ("SHA384withECDSA", "SHA-384"),
        ["1.2.840.10045.4.3.4"] = ("SHA512withECDSA", "SHA-512"),
        ["1.2.840.10040.4.3"] = ("SHA1withDSA", "SHA-1"),
        ["2.16.840.1.101.3.4.3.2"] = ("SHA256withDSA", "SHA-256"),
        ["1.3.101.112"] = ("Ed25519", "none"),
        ["1.3.101.113"] = ("Ed448", "none"),
    };

    /// <summary>Inspects <paramref name="text"/>; returns the facts, or null with <paramref name="error"/> saying why it is not a readable certificate.</summary>
    public static CertificateInfo? TryInspect(string text, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = string.Empty;
        if (text.Length > MaxTextLength)
        {
            error = $"the certificate text is {text.Length:N0} characters, over the {MaxTextLength:N0}-character limit; it is not read";
            return null;
        }

        if (!TryDecode(text, out var der, out error))
        {
            return null;
        }

        X509Certificate2 cert;
        try
        {
            cert = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            error = "the value is base64, but not a DER-encoded X.509 certificate";
            return null;
        }

        using (cert)
        {
            try
            {
                return Describe(cert);
            }
            catch (Exception ex) when (ex is CryptographicException or AsnContentException or ArgumentException or NotSupportedException)
            {
                error = "the certificate's public key or extensions could not be read";
                return null;
            }
        }
    }

    /// <summary>Lower-case hex SHA-256 of a DER SubjectPublicKeyInfo: the fingerprint keys and certificates are matched by.</summary>
    public static string PublicKeyFingerprint(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>
    /// The fingerprint of a certificate's public key. RSA keys are re-encoded from their modulus
    /// and exponent (rsaEncryption with NULL parameters, the only form .NET and OpenSSL write), so
    /// a certificate and a private key always compare equal however the certificate spelled it.
    /// </summary>
    internal static string PublicKeyFingerprint(PublicKey key)
    {
        if (key.Oid.Value == RsaOid)
        {
            var reader = new AsnReader(key.EncodedKeyValue.RawData, AsnEncodingRules.DER).ReadSequence();
            return PublicKeyFingerprint(RsaSubjectPublicKeyInfo(reader.ReadIntegerBytes().Span, reader.ReadIntegerBytes().Span));
        }

        return PublicKeyFingerprint(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The DER SubjectPublicKeyInfo of an RSA key, built from its modulus and public exponent (DER INTEGER contents).</summary>
    internal static byte[] RsaSubjectPublicKeyInfo(ReadOnlySpan<byte> modulus, ReadOnlySpan<byte> exponent)
    {
        var key = new AsnWriter(AsnEncodingRules.DER);
        using (key.PushSequence())
        {
            key.WriteInteger(modulus);
            key.WriteInteger(exponent);
        }

        var spki = new AsnWriter(AsnEncodingRules.DER);
        using (spki.PushSequence())
        {
            using (spki.PushSequence())
            {
                spki.WriteObjectIdentifier(RsaOid);
                spki.WriteNull();
            }

            spki.WriteBitString(key.Encode());
        }

        return spki.Encode();
    }

    /// <summary>The bit length of a DER INTEGER's contents (a positive modulus).</summary>
    internal static int BitLength(ReadOnlySpan<byte> integer)
    {
        var trimmed = integer.TrimStart((byte)0);
        return trimmed.Length == 0 ? 0 : ((trimmed.Length - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)trimmed[0]));
    }

    private static bool TryDecode(string text, out byte[] der, out string error)
    {
        der = [];
        error = string.Empty;
        var body = text;
        var begin = text.IndexOf("-----BEGIN ", StringComparison.Ordinal);
        if (begin >= 0)
        {
            const string Label = "-----BEGIN CERTIFICATE-----";
            var start = text.IndexOf(Label, StringComparison.Ordinal);
            if (start < 0)
            {
                var labelEnd = text.IndexOf("-----", begin + 11, StringComparison.Ordinal);
                var label = labelEnd > begin ? text[(begin + 11)..labelEnd] : "unknown";
                error = label.Contains("PRIVATE KEY", StringComparison.Ordinal)
                    ? $"the PEM block is a {label}, not a certificate: a private key does not belong in metadata (rotate it)"
                    : $"the PEM block is labelled {(label.Length > 40 ? label[..40] : label)}, not CERTIFICATE";
                return false;
            }

            var end = text.IndexOf("-----END CERTIFICATE-----", start, StringComparison.Ordinal);
            if (end < 0)
            {
                error = "the PEM certificate has no -----END CERTIFICATE----- line";
                return false;
            }

            body = text[(start + Label.Length)..end];
        }

        var compact = new string([.. body.Where(c => !char.IsWhiteSpace(c))]);
        var buffer = new byte[compact.Length * 3 / 4 + 3];
        if (compact.Length == 0 || !Convert.TryFromBase64String(compact, buffer, out var written))
        {
            error = "the value is not valid base64";
            return false;
        }

        der = buffer[..written];
        return true;
    }

    private static CertificateInfo Describe(X509Certificate2 cert)
    {
        var keyOid = cert.PublicKey.Oid.Value ?? string.Empty;
        var (algorithm, size) = keyOid switch
        {
            RsaOid => ("RSA", KeySize(cert.GetRSAPublicKey())),
            EcOid => ("EC", KeySize(cert.GetECDsaPublicKey())),
            DsaOid => ("DSA", KeySize(cert.GetDSAPublicKey())),
            "1.3.101.112" => ("Ed25519", 256),
            "1.3.101.113" => ("Ed448", 456),
            _ => (keyOid, 0),
        };
        var signatureOid = cert.SignatureAlgorithm.Value ?? string.Empty;
        var (signature, hash) = Signatures.TryGetValue(signatureOid, out var known) ? known : (signatureOid, "unknown");
        return new CertificateInfo(
            cert.Subject,
            cert.Issuer,
            IsSelfSigned(cert),
            new DateTimeOffset(cert.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            algorithm,
            size,
            signature,
            hash,
            PublicKeyFingerprint(cert.PublicKey),
            Convert.ToHexStringLower(SHA256.HashData(cert.RawData)));
    }

    private static int KeySize(AsymmetricAlgorithm? key)
    {
        using (key)
        {
            return key?.KeySize ?? 0;
        }
    }

    // NOTE: subject = issuer, and, when both key identifiers are present, they are equal. The
    // signature is not verified: .NET has no public API for that short of building a chain, and
    // "self-signed" here describes how the certificate was made, not whether to trust it.
    private static bool IsSelfSigned(X509Certificate2 cert)
    {
        if (!cert.SubjectName.RawData.AsSpan().SequenceEqual(cert.IssuerName.RawData))
        {
            return false;
        }

        var ski = cert.Extensions[SubjectKeyIdOid] is X509SubjectKeyIdentifierExtension s ? s.SubjectKeyIdentifierBytes : (ReadOnlyMemory<byte>?)null;
        var aki = cert.Extensions[AuthorityKeyIdOid] is X509AuthorityKeyIdentifierExtension a ? a.KeyIdentifier : null;
        return ski is null || aki is null || ski.Value.Span.SequenceEqual(aki.Value.Span);
    }
}
