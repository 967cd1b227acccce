using System.Collections.Immutable;
using System.Text.Json;
using OAuthGuard.Engines.Opa;
using OAuthGuard.Rego;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Cli.Commands;

/// <summary>How many compliance cases agreed, differed or could not be compared.</summary>
internal sealed record CaseComparisonOutcome(int Agree, int Differ, int Skipped);

/// <summary>
/// Evaluates cases in OPA's compliance format (note, modules, data, input, query, strict_error) with the embedded
/// engine and with <c>opa eval</c>, and compares what each produced: the sorted set of solutions' bindings, or the
/// error code. Expected results in the files are not consulted: the question is only whether the engines agree.
/// </summary>
internal static class CaseComparison
{
    public static async Task<CaseComparisonOutcome> RunAsync(OpaCli opa, string folder, TextWriter output, CancellationToken ct)
    {
        int agree = 0, differ = 0, skipped = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file))
            {
                stream.Load(reader);
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
                || !root.Children.TryGetValue(new YamlScalarNode("cases"), out var casesNode) || casesNode is not YamlSequenceNode list)
            {
                continue;
            }

            foreach (var node in list.Children.OfType<YamlMappingNode>())
            {
                var note = Scalar(node, "note") ?? Path.GetFileName(file);
                var (ours, theirs, skipReason) = await CompareAsync(opa, node, ct).ConfigureAwait(false);
                if (skipReason is not null)
                {
                    skipped++;
                    continue;
                }

                if (ours == theirs)
                {
                    agree++;
                }
                else
                {
                    differ++;
                    await output.WriteLineAsync($"{note} ({Path.GetRelativePath(folder, file)}):\n  embedded: {ours}\n  opa:      {theirs}").ConfigureAwait(false);
                }
            }
        }

        return new CaseComparisonOutcome(agree, differ, skipped);
    }

    private static async Task<(string? Ours, string? Theirs, string? Skip)> CompareAsync(OpaCli opa, YamlMappingNode node, CancellationToken ct)
    {
        var query = Scalar(node, "query");
        if (query is null)
        {
            return (null, null, "no query");
        }

        if (node.Children.ContainsKey(new YamlScalarNode("input_term")))
        {
            // opa eval reads input as JSON; a Rego term (e.g. with sets) cannot be handed over faithfully.
            return (null, null, "input_term");
        }

        var modules = node.Children.TryGetValue(new YamlScalarNode("modules"), out var m) && m is YamlSequenceNode seq
            ? seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToImmutableArray()
            : [];
        var data = node.Children.TryGetValue(new YamlScalarNode("data"), out var d) ? RegoYaml.FromNode(d) : null;
        var input = node.Children.TryGetValue(new YamlScalarNode("input"), out var i) ? RegoYaml.FromNode(i) : null;
        var strict = Scalar(node, "strict_error") == "true";

        var ours = Embedded(modules, data, input, query, strict);
        var dir = Path.Combine(Path.GetTempPath(), "oauthguard-case-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var files = new List<string>();
            for (var k = 0; k < modules.Length; k++)
            {
                var path = Path.Combine(dir, $"module-{k}.rego");
                await File.WriteAllTextAsync(path, modules[k], ct).ConfigureAwait(false);
                files.Add(path);
            }

            if (data is not null)
            {
                var path = Path.Combine(dir, "data.json");
                await File.WriteAllTextAsync(path, RegoJson.Serialize(data), ct).ConfigureAwait(false);
                files.Add(path);
            }

            string? inputFile = null;
            if (input is not null)
            {
                inputFile = Path.Combine(dir, "input.json");
                await File.WriteAllTextAsync(inputFile, RegoJson.Serialize(input), ct).ConfigureAwait(false);
            }

            var json = await opa.EvalJsonAsync(files, query, inputFile, strict, ct).ConfigureAwait(false);
            return (ours, Canonical(json), null);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Embedded(ImmutableArray<string> modules, RegoValue? data, RegoValue? input, string query, bool strict)
    {
        var compiler = new RegoCompiler();
        for (var k = 0; k < modules.Length; k++)
        {
            compiler.AddModule($"module-{k}.rego", modules[k]);
        }

        if (data is not null)
        {
            compiler.AddData(data);
        }

        var compiled = compiler.Compile();
        if (compiled.Policy is null)
        {
            return "error " + compiled.Diagnostics.FirstOrDefault(x => x.Severity == DiagnosticSeverity.Error)?.Code;
        }

        try
        {
            var result = compiled.Policy.Evaluate(query, input, EvaluationOptions.Default with { StrictBuiltinErrors = strict });
            var solutions = result.Solutions
                .Select(s => RegoJson.Serialize(RegoObject.Create(s.Bindings.Select(b => new KeyValuePair<RegoValue, RegoValue>(new RegoString(b.Key), b.Value)))))
                .Order(StringComparer.Ordinal);
            return "results " + string.Join(" | ", solutions);
        }
        catch (RegoException e)
        {
            return "error " + e.Diagnostic.Code;
        }
    }

    private static string Canonical(string opaJson)
    {
        using var doc = JsonDocument.Parse(opaJson);
        var root = doc.RootElement;
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            return "error " + (errors[0].TryGetProperty("code", out var code) ? code.GetString() : "unknown");
        }

        var solutions = new List<string>();
        if (root.TryGetProperty("result", out var results) && results.ValueKind == JsonValueKind.Array)
        {
            foreach (var solution in results.EnumerateArray())
            {
                var bindings = solution.TryGetProperty("bindings", out var b) ? RegoJson.FromElement(b) : RegoObject.Empty;
                solutions.Add(RegoJson.Serialize(bindings));
            }
        }

        solutions.Sort(StringComparer.Ordinal);
        return "results " + string.Join(" | ", solutions);
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode s ? s.Value : null;
}
