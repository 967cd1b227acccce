using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OAuthGuard.Salesforce.Crypto;
using OAuthGuard.Salesforce.Diagnostics;
using OAuthGuard.Salesforce.Tests.Support;

namespace OAuthGuard.Salesforce.Tests;

/// <summary>The private-key search (input.keys) over keys generated at test time.</summary>
public sealed class PrivateKeySearchTests
{
    private static List<PrivateKeyFact> Keys(TempRepo repo, MetadataLoadOptions? options = null) => [.. repo.Load(options).Keys];

    private static PrivateKeyFact Only(TempRepo repo, string file) => Assert.Single(Keys(repo), k => k.File == file);

    [Fact]
    public void Pem_keys_of_every_kind_with_their_public_key()
    {
        using var rsa = TestKeys.Rsa();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var repo = new TempRepo();
        repo.Write("config/server.key", rsa.ExportPkcs8PrivateKeyPem());
        repo.Write("config/pkcs1.pem", rsa.ExportRSAPrivateKeyPem());
        repo.Write("config/ec.pem", ec.ExportECPrivateKeyPem());
        repo.Write("config/ec8.key", ec.ExportPkcs8PrivateKeyPem());

        Assert.Equal(new PrivateKeyFact("config/server.key", "pkcs8", false, TestKeys.PublicKeySha256(rsa), "RSA", 2048), Only(repo, "config/server.key"));
        Assert.Equal(new PrivateKeyFact("config/pkcs1.pem", "pkcs1", false, TestKeys.PublicKeySha256(rsa), "RSA", 2048), Only(repo, "config/pkcs1.pem"));
        Assert.Equal(new PrivateKeyFact("config/ec.pem", "ec", false, TestKeys.PublicKeySha256(ec), "EC", 256), Only(repo, "config/ec.pem"));
        Assert.Equal(new PrivateKeyFact("config/ec8.key", "pkcs8", false, TestKeys.PublicKeySha256(ec), "EC", 256), Only(repo, "config/ec8.key"));
    }

