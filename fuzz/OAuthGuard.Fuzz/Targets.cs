using System.Collections.Immutable;
using System.Text;
using OAuthGuard.Configuration;
using OAuthGuard.Findings;
using OAuthGuard.GitHub.Actions;
using OAuthGuard.GitHub.Review;
using OAuthGuard.Rego;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Salesforce;

namespace OAuthGuard.Fuzz;

/// <summary>
/// One harness per reader of untrusted input. Each takes raw bytes and drives the public entry point the product uses;
/// any exception that escapes is a bug (bad input must become a diagnostic, never a crash), except the one documented
/// error type of the Rego evaluator.
/// </summary>
internal static class Targets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["metadata"] = Metadata,
        ["rego"] = Rego,
        ["config"] = Config,
        ["results"] = Results,
        ["patch"] = Patch,
        ["event"] = Event,
    };

    private static readonly string[] Suffixes = ["connectedApp", "eca", "ecaGlblOauth", "ecaOauth", "ecaOauthPlcy", "ecaPlcy", "ecaSamlPlcy"];
    private static readonly string[] EventNames = ["pull_request", "pull_request_target", "workflow_run", "push"];
    private static readonly Lazy<string> MetadataRoot = new(() => Directory.CreateTempSubdirectory("oauthguard-fuzz-").FullName);

    // NOTE: nothing here may touch instrumented code (the product's assemblies) in a static initialiser: SharpFuzz's
    // coverage map exists only once Fuzzer.OutOfProcess.Run has started, so the limits are built per call.
    private static EvaluationOptions Limits() => EvaluationOptions.Default with
    {
        MaxSteps = 200_000,
        MaxDepth = 200,
        Timeout = TimeSpan.FromSeconds(2),

        // The size budget, small: a few doubling literals would otherwise reach the defaults' tens of megabytes per
        // value and hundreds in all, slow and memory-hungry for a fuzzer that runs the input thousands of times a second.
        MaxValueBytes = 1 << 20,
        MaxTotalBytes = 16 << 20,
        MaxNumberBits = 1 << 16,
    };

    /// <summary>The most bytes a rule value may take written out here (as the scan bounds it by the value cap).</summary>
    private const long MaxWrittenBytes = 1 << 20;

    /// <summary>Metadata reader, bytes to snapshot to input document: byte 0 picks the file kind, the rest is the file.</summary>
    private static void Metadata(byte[] data)
    {
        if (data.Length == 0)
        {
            return;
        }

        var root = MetadataRoot.Value;
        foreach (var old in Directory.EnumerateFiles(root))
        {
            File.Delete(old);
        }

        File.WriteAllBytes(Path.Combine(root, $"Fuzz.{Suffixes[data[0] % Suffixes.Length]}-meta.xml"), data[1..]);
        var snapshot = MetadataRepository.Load(root, new MetadataLoadOptions { MaxParallelism = 1 });
        _ = snapshot.ToInputDocument().ToJsonString();
    }

    /// <summary>Rego lexer, parser, compiler and evaluator (with limits): the text is one module, then <c>data</c> is evaluated.</summary>
    private static void Rego(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        var result = new RegoCompiler().AddModule("fuzz.rego", text).Compile();
        if (result.Policy is not { } policy)
        {
            return;
        }

        try
        {
            // As the embedded engine does with data.oauthguard.rules: every value is turned into JSON nodes.
            foreach (var solution in policy.Evaluate("data", null, Limits()).Solutions)
            {
                foreach (var expression in solution.Expressions)
                {
                    _ = global::OAuthGuard.Rego.Values.RegoJson.ToNode(expression.Value, MaxWrittenBytes);
                }
            }
        }
        catch (RegoException)
        {
            // The evaluator's one documented failure (conflicts, type errors, limits).
        }
    }

    /// <summary><c>.oauthguard.yml</c> loading.</summary>
    private static void Config(byte[] data) =>
        _ = ConfigLoader.Parse(Encoding.UTF8.GetString(data), ".oauthguard.yml");

    /// <summary>The results-file reader (from-results mode), then what the action renders from it.</summary>
    private static void Results(byte[] data)
    {
        var file = ResultsFile.Read(Encoding.UTF8.GetString(data), "results.json", out _);
        if (file is null)
        {
            return;
        }

        var trusted = file.WithTrustedRuleText(BundledRules.ById);
        _ = JobSummaryWriter.Write(trusted.Result, new SummaryContext(Severity.High, "https://github.com/o/r/blob/abc", 0, ImmutableArray<string>.Empty));
        _ = WorkflowCommands.Annotations(trusted.Result);
    }

    /// <summary>The unified-diff patch parser behind review comment placement.</summary>
    private static void Patch(byte[] data)
    {
        var map = DiffMap.Build([("a.xml", "modified", Encoding.UTF8.GetString(data))]);
        for (var line = 0; line < 64; line++)
        {
            _ = map.Kind("a.xml", line);
        }
    }

    /// <summary>The GitHub event payload reader: byte 0 picks the event name, the rest is the JSON.</summary>
    private static void Event(byte[] data)
    {
        if (data.Length == 0)
        {
            return;
        }

        _ = GitHubEvent.Parse(EventNames[data[0] % EventNames.Length], Encoding.UTF8.GetString(data, 1, data.Length - 1), out _);
    }
}
