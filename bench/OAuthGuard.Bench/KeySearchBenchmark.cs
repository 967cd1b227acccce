using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OAuthGuard.Engines;
using OAuthGuard.Repository;
using OAuthGuard.Salesforce;
using OAuthGuard.Salesforce.Diagnostics;
using OAuthGuard.Scanning;

namespace OAuthGuard.Bench;

/// <summary>
/// <c>keysearch [--runs 5] [--only apps|mixed]</c>: what the private-key search adds to a scan. Two repositories of
/// 10,000 files each: "apps" (the scan benchmark's generated repository: every file is metadata,
/// so the scan itself is as expensive as it gets) and "mixed" (500 Connected Apps among 9,500
/// ordinary source files with a few certificates and keys: the key search's worst case relative
/// to the scan). In one process, full scans with the search on and off alternate; medians and
/// their ratio are printed, and the search step is also timed on its own.
/// </summary>
internal static class KeySearchBenchmark
{
    public static int Run(string[] args)
    {
        var i = Array.IndexOf(args, "--runs");
        var runs = i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 5;
        var o = Array.IndexOf(args, "--only");
        var only = o >= 0 && o + 1 < args.Length ? args[o + 1] : null;
        var baseDir = Path.Combine(Path.GetTempPath(), "oauthguard-bench");
        var apps = Path.Combine(baseDir, "keys-apps-10000");
        RepositoryGenerator.Generate(apps, 8_300);
        AddKeyFiles(apps);
        var mixed = Path.Combine(baseDir, "keys-mixed-10000");
        GenerateMixed(mixed);

        Console.WriteLine("repository        files   keys   search off ms   search on ms   ratio   search alone ms   share of scan");
        foreach (var (name, dir) in new[] { ("apps", apps), ("mixed", mixed) }.Where(r => only is null || r.Item1 == only))
        {
            Measure(name, dir, runs);
        }

        return 0;
    }

    private static void Measure(string name, string dir, int runs)
    {
        Scanner Make(bool search) => new(new ScannerOptions
        {
            Reader = new SalesforceRepositoryReader { Options = MetadataLoadOptions.Default with { SearchPrivateKeys = search } },
            Engines = new Dictionary<string, Func<IPolicyEngine>> { [EmbeddedEngine.EngineName] = () => new EmbeddedEngine() },
        });
        var on = Make(search: true);
        var off = Make(search: false);
        var request = new ScanRequest(dir, FailOn: Findings.Severity.None);
        on.ScanAsync(request).GetAwaiter().GetResult();
        off.ScanAsync(request).GetAwaiter().GetResult();
        var onTimes = new List<double>();
        var offTimes = new List<double>();
        var alone = new List<double>();
        var keys = 0;
        for (var r = 0; r < runs; r++)
        {
            offTimes.Add(Time(() => off.ScanAsync(request).GetAwaiter().GetResult()));
            onTimes.Add(Time(() => on.ScanAsync(request).GetAwaiter().GetResult()));
            alone.Add(Time(() => keys = MetadataRepository.SearchKeysOnly(dir, MetadataLoadOptions.Default, new List<MetadataDiagnostic>(), CancellationToken.None).Count));
        }

        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Count();
        var offMs = Median(offTimes);
        var onMs = Median(onTimes);
        var aloneMs = Median(alone);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-15} {files,7} {keys,6} {offMs,15:F0} {onMs,14:F0} {onMs / offMs,7:F3} {aloneMs,17:F1} {aloneMs / onMs,14:P1}"));
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Certificates and keys where SFDX projects keep them: a few among the metadata.</summary>
    private static void AddKeyFiles(string root)
    {
        var dir = Path.Combine(root, "config");
        if (Directory.Exists(dir))
        {
            return;
        }

        Directory.CreateDirectory(dir);
        for (var k = 0; k < 10; k++)
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest($"CN=bench-{k}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllText(Path.Combine(dir, $"jwt{k}.crt"), cert.ExportCertificatePem());
            File.WriteAllText(Path.Combine(dir, $"jwt{k}.key"), rsa.ExportPkcs8PrivateKeyPem());
        }
    }

    /// <summary>10,000 files: 500 Connected Apps, 9,480 source files in 100 folders, 10 certificates and 10 keys.</summary>
    private static void GenerateMixed(string root)
    {
        var marker = Path.Combine(root, ".generated");
        if (File.Exists(marker))
        {
            return;
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var ca = Path.Combine(root, "force-app", "main", "default", "connectedApps");
        Directory.CreateDirectory(ca);
        File.WriteAllText(Path.Combine(root, "sfdx-project.json"), """{ "packageDirectories": [{ "path": "force-app", "default": true }] }""");
        for (var a = 0; a < 500; a++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"App{a:D5}");
            File.WriteAllText(Path.Combine(ca, name + ".connectedApp-meta.xml"), RepositoryGenerator.ConnectedApp(name, a));
        }

        string[] extensions = [".cls", ".cls-meta.xml", ".js", ".html", ".json", ".md"];
        var body = new string('x', 2000);
        for (var f = 0; f < 9_480; f++)
        {
            var folder = Path.Combine(root, "force-app", "main", "default", "lwc", string.Create(CultureInfo.InvariantCulture, $"component{f / 95:D3}"));
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"file{f:D5}{extensions[f % extensions.Length]}")), body);
        }

        AddKeyFiles(root);
        File.WriteAllText(marker, "1");
    }
}