    [Fact]
    public void Der_keys()
    {
        using var rsa = TestKeys.Rsa();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var repo = new TempRepo();
        repo.WriteBytes("keys/jwt.der", rsa.ExportPkcs8PrivateKey());
        repo.WriteBytes("keys/rsa1.key", rsa.ExportRSAPrivateKey());
        repo.WriteBytes("keys/ec.der", ec.ExportECPrivateKey());
        repo.WriteBytes("keys/enc.p8", rsa.ExportEncryptedPkcs8PrivateKey("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));

        Assert.Equal(("pkcs8", TestKeys.PublicKeySha256(rsa)), (Only(repo, "keys/jwt.der").Kind, Only(repo, "keys/jwt.der").PublicKeySha256));
        Assert.Equal(("pkcs1", TestKeys.PublicKeySha256(rsa)), (Only(repo, "keys/rsa1.key").Kind, Only(repo, "keys/rsa1.key").PublicKeySha256));
        Assert.Equal(("ec", TestKeys.PublicKeySha256(ec), 384), (Only(repo, "keys/ec.der").Kind, Only(repo, "keys/ec.der").PublicKeySha256, Only(repo, "keys/ec.der").KeySize));
        Assert.Equal(new PrivateKeyFact("keys/enc.p8", "encrypted-pkcs8", true, null, null, 0), Only(repo, "keys/enc.p8"));
    }

    [Fact]
    public void Encrypted_keys_are_marked_encrypted_and_have_no_public_key()
    {
        using var rsa = TestKeys.Rsa();
        using var repo = new TempRepo();
        repo.Write("ci/jwt.pem", rsa.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
        repo.Write("ci/legacy.key", TestKeys.LegacyEncryptedPem());
        var salted = Encoding.ASCII.GetBytes("Salted__").Concat(RandomNumberGenerator.GetBytes(1200)).ToArray();
        repo.WriteBytes("ci/server.key.enc", salted);
        repo.Write("ci/base64.key.enc", Convert.ToBase64String(salted));
        repo.WriteBytes("ci/opaque.pem.enc", RandomNumberGenerator.GetBytes(512).Prepend((byte)0x42).ToArray());
        repo.Write("ci/encrypted_ssh_key", TestKeys.OpenSsh("aes256-ctr"));

        var keys = Keys(repo);

        Assert.Equal(
            [
                ("ci/base64.key.enc", "encrypted-file"),
                ("ci/encrypted_ssh_key", "openssh"),
                ("ci/jwt.pem", "encrypted-pkcs8"),
                ("ci/legacy.key", "pkcs1"),
                ("ci/opaque.pem.enc", "encrypted-file"),
                ("ci/server.key.enc", "encrypted-file"),
            ],
            keys.Select(k => (k.File, k.Kind)).ToList());
        Assert.All(keys, k => Assert.True(k.Encrypted && k.PublicKeySha256 is null, k.File));
    }

    [Fact]
    public void Unencrypted_openssh_key_is_plaintext()
    {
        using var repo = new TempRepo();
        repo.Write("deploy/id_ed25519", TestKeys.OpenSsh("none"));

        Assert.Equal(new PrivateKeyFact("deploy/id_ed25519", "openssh", false, null, null, 0), Only(repo, "deploy/id_ed25519"));
    }

    [Fact]
    public void Pkcs12_without_password_is_plaintext_and_with_one_is_encrypted()
    {
        using var rsa = TestKeys.Rsa();
        using var cert = TestKeys.Valid(rsa);
        using var repo = new TempRepo();
        repo.WriteBytes("certs/open.p12", cert.Export(X509ContentType.Pkcs12));
        repo.WriteBytes("certs/empty.pfx", cert.Export(X509ContentType.Pkcs12, string.Empty));
        repo.WriteBytes("certs/locked.p12", cert.Export(X509ContentType.Pkcs12, "correct horse"));

        Assert.Equal(new PrivateKeyFact("certs/open.p12", "pkcs12", false, TestKeys.PublicKeySha256(rsa), "RSA", 2048), Only(repo, "certs/open.p12"));
        Assert.Equal(new PrivateKeyFact("certs/empty.pfx", "pkcs12", false, TestKeys.PublicKeySha256(rsa), "RSA", 2048), Only(repo, "certs/empty.pfx"));
        Assert.Equal(new PrivateKeyFact("certs/locked.p12", "pkcs12", true, null, null, 0), Only(repo, "certs/locked.p12"));
    }

    [Fact]
    public void Certificates_and_public_keys_are_not_keys()
    {
        using var rsa = TestKeys.Rsa();
        using var cert = TestKeys.Valid(rsa);
        using var repo = new TempRepo();
        repo.Write("certs/jwt.crt", cert.ExportCertificatePem());
        repo.WriteBytes("certs/jwt.cer", cert.RawData);
        repo.Write("certs/public.pem", rsa.ExportSubjectPublicKeyInfoPem());
        repo.Write("certs/id_rsa.pub", "ssh-rsa AAAAB3NzaC1yc2E test");

        Assert.Empty(Keys(repo));
    }

    [Fact]
    public void A_certificate_file_with_its_key_appended_is_found()
    {
        using var rsa = TestKeys.Rsa();
        using var cert = TestKeys.Valid(rsa);
        using var repo = new TempRepo();
        repo.Write("certs/bundle.crt", cert.ExportCertificatePem() + "\n" + rsa.ExportRSAPrivateKeyPem());

        Assert.Equal(TestKeys.PublicKeySha256(rsa), Only(repo, "certs/bundle.crt").PublicKeySha256);
    }

    [Fact]
    public void Skipped_folders_forceignore_and_names_that_do_not_suggest_a_key()
    {
        using var rsa = TestKeys.Rsa();
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        using var repo = new TempRepo();
        repo.Write(".forceignore", "secrets/\n**/*.key\n");
        repo.Write("secrets/server.key", pem);
        repo.Write(".git/server.key", pem);
        repo.Write("node_modules/pkg/server.key", pem);
        repo.Write("docs/README.md", pem);
        repo.Write("scripts/private_key.txt", pem);
        repo.Write("scripts/privateKey", pem);

        Assert.Equal(["scripts/privateKey", "scripts/private_key.txt", "secrets/server.key"], Keys(repo).Select(k => k.File).ToList());
    }

    [Fact]
    public void Size_cap_and_count_cap()
    {
        using var rsa = TestKeys.Rsa();
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        using var repo = new TempRepo();
        repo.Write("a/big.pem", pem + new string('#', 5000));
        repo.Write("b/1.key", pem);
        repo.Write("b/2.key", pem);
        repo.Write("b/3.key", pem);

        var snapshot = repo.Load(MetadataLoadOptions.Default with { MaxKeyFileBytes = 4096, MaxKeyFiles = 2 });

        Assert.Equal(["b/1.key", "b/2.key"], snapshot.Keys.Select(k => k.File).ToList());
        var limit = Assert.Single(snapshot.Diagnostics, d => d.Code == DiagnosticCodes.KeySearchLimit);
        Assert.Equal("b/3.key", limit.File);
        Assert.Contains("stopped after 2 candidate files; 1 more", limit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Symbolic_links_are_never_followed()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // creating links needs a privilege on Windows; the walk is the same code.
        }

        using var rsa = TestKeys.Rsa();
        using var outside = new TempRepo();
        outside.Write("elsewhere/server.key", rsa.ExportPkcs8PrivateKeyPem());
        using var repo = new TempRepo();
        Directory.CreateDirectory(Path.Combine(repo.Root, "config"));
        File.CreateSymbolicLink(Path.Combine(repo.Root, "config", "server.key"), Path.Combine(outside.Root, "elsewhere", "server.key"));
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, "linked"), Path.Combine(outside.Root, "elsewhere"));
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, "config", "loop"), repo.Root);

