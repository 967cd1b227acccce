using System.Diagnostics;
using System.Globalization;
using System.Text;
using OAuthGuard.Engines;
using OAuthGuard.Repository;
using OAuthGuard.Salesforce;
using OAuthGuard.Scanning;

namespace OAuthGuard.Bench;

/// <summary>
/// <c>hostile-xml [--comments 600000] [--comment-text TEXT] [--runs 3]</c>: the attack from issue 11. A Connected App whose label is split
/// by N empty XML comments, against a plain file of the same byte size, both scanned in this process (full scan with
/// the default limits, then the metadata reader alone with the per-element cap lifted, so the text is really joined).
/// Prints the median of each and the ratio hostile / plain; linear reading keeps it near 1, the issue asks at most 3.
/// </summary>
internal static class HostileXmlBenchmark
{
    public static int Run(string[] args)
    {
        var comments = int.Parse(Option(args, "--comments") ?? "600000", CultureInfo.InvariantCulture);
        var runs = int.Parse(Option(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        var comment = "<!--" + (Option(args, "--comment-text") ?? string.Empty) + "-->";
        var root = Path.Combine(Path.GetTempPath(), "oauthguard-bench", "hostile-xml");
        var hostile = Path.Combine(root, "hostile");
        var plain = Path.Combine(root, "plain");
        var size = Write(hostile, comments, comment);
        var plainSize = Write(plain, comments, new string('z', comment.Length));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hostile file {size:N0} bytes ({comments:N0} comments {comment} in <label>), plain file {plainSize:N0} bytes; median of {runs} runs after a warm-up"));

        var scanner = new Scanner(new ScannerOptions
        {
            Reader = new SalesforceRepositoryReader(),
            Engines = new Dictionary<string, Func<IPolicyEngine>> { [EmbeddedEngine.EngineName] = () => new EmbeddedEngine() },
        });
        double Scan(string repo) => Time(() => scanner.ScanAsync(new ScanRequest(repo, FailOn: Findings.Severity.None)).GetAwaiter().GetResult());
        var uncapped = new MetadataLoadOptions { MaxElementTextChars = int.MaxValue, MaxParallelism = 1 };
        double Read(string repo) => Time(() => MetadataRepository.Load(repo, uncapped));

        Report("full scan (default limits)", Median(runs, () => Scan(plain)), Median(runs, () => Scan(hostile)));
        Report("reader, cap lifted", Median(runs, () => Read(plain)), Median(runs, () => Read(hostile)));
        return 0;
    }

    private static void Report(string what, double plainMs, double hostileMs) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-28} plain {plainMs,8:F0} ms   hostile {hostileMs,8:F0} ms   ratio {hostileMs / plainMs:F2}"));

    // The label is N pieces of 8 characters, each followed by the separator: a comment, or as many plain letters.
    private static long Write(string repo, int comments, string separator)
    {
        const string Piece = "abcdefgh";
        var label = new StringBuilder(comments * (Piece.Length + separator.Length));
        for (var i = 0; i < comments; i++)
        {
            label.Append(Piece).Append(separator);
        }

        var folder = Path.Combine(repo, "force-app", "main", "default", "connectedApps");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "Hostile.connectedApp-meta.xml");
        File.WriteAllText(file, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
                <contactEmail>a@example.com</contactEmail>
                <label>{label}</label>
                <oauthConfig>
                    <callbackUrl>https://example.com/cb</callbackUrl>
                    <isConsumerSecretOptional>true</isConsumerSecretOptional>
                    <scopes>Api</scopes>
                </oauthConfig>
            </ConnectedApp>
            """);
        return new FileInfo(file).Length;
    }

    private static double Median(int runs, Func<double> measure)
    {
        measure();
        var times = Enumerable.Range(0, runs).Select(_ => measure()).Order().ToList();
        return times[times.Count / 2];
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
