using System.Diagnostics;
using SharpFuzz;

namespace OAuthGuard.Fuzz;

/// <summary>
/// <c>fuzz TARGET</c>: the afl++ entry point (SharpFuzz, out of process). <c>replay [DIR]</c>: runs every saved input
/// under DIR/TARGET/ (default fuzz/corpus and fuzz/regressions) once, in process, and fails on any escaping exception
/// or an input slower than 10 s; .ci/run uses it. <c>run TARGET FILE</c>: one input, for reproducing a crash.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        switch (args)
        {
            case ["fuzz", var target] when Targets.All.TryGetValue(target, out var harness):
                Fuzzer.OutOfProcess.Run(stream =>
                {
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    harness(buffer.ToArray());
                });
                return 0;
            case ["run", var target, var file] when Targets.All.TryGetValue(target, out var harness):
                harness(File.ReadAllBytes(file));
                Console.WriteLine("ok");
                return 0;
            case ["seed-results", var samples, var output]:
                return SeedResults(samples, output);
            case ["replay", .. var dirs]:
                return Replay(dirs.Length > 0 ? dirs : [Path.Combine(FindFuzzFolder(), "corpus"), Path.Combine(FindFuzzFolder(), "regressions")]);
            default:
                Console.Error.WriteLine($"usage: OAuthGuard.Fuzz fuzz TARGET | run TARGET FILE | replay [DIR]…; targets: {string.Join(", ", Targets.All.Keys)}");
                return 2;
        }
    }

    private static int Replay(string[] roots)
    {
        var failures = 0;
        var total = 0;
        foreach (var (name, harness) in Targets.All)
        {
            var inputs = roots.Select(r => Path.Combine(r, name)).Where(Directory.Exists)
                .SelectMany(d => Directory.EnumerateFiles(d)).Order(StringComparer.Ordinal).ToList();
            var watch = Stopwatch.StartNew();
            foreach (var input in inputs)
            {
                var one = Stopwatch.StartNew();
                try
                {
                    harness(File.ReadAllBytes(input));
                }
#pragma warning disable CA1031 // Every escaping exception is the finding being reported.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failures++;
                    Console.Error.WriteLine($"FAIL {name} {input}: {e.GetType().Name}: {e.Message}");
                }

                if (one.Elapsed > TimeSpan.FromSeconds(10))
                {
                    failures++;
                    Console.Error.WriteLine($"SLOW {name} {input}: {one.Elapsed.TotalSeconds:F1} s");
                }
            }

            total += inputs.Count;
            Console.WriteLine($"{name,-10} {inputs.Count,6} inputs replayed in {watch.Elapsed.TotalSeconds,6:F1} s");
        }

        Console.WriteLine(failures == 0 ? $"replay: {total} inputs, no failure" : $"replay: {failures} failure(s) in {total} inputs");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Writes a small results file from a real scan (two findings), as the seed of the results target.</summary>
    private static int SeedResults(string samples, string output)
    {
        var scanner = new Scanning.Scanner(new Scanning.ScannerOptions
        {
            Reader = new Repository.SalesforceRepositoryReader(),
            Engines = new Dictionary<string, Func<Engines.IPolicyEngine>> { ["embedded"] = () => new Engines.EmbeddedEngine() },
        });
        var result = scanner.ScanAsync(new Scanning.ScanRequest(samples)).GetAwaiter().GetResult();
        var used = result.Findings.Take(2).Select(f => f.RuleId).ToHashSet(StringComparer.Ordinal);
        result = result with { Findings = [.. result.Findings.Take(2)], Rules = [.. result.Rules.Where(r => used.Contains(r.Id))] };
        File.WriteAllText(output, new GitHub.Actions.ResultsFile(GitHub.Actions.ResultsFile.CurrentFormat, 7, "0123456789abcdef0123456789abcdef01234567", result).ToJson());
        return 0;
    }

    private static string FindFuzzFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "fuzz", "corpus");
            if (Directory.Exists(candidate))
            {
                return Path.Combine(dir.FullName, "fuzz");
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "fuzz");
    }
}