        Assert.Empty(Keys(repo));
    }

    [Fact]
    public void A_garbled_key_is_listed_and_reported_at_its_line()
    {
        using var repo = new TempRepo();
        repo.Write("keys/broken.pem", "# comment\n\n-----BEGIN PRIVATE KEY-----\nnot base64 !!\n-----END PRIVATE KEY-----\n");

        var snapshot = repo.Load();

        Assert.Equal(new PrivateKeyFact("keys/broken.pem", "pkcs8", false, null, null, 0), Assert.Single(snapshot.Keys));
        var d = Assert.Single(snapshot.Diagnostics);
        Assert.Equal((DiagnosticCodes.UnreadableKey, "keys/broken.pem", 3, DiagnosticLevel.Note), (d.Code, d.File, d.Line, d.Level));
    }

    [Fact]
    public void The_search_can_be_switched_off_and_a_single_file_scan_does_not_search()
    {
        using var rsa = TestKeys.Rsa();
        using var repo = new TempRepo();
        repo.Write("server.key", rsa.ExportPkcs8PrivateKeyPem());
        var app = repo.Write("force-app/A.connectedApp-meta.xml", "<ConnectedApp><label>A</label></ConnectedApp>");

        Assert.Empty(Keys(repo, MetadataLoadOptions.Default with { SearchPrivateKeys = false }));
        Assert.Empty(MetadataRepository.Load(app).Keys);
        Assert.Single(Keys(repo));
    }

    [Fact]
    public void Key_material_never_reaches_the_document_or_the_diagnostics()
    {
        using var rsa = TestKeys.Rsa();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = TestKeys.Valid(rsa);
        using var repo = new TempRepo();
        var pems = new[] { rsa.ExportPkcs8PrivateKeyPem(), rsa.ExportRSAPrivateKeyPem(), ec.ExportECPrivateKeyPem() };
        repo.Write("a.key", pems[0]);
        repo.Write("b.pem", pems[1]);
        repo.Write("c.pem", pems[2]);
        repo.Write("d.key", "-----BEGIN PRIVATE KEY-----\n" + pems[0].Split('\n')[1] + "\n-----END PRIVATE KEY-----\n");
        repo.WriteBytes("e.p12", cert.Export(X509ContentType.Pkcs12));
        // The app's certificate is another key's: a certificate carries its key's public modulus, which
        // shares base64 text with the private key file, and only private material is checked here.
        using var other = TestKeys.Rsa();
        using var otherCert = TestKeys.Valid(other);
        repo.Write("force-app/main/default/connectedApps/Billing.connectedApp-meta.xml", TestKeys.ConnectedApp(TestKeys.OneLine(otherCert)));

        var snapshot = repo.Load();
        var text = snapshot.ToInputDocument().ToJsonString() + string.Join("\n", snapshot.Diagnostics);

        Assert.Equal(5, snapshot.Keys.Count);
        var lines = pems.SelectMany(p => p.Split('\n').Where(l => l.Length > 20 && !l.StartsWith("-----", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Equal(0, CountOccurrences(text, line)));
        var parameters = rsa.ExportParameters(true);
        foreach (var secret in new[] { parameters.D!, parameters.P!, parameters.Q!, ec.ExportParameters(true).D! })
        {
            Assert.DoesNotContain(Convert.ToHexString(secret), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(secret)[..16], text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_key_pasted_into_the_certificate_element_is_listed_under_the_metadata_file_and_redacted()
    {
        using var rsa = TestKeys.Rsa();
        using var cert = TestKeys.Valid(rsa);
        using var repo = new TempRepo();
        const string File = "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml";
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        repo.Write(File, TestKeys.ConnectedApp(cert.ExportCertificatePem() + "\n" + pem));

        var snapshot = repo.Load();
        var document = snapshot.ToInputDocument();

        Assert.Equal(new PrivateKeyFact(File, "pkcs8", false, TestKeys.PublicKeySha256(rsa), "RSA", 2048), Assert.Single(snapshot.Keys));
        Assert.Equal(TestKeys.PublicKeySha256(rsa), (string?)document["connectedApps"]![0]!["facts"]!["certificateInfo"]!["publicKeySha256"]);
        Assert.Equal("(private key removed by OAuthGuard)", (string?)document["connectedApps"]![0]!["metadata"]!["oauthConfig"]!["certificate"]);
        Assert.DoesNotContain(pem.Split('\n')[^3], document.ToJsonString(), StringComparison.Ordinal);
        SchemaValidation.AssertValid(document);
    }

    [Fact]
    public void Truncated_and_garbled_key_files_never_stop_the_load()
    {
        using var rsa = TestKeys.Rsa();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = TestKeys.Valid(rsa);
        var samples = new List<byte[]>
        {
            rsa.ExportPkcs8PrivateKey(), rsa.ExportRSAPrivateKey(), ec.ExportECPrivateKey(), ec.ExportPkcs8PrivateKey(),
            cert.Export(X509ContentType.Pkcs12), cert.Export(X509ContentType.Pkcs12, "pw"),
            rsa.ExportEncryptedPkcs8PrivateKey("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 10)),
        };
        var random = new Random(14);
        using var repo = new TempRepo();
        var n = 0;
        foreach (var sample in samples)
        {
            foreach (var cut in new[] { 1, 2, 5, sample.Length / 3, sample.Length / 2, sample.Length - 1 })
            {
                repo.WriteBytes($"cut/{n++}.der", sample[..cut]);
                var flipped = (byte[])sample.Clone();
                flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                repo.WriteBytes($"flip/{n++}.p12", flipped);
                repo.Write($"pem/{n++}.pem", "-----BEGIN PRIVATE KEY-----\n" + Convert.ToBase64String(sample[..cut]) + "\n-----END PRIVATE KEY-----\n");
                repo.Write($"pem/{n++}.key", "-----BEGIN RSA PRIVATE KEY-----\n" + Convert.ToBase64String(sample[cut..]) + "\n-----END RSA PRIVATE KEY-----\n");
            }
        }

        var bytes = new byte[300];
        for (var i = 0; i < 50; i++)
        {
            random.NextBytes(bytes);
            bytes[0] = 0x30;
            repo.WriteBytes($"noise/{i}.key", bytes);
        }

        var snapshot = repo.Load();

        Assert.NotEmpty(snapshot.Keys);
        Assert.All(snapshot.Diagnostics, d => Assert.Equal(DiagnosticCodes.UnreadableKey, d.Code));
    }

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
