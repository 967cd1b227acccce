using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OAuthGuard.Engines;
using OAuthGuard.Findings;
using OAuthGuard.Repository;

namespace OAuthGuard.Core.Tests.Support;

/// <summary>A reader that returns a hand-written snapshot, whatever the folder.</summary>
public sealed class FakeReader : IRepositoryReader
{
    public JsonObject Input { get; set; } = new() { ["schemaVersion"] = 1, ["connectedApps"] = new JsonArray(), ["externalClientApps"] = new JsonArray() };

    public Dictionary<(string File, string Path), (int Line, int Column)> Positions { get; } = [];

    public List<MetadataComment> Comments { get; } = [];

    public List<ToolNotification> Notifications { get; } = [];

    public JsonObject? LastInput { get; private set; }

    public RepositorySnapshot Read(string root, CancellationToken cancellationToken) =>
        new(Input, [.. Notifications], new Locator(Positions), [.. Comments], Positions.Keys.Select(k => k.File).Distinct().Count());

    public FakeReader AddConnectedApp(string name, string file)
    {
        ((JsonArray)Input["connectedApps"]!).Add(new JsonObject { ["name"] = name, ["file"] = file, ["format"] = "source", ["metadata"] = new JsonObject() });
        return this;
    }

    public FakeReader At(string file, string path, int line, int column)
    {
        Positions[(file, path)] = (line, column);
        return this;
    }

    private sealed class Locator(Dictionary<(string File, string Path), (int Line, int Column)> positions) : IElementLocator
    {
        public ElementLocation? Locate(string file, string elementPath)
        {
            if (!positions.Keys.Any(k => k.File == file))
            {
                return null;
            }

            var path = elementPath;
            while (true)
            {
                if (positions.TryGetValue((file, path), out var p))
                {
                    return new ElementLocation(p.Line, p.Column, path);
                }

                if (path.Length == 0)
                {
                    return new ElementLocation(1, 1, "");
                }

                var slash = path.LastIndexOf('/');
                path = slash < 0 ? "" : path[..slash];
            }
        }
    }
}

/// <summary>
/// An engine that "compiles" to a fixed set of annotations and "evaluates" with a C# function,
/// so the pipeline downstream of the engine can be tested without a Rego evaluator.
/// </summary>
public sealed class FakeEngine : IPolicyEngine
{
    public List<RuleAnnotation> Annotations { get; } = [];

    public List<ToolNotification> CompileDiagnostics { get; } = [];

    public Func<JsonObject, IEnumerable<RawFinding>> Rules { get; set; } = _ => [];

    public List<ToolNotification> EvaluationDiagnostics { get; } = [];

    public IReadOnlyList<PolicySource> LastSources { get; private set; } = [];

    public JsonObject? LastInput { get; private set; }

    public string Name => "fake";

    public string Version => "0.0.0";

    public ValueTask<PolicyCompilation> CompileAsync(IReadOnlyList<PolicySource> sources, CancellationToken cancellationToken)
    {
        LastSources = sources;
        return ValueTask.FromResult(new PolicyCompilation(new Prepared(this), [.. Annotations], [.. CompileDiagnostics]));
    }

    public FakeEngine AddRule(string id, string severity, string package, string file = "policies/oauthguard/rules/x.rego", JsonObject? extraCustom = null)
    {
        var custom = new JsonObject
        {
            ["id"] = id,
            ["name"] = "Rule" + id,
            ["severity"] = severity,
            ["applies_to"] = new JsonArray("connectedApp"),
            ["remediation"] = $"Fix {id}.",
            ["help"] = $"## {id}\n\nHelp for **{id}**.",
        };
        foreach (var (k, v) in extraCustom ?? [])
        {
            custom[k] = v?.DeepClone();
        }

        Annotations.Add(new RuleAnnotation(package, $"Title of {id}", $"Description of {id}.",
            [new RuleLink("https://help.salesforce.com/example", "Salesforce Help")], custom, file, 1));
        return this;
    }

    public static RawFinding Finding(string package, string app, string file, string path, string severity, string message,
        string[]? aggravating = null, string[]? compensating = null, string kind = "connectedApp") =>
        new(package, new JsonObject
        {
            ["app"] = app,
            ["kind"] = kind,
            ["file"] = file,
            ["path"] = path,
            ["severity"] = severity,
            ["message"] = message,
            ["aggravating"] = new JsonArray([.. (aggravating ?? []).Select(a => (JsonNode?)a)]),
            ["compensating"] = new JsonArray([.. (compensating ?? []).Select(a => (JsonNode?)a)]),
        });

    private sealed class Prepared(FakeEngine engine) : IPreparedPolicies
    {
        public ValueTask<EngineEvaluation> EvaluateAsync(JsonObject input, CancellationToken cancellationToken)
        {
            engine.LastInput = input;
            return ValueTask.FromResult(new EngineEvaluation([.. engine.Rules(input)], [.. engine.EvaluationDiagnostics]));
        }
    }
}
