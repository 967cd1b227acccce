using System.Diagnostics;
using System.Globalization;
using OAuthGuard.Rego;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Bench;

/// <summary>
/// <c>engine [--dir PATH] [--runs N] [--per-rule [--query Q]]</c>: the embedded Rego engine on the bench/apps workload. Measures parse+compile
/// of policy.rego, then per-evaluation time of <c>data.bench.apps.report</c> over input-10.json and input-1000.json
/// (warm-up first, then median and p90), next to baselines measured in the same run on the same data: parsing the
/// input JSON into values, and one walk over every value of the parsed input. Checks the result's shape against the
/// counts in the workload's README and prints MISMATCH (exit 1) when they differ.
/// </summary>
internal static class EngineBenchmark
{
    private const string Query = "data.bench.apps.report";

    /// <summary>Expected (deny, warn, bypassing, all_enforced, apps) per input, from bench/apps/README.md.</summary>
    private static readonly Dictionary<string, (int Deny, int Warn, int Bypassing, bool AllEnforced, int Apps)> Expected = new(StringComparer.Ordinal)
    {
        ["input-10.json"] = (11, 1, 3, false, 10),
        ["input-1000.json"] = (1093, 317, 182, false, 1000),
    };

    public static int Run(string[] args)
    {
        var dir = Arg(args, "--dir") ?? Find();
        var runs = int.TryParse(Arg(args, "--runs"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 0;
        if (dir is null || !File.Exists(Path.Combine(dir, "policy.rego")))
        {
            Console.Error.WriteLine("engine: bench/apps not found; pass --dir /path/to/shared/bench/apps");
            return 2;
        }

        var policyText = File.ReadAllText(Path.Combine(dir, "policy.rego"));
        Console.WriteLine($"engine benchmark: {dir}  (.NET {Environment.Version}, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC})");
        Console.WriteLine();

        var cold = Stopwatch.StartNew();
        var compiled = Compile(policyText);
        cold.Stop();
        if (compiled.Policy is not { } policy)
        {
            Console.Error.WriteLine("engine: policy.rego does not compile:");
            foreach (var d in compiled.Diagnostics)
            {
                Console.Error.WriteLine($"  {d}");
            }

            return 1;
        }

        var compileTimes = Measure(() => Compile(policyText), warmup: 5, runs: runs > 0 ? runs : 30);
        Console.WriteLine("| measurement | median | p90 | runs |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| parse+compile policy.rego (first, cold) | {Ms(cold.Elapsed.TotalMilliseconds)} | | 1 |");
        Row("parse+compile policy.rego (warm)", compileTimes);

        var failures = 0;
        var summary = new List<string>();
        foreach (var name in new[] { "input-10.json", "input-1000.json" })
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path))
            {
                Console.WriteLine($"| {name} missing | | | |");
                failures++;
                continue;
            }

            var bytes = File.ReadAllBytes(path);
            var input = RegoJson.Parse(bytes);
            var small = bytes.Length < 100_000;
            var evalRuns = runs > 0 ? runs : small ? 2000 : 100;
            var warmup = small ? 200 : 10;

            var result = policy.Evaluate(Query, input);
            if (!CheckShape(name, result, out var shape))
            {
                failures++;
            }

            var parse = Measure(() => RegoJson.Parse(bytes), warmup, evalRuns);
            var walk = Measure(() => Walk(input), warmup, evalRuns);
            var eval = Measure(() => policy.Evaluate(Query, input), warmup, evalRuns);
            Row($"{name}: evaluate {Query}", eval);
            if (args.Contains("--per-rule"))
            {
                var queries = new[] { "deny", "warn", "scope_counts", "bypassing", "all_enforced" }.Select(r => $"data.bench.apps.{r}");
                foreach (var q in Arg(args, "--query") is { } extra ? queries.Append(extra) : queries)
                {
                    Row($"{name}: evaluate {q}", Measure(() => policy.Evaluate(q, input), warmup, Math.Max(5, evalRuns / 4)));
                }
            }

            Row($"{name}: baseline, parse input JSON ({bytes.Length:N0} bytes)", parse);
            Row($"{name}: baseline, walk every input value", walk);
            summary.Add($"{name}: eval median {Ms(Median(eval))} = {Median(eval) / Median(parse):0.0}x parsing its JSON, {Median(eval) / Median(walk):0.0}x walking it; result {shape}");
        }

        Console.WriteLine();
        summary.ForEach(Console.WriteLine);
        Console.WriteLine("reference (measured elsewhere, not in this run): regorus 0.25 ms over input-10.json, 16.6 ms over input-1000.json");
        return failures == 0 ? 0 : 1;
    }

    private static CompilationResult Compile(string policyText) =>
        new RegoCompiler().AddModule("policy.rego", policyText).Compile();

    private static bool CheckShape(string name, QueryResult result, out string shape)
    {
        var report = result.Solutions.Length == 1 && result.Solutions[0].Expressions.Length == 1 ? result.Solutions[0].Expressions[0].Value as RegoObject : null;
        int Count(string key) => report?.Get(key) switch
        {
            RegoSet s => s.Count,
            RegoArray a => a.Count,
            RegoNumber n when n.TryGetInt32(out var i) => i,
            _ => -1,
        };
        var actual = (Deny: Count("deny"), Warn: Count("warn"), Bypassing: Count("bypassing"), AllEnforced: report?.Get("all_enforced") is RegoBoolean { Value: true }, Apps: Count("apps"));
        shape = $"deny {actual.Deny}, warn {actual.Warn}, bypassing {actual.Bypassing}, all_enforced {actual.AllEnforced.ToString().ToLowerInvariant()}, apps {actual.Apps}";
        if (!Expected.TryGetValue(name, out var want))
        {
            return true;
        }

        if (report is null || actual != want || report.Get("all_enforced") is not RegoBoolean)
        {
            Console.WriteLine();
            Console.WriteLine($"!!!!!! MISMATCH {name}: got {shape}; README expects deny {want.Deny}, warn {want.Warn}, bypassing {want.Bypassing}, all_enforced {want.AllEnforced.ToString().ToLowerInvariant()}, apps {want.Apps} !!!!!!");
            Console.WriteLine();
            return false;
        }

        return true;
    }

    private static int Walk(RegoValue value)
    {
        var n = 1;
        switch (value)
        {
            case RegoArray a:
                foreach (var item in a.Items)
                {
                    n += Walk(item);
                }

                break;
            case RegoObject o:
                foreach (var (k, v) in o)
                {
                    n += Walk(k) + Walk(v);
                }

                break;
            case RegoSet s:
                foreach (var item in s)
                {
                    n += Walk(item);
                }

                break;
        }

        return n;
    }

    private static double[] Measure<T>(Func<T> body, int warmup, int runs)
    {
        for (var i = 0; i < warmup; i++)
        {
            GC.KeepAlive(body());
        }

        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            GC.KeepAlive(body());
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times;
    }

    private static double Median(double[] sorted) => sorted[sorted.Length / 2];

    private static double P90(double[] sorted) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.9))];

    private static void Row(string label, double[] sorted) =>
        Console.WriteLine($"| {label} | {Ms(Median(sorted))} | {Ms(P90(sorted))} | {sorted.Length} |");

    private static string Ms(double ms) => ms.ToString(ms < 1 ? "0.000" : "0.00", CultureInfo.InvariantCulture) + " ms";

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string? Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "shared", "bench", "apps");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
