using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OAuthGuard.Salesforce.Crypto;
using OAuthGuard.Salesforce.Diagnostics;
using OAuthGuard.Salesforce.Tests.Support;

namespace OAuthGuard.Salesforce.Tests;

/// <summary>Certificate facts (facts.certificateInfo) from certificates generated at test time.</summary>
public sealed class CertificateTests
{
    private const string CaFile = "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml";

    [Fact]
    public void Rsa_2048_sha256_self_signed_facts()
    {
        using var key = TestKeys.Rsa();
        var notBefore = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using var cert = TestKeys.SelfSigned(key, notBefore, notBefore.AddDays(400));

        var info = CertificateInspector.TryInspect(TestKeys.OneLine(cert), out var error);

        Assert.NotNull(info);
        Assert.Equal("", error);
        Assert.Equal("CN=billing-jwt", info.Subject);
        Assert.Equal("CN=billing-jwt", info.Issuer);
        Assert.True(info.SelfSigned);
        Assert.Equal(notBefore, info.NotBefore);
        Assert.Equal(notBefore.AddDays(400), info.NotAfter);
        Assert.Equal("RSA", info.KeyAlgorithm);
        Assert.Equal(2048, info.KeySize);
        Assert.Equal("SHA256withRSA", info.SignatureAlgorithm);
        Assert.Equal("SHA-256", info.SignatureHash);
        Assert.Equal(TestKeys.PublicKeySha256(key), info.PublicKeySha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(cert.RawData)), info.Sha256);
    }

    [Fact]
    public void Weak_certificates_are_described_as_such()
    {
        using var small = TestKeys.Rsa(1024);
        using var smallCert = TestKeys.Valid(small);
        using var rsa = TestKeys.Rsa();
        using var sha1Cert = TestKeys.SignedWithLegacyHash(rsa, HashAlgorithmName.SHA1, "1.2.840.113549.1.1.5");
        using var md5Cert = TestKeys.SignedWithLegacyHash(rsa, HashAlgorithmName.MD5, "1.2.840.113549.1.1.4");

        var smallInfo = CertificateInspector.TryInspect(TestKeys.OneLine(smallCert), out _);
        var sha1Info = CertificateInspector.TryInspect(TestKeys.OneLine(sha1Cert), out _);
        var md5Info = CertificateInspector.TryInspect(TestKeys.OneLine(md5Cert), out _);

        Assert.Equal(1024, smallInfo!.KeySize);
        Assert.Equal(("SHA1withRSA", "SHA-1"), (sha1Info!.SignatureAlgorithm, sha1Info.SignatureHash));
        Assert.Equal(("MD5withRSA", "MD5"), (md5Info!.SignatureAlgorithm, md5Info.SignatureHash));
    }

    [Fact]
    public void Ec_certificate_in_pem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = TestKeys.Valid(key);

        var info = CertificateInspector.TryInspect(cert.ExportCertificatePem(), out _);

        Assert.Equal(("EC", 256, "SHA256withECDSA"), (info!.KeyAlgorithm, info.KeySize, info.SignatureAlgorithm));
        Assert.Equal(TestKeys.PublicKeySha256(key), info.PublicKeySha256);
    }

    [Fact]
    public void Certificate_issued_by_a_ca_is_not_self_signed()
    {
        using var caKey = TestKeys.Rsa();
        using var ca = TestKeys.Authority(caKey);
        using var key = TestKeys.Rsa();
        using var cert = TestKeys.IssuedBy(ca, key, "CN=integration");

        var info = CertificateInspector.TryInspect(TestKeys.OneLine(cert), out _);

        Assert.False(info!.SelfSigned);
        Assert.Equal("CN=Example Issuing CA", info.Issuer);
        Assert.Equal("CN=integration", info.Subject);
    }

    [Theory]
    [InlineData("not base64 at all!!", "not valid base64")]
    [InlineData("TUlJRGtUQ0NBbm1nQXdJQkFnSVVPYlE4U1Y5ZWp1aTBRREUvNk5VN1V4bTFOL1l3RFFZSktvWklodmNOQVFFTA==", "not a DER-encoded X.509 certificate")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", "labelled PUBLIC KEY, not CERTIFICATE")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB", "no -----END CERTIFICATE----- line")]
    public void Values_that_are_not_certificates_give_a_reason(string text, string reason)
    {
        Assert.Null(CertificateInspector.TryInspect(text, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_private_key_pasted_as_certificate_is_refused_without_repeating_it()
    {
        using var key = TestKeys.Rsa();
        var pem = key.ExportPkcs8PrivateKeyPem();

        Assert.Null(CertificateInspector.TryInspect(pem, out var error));
        Assert.Contains("PRIVATE KEY, not a certificate", error, StringComparison.Ordinal);
        Assert.DoesNotContain(pem.Split('\n')[1], error, StringComparison.Ordinal);
    }

    [Fact]
    public void Connected_app_and_external_client_app_get_certificate_info_and_the_document_validates()
    {
        using var key = TestKeys.Rsa();
        using var cert = TestKeys.Valid(key);
        using var repo = new TempRepo();
        repo.Write(CaFile, TestKeys.ConnectedApp(TestKeys.OneLine(cert)));
        repo.Write("force-app/main/default/extlClntAppGlobalOauthSets/Portal_glbl.ecaGlblOauth-meta.xml", TestKeys.GlobalOauth("Portal", cert.ExportCertificatePem()));

        var snapshot = repo.Load();
        var document = snapshot.ToInputDocument();

        Assert.DoesNotContain(snapshot.Diagnostics, d => d.Code == DiagnosticCodes.InvalidValue);
        var ca = document["connectedApps"]![0]!["facts"]!;
        var eca = document["externalClientApps"]![0]!["facts"]!;
        Assert.Equal("present", (string?)ca["certificate"]);
        Assert.Equal(TestKeys.PublicKeySha256(key), (string?)ca["certificateInfo"]!["publicKeySha256"]);
        Assert.Equal(TestKeys.PublicKeySha256(key), (string?)eca["certificateInfo"]!["publicKeySha256"]);
        Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", (string?)ca["certificateInfo"]!["notAfter"]);
        SchemaValidation.AssertValid(document);
    }

    [Fact]
    public void Unparseable_certificate_is_an_invalid_value_at_its_line()
    {
        using var repo = new TempRepo();
        repo.Write(CaFile, TestKeys.ConnectedApp(new string('A', 80) + "B0"));

        var snapshot = repo.Load();
        var app = snapshot.ToInputDocument()["connectedApps"]![0]!;

        var diagnostic = Assert.Single(snapshot.Diagnostics, d => d.Code == DiagnosticCodes.InvalidValue);
        Assert.Equal((CaFile, 6, 9, DiagnosticLevel.Warning), (diagnostic.File, diagnostic.Line, diagnostic.Column, diagnostic.Level));
        Assert.Contains("the certificate in oauthConfig/certificate could not be read", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("present", (string?)app["facts"]!["certificate"]);
        Assert.Null(app["facts"]!["certificateInfo"]);
        var invalid = Assert.Single(app["invalid"]!.AsArray());
        Assert.Equal(("oauthConfig/certificate", "certificate"), ((string?)invalid!["path"], (string?)invalid["expected"]));
        SchemaValidation.AssertValid(snapshot.ToInputDocument());
    }

    [Theory]
    [InlineData("REPLACE_CERTIFICATE")]
    [InlineData("{CERTIFICATE}")]
    [InlineData("${JWT_CERTIFICATE}")]
    [InlineData("FROM_ENV_JWT_CERT")]
    [InlineData("MyJwtCertificate")]
    public void Placeholders_are_neither_parsed_nor_errors(string value)
    {
        using var repo = new TempRepo();
        repo.Write(CaFile, TestKeys.ConnectedApp(value));

        var snapshot = repo.Load();
        var facts = snapshot.ToInputDocument()["connectedApps"]![0]!["facts"]!;

        Assert.Empty(snapshot.Diagnostics);
        Assert.Equal("placeholder", (string?)facts["certificate"]);
        Assert.Null(facts["certificateInfo"]);
    }

    [Fact]
    public void Expired_certificate_dates_are_utc()
    {
        using var key = TestKeys.Rsa();
        var notAfter = new DateTimeOffset(2024, 2, 29, 23, 30, 0, TimeSpan.FromHours(-5));
        using var cert = TestKeys.SelfSigned(key, notAfter.AddYears(-1), notAfter);
        using var repo = new TempRepo();
        repo.Write(CaFile, TestKeys.ConnectedApp(TestKeys.OneLine(cert)));

        var info = repo.Load().ToInputDocument()["connectedApps"]![0]!["facts"]!["certificateInfo"] as JsonObject;

        Assert.Equal("2024-03-01T04:30:00Z", (string?)info!["notAfter"]);
    }
}
