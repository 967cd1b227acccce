using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OAuthGuard.Salesforce.Tests.Support;

/// <summary>
/// Keys and certificates made at test time (no key material is committed): self-signed or
/// CA-issued, any validity window, RSA of any size or EC, SHA-256 or SHA-1 signatures.
/// </summary>
internal static class TestKeys
{
    public static RSA Rsa(int bits = 2048) => RSA.Create(bits);

    public static X509Certificate2 SelfSigned(AsymmetricAlgorithm key, DateTimeOffset notBefore, DateTimeOffset notAfter, HashAlgorithmName? hash = null, string subject = "CN=billing-jwt")
    {
        var request = Request(key, subject, hash ?? HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    public static X509Certificate2 Valid(AsymmetricAlgorithm key, HashAlgorithmName? hash = null) =>
        SelfSigned(key, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), hash);

    public static X509Certificate2 IssuedBy(X509Certificate2 issuer, AsymmetricAlgorithm key, string subject)
    {
        var request = Request(key, subject, HashAlgorithmName.SHA256);
        using var cert = request.Create(issuer, issuer.NotBefore.AddMinutes(1), issuer.NotAfter.AddMinutes(-1), [1, 2, 3, 4]);
        return X509CertificateLoader.LoadCertificate(cert.RawData);
    }

    public static X509Certificate2 Authority(AsymmetricAlgorithm key)
    {
        var request = Request(key, "CN=Example Issuing CA", HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddYears(2));
    }

    /// <summary>
    /// A self-signed RSA certificate signed with a hash .NET no longer offers for certificates
    /// (SHA-1, MD5): the request is built as usual and signed by <see cref="LegacyRsaSigner"/>.
    /// </summary>
    public static X509Certificate2 SignedWithLegacyHash(RSA key, HashAlgorithmName hash, string oid)
    {
        var request = new CertificateRequest("CN=legacy-jwt", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var generator = new LegacyRsaSigner(key, hash, oid);
        var now = DateTimeOffset.UtcNow;
        using var cert = request.Create(request.SubjectName, generator, now.AddDays(-1), now.AddYears(1), [7, 7, 7]);
        return X509CertificateLoader.LoadCertificate(cert.RawData);
    }

    /// <summary>One line of base64 DER, as Connected App files hold a certificate.</summary>
    public static string OneLine(X509Certificate2 cert) => Convert.ToBase64String(cert.RawData);

    /// <summary>The SHA-256 of the key's SubjectPublicKeyInfo, computed independently of the reader.</summary>
    public static string PublicKeySha256(AsymmetricAlgorithm key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    public static string ConnectedApp(string certificate) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
            <label>Billing</label>
            <oauthConfig>
                <callbackUrl>https://billing.example.com/oauth/callback</callbackUrl>
                <certificate>{certificate}</certificate>
                <isAdminApproved>true</isAdminApproved>
                <scopes>Api</scopes>
            </oauthConfig>
        </ConnectedApp>
        """;

    public static string GlobalOauth(string app, string certificate) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ExtlClntAppGlobalOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">
            <callbackUrl>https://portal.example.com/callback</callbackUrl>
            <certificate>{certificate}</certificate>
            <externalClientApplication>{app}</externalClientApplication>
            <label>{app}</label>
        </ExtlClntAppGlobalOauthSettings>
        """;

    /// <summary>A legacy OpenSSL PEM key encrypted with a password (Proc-Type header); the body is random bytes.</summary>
    public static string LegacyEncryptedPem() =>
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n" +
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(600), Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n", StringComparison.Ordinal) +
        "\n-----END RSA PRIVATE KEY-----\n";

    /// <summary>An OpenSSH private key container with the given cipher ("none" = unencrypted); the rest is filler.</summary>
    public static string OpenSsh(string cipher)
    {
        var blob = new List<byte>();
        blob.AddRange("openssh-key-v1\0"u8.ToArray());
        var name = Encoding.ASCII.GetBytes(cipher);
        blob.AddRange([0, 0, 0, (byte)name.Length]);
        blob.AddRange(name);
        blob.AddRange(RandomNumberGenerator.GetBytes(200));
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + Convert.ToBase64String([.. blob]) + "\n-----END OPENSSH PRIVATE KEY-----\n";
    }

    private static CertificateRequest Request(AsymmetricAlgorithm key, string subject, HashAlgorithmName hash) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, hash, RSASignaturePadding.Pkcs1),
        ECDsa ec => new CertificateRequest(subject, ec, hash),
        _ => throw new ArgumentException("RSA or ECDsa", nameof(key)),
    };
}

/// <summary>Signs with PKCS#1 v1.5 and a fixed (legacy) hash, whatever the request asks for.</summary>
internal sealed class LegacyRsaSigner(RSA key, HashAlgorithmName hash, string oid) : X509SignatureGenerator
{
    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteNull();
        }

        return writer.Encode();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, hash, RSASignaturePadding.Pkcs1);

    protected override PublicKey BuildPublicKey() => X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1).PublicKey;
}
