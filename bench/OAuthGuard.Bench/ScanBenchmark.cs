using System.Diagnostics;
using System.Globalization;
using System.Text;
using OAuthGuard.Engines;
using OAuthGuard.Repository;
using OAuthGuard.Scanning;

namespace OAuthGuard.Bench;

/// <summary>
/// <c>scan [--binary PATH] [--samples DIR] [--sizes 100,1000,10000]</c>: cold start of
/// <c>oauthguard --version</c>, then full scans of samples/ and of generated repositories, each in
/// a fresh child process so wall time and peak memory belong to that scan alone. Prints per-app
/// cost and its ratio to the smallest repository: flat cost per app means ratios near 1.
/// </summary>
internal static class ScanBenchmark
{
    public static int Run(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--child")
        {
            return Child(args[1]);
        }

        var binary = Option(args, "--binary") ?? FindBinary();
        var samples = Option(args, "--samples") ?? FindUp("samples");
        var sizes = (Option(args, "--sizes") ?? "100,1000,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        if (binary is not null)
        {
            var starts = Enumerable.Range(0, 11).Select(_ => TimeProcess(binary, "--version")).Skip(1).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold start  {binary} --version: median {starts[starts.Count / 2]:F1} ms, min {starts[0]:F1} ms, max {starts[^1]:F1} ms (10 runs after 1 warm-up)"));
        }
        else
        {
            Console.WriteLine("cold start  skipped: no published oauthguard binary found (dotnet publish src/OAuthGuard.Cli -c Release, or --binary PATH)");
        }

        Console.WriteLine();
        Console.WriteLine("repository              apps   findings   wall ms  fixed ms  peak MB   ms/app   KB/app   ms/app ratio");
        Console.WriteLine("(wall = second scan in the process, after a warm-up scan; fixed = configuration + policy compilation; ms/app = (wall - fixed) / apps)");
        if (samples is not null)
        {
            Report("samples/", Measure(samples), null);
        }

        Measurement? baseline = null;
        foreach (var size in sizes)
        {
            var dir = Path.Combine(Path.GetTempPath(), "oauthguard-bench", $"apps-{size}");
            RepositoryGenerator.Generate(dir, size);
            var m = Measure(dir);
            baseline ??= m;
            Report($"generated {size}", m, baseline);
        }

        return 0;
    }

    private sealed record Measurement(int Apps, int Findings, double WallMs, double PeakMb, double FixedMs);

    private static void Report(string name, Measurement m, Measurement? baseline)
    {
        var perApp = (m.WallMs - m.FixedMs) / Math.Max(1, m.Apps);
        var kbPerApp = m.PeakMb * 1024 / Math.Max(1, m.Apps);
        var ratio = baseline is null ? "" : (perApp / ((baseline.WallMs - baseline.FixedMs) / Math.Max(1, baseline.Apps))).ToString("F2", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-20} {m.Apps,7} {m.Findings,10} {m.WallMs,9:F0} {m.FixedMs,8:F0} {m.PeakMb,9:F1} {perApp,8:F3} {kbPerApp,8:F1}   {ratio}"));
    }

    // Runs the scan in a child process of this benchmark and reads the line it prints.
    private static Measurement Measure(string repository)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ScanBenchmark).Assembly.Location);
        }

        foreach (var a in (string[])["scan", "--child", repository])
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the child benchmark");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var line = stdout.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"child scan of {repository} failed ({process.ExitCode}): {stderr}{stdout}");
        }

        var parts = line.Split(' ');
        return new Measurement(int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture),
            double.Parse(parts[3], CultureInfo.InvariantCulture), double.Parse(parts[4], CultureInfo.InvariantCulture), double.Parse(parts[5], CultureInfo.InvariantCulture));
    }

    private static int Child(string repository)
    {
        var scanner = new Scanner(new ScannerOptions
        {
            Reader = new SalesforceRepositoryReader(),
            Engines = new Dictionary<string, Func<IPolicyEngine>> { [EmbeddedEngine.EngineName] = () => new EmbeddedEngine() },
        });
        var request = new ScanRequest(repository, FailOn: Findings.Severity.None);
        // The first scan pays for JIT and policy compilation; the second is the one measured, and the
        // fixed part (configuration + compilation) is timed on its own so per-app cost excludes it.
        scanner.ScanAsync(request).GetAwaiter().GetResult();
        var prepare = Stopwatch.StartNew();
        scanner.PrepareAsync(request).GetAwaiter().GetResult();
        prepare.Stop();
        var watch = Stopwatch.StartNew();
        var result = scanner.ScanAsync(request).GetAwaiter().GetResult();
        watch.Stop();
        using var me = Process.GetCurrentProcess();
        me.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {result.AppCount} {result.Findings.Length} {watch.Elapsed.TotalMilliseconds:F1} {me.PeakWorkingSet64 / (1024.0 * 1024.0):F1} {prepare.Elapsed.TotalMilliseconds:F1}"));
        return 0;
    }

    private static double TimeProcess(string binary, string argument)
    {
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo(binary, argument) { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"cannot start {binary}");
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string? FindUp(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, name);
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "OAuthGuard.slnx")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? FindBinary()
    {
        var root = FindUp("artifacts");
        return root is null
            ? null
            : ((string[])["release_linux-x64", "release"]).Select(d => Path.Combine(root, "publish", "OAuthGuard.Cli", d, "oauthguard")).FirstOrDefault(File.Exists);
    }
}

