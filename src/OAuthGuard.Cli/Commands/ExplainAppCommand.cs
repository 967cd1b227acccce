using System.CommandLine;
using System.Text.Json.Nodes;
using OAuthGuard.Findings;
using OAuthGuard.Policies;
using OAuthGuard.Rego;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;
using OAuthGuard.Repository;
using OAuthGuard.Scanning;

namespace OAuthGuard.Cli.Commands;

/// <summary>
/// <c>oauthguard explain-app NAME [PATH]</c>: for one app (every copy of it), its client type
/// with all evidence, every rule's verdict (fired, passed or not applicable, and why) and the
/// settings read with their lines, so a user can trust or dispute a finding. The findings come
/// from a normal scan (same configuration, policies and engine); the client type and the
/// reasons a rule did not fire come from <c>data.oauthguard.lib.explain.apps</c> of the bundled
/// policies, evaluated by the embedded engine. Exit 0 when the app was found, 2 otherwise.
/// </summary>
internal static class ExplainAppCommand
{
    /// <summary>The Rego rule the explanation is read from.</summary>
    public const string Query = "data.oauthguard.lib.explain.apps";

    public static Command Create(CliContext ctx) => Create(ctx, DefaultScanner.Engines.Keys, DefaultScanner.Create);

    internal static Command Create(CliContext ctx, IEnumerable<string> engines, Func<IRepositoryReader, string?, Scanner> scannerFactory)
    {
        var known = engines.ToHashSet(StringComparer.Ordinal);
        var name = new Argument<string>("name") { Description = "The app's metadata name (file name without the suffix), e.g. Billing_Sync." };
        var path = new Argument<string>("path") { Description = "The repository; default: the current directory.", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
        var config = new Option<string?>("--config", "-c") { Description = "Configuration file (default: .oauthguard.yml at the repository root)." };
        var policies = new Option<string[]>("--policies") { Description = "Extra policy folder; repeatable.", AllowMultipleArgumentsPerToken = false };
        var engine = EngineChoice.CreateEngineOption();
        var opaPath = EngineChoice.CreateOpaPathOption();
        var command = new Command("explain-app", "Explain one app: its client type with all evidence, every rule's verdict and why, and the settings read.")
        {
            name, path, config, policies, engine, opaPath,
        };
        command.SetAction((parse, ct) => CommandErrors.Guard(ctx, async () =>
        {
            var wanted = parse.GetValue(name) ?? "";
            var request = new ScanRequest(parse.GetValue(path) ?? ".", parse.GetValue(config), parse.GetValue(policies),
                EngineChoice.Resolve(parse.GetValue(engine) ?? "embedded", parse.GetValue(opaPath), known, ctx.GetEnvironmentVariable, ctx.Error))
            {
                WorkingDirectory = ctx.WorkingDirectory,
            };
            var reader = new CapturingReader(new SalesforceRepositoryReader());
            var result = await scannerFactory(reader, parse.GetValue(opaPath)).ScanAsync(request, ct).ConfigureAwait(false);
            if (reader.Snapshot is not { } snapshot)
            {
                await ctx.Error.WriteLineAsync("oauthguard explain-app: the repository could not be read").ConfigureAwait(false);
                return CommandErrors.UsageOrSetupError;
            }

            var apps = Explain(snapshot.Input, out var error);
            if (apps is null)
            {
                await ctx.Error.WriteLineAsync("oauthguard explain-app: " + error).ConfigureAwait(false);
                return CommandErrors.UsageOrSetupError;
            }

            var matches = apps.OfType<JsonObject>().Where(a => Text(a, "name") == wanted).ToList();
            if (matches.Count == 0)
            {
                var names = apps.OfType<JsonObject>().Select(a => Text(a, "name")).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var list = names.Count == 0 ? "the repository has no Connected App or External Client App"
                    : "apps: " + string.Join(", ", names.Take(30)) + (names.Count > 30 ? ", ..." : "");
                await ctx.Error.WriteLineAsync($"oauthguard explain-app: no app named '{wanted}' ({list})").ConfigureAwait(false);
                return CommandErrors.UsageOrSetupError;
            }

            var text = AppReport.Render(matches, snapshot, result);
            await ctx.Out.WriteAsync(text).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    /// <summary>Evaluates <see cref="Query"/> over the input document with the bundled policies.</summary>
    internal static JsonArray? Explain(JsonObject input, out string? error)
    {
        var compiler = new RegoCompiler();
        foreach (var source in PolicyLoader.LoadBundled())
        {
            compiler.AddModule(source.Path, source.Text);
        }

        var compiled = compiler.Compile();
        if (compiled.Policy is not { } policy)
        {
            error = "the bundled policies do not compile: " + string.Join("; ", compiled.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            return null;
        }

        try
        {
            var result = policy.Evaluate(Query, RegoJson.FromNode(input), EvaluationOptions.Default);
            var value = result.Solutions.FirstOrDefault()?.Expressions.FirstOrDefault()?.Value;
            error = value is null ? Query + " is undefined" : null;
            return value is null ? null : RegoJson.ToNode(value) as JsonArray;
        }
        catch (RegoException e)
        {
            error = e.Diagnostic.ToString();
            return null;
        }
    }

    internal static string Text(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    /// <summary>Keeps the snapshot the scan read, so the explanation sees the same document and lines.</summary>
    private sealed class CapturingReader(IRepositoryReader inner) : IRepositoryReader
    {
        public RepositorySnapshot? Snapshot { get; private set; }

        public RepositorySnapshot Read(string root, CancellationToken cancellationToken)
        {
            Snapshot = inner.Read(root, cancellationToken);
            return Snapshot;
        }
    }
}
