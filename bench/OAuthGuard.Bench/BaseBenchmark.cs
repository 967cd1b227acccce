using System.Diagnostics;
using System.Globalization;
using OAuthGuard.Baselines;
using OAuthGuard.Engines;
using OAuthGuard.Findings;
using OAuthGuard.Repository;
using OAuthGuard.Scanning;

namespace OAuthGuard.Bench;

/// <summary>
/// <c>base [--apps 1000] [--runs 5]</c>: what <c>scan --base</c> costs next to a plain scan of the same
/// repository, in the same process and the same run (the machine is shared, so only the ratio means much).
/// A generated repository is committed to a fresh git repository, one Connected App is weakened in the
/// working tree, then plain scans and <c>--base HEAD</c> scans alternate after a warm-up of each; the
/// base figure includes the git calls (diff, untracked files, cat-file) and the base's evaluation.
/// </summary>
internal static class BaseBenchmark
{
    public static int Run(string[] args)
    {
        var apps = int.Parse(Option(args, "--apps") ?? "1000", CultureInfo.InvariantCulture);
        var runs = int.Parse(Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var dir = Path.Combine(Path.GetTempPath(), "oauthguard-bench", $"base-{apps}");
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        RepositoryGenerator.Generate(dir, apps);
        File.Delete(Path.Combine(dir, ".generated"));
        Git(dir, "init", "-q", "-b", "main");
        Git(dir, "add", "-A");
        Git(dir, "-c", "user.email=bench@example.com", "-c", "user.name=bench", "commit", "-q", "-m", "base");
        var changed = Path.Combine(dir, "force-app", "main", "default", "connectedApps", "App00001.connectedApp-meta.xml");
        File.WriteAllText(changed, File.ReadAllText(changed).Replace("<isConsumerSecretOptional>false", "<isConsumerSecretOptional>true", StringComparison.Ordinal));

        var scanner = new Scanner(new ScannerOptions
        {
            Reader = new SalesforceRepositoryReader(),
            Engines = new Dictionary<string, Func<IPolicyEngine>> { [EmbeddedEngine.EngineName] = () => new EmbeddedEngine() },
        });
        var path = Environment.GetEnvironmentVariable("PATH");
        var plain = new List<double>();
        var withBase = new List<double>();
        ScanResult? last = null;
        for (var i = 0; i <= runs; i++)
        {
            var watch = Stopwatch.StartNew();
            scanner.ScanAsync(new ScanRequest(dir, FailOn: Findings.Severity.None)).GetAwaiter().GetResult();
            watch.Stop();
            var baseWatch = Stopwatch.StartNew();
            var comparison = GitBase.ReadAsync(dir, "HEAD", path).GetAwaiter().GetResult();
            last = scanner.ScanAsync(new ScanRequest(dir, FailOn: Findings.Severity.None) { Base = comparison }).GetAwaiter().GetResult();
            baseWatch.Stop();
            if (i > 0)
            {
                // Run 0 is the warm-up of both (JIT, policy compilation caches).
                plain.Add(watch.Elapsed.TotalMilliseconds);
                withBase.Add(baseWatch.Elapsed.TotalMilliseconds);
            }
        }

        var p = Median(plain);
        var b = Median(withBase);
        var states = last!.Findings.GroupBy(f => f.BaselineState).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repository: {last.AppCount} apps, one file changed; with the base: {string.Join(", ", states)}, {last.Absent.Length} absent"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain scan      median {p,8:F0} ms  (runs: {string.Join(", ", plain.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scan --base     median {b,8:F0} ms  (runs: {string.Join(", ", withBase.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio           {b / p:F2} (target: at most 2.5)"));
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Git(string dir, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = dir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start git");
        process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
