using System.Diagnostics;
using System.Globalization;
using OAuthGuard.Salesforce;
using OAuthGuard.Salesforce.Discovery;
using OAuthGuard.Salesforce.Model;

namespace OAuthGuard.Bench;

/// <summary>
/// Discovery + parse throughput of <see cref="MetadataRepository.Load"/> on a generated repository
/// (default: 10,000 metadata files among 100,000 other files), next to two baselines measured in
/// the same run: reading the same metadata bytes from a known list of paths, and walking the whole
/// tree then reading those bytes. Also prints allocations and retained memory per metadata file at
/// two repository sizes, to show memory grows with the metadata kept, not with bytes or other files.
/// <code>dotnet run -c Release --project bench/OAuthGuard.Bench -- discovery [--files 10000] [--others 100000] [--runs 5]</code>
/// </summary>
internal static class DiscoveryBenchmark
{
    public static int Run(string[] args)
    {
        var files = Option(args, "--files", 10_000);
        var others = Option(args, "--others", 100_000);
        var runs = Math.Max(1, Option(args, "--runs", 7));

        var small = Generate(files / 4, others / 4);
        var full = Generate(files, others);
        Console.WriteLine($"repository: {full.Root} ({full.MetadataPaths.Count:N0} metadata files, {full.MetadataBytes / 1024.0 / 1024.0:F1} MiB; {others:N0} other files)");
        Console.WriteLine($"runs: {runs} interleaved rounds (median), after one warm-up; page cache warm for every variant; {Environment.ProcessorCount} cores");
        if (File.Exists("/proc/loadavg"))
        {
            Console.WriteLine("load average before measuring (on a shared machine absolute times are noisy; compare ratios): " + File.ReadAllText("/proc/loadavg").Trim());
        }
        Console.WriteLine();

        var found = RepositoryWalker.Walk(full.Root, ForceIgnore.Empty, MetadataLoadOptions.Default.MaxFileBytes, [], CancellationToken.None);
        var parsedOnce = MetadataRepository.Load(full.Root).Files;
        var variants = new (string Name, Func<long> Action)[]
        {
            ("raw read (known paths)", () => ReadAll(full.MetadataPaths)),
            ("walk tree + raw read", () => WalkAndRead(full.Root)),
            ("XmlReader pass only (no model)", () => XmlPass(full.MetadataPaths)),
            ("discover only (walk)", () => RepositoryWalker.Walk(full.Root, ForceIgnore.Empty, MetadataLoadOptions.Default.MaxFileBytes, [], CancellationToken.None).Count),
            ("parse only (known files, model kept)", () =>
            {
                var positions = new PositionIndex();
                var settings = OAuthGuard.Salesforce.Parsing.MetadataFileParser.CreateSettings(new System.Xml.NameTable());
                var diagnostics = new List<OAuthGuard.Salesforce.Diagnostics.MetadataDiagnostic>();
                return found.Select(f => MetadataRepository.Read(f, diagnostics, positions, settings)).ToList().Count(f => f.IsParsed);
            }),
            ("parse only, model dropped per file", () =>
            {
                var positions = new PositionIndex();
                var settings = OAuthGuard.Salesforce.Parsing.MetadataFileParser.CreateSettings(new System.Xml.NameTable());
                var diagnostics = new List<OAuthGuard.Salesforce.Diagnostics.MetadataDiagnostic>();
                return found.Count(f => MetadataRepository.Read(f, diagnostics, positions, settings).IsParsed);
            }),
            ("join only (parsed files)", () =>
            {
                var (connected, external) = AppAssembler.Assemble(parsedOnce, []);
                return connected.Count + external.Count;
            }),
            ("Load, 1 thread: discover + parse + join", () => MetadataRepository.Load(full.Root, new MetadataLoadOptions { MaxParallelism = 1 }).Files.Count),
            ($"Load, {Environment.ProcessorCount} threads (default)", () => MetadataRepository.Load(full.Root).Files.Count),
        };
        var medians = Measure(runs, variants.Select(v => v.Action).ToArray());
        var raw = medians[0];
        var walkRead = medians[1];
        var snapshot = MetadataRepository.Load(full.Root);
        if (snapshot.Files.Count != full.MetadataPaths.Count || snapshot.Diagnostics.Count != 0)
        {
            Console.Error.WriteLine($"error: Load found {snapshot.Files.Count} files and {snapshot.Diagnostics.Count} diagnostics; expected {full.MetadataPaths.Count} and 0");
            return 1;
        }

        Console.WriteLine("| variant | median ms | files/s | MiB/s | × raw read | × walk+read |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (var i = 0; i < variants.Length; i++)
        {
            Row(variants[i].Name, medians[i], full, raw, walkRead);
        }

        Console.WriteLine();
        Console.WriteLine($"apps: {snapshot.Apps.ConnectedApps.Count:N0} Connected Apps, {snapshot.Apps.ExternalClientApps.Count:N0} External Client Apps");
        Console.WriteLine();

        Console.WriteLine("| repository | metadata files | allocated MiB per Load | allocated KiB / file | retained MiB (snapshot) | retained KiB / file | peak working set MiB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var repo in new[] { small, full })
        {
            var (allocated, retained) = Memory(repo.Root);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {repo.MetadataPaths.Count:N0} + {repo.Others:N0} others | {repo.MetadataPaths.Count:N0} | {allocated / 1048576.0:F1} | {allocated / 1024.0 / repo.MetadataPaths.Count:F1} | {retained / 1048576.0:F1} | {retained / 1024.0 / repo.MetadataPaths.Count:F1} | {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} |"));
        }

        return 0;
    }

    private static void Row(string name, double ms, Repo repo, double raw, double walkRead) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {ms:F1} | {repo.MetadataPaths.Count / (ms / 1000):N0} | {repo.MetadataBytes / 1048576.0 / (ms / 1000):F1} | {ms / raw:F2} | {ms / walkRead:F2} |"));

    private static (long Allocated, long Retained) Memory(string root)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var snapshot = MetadataRepository.Load(root);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(snapshot);
        return (allocated, retained);
    }

    /// <summary>
    /// Runs the variants interleaved (one round = each variant once) so that load from other processes
    /// on a shared machine hits every variant alike; returns the median time of each.
    /// </summary>
    private static double[] Measure(int runs, Func<long>[] actions)
    {
        foreach (var action in actions)
        {
            action();
        }

        var times = actions.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < runs; round++)
        {
            for (var i = 0; i < actions.Length; i++)
            {
                GC.Collect();
                var watch = Stopwatch.StartNew();
                actions[i]();
                times[i].Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return times.Select(t => t.Order().ElementAt(t.Count / 2)).ToArray();
    }

    private static long ReadAll(IReadOnlyList<string> paths)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        foreach (var path in paths)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                total += read;
            }
        }

