namespace OAuthGuard.Bench;

/// <summary>Runs one named benchmark; each benchmark lives in its own file. Add a line per benchmark.</summary>
internal static class Program
{
    private static readonly Dictionary<string, Func<string[], int>> Benchmarks = new(StringComparer.Ordinal)
    {
        ["base"] = BaseBenchmark.Run,
        ["discovery"] = DiscoveryBenchmark.Run,
        ["engine"] = EngineBenchmark.Run,
        ["hostile-xml"] = HostileXmlBenchmark.Run,
        ["keysearch"] = KeySearchBenchmark.Run,
        ["scan"] = ScanBenchmark.Run,
    };

    private static int Main(string[] args)
    {
        if (args.Length > 0 && Benchmarks.TryGetValue(args[0], out var run))
        {
            return run(args[1..]);
        }

        Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/OAuthGuard.Bench -- <benchmark> [options]; benchmarks: {string.Join(", ", Benchmarks.Keys.Order(StringComparer.Ordinal))}");
        return 2;
    }
}
