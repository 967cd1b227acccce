using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OAuthGuard.Core.Tests.Support;
using OAuthGuard.Salesforce.Tests.Support;

namespace OAuthGuard.Cli.Tests;

/// <summary>
/// End-to-end SFOAUTH105/106 with the real reader, engine and policies, on a repository built at
/// test time: one app whose private key is committed, one with an expired SHA-1 certificate, a
/// stray key, an encrypted key, a password-protected PKCS#12. Key material must appear nowhere.
/// </summary>
public sealed class KeyCommittedTests : IDisposable
{
    private const string Billing = "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml";
    private const string Legacy = "force-app/main/default/connectedApps/Legacy.connectedApp-meta.xml";
    private const string PortalGlobal = "force-app/main/default/extlClntAppGlobalOauthSets/Portal_glbl.ecaGlblOauth-meta.xml";
    private readonly TempRepo _repo = new();
    private readonly RSA _billingKey = TestKeys.Rsa();
    private readonly RSA _legacyKey = TestKeys.Rsa(1024);
    private readonly RSA _strayKey = TestKeys.Rsa();
    private readonly ECDsa _portalKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly List<string> _secrets = [];
    private readonly DateTimeOffset _expired = DateTimeOffset.UtcNow.Date.AddDays(-3).AddHours(6);

    public KeyCommittedTests()
    {
        using var billingCert = TestKeys.Valid(_billingKey);
        using var legacyCert = TestKeys.SelfSigned(_legacyKey, _expired.AddYears(-2), _expired);
        _repo.Write("sfdx-project.json", """{"packageDirectories":[{"path":"force-app","default":true}]}""");
        _repo.Write(Billing, TestKeys.ConnectedApp(TestKeys.OneLine(billingCert)));
        _repo.Write(Legacy, TestKeys.ConnectedApp(TestKeys.OneLine(legacyCert)).Replace("<label>Billing</label>", "<label>Legacy</label>", StringComparison.Ordinal));
        Add("config/server.key", _billingKey.ExportPkcs8PrivateKeyPem());
        Add("assets/stray.pem", _strayKey.ExportRSAPrivateKeyPem());
        Add("config/server.key.enc", _billingKey.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
        using var withKey = TestKeys.Valid(_strayKey);
        File.WriteAllBytes(Path.Combine(_repo.Root, "assets", "locked.p12"), withKey.Export(X509ContentType.Pkcs12, "pw"));
        // An External Client App whose PEM certificate's key is committed as an unprotected PKCS#12.
        using var portalCert = TestKeys.Valid(_portalKey);
        _repo.Write("force-app/main/default/externalClientApps/Portal.eca-meta.xml", "<ExternalClientApplication xmlns=\"http://soap.sforce.com/2006/04/metadata\"><label>Portal</label></ExternalClientApplication>");
        _repo.Write(PortalGlobal, TestKeys.GlobalOauth("Portal", portalCert.ExportCertificatePem()));
        File.WriteAllBytes(Path.Combine(_repo.Root, "assets", "portal.pfx"), portalCert.Export(X509ContentType.Pkcs12));
        _secrets.Add(Convert.ToHexString(_portalKey.ExportParameters(true).D!));
        foreach (var key in new AsymmetricAlgorithm[] { _billingKey, _strayKey, _portalKey })
        {
            _secrets.Add(Convert.ToBase64String(key.ExportPkcs8PrivateKey())[^40..]);
        }

        foreach (var rsa in new[] { _billingKey, _strayKey })
        {
            var p = rsa.ExportParameters(true);
            _secrets.AddRange([Convert.ToHexString(p.D!), Convert.ToHexString(p.P!), Convert.ToBase64String(p.D!)[..24]]);
        }
    }

    public void Dispose()
    {
        _billingKey.Dispose();
        _legacyKey.Dispose();
        _strayKey.Dispose();
        _portalKey.Dispose();
        _repo.Dispose();
    }

    private void Add(string relative, string pem)
    {
        _repo.Write(relative, pem);
        // NOTE: the first body lines hold the public modulus, which the app's certificate (printed by
        // `oauthguard input` as part of the metadata) shares; from the ninth line on it is private.
        _secrets.AddRange(pem.Split('\n').Where(l => l.Length >= 40 && !l.StartsWith("-----", StringComparison.Ordinal)).Skip(8));
    }

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr, new CliContext(stdout, stderr, _repo.Root, _ => null));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void The_matching_key_is_critical_on_the_app_and_the_stray_key_a_note()
    {
        var (code, stdout, stderr) = Run("scan", ".", "-f", "json");

        Assert.Equal(1, code);
        Assert.Equal("", stderr);
        var findings = JsonDocument.Parse(stdout).RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() is "SFOAUTH105" or "SFOAUTH106")
            .Select(f => (f.GetProperty("rule").GetString(), f.GetProperty("app").GetString(), f.GetProperty("file").GetString(), f.GetProperty("path").GetString(), f.GetProperty("severity").GetString()))
            .ToList();
        Assert.Equal(
            [
                ("SFOAUTH106", "assets/stray.pem", "assets/stray.pem", "", "note"),
                ("SFOAUTH106", "Billing", Billing, "oauthConfig/certificate", "critical"),
                ("SFOAUTH105", "Legacy", Legacy, "oauthConfig/certificate", "high"),
                ("SFOAUTH106", "Portal", PortalGlobal, "certificate", "critical"),
            ],
            findings);
    }

    [Fact]
    public void Messages_name_the_key_file_the_encrypted_copies_and_the_dates()
    {
        var (_, stdout, _) = Run("scan", ".");

        Assert.Contains("SFOAUTH106  Connected App Billing's JWT certificate (subject CN=billing-jwt) has its private key committed in plain text (config/server.key)", stdout, StringComparison.Ordinal);
        Assert.Contains("Encrypted keys in the repository (not reported): assets/locked.p12, config/server.key.enc.", stdout, StringComparison.Ordinal);
        var day = _expired.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"SFOAUTH105  Connected App Legacy's JWT certificate (subject CN=billing-jwt) expired on {day}", stdout, StringComparison.Ordinal);
        Assert.Contains("it has a 1024-bit RSA key, below the 2048 bits required today", stdout, StringComparison.Ordinal);
        Assert.Contains("SFOAUTH106  A private key is committed in plain text (assets/stray.pem); it matches no app here.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_material_appears_in_no_output_and_the_output_is_stable()
    {
        var outputs = new List<string>();
        foreach (var format in new[] { "console", "json", "sarif" })
        {
            var (_, stdout, stderr) = Run("scan", ".", "-f", format);
            var (_, again, _) = Run("scan", ".", "-f", format);
            Assert.Equal(stdout, again);
            outputs.Add(stdout + stderr);
        }

        var (_, input, inputErr) = Run("input", ".");
        outputs.Add(input + inputErr);

        Assert.True(_secrets.Count > 20);
        foreach (var output in outputs)
        {
            foreach (var secret in _secrets)
            {
                Assert.False(output.Contains(secret, StringComparison.OrdinalIgnoreCase), $"key material found in the output (secret #{_secrets.IndexOf(secret)})");
            }
        }
    }

    [SarifSchemaFact]
    public void The_sarif_validates_and_lists_both_rules()
    {
        var (_, stdout, _) = Run("scan", ".", "-f", "sarif");

        SarifSchema.AssertValid(stdout);
        var rules = JsonDocument.Parse(stdout).RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules")
            .EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Contains("SFOAUTH105", rules);
        Assert.Contains("SFOAUTH106", rules);
    }
}