        return total;
    }

    /// <summary>The floor for any XmlReader-based parser: create a reader per file and visit every node.</summary>
    private static long XmlPass(IReadOnlyList<string> paths)
    {
        var settings = OAuthGuard.Salesforce.Parsing.MetadataFileParser.CreateSettings(new System.Xml.NameTable());
        long nodes = 0;
        foreach (var path in paths)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
            using var reader = System.Xml.XmlReader.Create(stream, settings);
            while (reader.Read())
            {
                nodes++;
            }
        }

        return nodes;
    }

    private static long WalkAndRead(string root)
    {
        var metadata = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => OAuthGuard.Salesforce.Discovery.MetadataKind.TryMatch(Path.GetFileName(p), out _, out _, out _))
            .ToList();
        return ReadAll(metadata);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private sealed record Repo(string Root, IReadOnlyList<string> MetadataPaths, long MetadataBytes, int Others);

    /// <summary>Writes (once; reused while the marker file is there) a deterministic repository under /tmp.</summary>
    private static Repo Generate(int metadataFiles, int otherFiles)
    {
        var root = Path.Combine(Path.GetTempPath(), $"oauthguard-bench-discovery-{metadataFiles}-{otherFiles}");
        var marker = Path.Combine(root, ".generated-v1");
        var paths = new List<string>(metadataFiles);
        var write = !File.Exists(marker);
        if (write && Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        for (var i = 0; i < metadataFiles; i++)
        {
            var (relative, text) = MetadataFile(i);
            var full = Path.Combine(root, relative);
            if (write)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text);
            }

            paths.Add(full);
        }

        if (write)
        {
            var filler = new string('x', 400);
            for (var i = 0; i < otherFiles; i++)
            {
                var dir = Path.Combine(root, "force-app", "main", "default", (i % 3) switch { 0 => "classes", 1 => "lwc", _ => "staticresources" }, "d" + (i / 200).ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(dir);
                var ext = (i % 4) switch { 0 => ".cls", 1 => ".cls-meta.xml", 2 => ".js", _ => ".json" };
                File.WriteAllText(Path.Combine(dir, "f" + i.ToString(CultureInfo.InvariantCulture) + ext), filler);
            }

            File.WriteAllText(marker, "generated by bench/OAuthGuard.Bench discovery\n");
        }

        var bytes = paths.Sum(p => new FileInfo(p).Length);
        return new Repo(root, paths, bytes, otherFiles);
    }

    private static (string Relative, string Text) MetadataFile(int i)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        var folder = "force-app/main/default/pkg" + (i % 50).ToString(CultureInfo.InvariantCulture);
        switch (i % 10)
        {
            case < 6:
                return ($"{folder}/connectedApps/App{n}.connectedApp-meta.xml", $"""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
                        <contactEmail>owner{n}@example.com</contactEmail>
                        <description>Generated app {n} for the discovery benchmark.</description>
                        <label>App {n}</label>
                        <oauthConfig>
                            <callbackUrl>https://app{n}.example.com/oauth/callback
                    http://localhost:{3000 + (i % 1000)}/callback</callbackUrl>
                            <consumerKey>3MVG9Generated{n}KeyAbCdEfGhIjKlMnOpQrStUvWxYz</consumerKey>
                            <isAdminApproved>{(i % 2 == 0 ? "true" : "false")}</isAdminApproved>
                            <isConsumerSecretOptional>{(i % 3 == 0 ? "true" : "false")}</isConsumerSecretOptional>
                            <isIntrospectAllTokens>false</isIntrospectAllTokens>
                            <isPkceRequired>{(i % 5 == 0 ? "true" : "false")}</isPkceRequired>
                            <isSecretRequiredForRefreshToken>true</isSecretRequiredForRefreshToken>
                            <scopes>Api</scopes>
                            <scopes>RefreshToken</scopes>
                            <scopes>OpenID</scopes>
                        </oauthConfig>
                        <oauthPolicy>
                            <ipRelaxation>ENFORCE</ipRelaxation>
                            <refreshTokenPolicy>infinite</refreshTokenPolicy>
                        </oauthPolicy>
                        <permissionSetName>Integration {n}</permissionSetName>
                    </ConnectedApp>

                    """);
            case 6:
                return ($"mdapi/unpackaged{i % 7}/connectedApps/Legacy{n}.connectedApp", $"""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
                        <contactEmail>legacy{n}@example.com</contactEmail>
                        <label>Legacy {n}</label>
                        <oauthConfig>
                            <callbackUrl>https://legacy{n}.example.com/cb</callbackUrl>
                            <scopes>Full</scopes>
                        </oauthConfig>
                    </ConnectedApp>

                    """);
            case 7:
                return ($"{folder}/externalClientApps/Eca{n}.eca-meta.xml", $"""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <ExternalClientApplication xmlns="http://soap.sforce.com/2006/04/metadata">
                        <contactEmail>eca{n}@example.com</contactEmail>
                        <distributionState>Local</distributionState>
                        <isProtected>false</isProtected>
                        <label>Eca {n}</label>
                    </ExternalClientApplication>

                    """);
            case 8:
                return ($"{folder}/extlClntAppOauthSettings/Eca{(i - 1).ToString(CultureInfo.InvariantCulture)}_oauth.ecaOauth-meta.xml", $"""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <ExtlClntAppOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">
                        <commaSeparatedOauthScopes>Api, RefreshToken</commaSeparatedOauthScopes>
                        <externalClientApplication>Eca{(i - 1).ToString(CultureInfo.InvariantCulture)}</externalClientApplication>
                        <isFirstPartyAppEnabled>false</isFirstPartyAppEnabled>
                        <label>Eca oauth {n}</label>
                    </ExtlClntAppOauthSettings>

                    """);
            default:
                return ($"{folder}/extlClntAppOauthPolicies/Eca{(i - 2).ToString(CultureInfo.InvariantCulture)}_plcy.ecaOauthPlcy-meta.xml", $"""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <ExtlClntAppOauthConfigurablePolicies xmlns="http://soap.sforce.com/2006/04/metadata">
                        <externalClientApplication>Eca{(i - 2).ToString(CultureInfo.InvariantCulture)}</externalClientApplication>
                        <ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>
                        <isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>
                        <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>
                        <refreshTokenPolicyType>SpecificLifetime</refreshTokenPolicyType>
                        <refreshTokenValidityPeriod>90</refreshTokenValidityPeriod>
                    </ExtlClntAppOauthConfigurablePolicies>

                    """);
        }
    }
}