/// <summary>Writes a synthetic SFDX repository with a mix of compliant and non-compliant apps.</summary>
internal static class RepositoryGenerator
{
    public static void Generate(string root, int apps)
    {
        var marker = Path.Combine(root, ".generated");
        if (File.Exists(marker) && File.ReadAllText(marker) == apps.ToString(CultureInfo.InvariantCulture))
        {
            return;
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var ca = Path.Combine(root, "force-app", "main", "default", "connectedApps");
        var eca = Path.Combine(root, "force-app", "main", "default", "externalClientApps");
        var glbl = Path.Combine(root, "force-app", "main", "default", "extlClntAppGlobalOauthSets");
        var plcy = Path.Combine(root, "force-app", "main", "default", "extlClntAppOauthPolicies");
        foreach (var d in (string[])[ca, eca, glbl, plcy])
        {
            Directory.CreateDirectory(d);
        }

        File.WriteAllText(Path.Combine(root, "sfdx-project.json"), """{ "packageDirectories": [{ "path": "force-app", "default": true }] }""");
        for (var i = 0; i < apps; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"App{i:D5}");
            if (i % 10 == 9)
            {
                File.WriteAllText(Path.Combine(eca, name + ".eca-meta.xml"), Eca(name));
                File.WriteAllText(Path.Combine(glbl, name + "_glbl.ecaGlblOauth-meta.xml"), GlobalOauth(name, i));
                File.WriteAllText(Path.Combine(plcy, name + "_plcy.ecaOauthPlcy-meta.xml"), Policies(name, i));
            }
            else
            {
                File.WriteAllText(Path.Combine(ca, name + ".connectedApp-meta.xml"), ConnectedApp(name, i));
            }
        }

        File.WriteAllText(marker, apps.ToString(CultureInfo.InvariantCulture));
    }

    private static string Bool(bool b) => b ? "true" : "false";

    internal static string ConnectedApp(string name, int i)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"    <contactEmail>owner{i}@example.com</contactEmail>\n    <label>{name}</label>\n    <oauthConfig>\n");
        sb.Append(CultureInfo.InvariantCulture, $"        <callbackUrl>{(i % 4 == 0 ? "myapp://callback" : $"https://app{i}.example.com/oauth/callback")}</callbackUrl>\n");
        sb.Append(CultureInfo.InvariantCulture, $"        <isAdminApproved>{Bool(i % 2 == 0)}</isAdminApproved>\n");
        sb.Append(CultureInfo.InvariantCulture, $"        <isConsumerSecretOptional>{Bool(i % 3 == 0)}</isConsumerSecretOptional>\n");
        sb.Append(CultureInfo.InvariantCulture, $"        <isCodeCredentialEnabled>{Bool(i % 5 == 0)}</isCodeCredentialEnabled>\n");
        sb.Append(CultureInfo.InvariantCulture, $"        <isPkceRequired>{Bool(i % 4 == 0)}</isPkceRequired>\n");
        sb.Append(CultureInfo.InvariantCulture, $"        <isSecretRequiredForRefreshToken>{Bool(i % 7 != 0)}</isSecretRequiredForRefreshToken>\n");
        sb.Append("        <scopes>Api</scopes>\n        <scopes>RefreshToken</scopes>\n    </oauthConfig>\n");
        sb.Append(CultureInfo.InvariantCulture, $"    <oauthPolicy>\n        <ipRelaxation>{(i % 6 == 0 ? "BYPASS" : "ENFORCE")}</ipRelaxation>\n        <refreshTokenPolicy>{(i % 2 == 0 ? "infinite" : "zero")}</refreshTokenPolicy>\n    </oauthPolicy>\n");
        sb.Append("</ConnectedApp>\n");
        return sb.ToString();
    }

    private static string Eca(string name) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ExternalClientApplication xmlns="http://soap.sforce.com/2006/04/metadata">
            <contactEmail>owner@example.com</contactEmail>
            <distributionState>Local</distributionState>
            <isProtected>false</isProtected>
            <label>{name}</label>
        </ExternalClientApplication>

        """;

    private static string GlobalOauth(string name, int i) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ExtlClntAppGlobalOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">
            <callbackUrl>https://{name.ToLowerInvariant()}.example.com/callback</callbackUrl>
            <externalClientApplication>{name}</externalClientApplication>
            <isClientCredentialsFlowEnabled>{Bool(i % 20 == 9)}</isClientCredentialsFlowEnabled>
            <isCodeCredFlowEnabled>{Bool(i % 30 == 9)}</isCodeCredFlowEnabled>
            <isConsumerSecretOptional>false</isConsumerSecretOptional>
            <label>{name}</label>
        </ExtlClntAppGlobalOauthSettings>

        """;

    private static string Policies(string name, int i) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ExtlClntAppOauthConfigurablePolicies xmlns="http://soap.sforce.com/2006/04/metadata">
            <clientCredentialsFlowUser>integration@example.com</clientCredentialsFlowUser>
            <externalClientApplication>{name}</externalClientApplication>
            <ipRelaxationPolicyType>{(i % 40 == 9 ? "Bypass" : "Enforce")}</ipRelaxationPolicyType>
            <isClientCredentialsFlowEnabled>{Bool(i % 20 == 9)}</isClientCredentialsFlowEnabled>
            <label>{name}</label>
            <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>
        </ExtlClntAppOauthConfigurablePolicies>

        """;
}
